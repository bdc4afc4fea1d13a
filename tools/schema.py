"""The JSON Schema (draft 2020-12) of the document format, generated from the models.

The models' field declarations are the one source of truth: this module reads them
(``itu_tcb._fields.specs``) and turns each field's shape, rule and doc line into the
matching schema keywords and ``description``. ``python -m tools.generate`` writes the result
to ``src/itu_tcb/data/schema.json``, which :func:`itu_tcb.json_schema` returns and
``itu-tcb schema`` prints.

What the schema cannot say: that ids are unique across the document, that references
point at a record of the right kind, and that no two records share a lookup name.
:func:`itu_tcb.validate` checks those too.
"""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs

from itu_tcb._document import REMOVED
from itu_tcb._fields import FieldSpec, Shape, specs
from itu_tcb._integrity import external_candidates, open_list_candidates
from itu_tcb._json import INT_LIMIT
from itu_tcb._rules import Rule
from itu_tcb.models import (
    EDITOR_SCHEMA,
    PROVENANCE_VERSION,
    RECORD_TYPES,
    SCHEMA_VERSIONS,
    Metadata,
    Provenance,
    Record,
    RecordKind,
)

__all__ = ["generate", "render"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The schema's stable identifier (a name, not an address to fetch).
ID = "urn:itu-tcb:schema:document"


def _summary(cls: type) -> str:
    """The first paragraph of a class docstring, on one line."""
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split())


def _plain(value: Any) -> Any:
    """A default value as JSON: enums by value, tuples as lists, records as objects."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


def _worded(rule: Rule) -> dict[str, Any]:
    """A rule's keywords, and for a pattern what it means in words
    (``patternErrorMessage``, which VS Code shows instead of the pattern)."""
    keywords = rule.keywords()
    if "pattern" in keywords:
        keywords["patternErrorMessage"] = f"must be {rule.doc}"
    return keywords


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the place (and stop recursion)
            self.defs[name] = self._enum(cls) if issubclass(cls, enum.Enum) else self._record(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _enum(self, cls: type[enum.Enum]) -> dict[str, Any]:
        return {
            "description": _summary(cls),
            "type": "string",
            "enum": [member.value for member in cls],
        }

    def _record(self, cls: type) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for spec in specs(cls):
            schema = {"description": spec.doc, **self.of_field(spec)}
            if spec.name == "external_fields" and issubclass(cls, Record):
                # The integrity checks allow only the record's own fields here.
                schema["items"] = {**schema["items"], "enum": list(external_candidates(cls))}
            if spec.name == "open_lists" and issubclass(cls, Record):
                # Only the record's own lists and the kinds that point to it.
                lists = list(open_list_candidates(cls))
                if lists:
                    schema["items"] = {**schema["items"], "enum": lists}
                else:
                    schema["maxItems"] = 0
            if spec.required:
                required.append(spec.name)
            else:
                schema["default"] = _plain(spec.default)
            properties[spec.name] = schema
        out: dict[str, Any] = {"description": _summary(cls), "type": "object"}
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def of_field(self, spec: FieldSpec) -> dict[str, Any]:
        """A field's schema: its shape's, with its rule's keywords (for a tuple, the
        rule's item keywords go on the items)."""
        schema = self.of_shape(spec.shape)
        rule = spec.rule
        if rule is None:
            return schema
        target = schema
        if spec.shape.optional and "anyOf" in schema:
            target = schema["anyOf"][0]
        target.update(_worded(rule))
        if rule.item is not None:
            target["items"] = {**target["items"], **_worded(rule.item)}
        return schema

    def of_shape(self, shape: Shape) -> dict[str, Any]:
        if shape.optional:
            inner = self.of_shape(attrs.evolve(shape, optional=False))
            if "type" in inner and isinstance(inner["type"], str) and shape.kind != "int":
                return {**inner, "type": [inner["type"], "null"]}
            return {"anyOf": [inner, {"type": "null"}]}
        if shape.kind == "int":
            # The loader refuses integers beyond 64 bits (see _json).
            return {"type": "integer", "minimum": -INT_LIMIT, "maximum": INT_LIMIT}
        if shape.kind == "str":
            return {"type": "string"}
        if shape.kind == "bool":
            return {"type": "boolean"}
        if shape.kind == "tuple":
            assert shape.item is not None
            return {"type": "array", "items": self.of_shape(shape.item)}
        return self.ref(shape.type)


