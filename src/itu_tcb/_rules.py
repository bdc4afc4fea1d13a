"""The value rules of the format, each written once as a :class:`Rule`.

A rule's declarative form (``pattern``, ``minimum``, ``unique``, ``item``) is the rule;
:meth:`Rule.valid` alone interprets it, and the converter (:meth:`Rule.fast`), the
checks on records built in Python (:meth:`Rule.check`), the JSON Schema
(:meth:`Rule.keywords`) and the strategies read it through that. ``reasons`` only
explain a refusal in words. The bottom layer: it imports nothing of the package.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["COUNT", "FORBIDDEN", "SLUG", "SLUGS", "SPACE", "TEXT", "TEXTS", "Rule", "cut", "quote"]

#: How many characters of a value a message quotes (see :func:`quote`).
QUOTED = 80


def quote(value: object) -> str:
    """``repr(value)``, cut to :data:`QUOTED` characters with its full length stated:
    every message that quotes a value the user gave quotes it through here."""
    size = len(value) if isinstance(value, str | bytes) else None  # else the repr's
    return cut(repr(value), size)


def cut(text: str, size: int | None = None) -> str:
    """``text`` if it has at most :data:`QUOTED` characters, else its start and the
    length ``size`` of what it shows (``len(text)`` unless given): see :func:`quote`."""
    if len(text) <= QUOTED:
        return text
    return f"{text[: QUOTED - 3]}... ({len(text) if size is None else size:,} characters)"


#: Every character that ``str.isspace`` calls whitespace, as a regex class body (a
#: test compares it with ``str.isspace`` over all of Unicode). Spelled out, since
#: ``\s`` differs between Python's ``re`` and ECMA-262 (U+FEFF, U+001C-U+001F).
SPACE = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029"
    "\\u202f\\u205f\\u3000"
)
#: The characters no text field may hold, as a regex class body: Unicode categories
#: Cc (C0 and C1 controls, U+0085 among them), Zl (U+2028) and Zp (U+2029), the
#: characters that common readers take for a line break or a control, and Cf below
#: U+10000, the invisible format characters (a zero-width space, joiners, direction
#: marks, a soft hyphen, a byte order mark), which make two names look alike. Those
#: above U+10000 (tag characters of flag emoji, among others) cannot be written in a
#: class that ECMA-262 and Python read alike, and are allowed. A test compares the
#: class with ``unicodedata`` over all of Unicode.
FORBIDDEN = (
    "\\x00-\\x1f\\x7f-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2"
    "\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
)

_FORBIDDEN_CHAR = re.compile(f"[{FORBIDDEN}]")
#: What the line-like characters are called in messages.
_NAMES = {"\u2028": "line separator", "\u2029": "paragraph separator", "\x85": "next line"}

#: Why a refused value is refused: a test of the value and the message it gets.
Reason = tuple[Callable[[Any], bool], Callable[[Any], str]]


#: The fields of a :class:`Rule` that are not a constraint on the value.
_NOT_CONSTRAINTS = frozenset({"name", "doc", "pattern", "reasons", "_match"})


@attrs.frozen
class Rule:
    """One rule: its declarative form, and reasons that explain a refusal in words.

    ``pattern`` (for text) is matched against the whole value, and is written so that
    Python's ``re`` and ECMA-262 read it alike; ``minimum`` bounds an integer;
    ``unique`` and ``item`` apply to a list: no repeats, and each item's rule.
    """

    name: str
    doc: str
    pattern: str | None = None
    minimum: int | None = None
    unique: bool = False
    item: Rule | None = None
    #: Explanations, first match first; a refusal none explains gets the rule's doc.
    reasons: tuple[Reason, ...] = attrs.field(default=(), eq=False, repr=False)
    _match: Callable[[str], object] | None = attrs.field(
        init=False, eq=False, repr=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        if self.pattern is not None:
            object.__setattr__(self, "_match", re.compile(self.pattern).fullmatch)

    def valid(self, value: Any) -> bool:
        """Whether ``value`` (of the field's type) follows the rule."""
        if self._match is not None and (type(value) is not str or self._match(value) is None):
            return False
        if self.minimum is not None and value < self.minimum:
            return False
        if self.item is not None and not all(map(self.item.valid, value)):
            return False
        return not self.unique or len(set(value)) == len(value)

    @property
    def fast(self) -> Callable[[Any], object]:
        """The cheapest test truthy exactly when :meth:`valid` is true: the compiled
        pattern's ``fullmatch`` when :meth:`valid` is this class's and every other
        constraint field (a subclass's too) is at its default, so that no constraint
        added to a rule is skipped; else :meth:`valid`."""
        only_pattern = type(self).valid is Rule.valid and all(
            getattr(self, f.name) == f.default
            for f in attrs.fields(type(self))
            if f.name not in _NOT_CONSTRAINTS
        )
        if self._match is not None and only_pattern:
            return self._match
        return self.valid

    def check(self, value: Any) -> str | None:
        """``None`` for a value that follows the rule, else why it does not."""
        if self.valid(value):
            return None
        if self.item is not None:
            for position, item in enumerate(value):
                problem = self.item.check(item)
                if problem is not None:
                    return f"item {position}: {problem}"
        if self.unique:
            seen: set[Any] = set()
            for item in value:
                if item in seen:
                    return f"{quote(item)} is listed twice"
                seen.add(item)
        for applies, message in self.reasons:
            if applies(value):
                return message(value)
        return f"{quote(value)} is not {self.doc}"

    def keywords(self) -> dict[str, Any]:
        """The rule as JSON Schema keywords (a list's item rule goes on its items)."""
        out: dict[str, Any] = {}
        if self.pattern is not None:
            # A lookahead, not ``$``: in Python's ``re`` ``$`` also matches before a
            # final newline. This form means the same in ECMA-262 and Python.
            out["pattern"] = f"^(?:{self.pattern})(?![\\s\\S])"
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.unique:
            out["uniqueItems"] = True
        return out


def _forbidden(value: str) -> str:
    found = _FORBIDDEN_CHAR.search(value)
    char = found.group() if found else " "
    if unicodedata.category(char) == "Cf":
        name = unicodedata.name(char, "").lower()
        return f"{quote(value)} holds the invisible format character U+{ord(char):04X} ({name})"
    what = _NAMES.get(char, "control character")
    return f"{quote(value)} holds the {what} U+{ord(char):04X}; text is one line"


def _not_slug(value: str) -> str:
    """Why a text is no id, with the id it may mean (a name or acronym, slugged)."""
    slugged = "-".join(re.findall("[a-z0-9]+", value.lower()))
    example = (
        f"; as an id, {quote(slugged)}?" if slugged and slugged != value else ", such as 'itu-d'"
    )
    return f"{quote(value)} is not an id: use lowercase letters, digits and single hyphens{example}"


TEXT = Rule(
    "text",
    "non-empty text on one line, with no leading or trailing whitespace and no invisible "
    "format character",
    pattern=f"[^{SPACE}{FORBIDDEN}](?:[^{FORBIDDEN}]*[^{SPACE}{FORBIDDEN}])?",
    reasons=(
        (lambda v: not v.strip(), lambda v: "must not be empty or only whitespace"),
        (lambda v: v != v.strip(), lambda v: f"{quote(v)} has leading or trailing whitespace"),
        (lambda v: _FORBIDDEN_CHAR.search(v) is not None, _forbidden),
    ),
)
SLUG = Rule(
    "slug",
    "an id: lowercase ASCII letters and digits in words joined by single hyphens",
    pattern="[a-z0-9]+(?:-[a-z0-9]+)*",
    reasons=((lambda v: True, _not_slug),),
)
COUNT = Rule(
    "count",
    "a whole number, zero or more",
    minimum=0,
    reasons=((lambda v: v < 0, lambda v: f"{v} is negative; a count is zero or more"),),
)
TEXTS = Rule("texts", "a list of texts, each one line, none repeated", unique=True, item=TEXT)
SLUGS = Rule("slugs", "a list of ids, none repeated", unique=True, item=SLUG)
