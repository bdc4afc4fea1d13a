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
from itu_tcb.dataset import SCHEMA_VERSIONS

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


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(models))


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

    def ruled(rule: Any, tp: Any) -> Any:
        if rule is _rules.text:
            return text
        if rule is _rules.optional_text:
            return text | None
        if rule is _rules.slug:
            return slug
        if rule is _rules.optional_slug:
            return slug | None
        if rule is _rules.texts:
            return Annotated[tuple[text, ...], pydantic.AfterValidator(_unique)]
        if rule is _rules.slugs:
            return Annotated[tuple[slug, ...], pydantic.AfterValidator(_unique)]
        if rule is _rules.non_negative:
            return Annotated[int, Ge(0)]
        raise NotImplementedError(rule)

    def convert(tp: Any) -> Any:
        return _translated(tp, model)

    def model(cls: type) -> Any:
        if cls not in made:
            fields: dict[str, Any] = {}
            hints = _hints(cls)
            for field in attrs.fields(cls):
                rule = field.metadata.get(_rules.RULE)
                tp = ruled(rule, hints[field.name]) if rule else convert(hints[field.name])
                default = field.default
                if default is attrs.NOTHING:
                    fields[field.name] = (tp, ...)
                else:
                    fields[field.name] = (tp, default)
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

    def ruled(rule: Any) -> Any:
        if not rules:
            plain = {_rules.texts: tuple[str, ...], _rules.slugs: tuple[str, ...]}
            return plain.get(rule, int if rule is _rules.non_negative else _plain(rule))
        return {
            _rules.text: text,
            _rules.optional_text: text | None,
            _rules.slug: slug,
            _rules.optional_slug: slug | None,
            _rules.texts: tuple[text, ...],
            _rules.slugs: tuple[slug, ...],
            _rules.non_negative: non_negative,
        }[rule]

    def convert(tp: Any) -> Any:
        return _translated(tp, struct)

    def struct(cls: type) -> Any:
        if cls not in made:
            hints = _hints(cls)
            required: list[tuple[str, Any]] = []
            optional: list[tuple[str, Any, Any]] = []
            unique: list[str] = []
            for field in attrs.fields(cls):
                rule = field.metadata.get(_rules.RULE)
                tp = ruled(rule) if rule else convert(hints[field.name])
                if rules and rule in (_rules.texts, _rules.slugs):
                    unique.append(field.name)
                if field.default is attrs.NOTHING:
                    required.append((field.name, tp))
                else:
                    optional.append((field.name, tp, field.default))
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


def _plain(rule: Any) -> Any:
    optional = rule in (_rules.optional_text, _rules.optional_slug)
    return str | None if optional else str


def enums() -> list[type[enum.Enum]]:
    """The enums both baselines share with itu_tcb (they are used as they are)."""
    return [v for v in vars(models).values() if isinstance(v, type) and issubclass(v, enum.Enum)]
