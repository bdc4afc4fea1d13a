"""The field tables of the docs (``docs/fields.md``), derived from the declarations.

One table per class: each field's name, what it holds, whether a document must
give it (or its default), and its doc line. Written by ``python -m tools.generate``.
"""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs

from itu_tcb._fields import FieldSpec, Shape, specs
from itu_tcb.models import RECORD_TYPES, VALUE_TYPES, Record

__all__ = ["render"]


def _shape(shape: Shape, spec: FieldSpec | None = None) -> str:
    if spec is not None and spec.refers_to is not None:
        many = shape.kind == "tuple"
        return f"{'ids' if many else 'id'} of {spec.refers_to}"
    if shape.kind == "tuple":
        assert shape.item is not None
        return f"list of {_shape(shape.item)}"
    if shape.kind in ("enum", "record"):
        return f"[{shape.type.__name__}](#{shape.type.__name__.lower()})"
    rule = spec.rule.name if spec is not None and spec.rule is not None else None
    return {"str": rule or "text", "int": "integer", "bool": "true or false"}[shape.kind]


def _default(spec: FieldSpec) -> str:
    if spec.required:
        return "required"
    value: Any = spec.default
    if isinstance(value, enum.Enum):
        value = value.value
    elif isinstance(value, tuple):
        value = list(value)
    elif attrs.has(type(value)):
        return "an empty one"
    return f"`{json.dumps(value)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(cls: type) -> list[str]:
    lines = [
        f"## {cls.__name__}",
        "",
        " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split()),
        "",
        "| field | holds | default | description |",
        "| --- | --- | --- | --- |",
    ]
    for spec in specs(cls):
        optional = " or null" if spec.shape.optional else ""
        holds = _shape(spec.shape, spec) + optional
        lines.append(f"| `{spec.name}` | {_cell(holds)} | {_default(spec)} | {_cell(spec.doc)} |")
    return [*lines, ""]


def _enums() -> list[type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    for cls in (*RECORD_TYPES.values(), *VALUE_TYPES):
        for spec in specs(cls):
            shape = spec.shape.item or spec.shape
            if shape.kind == "enum":
                found.setdefault(shape.type.__name__, shape.type)
    return [found[name] for name in sorted(found)]


def render() -> str:
    """The text of ``docs/fields.md``."""
    lines = [
        "# Fields",
        "",
        "<!-- Generated from the field declarations in models.py by",
        "     `python -m tools.generate`; do not edit by hand. -->",
        "",
        "Every field of every record and value, as declared in the models. A field with",
        "a default may be left out of a document; `null` is allowed where it says so.",
        "Rules: *text* is non-empty, one line (no control character, line or paragraph",
        "separator) with no whitespace at either end; a *slug* id is lowercase ASCII letters",
        "and digits in words joined by single hyphens; lists hold no repeats.",
        "",
    ]
    classes: list[type] = [Record, *RECORD_TYPES.values(), *VALUE_TYPES]
    for cls in classes:
        lines += _table(cls)
    for kind in _enums():
        lines += [f"## {kind.__name__}", "", " ".join((kind.__doc__ or "").split()), ""]
        lines += [f"- `{member.value}`" for member in kind]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
