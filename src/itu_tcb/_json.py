"""Strict JSON: bytes, text or a caller's mapping to plain values, every problem at
its path.

``json.loads`` alone keeps the last of two duplicate keys, accepts ``NaN``, lets a
lone surrogate through, and raises ``RecursionError`` on deep nesting. :func:`parse`
reads text with hooks that mark what JSON forbids, and one walk (:class:`_Walk`)
reports each mark at its path; a caller's mapping takes the same walk
(:func:`check_mapping`), which holds each leaf to one rule (:func:`_fault`), so a
fault gives the same problem whichever way it came in. The checks of one value
(:data:`PRIMITIVES`) that the converter and records built in Python share live here.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import attrs

from .report import Problem, ProblemKind, format_path

_BOM = "\ufeff"
_OTHER_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_CHAR = re.compile("[\ud800-\udfff]")
#: Integers beyond 64 bits are refused: no count needs them and other tools lose them.
INT_LIMIT = 2**63 - 1
SURROGATE_MESSAGE = "text holds a lone UTF-16 surrogate escape, which is not a character"
#: How many distinct small objects one parse shares (see ``_Parser.shared``).
_SHARED = 4096
#: At most this many problems are repeated for values met again (see :func:`check_mapping`).
REPEATED_PROBLEMS = 10_000
_CIRCULAR = "the value contains itself (a circular reference)"
_DUPLICATE_HINT = "keep one of them; JSON readers disagree on which one wins"
_CONSTANTS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


@attrs.define(eq=False)
class NotJson:
    """Stands in for a value that JSON does not allow: the walk reports it at its
    path, and the later stages, which meet it in the parsed value, do not again."""

    kind: ProblemKind
    message: str


def int_too_large(digits: int) -> str:
    """The message for an integer of ``digits`` digits beyond the 64-bit limit."""
    return (
        f"integer with {digits} digits is beyond the 64-bit limit: a whole number "
        f"lies between -{INT_LIMIT} and {INT_LIMIT}"
    )


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone UTF-16 surrogate (not encodable as UTF-8)."""
    return not text.isascii() and _SURROGATE_CHAR.search(text) is not None


def _digits(value: int) -> int:
    """How many decimal digits ``abs(value)`` has, without ``str`` (which refuses
    integers of more than 4300 digits on Python 3.11 and later)."""
    value = abs(value)
    # log10(value) lies in [(bits - 1) * log10(2), bits * log10(2)).
    low = int((value.bit_length() - 1) * 0.30102999566398120) + 1
    return low + 1 if value >= 10**low else low


def _fault(value: Any) -> NotJson | None:
    """The one rule for a leaf: its mark when JSON text could not hold it as it is."""
    kind = type(value)
    if kind is str or kind is int:
        try:
            PRIMITIVES[kind](value)
        except Invalid as exc:
            return NotJson(exc.kind, exc.message)
        return None
    if kind is float:
        return None if math.isfinite(value) else _not_number(_CONSTANTS[repr(value)])
    if kind is bool or value is None:
        return None
    if kind is NotJson:  # a mark of the parse: reported where the walk meets it
        return value  # type: ignore[no-any-return]
    return NotJson(ProblemKind.TYPE, f"expected a JSON value, got {kind.__name__}")


def _twice(names: Iterable[str]) -> list[str]:
    """The names given more than once, in order."""
    return [name for name, n in Counter(names).items() if n > 1]


def _not_number(name: str) -> NotJson:
    return NotJson(ProblemKind.SYNTAX, f"{name} is not a JSON number; use a number or null")


