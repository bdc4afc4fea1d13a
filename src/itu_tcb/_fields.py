"""Field declarations: each field of each model is declared once, as
``attrs.field(default=..., metadata=spec(doc, rule, ...))``. :func:`specs` reads them
back as :class:`FieldSpec` values, from which the rest of the package derives: the
checks on records built in Python (:class:`Checked`), the converter's hooks, the
integrity checks, the JSON Schema, the strategies, the tables and the docs.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

import attrs

from ._json import PRIMITIVES, Invalid
from ._rules import Rule, quote
from .errors import RecordError
from .report import ProblemKind

__all__ = ["Checked", "FieldSpec", "Shape", "lost_contradictions", "spec", "specs"]

#: The metadata key under which a field's declaration is stored.
_KEY = "itu_tcb.field"

_UNIONS = (typing.Union, types.UnionType)


def spec(
    doc: str,
    rule: Rule | None = None,
    *,
    key: bool = False,
    refers_to: str | None = None,
    same_agency: bool = False,
    one_per_target: bool = False,
    lost: str | None = None,
    housekeeping: bool = False,
) -> dict[str, Any]:
    """The metadata that declares a model field: ``attrs.field(metadata=spec(...))``.

    ``doc`` is its one-line description (schema, docs and editors show it); ``rule``
    the :class:`~._rules.Rule` its value (or each item) must follow. ``key``: records
    answer to this field's text in lookups. ``refers_to``: the field holds the id (or
    ids) of a record of that collection (``"agencies"``). ``same_agency``: that record
    belongs to this record's agency. ``one_per_target``: no two records of this kind
    refer to the same target here. ``lost``: this true-or-false field says that the
    source lost the value of that other (optional) field of the class, which is then
    null. ``housekeeping``: the field is about the record (its id, where its facts
    come from, which come from elsewhere, which lists are open), not about its
    subject: it is no fact that ``external_fields`` or ``open_lists`` may name,
    search reads no words in it, and ``show`` puts it last. The type is the
    annotation, and the default (which makes the field optional in a document) is
    attrs' own, so that type checkers see the field as it is.
    """
    return {_KEY: dict(locals())}  # the arguments by name, as FieldSpec takes them


def _got(value: object) -> str:
    """A value given in Python, for a message: ``None``, ``int 5``, ``dict``."""
    if value is None:
        return "None"
    if isinstance(value, str | int | float | enum.Enum):
        return f"{type(value).__name__} {quote(value)}"
    return type(value).__name__


@attrs.frozen
class Shape:
    """What a field holds: ``kind`` is ``"str"``, ``"int"``, ``"bool"``, ``"enum"``,
    ``"record"`` or ``"tuple"`` (of ``item``); ``optional`` when ``None`` is allowed."""

    kind: str
    type: Any
    optional: bool = False
    item: Shape | None = None

    @property
    def noun(self) -> str:
        """How messages name the expected value: ``"a str"``, ``"an int"``, ``"a Count"``."""
        name: str = self.type.__name__
        return f"{'an' if name[0] in 'AEIOUaeiou' else 'a'} {name}"

    def problem(self, value: Any) -> Invalid | None:
        """Why a value given in Python does not have this shape (in Python's words),
        or ``None``; strings and integers also get the loader's checks."""
        if value is None and self.optional:
            return None
        if type(value) is not self.type and not (
            self.kind in ("enum", "record") and isinstance(value, self.type)
        ):
            return Invalid(
                ProblemKind.TYPE, f"expected {self.noun}, got {_got(value)}{self._use(value)}"
            )
        if self.kind in ("str", "int"):
            try:
                PRIMITIVES[self.type](value)
            except Invalid as exc:
                return exc
        if self.item is not None:
            for position, item in enumerate(value):
                found = self.item.problem(item)
                if found is not None:
                    return Invalid(found.kind, f"item {position}: {found.message}")
        return None

    def _use(self, value: Any) -> str:
        """For an enum given as its string value: the member to use instead."""
        if self.kind != "enum" or not isinstance(value, str):
            return ""
        names = [member.name for member in self.type if member.value == value]
        return f" (use {self.type.__name__}.{names[0]})" if names else ""


def shape_of(hint: Any) -> Shape:
    """The shape of one annotation (raises :class:`TypeError` for one the format lacks)."""
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in _UNIONS and len(args) == 2 and type(None) in args:
        inner = shape_of(next(a for a in args if a is not type(None)))
        return attrs.evolve(inner, optional=True)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return Shape("tuple", tuple, item=shape_of(args[0]))
    if hint in (str, int, bool):
        return Shape(hint.__name__, hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Shape("enum", hint)
    if isinstance(hint, type) and attrs.has(hint):
        return Shape("record", hint)
    raise TypeError(f"the format has no values of the type {hint!r}")


@attrs.frozen
class FieldSpec:
    """One field's declaration, read back: see :func:`spec` for the meanings."""

    name: str
    doc: str
    #: The annotation, as written in the model.
    annotation: Any
    shape: Shape
    rule: Rule | None
    #: The default value, or ``attrs.NOTHING`` when the field is required.
    default: Any
    key: bool = False
    refers_to: str | None = None
    same_agency: bool = False
    one_per_target: bool = False
    lost: str | None = None
    housekeeping: bool = False

    @property
    def required(self) -> bool:
        """True when a document must give this field."""
        return self.default is attrs.NOTHING

    def problem(self, value: Any) -> Invalid | None:
        """Why ``value`` cannot be this field's value (type first, then rule), or ``None``."""
        found = self.shape.problem(value)
        if found is not None or self.rule is None or value is None:
            return found
        message = self.rule.check(value)
        return None if message is None else Invalid(ProblemKind.VALUE, message)


_SPECS: dict[type, tuple[FieldSpec, ...]] = {}


def specs(cls: type) -> tuple[FieldSpec, ...]:
    """The declarations of a model class's fields, in order (read once per class)."""
    found = _SPECS.get(cls)
    if found is None:
        found = _SPECS.setdefault(cls, tuple(_spec(cls, f) for f in attrs.fields(cls)))
    return found


def lost_contradictions(value: object) -> list[tuple[str, str]]:
    """Each ``lost`` field of a value that is true while its other field holds a
    value, with that field's name (see :func:`spec`)."""
    return [
        (s.name, s.lost)
        for s in specs(type(value))
        if s.lost is not None and getattr(value, s.name) and getattr(value, s.lost) is not None
    ]


def _spec(cls: type, attribute: attrs.Attribute[Any]) -> FieldSpec:
    name, hint, declared = attribute.name, attribute.type, attribute.metadata.get(_KEY)
    if declared is None:
        raise TypeError(f"{cls.__name__}.{name} is not declared with spec()")
    if isinstance(hint, str):
        raise TypeError(f"{cls.__name__}.{name}: the annotation must not be a string")
    default = attribute.default
    return FieldSpec(name, annotation=hint, shape=shape_of(hint), default=default, **declared)


class Checked:
    """Mixin: check each field's type, then its rule, after ``__init__``; raise
    :class:`~itu_tcb.RecordError` listing every failure (a list is taken for a tuple)."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        problems = []
        for spec in specs(type(self)):
            value = getattr(self, spec.name)
            if spec.shape.kind == "tuple" and isinstance(value, list):
                value = tuple(value)  # a list where a tuple is due: kept as a tuple
                object.__setattr__(self, spec.name, value)
            found = spec.problem(value)
            if found is not None:
                problems.append((spec.name, found.message))
        if problems:
            raise RecordError(type(self).__name__, tuple(problems))
