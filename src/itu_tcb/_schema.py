"""The JSON Schema (draft 2020-12) of the document format, generated from the models.

The models' field declarations are the one source of truth: this module reads them
(:func:`~._fields.specs`) and turns each field's shape, rule and doc line into the
matching schema keywords and ``description``. The result is shipped
as ``src/itu_tcb/data/schema.json``; :func:`itu_tcb.json_schema` returns that copy and
``itu-tcb schema`` prints it.

Regenerate the shipped copy after changing a model or a rule (a test fails while it is
stale)::

    python -m itu_tcb._generate

What the schema cannot say: that ids are unique across the document, that references
point at a record of the right kind, and that no two records share a lookup name.
:func:`itu_tcb.validate` checks those too.
"""

from __future__ import annotations

import enum
import json
from importlib import resources
from typing import Any

import attrs

from ._fields import FieldSpec, Shape, specs
from ._integrity import external_candidates, open_list_candidates
from ._json import INT_LIMIT
from ._rules import Rule
from .models import (
    EDITOR_SCHEMA,
    PROVENANCE_VERSION,
    RECORD_TYPES,
    SCHEMA_VERSIONS,
    Metadata,
    Provenance,
    Record,
    RecordKind,
)

__all__ = ["json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The schema's stable identifier (a name, not an address to fetch).
ID = "urn:itu-tcb:schema:document"

# A pattern that only an empty remainder matches: the true end of the string. ``$``
# would also match before a final newline in Python's ``re`` (which ``jsonschema`` uses),
# so ``"itu\n"`` would pass; this form means the same in ECMA-262 and Python.
_END = "(?![\\s\\S])"


def rule_keywords(rule: Rule) -> dict[str, Any]:
    """The schema keywords of a rule, from its declarative form."""
    out: dict[str, Any] = {}
    if rule.pattern is not None:
        out["pattern"] = "^(?:" + rule.pattern + ")" + _END
    if rule.minimum is not None:
        out["minimum"] = rule.minimum
    if rule.unique:
        out["uniqueItems"] = True
    return out


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
        target.update(rule_keywords(rule))
        if rule.item is not None:
            target["items"] = {**target["items"], **rule_keywords(rule.item)}
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


def generate() -> dict[str, Any]:
    """The JSON Schema of the document format, built from the models now."""
    builder = _Builder()
    properties: dict[str, Any] = {
        EDITOR_SCHEMA: {
            "description": (
                f"For editors: the schema this document follows ({ID!r}, or a path or URL "
                "of a copy). The loader ignores it."
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
            "'python -m itu_tcb._generate'. Beyond this schema, a valid document has unique "
            "ids, references that point at a record of the right kind, and no name shared "
            "by two records of one agency."
        ),
        "type": "object",
        "properties": properties,
        "required": ["schema_version", "metadata"],
        "additionalProperties": False,
        # provenance is read from its version on (the loader refuses it before).
        "if": {"properties": {"schema_version": {"enum": list(_BEFORE_PROVENANCE)}}},
        "then": {"not": {"required": ["provenance"]}},
        "$defs": dict(sorted(builder.defs.items())),
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the text of the shipped file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document format, as a new dict.

    It is the copy shipped in the package (``itu_tcb/data/schema.json``), generated
    from the models' field declarations; ``itu-tcb schema`` prints it. Each property
    has a ``description`` (the field's doc line), which editors show.

    A schema cannot say everything the loader checks, so a document the schema
    accepts may still fail :func:`itu_tcb.validate`: ids unique across the
    document, references that resolve, names and keys that are unambiguous within
    their agency and that a lookup can find (a name of punctuation only, such as
    ``"---"``), duplicate object keys, a value said to be lost that is given all the
    same (``heading_lost`` true with a ``heading``, ``target_lost`` with a ``url``),
    and integers written with a fraction (JSON Schema counts ``193.0`` as an
    integer; the loader refuses it).
    """
    resource = resources.files("itu_tcb") / "data" / "schema.json"
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema
