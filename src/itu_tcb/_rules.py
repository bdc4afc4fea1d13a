"""The value rules of the format: each one written once, as a :class:`Rule`.

A rule says what a value of the right Python type must also be: text on one line,
an id in slug form, a count of zero or more, a list without repeats. Each rule
carries both forms that its users need:

* ``check``: a function that returns ``None`` for an acceptable value, or a short
  message saying why not (the converter, the checks on records built in Python and
  the integrity messages use it);
* a declarative form (``pattern``, ``minimum``, ``unique``, ``item``) from which the
  JSON Schema and the Hypothesis strategies are derived.

The tests prove that the two forms agree (a property test per rule). This module is
the bottom layer: it imports nothing of the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["COUNT", "FORBIDDEN", "SLUG", "SLUGS", "SPACE", "TEXT", "TEXTS", "Rule"]

#: Every character that ``str.isspace`` calls whitespace, as a regex class body (a
#: test compares it with ``str.isspace`` over all of Unicode). Spelled out, since
#: ``\s`` differs between Python's ``re`` and ECMA-262 (U+FEFF, U+001C-U+001F).
SPACE = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029"
    "\\u202f\\u205f\\u3000"
)
#: The characters no text field may hold, as a regex class body: Unicode categories
#: Cc (C0 and C1 controls, U+0085 among them), Zl (U+2028) and Zp (U+2029), the
#: characters that common readers take for a line break or a control (a test
#: compares the class with ``unicodedata.category`` over all of Unicode).
FORBIDDEN = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029"

_FORBIDDEN_CHAR = re.compile(f"[{FORBIDDEN}]")

#: What the line-like characters are called in messages.
_NAMES = {"\u2028": "line separator", "\u2029": "paragraph separator", "\x85": "next line"}


@attrs.frozen
class Rule:
    """One rule: its check, and its declarative form for schemas and strategies.

    ``pattern`` (for text) is matched against the whole value; it is written so
    that Python's ``re`` and ECMA-262 read it alike. ``printable`` (for text): an
    ASCII value passes exactly when it is non-empty, printable (``str.isprintable``)
    and has no space at either end, a test cheaper than the pattern (the fast pass
    uses it). ``minimum`` bounds an integer. ``unique`` and ``item`` apply to a
    tuple: no repeats, and each item's rule.
    """

    name: str
    doc: str
    check: Callable[[Any], str | None] = attrs.field(eq=False)
    pattern: str | None = None
    printable: bool = False
    minimum: int | None = None
    unique: bool = False
    item: Rule | None = None


def _text(value: str) -> str | None:
    if not value.strip():
        return "must not be empty or only whitespace"
    if value != value.strip():
        return f"{value!r} has leading or trailing whitespace"
    found = _FORBIDDEN_CHAR.search(value)
    if found is not None:
        char = found.group()
        what = _NAMES.get(char, "control character")
        return f"{value!r} holds the {what} U+{ord(char):04X}; text is one line"
    return None


_SLUG_PATTERN = "[a-z0-9]+(?:-[a-z0-9]+)*"
_SLUG = re.compile(_SLUG_PATTERN)


def _slug(value: str) -> str | None:
    if _SLUG.fullmatch(value) is None:
        return (
            f"{value!r} is not an id: use lowercase letters, digits and single "
            "hyphens, such as 'itu-d'"
        )
    return None


def _non_negative(value: int) -> str | None:
    if value < 0:
        return f"{value} is negative; a count is zero or more"
    return None


def _each(item: Rule) -> Callable[[tuple[Any, ...]], str | None]:
    def check(values: tuple[Any, ...]) -> str | None:
        for position, value in enumerate(values):
            problem = item.check(value)
            if problem is not None:
                return f"item {position}: {problem}"
        seen: set[Any] = set()
        for value in values:
            if value in seen:
                return f"{value!r} is listed twice"
            seen.add(value)
        return None

    return check


TEXT = Rule(
    "text",
    "non-empty text on one line, with no leading or trailing whitespace",
    _text,
    pattern=f"[^{SPACE}{FORBIDDEN}](?:[^{FORBIDDEN}]*[^{SPACE}{FORBIDDEN}])?",
    printable=True,
)
SLUG = Rule(
    "slug",
    "an id: lowercase ASCII letters and digits in words joined by single hyphens",
    _slug,
    pattern=_SLUG_PATTERN,
)
COUNT = Rule("count", "a whole number, zero or more", _non_negative, minimum=0)
TEXTS = Rule(
    "texts", "a list of texts, each one line, none repeated", _each(TEXT), unique=True, item=TEXT
)
SLUGS = Rule("slugs", "a list of ids, none repeated", _each(SLUG), unique=True, item=SLUG)