#: The versions that have no ``provenance`` (:data:`SCHEMA_VERSIONS` is in order).
_BEFORE_PROVENANCE = SCHEMA_VERSIONS[: SCHEMA_VERSIONS.index(PROVENANCE_VERSION)]


def _removed(defs: dict[str, Any]) -> list[dict[str, Any]]:
    """Values an earlier schema version allowed and a later one removed
    (``itu_tcb._document.REMOVED``): each is still accepted by its field, marked
    deprecated with what it is read as, and refused in documents of the later versions,
    as the loader reads them."""
    rules = []
    for (last, collection, field, value), (now, how) in REMOVED.items():
        properties = defs[RECORD_TYPES[RecordKind.parse(collection)].__name__]["properties"]
        kept = dict(properties[field])
        outer = {key: kept.pop(key) for key in ("description", "default") if key in kept}
        old = {
            "const": value,
            "deprecated": True,
            "description": f"Up to schema {last}: read as '{now}'; {how}.",
        }
        properties[field] = {**outer, "anyOf": [kept, old]}
        later = SCHEMA_VERSIONS[SCHEMA_VERSIONS.index(last) + 1 :]
        refused = {"properties": {field: {"not": {"const": value}}}}
        rules.append(
            {
                "if": {"properties": {"schema_version": {"enum": list(later)}}},
                "then": {"properties": {collection: {"items": refused}}},
            }
        )
    return rules


def generate() -> dict[str, Any]:
    """The JSON Schema of the document format, built from the models now."""
    builder = _Builder()
    properties: dict[str, Any] = {
        EDITOR_SCHEMA: {
            "description": (
                "For editors: the path or URL of this schema, such as "
                "'./itu-tcb.schema.json' after 'itu-tcb schema -o itu-tcb.schema.json' "
                "beside the document. The loader ignores it."
            ),
            "type": "string",
        },
        "schema_version": {
            "description": "The version of the document format.",
            "type": "string",
            "enum": list(SCHEMA_VERSIONS),
        },
        "metadata": builder.ref(Metadata),
    }
    for kind in RecordKind:
        properties[kind.collection] = {
            "description": f"The {kind.collection}, in order (none when absent).",
            "type": "array",
            "items": builder.ref(RECORD_TYPES[kind]),
            "default": [],
        }
    properties["provenance"] = {
        "description": (
            "The other documents a merged document was made from, each with the ids of "
            "its records (none when absent: every record comes from the one in metadata)."
        ),
        "type": "array",
        "items": builder.ref(Provenance),
        "default": [],
    }
    return {
        "$schema": DIALECT,
        "$id": ID,
        "title": "itu_tcb document",
        "description": (
            "A document of the itu_tcb format. Generated from the itu_tcb models by "
            "'python -m tools.generate'. Beyond this schema, a valid document has unique "
            "ids, references that point at a record of the right kind, and no name shared "
            "by two records of one agency."
        ),
        "type": "object",
        "properties": properties,
        "required": ["schema_version", "metadata"],
        "additionalProperties": False,
        "allOf": [
            # provenance is read from its version on (the loader refuses it before).
            {
                "if": {"properties": {"schema_version": {"enum": list(_BEFORE_PROVENANCE)}}},
                "then": {"not": {"required": ["provenance"]}},
            },
            *_removed(builder.defs),
        ],
        "$defs": dict(sorted(builder.defs.items())),
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the text of the shipped file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
