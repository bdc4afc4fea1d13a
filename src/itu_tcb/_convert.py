"""The one strict cattrs converter, and the translation of its errors to problems.

cattrs coerces by default (``1`` to ``"1"``, ``"ab"`` to ``("a", "b")``, ``"false"``
to ``True``). Here every primitive must already have its JSON type, extra keys are
errors, and each field's rule from :mod:`itu_tcb._rules` runs inside the field's
structure hook so that a broken value keeps its path. Hooks are generated once,
when the converter is built.
"""

from __future__ import annotations

import difflib
import enum
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from . import _rules, models
from ._json import INT_LIMIT, SURROGATE_MESSAGE, NotJson, has_surrogate, int_too_large
from .errors import RecordError
from .report import Problem, ProblemKind, format_path

Hook = Callable[[Any, Any], Any]
Path = tuple[str | int, ...]

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
    """The JSON name of a parsed value's type, for messages."""
    return _JSON_NAMES.get(type(value), type(value).__name__)


class Invalid(ValueError):
    """A structuring failure that already knows its kind and message."""

    def __init__(
        self, kind: ProblemKind, message: str, hint: str | None = None, *, reported: bool = False
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint
        #: True when the value's problem was reported already (see ``_json.NotJson``).
        self.reported = reported


def mismatch(value: object, expected: str) -> Invalid:
    """A wrong-type failure: ``expected`` names what was due (``"a list"``)."""
    return Invalid(
        ProblemKind.TYPE,
        f"expected {expected}, got {describe(value)}",
        reported=isinstance(value, NotJson),
    )


def _expect(expected: type) -> Hook:
    name = _JSON_NAMES[expected]

    def hook(value: Any, _: Any) -> Any:
        if type(value) is expected:
            return value
        raise mismatch(value, name)

    return hook


def _text(value: Any, _: Any) -> Any:
    """A string, and a character string: a mapping given directly skips the JSON
    stage, which refuses lone surrogates (there, they arrive as ``NotJson``)."""
    if type(value) is str:
        if value.isascii() or not has_surrogate(value):
            return value
        raise Invalid(ProblemKind.ENCODING, SURROGATE_MESSAGE)
    raise mismatch(value, "a string")


def _integer(value: Any, _: Any) -> Any:
    """An integer within 64 bits, as the JSON stage requires (beyond it, JSON gives
    ``NotJson``; a mapping given directly may hold any ``int``)."""
    if type(value) is int:
        if -INT_LIMIT <= value <= INT_LIMIT:
            return value
        raise Invalid(ProblemKind.LIMIT, int_too_large(_digits(value)))
    raise mismatch(value, "an integer")


def _digits(value: int) -> int:
    """How many decimal digits ``abs(value)`` has, without ``str`` (which refuses
    integers of more than 4300 digits on Python 3.11 and later)."""
    value = abs(value)
    # log10(value) lies in [(bits - 1) * log10(2), bits * log10(2)).
    low = int((value.bit_length() - 1) * 0.30102999566398120) + 1
    return low + 1 if value >= 10**low else low


def _enum_hook(cls: type[enum.Enum]) -> Hook:
    allowed = tuple(member.value for member in cls)
    listing = ", ".join(repr(v) for v in allowed)

    def hook(value: Any, _: Any) -> Any:
        if type(value) is str and value in allowed:
            return cls(value)
        if type(value) is not str:
            raise mismatch(value, "a string")
        if has_surrogate(value):
            raise Invalid(ProblemKind.ENCODING, SURROGATE_MESSAGE)
        close = difflib.get_close_matches(value, allowed, n=1)
        raise Invalid(
            ProblemKind.ENUM,
            f"{value!r} is not one of {listing}",
            f"did you mean {close[0]!r}?" if close else None,
        )

    return hook


class _Strict(cattrs.Converter):
    def __init__(self) -> None:
        super().__init__(forbid_extra_keys=True, detailed_validation=True)
        self.register_structure_hook(str, _text)
        self.register_structure_hook(int, _integer)
        self.register_structure_hook(bool, _expect(bool))
        self.register_structure_hook_factory(
            lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
        )
        self.register_structure_hook_factory(_is_variadic_tuple, self._tuple_hook)
        self.register_structure_hook_factory(attrs.has, self._record_hook)
        # Enums out as their values, so JSON and pandas get plain strings.
        self.register_unstructure_hook_factory(
            lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
            lambda _: lambda member: member.value,
        )

    def _tuple_hook(self, tuple_type: Any) -> Hook:
        item_type = typing.get_args(tuple_type)[0]
        item_hook = self.get_structure_hook(item_type)

        def hook(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise mismatch(value, "a list")
            out = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    out.append(item_hook(item, item_type))
                except Exception as exc:  # noqa: BLE001 - every failure is collected
                    note = IterableValidationNote(f"@ index {index}", index, item_type)
                    _add_note(exc, note)
                    errors.append(exc)
            if errors:
                raise IterableValidationError("while structuring a list", errors, tuple_type)
            return tuple(out)

        return hook

    def _record_hook(self, cls: type) -> Hook:
        overrides: dict[str, Any] = {}
        types = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            rule = field.metadata.get(_rules.RULE)
            if rule is not None:
                base = self.get_structure_hook(types[field.name])
                overrides[field.name] = override(struct_hook=_ruled(base, rule))
        generated: Hook = make_dict_structure_fn(
            cls,
            self,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
            **overrides,
        )
        noun = cls.__name__

        state = _rules.ALREADY_APPLIED

        def hook(value: Any, target: Any) -> Any:
            if type(value) is not dict:
                raise mismatch(value, f"an object ({noun})")
            # Each field's rule ran in its hook above (with the field's path), so
            # the record's own check of the same rules is skipped while it is built.
            outer = state.applied
            state.applied = True
            try:
                return generated(value, target)
            finally:
                state.applied = outer

        if not issubclass(cls, models.Record):
            return _interned(hook)

        return hook


#: How many distinct small values (source references, counts, ...) each hook keeps.
_INTERNED = 4096


def _interned(hook: Hook) -> Hook:
    """Reuse one frozen instance for equal small values given as flat objects.

    Thousands of records of a document share a few source references (the same
    section, no links): they are built once. Only objects whose values are all
    plain scalars or empty lists are looked up (the key keeps each value's type, so
    ``1`` and ``true`` differ); anything else, and anything invalid, goes through
    the hook every time. The instances are immutable, so sharing them is safe.
    """
    cache: dict[tuple[Any, ...], Any] = {}

    def interned(value: Any, target: Any) -> Any:
        key = _flat_key(value)
        if key is None:
            return hook(value, target)
        found = cache.get(key)
        if found is None:
            found = hook(value, target)
            if len(cache) < _INTERNED:
                cache[key] = found
        return found

    return interned


def _flat_key(value: Any) -> tuple[Any, ...] | None:
    if type(value) is not dict:
        return None
    key: list[Any] = []
    for name, item in value.items():
        kind = type(item)
        if kind is list:
            if item:
                return None
            key.append((name, kind, None))
        elif item is None or kind is str or kind is int or kind is bool:
            key.append((name, kind, item))
        else:
            return None
    return tuple(key)


def _add_note(exc: Exception, note: str) -> None:
    """``exc.add_note``, which Python 3.10 lacks; cattrs reads ``__notes__``."""
    setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010


def _is_variadic_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _ruled(base: Hook, rule: _rules.Rule) -> Hook:
    def hook(value: Any, target: Any) -> Any:
        result = base(value, target)
        message = rule(result)
        if message is not None:
            raise Invalid(ProblemKind.VALUE, message)
        return result

    return hook


CONVERTER = _Strict()


def structure_hook(cls: type) -> Hook:
    """The generated structure hook of a class (look it up once, call it often)."""
    return CONVERTER.get_structure_hook(cls)


def problems_of(exc: Exception, path: Path) -> list[Problem]:
    """Flatten a cattrs error tree into problems, each with its JSON path."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        out: list[Problem] = []
        noted, plain = exc.group_exceptions()
        for sub, note in noted:
            step: str | int = note.name if isinstance(note, AttributeValidationNote) else note.index
            out.extend(problems_of(sub, (*path, step)))
        for sub in plain:
            out.extend(problems_of(sub, path))
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        return [_extra(path, key, exc.cl) for key in sorted(exc.extra_fields, key=repr)]
    if isinstance(exc, Invalid):
        if exc.reported:
            return []
        return [Problem(path=format_path(path), message=exc.message, kind=exc.kind, hint=exc.hint)]
    if isinstance(exc, KeyError):
        return [
            Problem(
                path=format_path(path),
                message="required field is missing",
                kind=ProblemKind.MISSING,
            )
        ]
    if isinstance(exc, RecordError):
        return [
            Problem(path=format_path((*path, field)), message=message, kind=ProblemKind.VALUE)
            for field, message in exc.problems
        ]
    return [Problem(path=format_path(path), message=str(exc), kind=ProblemKind.VALUE)]


def unknown_field(path: Path, key: str, known: tuple[str, ...]) -> Problem:
    """A problem for a key the format does not have, with a "did you mean" hint."""
    if not isinstance(key, str):  # only from a mapping given directly, never from JSON
        return Problem(
            path=format_path(path),
            message=f"key {key!r} is not a string; object keys are strings",
            kind=ProblemKind.TYPE,
        )
    close = difflib.get_close_matches(key, known, n=1)
    return Problem(
        path=format_path((*path, key)),
        message=f"unknown field {key!r}",
        kind=ProblemKind.UNKNOWN_FIELD,
        hint=f"did you mean {close[0]!r}?" if close else "remove it; the format has no such field",
    )


def _extra(path: Path, key: str, cls: type) -> Problem:
    return unknown_field(path, key, tuple(f.name for f in attrs.fields(cls)))