class _Parser:
    """The hooks of one ``json.loads``: each marks what JSON forbids, and ``flagged``
    says whether the walk has anything to report."""

    def __init__(self) -> None:
        # Each entry holds its object, so that no later object takes its ``id``.
        self.duplicates: dict[int, tuple[dict[str, Any], list[str]]] = {}
        self.flagged = False
        #: Equal objects that hold an empty list and otherwise only strings, integers,
        #: booleans and nulls (``{"section": "...", "links": []}`` in every record) are
        #: one object: the garbage collector walks each object that holds a list, and
        #: the later stages only read the value (and structure each shared one once).
        self.shared: dict[tuple[tuple[str, type, Any], ...], dict[str, Any]] = {}

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.duplicates[id(obj)] = (obj, _twice(name for name, _ in pairs))
            self.flagged = True
            return obj
        if [] not in obj.values():
            return obj
        items: list[tuple[str, type, Any]] = []
        for name, item in pairs:
            kind = type(item)
            if kind is list:
                if item:
                    return obj
                item = None
            elif not (item is None or kind is str or kind is int or kind is bool):
                return obj  # a float (0.0 and -0.0 are equal), a container, a mark
            items.append((name, kind, item))
        key = tuple(items)
        found = self.shared.get(key)
        if found is not None:
            return found
        if len(self.shared) < _SHARED:
            self.shared[key] = obj
        return obj

    def constant(self, name: str) -> NotJson:
        self.flagged = True
        return _not_number(name)

    def number(self, digits: str) -> float | NotJson:
        value = float(digits)
        if math.isfinite(value):
            return value
        self.flagged = True
        shown = f"{digits[:20]}{'...' if len(digits) > 20 else ''}"
        return NotJson(ProblemKind.LIMIT, f"number {shown} is too large to hold as a float")

    def integer(self, digits: str) -> int | NotJson:
        if len(digits) <= 20 and abs(value := int(digits)) <= INT_LIMIT:  # 19 digits, a sign
            return value
        self.flagged = True
        return NotJson(ProblemKind.LIMIT, int_too_large(len(digits.lstrip("-"))))


class Parsed(NamedTuple):
    """The value read (``None`` if none), its problems, and the objects the parse
    shared (see ``_Parser.shared``)."""

    value: Any
    problems: list[Problem]
    shared: tuple[dict[str, Any], ...] = ()


