"""The JSON Schema (draft 2020-12) of the document format, generated from the models.

The models are the one source of truth: this module walks ``attrs.fields`` and the type
hints of every record class, and turns each field's rule from :mod:`itu_tcb._rules`
(kept in the field's metadata) into the matching schema keywords. The result is shipped
as ``src/itu_tcb/data/schema.json``; :func:`itu_tcb.json_schema` returns that copy and
``itu-tcb schema`` prints it.

Regenerate the shipped copy after changing a model or a rule (a test fails while it is
stale)::

    python -m itu_tcb._schema > src/itu_tcb/data/schema.json

What the schema cannot say: that ids are unique across the document, that references
point at a record of the right kind, and that no two records share a lookup name.
:func:`itu_tcb.validate` checks those too.
"""

from __future__ import annotations

import enum
import json
import sys
import typing
from importlib import resources
from typing import Any

import attrs

from . import _rules
from ._integrity import external_candidates, open_list_candidates
from ._json import INT_LIMIT as _INT_LIMIT
from .dataset import SCHEMA_VERSIONS
from .models import RECORD_TYPES, Metadata, Record, RecordKind

__all__ = ["bundled", "generate", "main", "render"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


# A pattern that only an empty remainder matches: the true end of the string. ``$``
# would also match before a final newline in Python's ``re`` (which ``jsonschema`` uses),
# so ``"itu\n"`` would pass; this form means the same in ECMA-262 and Python.
_END = "(?![\\s\\S])"

# Text: no control character anywhere, and neither end is whitespace (see _rules.text).
_TEXT: dict[str, Any] = {
    "minLength": 1,
    "pattern": "^[^\\s\\x00-\\x1f\\x7f](?:[^\\x00-\\x1f\\x7f]*[^\\s\\x00-\\x1f\\x7f])?" + _END,
}
_SLUG: dict[str, Any] = {"pattern": "^(?:" + _rules._SLUG.pattern + ")" + _END}

#: Schema keywords for each rule: for the value itself, and for each item of a tuple.
_RULES: dict[_rules.Rule, tuple[dict[str, Any], dict[str, Any]]] = {
    _rules.text: (_TEXT, {}),
    _rules.optional_text: (_TEXT, {}),
    _rules.slug: (_SLUG, {}),
    _rules.optional_slug: (_SLUG, {}),
    _rules.texts: ({"uniqueItems": True}, _TEXT),
    _rules.slugs: ({"uniqueItems": True}, _SLUG),
    _rules.non_negative: ({"minimum": 0}, {}),
}

_PRIMITIVES: dict[Any, str] = {str: "string", int: "integer", bool: "boolean"}


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
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            schema = self.of_type(hints[field.name])
            rule = field.metadata.get(_rules.RULE)
            if rule is not None:
                if rule not in _RULES:
                    raise LookupError(f"{cls.__name__}.{field.name}: no schema for rule {rule}")
                own, items = _RULES[rule]
                schema.update(own)
                if items:
                    schema["items"] = {**schema["items"], **items}
            if field.name == "external_fields" and issubclass(cls, Record):
                # The integrity checks allow only the record's own fields here.
                schema["items"] = {**schema["items"], "enum": list(external_candidates(cls))}
            if field.name == "open_lists" and issubclass(cls, Record):
                # Only the record's own lists and the kinds that point to it.
                lists = list(open_list_candidates(cls))
                if lists:
                    schema["items"] = {**schema["items"], "enum": lists}
                else:
                    schema["maxItems"] = 0
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                schema["default"] = _plain(field.default)
            properties[field.name] = schema
        out: dict[str, Any] = {"description": _summary(cls), "type": "object"}
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def of_type(self, hint: Any) -> dict[str, Any]:
        args = typing.get_args(hint)
        if type(None) in args:
            others = [a for a in args if a is not type(None)]
            if len(others) == 1 and others[0] in _PRIMITIVES:
                return {"type": [_PRIMITIVES[others[0]], "null"]}
            return {"anyOf": [*(self.of_type(a) for a in others), {"type": "null"}]}
        if hint is int:
            # The loader refuses integers beyond 64 bits (see _json).
            return {"type": "integer", "minimum": -_INT_LIMIT, "maximum": _INT_LIMIT}
        if hint in _PRIMITIVES:
            return {"type": _PRIMITIVES[hint]}
        if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of_type(args[0])}
        if isinstance(hint, type) and (issubclass(hint, enum.Enum) or attrs.has(hint)):
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for the type {hint!r}")


def generate() -> dict[str, Any]:
    """The JSON Schema of the document format, built from the models now."""
    builder = _Builder()
    properties: dict[str, Any] = {
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
    return {
        "$schema": DIALECT,
        "title": "itu_tcb document",
        "description": (
            "A document of the itu_tcb format. Generated from the itu_tcb models by "
            "'python -m itu_tcb._schema'. Beyond this schema, a valid document has unique "
            "ids, references that point at a record of the right kind, and no name shared "
            "by two records."
        ),
        "type": "object",
        "properties": properties,
        "required": ["schema_version", "metadata"],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the text of the shipped file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def bundled() -> dict[str, Any]:
    """The shipped schema, read from the package (a new dict on every call)."""
    resource = resources.files("itu_tcb") / "data" / "schema.json"
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def main() -> None:
    """Print the freshly generated schema (to regenerate the shipped copy)."""
    sys.stdout.write(render(generate()))


if __name__ == "__main__":
    main()
