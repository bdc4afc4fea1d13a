"""Strict JSON: bytes or text to Python values, with every problem and its path.

``json.loads`` alone keeps the last of two duplicate keys, accepts ``NaN`` and
``Infinity``, lets a lone surrogate through, and raises ``RecursionError`` on deep
nesting. This module turns each of these into a :class:`~itu_tcb.report.Problem`.
A UTF-8 byte order mark at the start is accepted and skipped.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .report import Problem, ProblemKind, format_path

_BOM = "\ufeff"
_OTHER_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: Integers beyond 64 bits are refused: no count needs them and other tools lose them.
INT_LIMIT = 2**63 - 1


class NotJson:
    """Stands in for a value that JSON does not allow, until its path is known.

    It stays in the parsed value, where the later stages recognise it: its problem
    is already reported, so a field holding it is not reported a second time.
    """

    __slots__ = ("kind", "message")

    def __init__(self, kind: ProblemKind, message: str) -> None:
        self.kind = kind
        self.message = message


#: For each object that repeats a key, keyed by ``id``: the object and its repeated keys.
Duplicates = dict[int, tuple[dict[str, Any], list[str]]]


class _Parser:
    def __init__(self) -> None:
        # Each entry holds its object, so that the object lives as long as the entry:
        # an object dropped by a later duplicate key would otherwise be freed, and a
        # later object could be given its address (its ``id``) and be blamed instead.
        self.duplicates: Duplicates = {}
        self.flagged = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            counts: dict[str, int] = {}
            for key, _ in pairs:
                counts[key] = counts.get(key, 0) + 1
            self.duplicates[id(obj)] = (obj, [key for key, n in counts.items() if n > 1])
        return obj

    def constant(self, name: str) -> NotJson:
        self.flagged = True
        return NotJson(
            ProblemKind.SYNTAX,
            f"{name} is not a JSON number; use a number or null",
        )

    def number(self, digits: str) -> float | NotJson:
        value = float(digits)
        if math.isfinite(value):
            return value
        self.flagged = True
        return NotJson(
            ProblemKind.LIMIT,
            f"number {digits[:20]}{'...' if len(digits) > 20 else ''} is too large "
            "to hold as a float",
        )

    def integer(self, digits: str) -> int | NotJson:
        value = int(digits) if len(digits) <= 20 else None  # 19 digits and a sign
        if value is not None and abs(value) <= INT_LIMIT:
            return value
        self.flagged = True
        return NotJson(ProblemKind.LIMIT, int_too_large(len(digits.lstrip("-"))))


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 bytes to text; a leading byte order mark is dropped."""
    if data.startswith(_OTHER_BOMS):
        return None, [
            Problem(
                path="$",
                message="the document is UTF-16 or UTF-32; it must be UTF-8",
                kind=ProblemKind.ENCODING,
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                path="$",
                message=f"invalid UTF-8 at byte offset {exc.start}: {exc.reason}",
                kind=ProblemKind.ENCODING,
                hint="save the file as UTF-8",
            )
        ]


def parse(text: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text strictly; returns the value (or ``None``) and the problems."""
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        what = "empty" if not text else "only whitespace"
        return None, [Problem(path="$", message=f"the document is {what}", kind=ProblemKind.SYNTAX)]
    parser = _Parser()
    try:
        value = json.loads(
            text,
            object_pairs_hook=parser.pairs,
            parse_constant=parser.constant,
            parse_int=parser.integer,
            parse_float=parser.number,
        )
    except json.JSONDecodeError as exc:
        return None, [
            Problem(
                path="$",
                message=f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                kind=ProblemKind.SYNTAX,
            )
        ]
    except RecursionError:
        return None, [
            Problem(
                path="$",
                message="the document is nested too deeply to read",
                kind=ProblemKind.LIMIT,
            )
        ]
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if parser.duplicates or parser.flagged or surrogates:
        return _walk(value, parser.duplicates, surrogates)
    return value, []


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone UTF-16 surrogate (not encodable as UTF-8)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


#: The message for a text with a lone surrogate (from JSON, or from a mapping).
SURROGATE_MESSAGE = "text holds a lone UTF-16 surrogate escape, which is not a character"


def int_too_large(digits: int) -> str:
    """The message for an integer of ``digits`` digits beyond the 64-bit limit."""
    return f"integer with {digits} digits is too large (the limit is 64 bits)"


def _walk(root: Any, duplicates: Duplicates, surrogates: bool) -> tuple[Any, list[Problem]]:
    """Find the paths of the problems the parser flagged (iteratively: no recursion).

    Returns the value, in which each text holding a lone surrogate is replaced by a
    :class:`NotJson` marker (its problem is reported here, and only here), and the
    problems.
    """
    problems: list[Problem] = []
    if surrogates and isinstance(root, str) and has_surrogate(root):
        problems.append(_surrogate(()))
        return NotJson(ProblemKind.ENCODING, SURROGATE_MESSAGE), problems
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), root)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            entry = duplicates.get(id(value))
            for key in entry[1] if entry is not None and entry[0] is value else ():
                problems.append(
                    Problem(
                        path=format_path((*path, key)),
                        message=f"key {key!r} appears more than once in this object",
                        kind=ProblemKind.DUPLICATE_KEY,
                        hint="keep one of them; JSON readers disagree on which one wins",
                    )
                )
            if surrogates:
                for key, item in value.items():
                    if has_surrogate(key):
                        problems.append(_surrogate((*path, key)))
                    if isinstance(item, str) and has_surrogate(item):
                        value[key] = NotJson(ProblemKind.ENCODING, SURROGATE_MESSAGE)
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            if surrogates:
                for i, item in enumerate(value):
                    if isinstance(item, str) and has_surrogate(item):
                        value[i] = NotJson(ProblemKind.ENCODING, SURROGATE_MESSAGE)
            stack.extend(((*path, i), value[i]) for i in reversed(range(len(value))))
        elif isinstance(value, NotJson):
            problems.append(Problem(path=format_path(path), message=value.message, kind=value.kind))
    return root, problems


def _surrogate(path: tuple[str | int, ...]) -> Problem:
    return Problem(path=format_path(path), message=SURROGATE_MESSAGE, kind=ProblemKind.ENCODING)
