"""The one strict cattrs converter, and the translation of its errors to problems.

cattrs coerces by default (``1`` to ``"1"``, ``"ab"`` to ``("a", "b")``, ``"false"``
to ``True``). Here every primitive must already have its JSON type, extra keys are
errors, and each field's rule from :mod:`itu_tcb._rules` runs inside the field's
structure hook so that a broken value keeps its path.

Each record's structure function is the one cattrs generates
(``make_dict_structure_fn``), written ahead of time into :mod:`itu_tcb._hooks` by
``python -m itu_tcb._generate`` (a test fails while that file is stale): the
converter registers it the first time a class is structured, with what it reads
(``namespace``), and compiles nothing. A class that file lacks gets its function
from cattrs at run time, as before.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Callable, Mapping
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

from . import _hooks, models
from ._fields import ALREADY_APPLIED, Shape, specs
from ._json import INT_LIMIT, PRIMITIVES, SURROGATE_MESSAGE, Invalid, has_surrogate, mismatch
from ._rules import Rule
from .report import Problem, ProblemKind, format_path

__all__ = ["CONVERTER", "Hook", "Path", "problems_of", "structure_hook", "unknown_field"]

Hook = Callable[[Any, Any], Any]
Path = tuple[str | int, ...]
#: Makes a class's structure function from what it reads (see :mod:`itu_tcb._hooks`).
Factory = Callable[..., Hook]


def _primitive(check: Callable[[Any], Any]) -> Hook:
    def hook(value: Any, _: Any) -> Any:
        return check(value)

    return hook


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
        import difflib  # only for a bad document: not paid by a good one

        close = difflib.get_close_matches(value, allowed, n=1)
        raise Invalid(
            ProblemKind.ENUM,
            f"{value!r} is not one of {listing}",
            f"did you mean {close[0]!r}?" if close else None,
        )

    return hook


class _Strict(cattrs.Converter):
    """The strict converter. ``ahead`` holds the structure functions written ahead
    of time, by class name (``{}``: cattrs generates every one at run time);
    ``shortcuts`` puts each ruled field's hook behind its shortcut (see
    :func:`_shortcut`; the tests compare a converter without them)."""

    def __init__(
        self, ahead: Mapping[str, Factory] = _hooks.FACTORIES, *, shortcuts: bool = True
    ) -> None:
        super().__init__(forbid_extra_keys=True, detailed_validation=True)
        self._ahead = ahead
        self._shortcuts = shortcuts
        for python_type, check in PRIMITIVES.items():
            self.register_structure_hook(python_type, _primitive(check))
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

    def _ruled(self, cls: type) -> dict[str, Hook]:
        """The hook of each field of ``cls`` that has a rule: its type's, then the
        rule (behind the rule's shortcut, unless the converter has none)."""
        found = {}
        for spec in specs(cls):
            if spec.rule is not None:
                hook = _ruled(self.get_structure_hook(spec.annotation), spec.rule)
                found[spec.name] = (
                    _shortcut(hook, spec.rule, spec.shape) if self._shortcuts else hook
                )
        return found

    def namespace(self, cls: type, ruled: Mapping[str, Hook]) -> dict[str, Any]:
        """What cattrs' structure function of ``cls`` reads, by cattrs' own names.

        The same values as ``make_dict_structure_fn`` gives it for this converter
        (forbidden extra keys, detailed validation, no renames): the class, the
        error classes, the allowed keys, and per field its hook (a ruled field's
        from ``ruled``; the others', as cattrs asks, not cached) and its type.
        ``_hookgen`` checks these names and values against cattrs' own.
        """
        fields = attrs.fields(cls)
        found: dict[str, Any] = {
            "__cl": cls,
            "__c_cve": ClassValidationError,
            "__c_avn": AttributeValidationNote,
            "__c_a": {a.name for a in fields},
            "__c_feke": ForbiddenExtraKeysError,
        }
        for a in fields:
            hook = ruled.get(a.name)
            if hook is None:
                hook = self.get_structure_hook(a.type, cache_result=False)
            found[f"__c_structure_{a.name}"] = hook
            found[f"__c_type_{a.name}"] = a.type
        return found

    def generated(self, cls: type) -> Hook:
        """cattrs' structure function of ``cls``: written ahead of time, made here
        from its namespace, or (for a class :mod:`itu_tcb._hooks` lacks) generated
        by cattrs now."""
        ruled = self._ruled(cls)
        factory = self._ahead.get(cls.__qualname__)
        if factory is None:
            overrides: dict[str, Any] = {n: override(struct_hook=h) for n, h in ruled.items()}
            made: Hook = make_dict_structure_fn(
                cls,
                self,
                _cattrs_forbid_extra_keys=True,
                _cattrs_detailed_validation=True,
                **overrides,
            )
            return made
        namespace = self.namespace(cls, ruled)
        code = factory.__code__
        if set(code.co_varnames[: code.co_argcount]) != set(namespace):
            raise RuntimeError(
                f"src/itu_tcb/_hooks.py is stale for {cls.__qualname__}: "
                "regenerate it with 'python -m itu_tcb._generate'"
            )
        return factory(**namespace)

    def _record_hook(self, cls: type) -> Hook:
        generated = self.generated(cls)
        noun = cls.__name__

        state = ALREADY_APPLIED

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


def _ruled(base: Hook, rule: Rule) -> Hook:
    check = rule.check

    def hook(value: Any, target: Any) -> Any:
        result = base(value, target)
        if result is None:  # an optional field left empty
            return result
        message = check(result)
        if message is not None:
            raise Invalid(ProblemKind.VALUE, message)
        return result

    return hook


def _shortcut(hook: Hook, rule: Rule, shape: Shape) -> Hook:
    """``hook`` (a ruled field's) behind a shortcut that returns at once what
    ``hook`` would return for the plainest valid values: an ASCII string that the
    rule's pattern matches whole, an integer within 64 bits and the rule's minimum,
    a list of such strings with no repeats (as a tuple). Every other value goes
    through ``hook``, so problems, their kinds and messages are its own.

    Sound because the rule's pattern and minimum accept exactly what its check
    accepts (tests for each rule), an ASCII string holds no lone surrogate, and a
    value of exactly the JSON type is what the type's hook returns unchanged. A
    field without such a form (no pattern, no minimum) keeps ``hook`` alone.
    """
    item = shape.item
    if shape.kind == "str" and rule.pattern is not None:
        match = re.compile(rule.pattern).fullmatch

        def text(value: Any, target: Any) -> Any:
            if type(value) is str and value.isascii() and match(value) is not None:
                return value
            return hook(value, target)

        return text
    if shape.kind == "int" and rule.minimum is not None:
        low = rule.minimum

        def integer(value: Any, target: Any) -> Any:
            if type(value) is int and low <= value <= INT_LIMIT:
                return value
            return hook(value, target)

        return integer
    each = rule.item
    if (
        shape.kind == "tuple"
        and item is not None
        and item.kind == "str"
        and rule.unique
        and each is not None
        and each.pattern is not None
    ):
        match_item = re.compile(each.pattern).fullmatch

        def texts(value: Any, target: Any) -> Any:
            if (
                type(value) is list
                and all(type(v) is str and v.isascii() and match_item(v) for v in value)
                and len(set(value)) == len(value)
            ):
                return tuple(value)
            return hook(value, target)

        return texts
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
    return [Problem(path=format_path(path), message=str(exc), kind=ProblemKind.VALUE)]


def unknown_field(path: Path, key: str, known: tuple[str, ...]) -> Problem:
    """A problem for a key the format does not have, with a "did you mean" hint."""
    import difflib  # only for a bad document: not paid by a good one

    close = difflib.get_close_matches(key, known, n=1)
    return Problem(
        path=format_path((*path, key)),
        message=f"unknown field {key!r}",
        kind=ProblemKind.UNKNOWN_FIELD,
        hint=f"did you mean {close[0]!r}?" if close else "remove it; the format has no such field",
    )


def _extra(path: Path, key: str, cls: type) -> Problem:
    return unknown_field(path, key, tuple(f.name for f in attrs.fields(cls)))