def _problem(message: str, kind: ProblemKind, hint: str | None = None) -> Parsed:
    return Parsed(None, [Problem(path="$", message=message, kind=kind, hint=hint)])


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 bytes to text (a leading byte order mark is kept: :func:`parse` drops one)."""
    if data.startswith(_OTHER_BOMS):
        message = "the document is UTF-16 or UTF-32; it must be UTF-8"
        return None, _problem(message, ProblemKind.ENCODING).problems
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        message = f"invalid UTF-8 at byte offset {exc.start}: {exc.reason}"
        return None, _problem(message, ProblemKind.ENCODING, "save the file as UTF-8").problems


def parse(text: str, *, decoded: bool = False) -> Parsed:
    """Parse JSON text strictly. ``decoded``: ``text`` is what :func:`decode` made of
    bytes, so it holds no lone surrogate as a character (only perhaps as an escape)."""
    if text.startswith(_BOM):
        text = text[1:]
    if text.startswith(_BOM):  # json's own message would advise Python's utf-8-sig
        message = (
            "the document starts with two byte order marks (U+FEFF); "
            "remove the second one (a single UTF-8 BOM is allowed)"
        )
        return _problem(message, ProblemKind.SYNTAX)
    if not text.strip():
        return _problem(
            f"the document is {'empty' if not text else 'only whitespace'}", ProblemKind.SYNTAX
        )
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
        # Some of json's messages end in "at" ("Unterminated string starting at").
        where = f"at line {exc.lineno}, column {exc.colno}"
        return _problem(
            f"not valid JSON: {exc.msg.removesuffix(' at')} {where}", ProblemKind.SYNTAX
        )
    except RecursionError:
        return _problem("the document is nested too deeply to read", ProblemKind.LIMIT)
    # A lone surrogate as an escape, or (in text given as a ``str``) as a character,
    # searched for in place: encoding a large text to find one would copy it whole.
    escaped = _SURROGATE_ESCAPE.search(text) is not None
    shared = tuple(parser.shared.values())
    if not (parser.flagged or escaped or (not decoded and has_surrogate(text))):
        return Parsed(value, [], shared)
    walk = _Walk(parser.duplicates)
    return Parsed(walk.run(value), walk.problems(), shared)


def check_mapping(root: Mapping[Any, Any]) -> Parsed:
    """Hold a caller's mapping to the rules that :func:`parse` applies to text.

    What text could not hold (a lone surrogate, an integer beyond 64 bits, ``NaN``, a
    key that is not a string, a value of no JSON type or that contains itself) is a
    problem at its path, of the kind JSON text gives (else ``type``). Any mapping is an
    object; a subclass of ``str``, ``int`` or ``float`` the plain value ``json.dumps``
    writes. The mapping is never changed: containers on the path of a fault are copied,
    holding a :class:`NotJson` mark (a key not a string left out). A container met
    again is walked once, its problems repeated under each path, at most
    :data:`REPEATED_PROBLEMS` in all (then one ``limit`` problem says so).
    """
    walk = _Walk({})
    return Parsed(walk.run(root), walk.problems())


#: A path, as a link to its parent's (``(parent, step)``; ``None`` for the root).
Link = tuple[Any, Any] | None
#: A problem found by the walk: its path's steps, message, kind and hint.
_Found = tuple[tuple[Any, ...], str, ProblemKind, str | None]


@attrs.define
class _Frame:
    """A container being walked: its children, and their checked values so far."""

    value: Any  # the container walked
    link: Link  # its path, as a link to its parent's
    depth: int  # how many steps its path has
    keys: list[str] | None  # an object's (string) keys, in order; ``None`` for a list
    items: list[Any]
    changed: bool  # whether the checked copy differs from ``value``
    start: int  # the index of its first problem
    index: int = 0
    out: list[Any] = attrs.Factory(list)  # the checked value of each child walked


class _Walk:
    """One walk of a value (iterative: any depth is fine), reporting each mark of
    the parse, each repeated key the parse met (``duplicates``) and each leaf at
    fault, at its path; :meth:`run` gives the checked value."""

    def __init__(self, duplicates: dict[int, tuple[dict[str, Any], list[str]]]) -> None:
        self.duplicates = duplicates
        self.found: list[_Found] = []
        self.stack: list[_Frame] = []
        self.walking: set[int] = set()  # the containers on the path being walked
        # For each container walked, by ``id``: the container (held, so that its
        # ``id`` is not given to another object during the walk), its checked copy,
        # the range of its problems in ``found`` and how many steps its path had.
        self.done: dict[int, tuple[Any, Any, int, int, int]] = {}
        self.repeated = 0
        self.capped = False

    def problems(self) -> list[Problem]:
        return [
            Problem(path=format_path(steps), message=message, kind=kind, hint=hint)
            for steps, message, kind, hint in self.found
        ]

    def problem(self, link: Link, message: str, kind: ProblemKind, hint: str | None = None) -> None:
        self.found.append((_spelled(link), message, kind, hint))

    def run(self, root: Any) -> Any:
        result = self.enter(None, 0, root)
        stack = self.stack
        while stack:
            frame = stack[-1]
            index = frame.index
            if index < len(frame.items):
                frame.index = index + 1
                child = frame.items[index]
                kind = type(child)
                if (kind is str and child.isascii()) or child is None or kind is bool:
                    frame.out.append(child)  # the most common leaves, never at fault
                    continue
                step = index if frame.keys is None else frame.keys[index]
                value = self.enter((frame.link, step), frame.depth + 1, child)
                if value is not _PENDING:
                    frame.out.append(value)
                    if value is not child:
                        frame.changed = True
                continue
            stack.pop()
            value, out = frame.value, frame.out
            self.walking.discard(id(value))
            checked = value
            if frame.changed:
                checked = out if frame.keys is None else dict(zip(frame.keys, out, strict=True))
            self.done[id(value)] = (value, checked, frame.start, len(self.found), frame.depth)
            if stack:
                parent = stack[-1]
                parent.out.append(checked)
                if checked is not value:
                    parent.changed = True
            else:
                result = checked
        return result

    def enter(self, link: Link, depth: int, value: Any) -> Any:
        """The checked value of a leaf, or ``_PENDING`` for a container (now walked)."""
        kind = type(value)
        if kind is dict or kind is list or isinstance(value, Mapping):
            key = id(value)
            if key in self.walking:
                self.problem(link, _CIRCULAR, ProblemKind.TYPE)
                return NotJson(ProblemKind.TYPE, _CIRCULAR)
            entry = self.done.get(key)
            if entry is not None:
                self.repeat(link, entry)
                return entry[1]
            self.walking.add(key)
            if kind is list:
                self.stack.append(_Frame(value, link, depth, None, value, False, len(self.found)))
            else:
                self.push_object(link, depth, value, kind is not dict)
            return _PENDING
        if kind is not str and kind is not int and kind is not float:
            # What ``json.dumps`` writes as a string or a number is one (an enum of
            # ``int`` or ``str``, a subclass of either), and is held as a plain one.
            if isinstance(value, str):
                value = str.__str__(value)
            elif isinstance(value, int) and kind is not bool:
                value = int.__int__(value)
            elif isinstance(value, float):
                value = float.__float__(value)
        mark = _fault(value)
        if mark is None:
            return value
        self.problem(link, mark.message, mark.kind)
        return mark

    def push_object(self, link: Link, depth: int, value: Any, changed: bool) -> None:
        start = len(self.found)
        keys: list[str] = []
        items: list[Any] = []
        plain = True  # every key is a plain ``str``
        for key, item in value.items():
            if type(key) is str:
                keys.append(key)
                items.append(item)
            elif isinstance(key, str):  # written as a plain string by ``json.dumps``
                keys.append(str.__str__(key))
                items.append(item)
                plain = False
            else:
                message = f"key {key!r} is not a string; object keys are strings"
                self.problem(link, message, ProblemKind.TYPE)
                changed = True
        repeated = self.duplicates.get(id(value))
        twice = repeated[1] if repeated is not None and repeated[0] is value else []
        if not plain:
            changed = True
            merged = dict(zip(keys, items, strict=True))  # as text reads a repeated key
            if len(merged) < len(keys):
                twice = _twice(keys)
                keys, items = list(merged), list(merged.values())
        for key in twice:
            message = f"key {key!r} appears more than once in this object"
            self.problem((link, key), message, ProblemKind.DUPLICATE_KEY, _DUPLICATE_HINT)
        for key in keys:
            if has_surrogate(key):
                self.problem((link, key), SURROGATE_MESSAGE, ProblemKind.ENCODING)
        self.stack.append(_Frame(value, link, depth, keys, items, changed, start))

    def repeat(self, link: Link, entry: tuple[Any, Any, int, int, int]) -> None:
        """Report again, under this path, the problems found inside a container met
        before; past :data:`REPEATED_PROBLEMS` of them, say so once and stop."""
        _, _, start, end, depth = entry
        if start == end or self.capped:
            return
        if self.repeated + (end - start) > REPEATED_PROBLEMS:
            self.capped = True
            self.problem(
                link,
                f"this value is met again (shared) and more than {REPEATED_PROBLEMS} "
                "problems were repeated for such values; from here on, problems inside "
                "a shared value are reported at its first place only",
                ProblemKind.LIMIT,
            )
            return
        self.repeated += end - start
        here = _spelled(link)
        self.found.extend(
            ((*here, *steps[depth:]), message, kind, hint)
            for steps, message, kind, hint in self.found[start:end]
        )


#: What :meth:`_Walk.enter` returns for a container, whose checked copy comes later.
_PENDING: Any = object()


def _spelled(link: Link) -> tuple[Any, ...]:
    """The steps of a path kept as links to the parent's link, root first."""
    steps: list[Any] = []
    while link is not None:
        link, step = link
        steps.append(step)
    return tuple(reversed(steps))


