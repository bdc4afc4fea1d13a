"""The check every record runs when it is built directly: field types, then rules.

Types are derived once per class from its annotations; rules come from the field
metadata (:mod:`itu_tcb._rules`). Records built by the converter skip this check:
its field hooks applied the same types and rules already, each with a JSON path.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from . import _rules
from .errors import RecordError


class _Expected:
    """The type a field holds, derived from its annotation, and how to name it.

    ``accepts`` tests the value itself; ``item`` checks each item of a tuple.
    """

    __slots__ = ("accepts", "item", "noun", "optional", "plural", "suggest")

    def __init__(
        self,
        noun: str,
        plural: str,
        accepts: Callable[[Any], bool],
        item: _Expected | None = None,
        suggest: type[enum.Enum] | None = None,
    ) -> None:
        self.noun = noun
        self.plural = plural
        self.accepts = accepts
        self.item = item
        self.suggest = suggest
        self.optional = False

    def problem(self, value: Any) -> str | None:
        """``None`` when ``value`` has this type, else why not."""
        if value is None and self.optional:
            return None
        if not self.accepts(value):
            noun = f"{self.noun} or None" if self.optional else self.noun
            return f"expected {noun}, got {type(value).__name__}{self._suggestion(value)}"
        if self.item is not None:
            for position, item in enumerate(value):
                problem = self.item.problem(item)
                if problem is not None:
                    return f"item {position}: {problem}"
        return None

    def _suggestion(self, value: Any) -> str:
        """For an enum given as its string value: the member to use instead."""
        if self.suggest is None or not isinstance(value, str):
            return ""
        for member in self.suggest:
            if member.value == value:
                return f" {value!r} (use {self.suggest.__name__}.{member.name})"
        return f" {value!r}"


_UNIONS = (typing.Union, types.UnionType)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_tuple(value: Any) -> bool:
    return isinstance(value, tuple)


def _instance_of(cls: type) -> Callable[[Any], bool]:
    def accepts(value: Any) -> bool:
        return isinstance(value, cls)

    return accepts


def _expected(hint: Any) -> _Expected:
    """The type check for one resolved annotation (raises for one it cannot check)."""
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in _UNIONS and len(args) == 2 and type(None) in args:
        found = _expected(next(a for a in args if a is not type(None)))
        found.optional = True
        return found
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _expected(args[0])
        return _Expected(f"a tuple of {item.plural}", "tuples", _is_tuple, item)
    if hint is str:
        return _Expected("a string", "strings", _is_str)
    if hint is bool:
        return _Expected("True or False", "booleans", _is_bool)
    if hint is int:
        return _Expected("an integer", "integers", _is_int)
    if isinstance(hint, type) and (issubclass(hint, enum.Enum) or attrs.has(hint)):
        name = hint.__name__
        suggest = hint if issubclass(hint, enum.Enum) else None
        return _Expected(f"a {name}", f"{name} values", _instance_of(hint), suggest=suggest)
    raise TypeError(f"no type check for the annotation {hint!r}")


#: Per class, derived once: (field, type check, value rule or ``None``).
_Check = tuple[str, _Expected, "_rules.Rule | None"]
_CHECKS: dict[type, tuple[_Check, ...]] = {}


def _checks(cls: type) -> tuple[_Check, ...]:
    found = _CHECKS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = tuple(
            (f.name, _expected(hints[f.name]), f.metadata.get(_rules.RULE))
            for f in attrs.fields(cls)
        )
        _CHECKS[cls] = found
    return found


class Checked:
    """Mixin: check each field's type, then its rule, after ``__init__``; report
    every failure at once (a field of the wrong type is not given to its rule)."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        if _rules.ALREADY_APPLIED.applied:
            return
        problems = []
        for name, expected, rule in _checks(type(self)):
            value = getattr(self, name)
            message = expected.problem(value)
            if message is None and rule is not None:
                message = rule(value)
            if message is not None:
                problems.append((name, message))
        if problems:
            raise RecordError(type(self).__name__, tuple(problems))
