"""pydantic v2 and msgspec models equivalent to the itu_tcb records, built from them.

Each baseline class is generated from the attrs class of the same name, so the
fields, their types and their defaults cannot drift apart. The same field rules
are applied the way each library allows: a slug pattern for ids and references,
a "no leading or trailing whitespace, not empty" pattern for text, ``>= 0`` for
counts, and no repeated items in lists of texts or ids. Classes are frozen and
reject unknown keys; pydantic runs in strict mode (no ``1`` for ``"1"``), and
msgspec never coerces. What neither baseline does is the itu_tcb integrity pass
(unique ids, resolved references, unambiguous names): that work is extra on the
itu_tcb side of every comparison.
"""

from __future__ import annotations

import enum
import typing
from typing import Annotated, Any, Literal

import attrs

from itu_tcb import _rules, models
from itu_tcb._fields import FieldSpec, specs
from itu_tcb.models import SCHEMA_VERSIONS

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TEXT = r"^\S(?:[\s\S]*\S)?$"


def _translated(tp: Any, make: Any) -> Any:
    """An itu_tcb field type in another library's terms: attrs classes through
    ``make``, tuples and optionals kept, everything else as it is."""
    if attrs.has(tp):
        return make(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple:
        return tuple[_translated(args[0], make), ...]  # type: ignore[misc]
    if args and type(None) in args:
        return _translated(args[0], make) | None
    return tp


def _unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(set(values)) != len(values):
        raise ValueError("an item is listed twice")
    return values


def _optional(spec: FieldSpec, tp: Any) -> Any:
    return tp | None if spec.shape.optional else tp


def _document_types() -> list[tuple[str, type]]:
    return [(kind.collection, models.RECORD_TYPES[kind]) for kind in models.RecordKind]


# ------------------------------------------------------------------ pydantic


def pydantic_document() -> Any:
    """The pydantic model of a whole document."""
    import pydantic
    from annotated_types import Ge

    config = pydantic.ConfigDict(strict=True, frozen=True, extra="forbid")
    text = Annotated[str, pydantic.StringConstraints(pattern=TEXT)]
    slug = Annotated[str, pydantic.StringConstraints(pattern=SLUG)]
    made: dict[type, Any] = {}

    def ruled(spec: FieldSpec) -> Any:
        rule = spec.rule
        if rule is _rules.TEXT:
            return _optional(spec, text)
        if rule is _rules.SLUG:
            return _optional(spec, slug)
        if rule is _rules.TEXTS:
            return Annotated[tuple[text, ...], pydantic.AfterValidator(_unique)]
        if rule is _rules.SLUGS:
            return Annotated[tuple[slug, ...], pydantic.AfterValidator(_unique)]
        if rule is _rules.COUNT:
            return Annotated[int, Ge(0)]
        raise NotImplementedError(rule)

    def convert(tp: Any) -> Any:
        return _translated(tp, model)

    def model(cls: type) -> Any:
        if cls not in made:
            fields: dict[str, Any] = {}
            for spec in specs(cls):
                tp = ruled(spec) if spec.rule else convert(spec.annotation)
                fields[spec.name] = (tp, ...) if spec.required else (tp, spec.default)
            made[cls] = pydantic.create_model(cls.__name__, __config__=config, **fields)
        return made[cls]

    document: dict[str, Any] = {
        "schema_version": (Literal[SCHEMA_VERSIONS], ...),
        "metadata": (model(models.Metadata), ...),
    }
    for collection, cls in _document_types():
        document[collection] = (tuple[model(cls), ...], ())  # type: ignore[misc]
    return pydantic.create_model("Document", __config__=config, **document)


# ------------------------------------------------------------------- msgspec


def msgspec_document(rules: bool = True) -> Any:
    """The msgspec Struct of a whole document (``rules=False``: types only)."""
    import msgspec

    text = Annotated[str, msgspec.Meta(pattern=TEXT)]
    slug = Annotated[str, msgspec.Meta(pattern=SLUG)]
    non_negative = Annotated[int, msgspec.Meta(ge=0)]
    made: dict[type, Any] = {}

    def ruled(spec: FieldSpec) -> Any:
        rule = spec.rule
        if not rules:
            return spec.annotation
        if rule in (_rules.TEXT, _rules.SLUG):
            return _optional(spec, text if rule is _rules.TEXT else slug)
        assert rule is not None
        return {
            _rules.TEXTS: tuple[text, ...],
            _rules.SLUGS: tuple[slug, ...],
            _rules.COUNT: non_negative,
        }[rule]

    def convert(tp: Any) -> Any:
        return _translated(tp, struct)

    def struct(cls: type) -> Any:
        if cls not in made:
            required: list[tuple[str, Any]] = []
            optional: list[tuple[str, Any, Any]] = []
            unique: list[str] = []
            for spec in specs(cls):
                tp = ruled(spec) if spec.rule else convert(spec.annotation)
                if rules and spec.rule in (_rules.TEXTS, _rules.SLUGS):
                    unique.append(spec.name)
                if spec.required:
                    required.append((spec.name, tp))
                else:
                    optional.append((spec.name, tp, spec.default))
            namespace: dict[str, Any] = {}
            if unique:
                names = tuple(unique)

                def __post_init__(self: Any, names: tuple[str, ...] = names) -> None:
                    for name in names:
                        _unique(getattr(self, name))

                namespace["__post_init__"] = __post_init__
            made[cls] = msgspec.defstruct(
                cls.__name__,
                [*required, *optional],
                frozen=True,
                forbid_unknown_fields=True,
                kw_only=True,
                namespace=namespace,
            )
        return made[cls]

    fields: list[Any] = [
        ("schema_version", Literal[SCHEMA_VERSIONS]),
        ("metadata", struct(models.Metadata)),
    ]
    for collection, cls in _document_types():
        fields.append((collection, tuple[struct(cls), ...], ()))  # type: ignore[misc]
    return msgspec.defstruct("Document", fields, frozen=True, forbid_unknown_fields=True)


def enums() -> list[type[enum.Enum]]:
    """The enums both baselines share with itu_tcb (they are used as they are)."""
    return [v for v in vars(models).values() if isinstance(v, type) and issubclass(v, enum.Enum)]