_JSON_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def describe(value: object) -> str:
    """The JSON name of a value's type (``"an integer"``), else its Python type name."""
    return _JSON_NAMES.get(type(value), type(value).__name__)


class Invalid(ValueError):
    """A value that breaks a rule, with its problem kind, message and hint;
    ``reported`` when it is a :class:`NotJson` mark, which the walk reported."""

    def __init__(
        self, kind: ProblemKind, message: str, hint: str | None = None, *, reported: bool = False
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint
        self.reported = reported


def mismatch(value: object, expected: str) -> Invalid:
    """A wrong-type failure: ``expected`` names what was due (``"a list"``)."""
    return Invalid(
        ProblemKind.TYPE,
        f"expected {expected}, got {describe(value)}",
        reported=isinstance(value, NotJson),
    )


def as_text(value: Any) -> str:
    """``value`` if it is a string of characters (no lone surrogate), else raise."""
    if type(value) is str:
        if value.isascii() or not has_surrogate(value):
            return value
        raise Invalid(ProblemKind.ENCODING, SURROGATE_MESSAGE)
    raise mismatch(value, "a string")


def as_int(value: Any) -> int:
    """``value`` if it is an integer (not a boolean) within 64 bits, else raise."""
    if type(value) is int:
        if -INT_LIMIT <= value <= INT_LIMIT:
            return value
        raise Invalid(ProblemKind.LIMIT, int_too_large(_digits(value)))
    if type(value) is float:  # 150.0 or 1.5e2: a number, but not written as a whole one
        message = f"expected a whole number, got {value!r}"
        if value.is_integer():
            message += f": write it as {int(value)}"
        raise Invalid(ProblemKind.TYPE, message)
    raise mismatch(value, "an integer")


def as_bool(value: Any) -> bool:
    """``value`` if it is ``True`` or ``False``, else raise."""
    if type(value) is bool:
        return value
    raise mismatch(value, "true or false")


#: The check of each JSON primitive type, by Python type.
PRIMITIVES: dict[type, Callable[[Any], Any]] = {str: as_text, int: as_int, bool: as_bool}
