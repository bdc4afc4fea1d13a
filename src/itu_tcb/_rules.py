"""Value rules shared by the models and the converter.

Each rule takes a value that already has the right Python type and returns ``None``
when it is acceptable or a short message saying why it is not. The models apply the
rules when a record is built directly; the converter applies the same rules while
structuring, so that a problem keeps its JSON path. One definition, two callers.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

Rule = Callable[[Any], "str | None"]

#: The metadata key under which a field's rule is stored.
RULE = "itu_tcb.rule"


class _Applied(threading.local):
    """Per thread: true while records are built by a caller that has already
    applied every field's rule (the converter's field hooks do), so that the
    records' own check need not apply them a second time."""

    applied = False


#: See :class:`_Applied`; only :mod:`itu_tcb._convert` sets it, around one record.
ALREADY_APPLIED = _Applied()

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(value: str) -> str | None:
    """A record id: lowercase ASCII letters and digits in hyphen-separated words."""
    if _SLUG.fullmatch(value) is None:
        return (
            f"{value!r} is not an id: use lowercase letters, digits and single "
            "hyphens, such as 'itu-d'"
        )
    return None


def text(value: str) -> str | None:
    """Non-empty text on one line: no leading or trailing whitespace, and no control
    character (line breaks and tabs included: they would split tables and lines)."""
    if not value.strip():
        return "must not be empty or only whitespace"
    if value != value.strip():
        return f"{value!r} has leading or trailing whitespace"
    control = _CONTROL.search(value)
    if control is not None:
        return f"{value!r} holds the control character U+{ord(control.group()):04X}"
    return None


def optional_text(value: str | None) -> str | None:
    """``None`` or :func:`text`."""
    return None if value is None else text(value)


def _first_repeat(values: tuple[str, ...]) -> str | None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def texts(values: tuple[str, ...]) -> str | None:
    """A tuple of :func:`text` items with no repeats."""
    for position, value in enumerate(values):
        problem = text(value)
        if problem is not None:
            return f"item {position}: {problem}"
    repeated = _first_repeat(values)
    return None if repeated is None else f"{repeated!r} is listed twice"


def slugs(values: tuple[str, ...]) -> str | None:
    """A tuple of :func:`slug` items with no repeats."""
    for position, value in enumerate(values):
        problem = slug(value)
        if problem is not None:
            return f"item {position}: {problem}"
    repeated = _first_repeat(values)
    return None if repeated is None else f"{repeated!r} is listed twice"


def optional_slug(value: str | None) -> str | None:
    """``None`` or :func:`slug`: an optional reference to a record."""
    return None if value is None else slug(value)


def non_negative(value: int) -> str | None:
    """An integer that is zero or more."""
    if value < 0:
        return f"{value} is negative; a count is zero or more"
    return None
