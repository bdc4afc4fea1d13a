"""The JSON Schema (``itu_tcb._json_schema``): generated from the models, shipped
current, and in step with the loader."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import itu_tcb
from helpers import BUNDLED_TEXT
from itu_tcb import _rules
from itu_tcb._document import REMOVED
from itu_tcb._fields import specs
from itu_tcb.models import (
    PROVENANCE_VERSION,
    RECORD_TYPES,
    SCHEMA_VERSIONS,
    VALUE_TYPES,
    Metadata,
    RecordKind,
)
from profiles import MERGED
from tools import generate as _generate
from tools import schema as _schema

SCHEMA = itu_tcb.json_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def bundled_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(BUNDLED_TEXT)
    return document


def errors(document: object) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


# ------------------------------------------------------------- the shipped copy


def test_shipped_schema_is_current() -> None:
    shipped = (resources.files("itu_tcb") / "data" / "schema.json").read_text(encoding="utf-8")
    assert shipped == _schema.render(_schema.generate()), (
        "src/itu_tcb/data/schema.json is stale: regenerate it with 'python -m tools.generate'"
    )


def test_every_property_has_the_description_of_its_declaration() -> None:
    for cls in (*RECORD_TYPES.values(), *VALUE_TYPES):
        properties = SCHEMA["$defs"][cls.__name__]["properties"]
        assert list(properties) == [spec.name for spec in specs(cls)]
        for spec in specs(cls):
            assert properties[spec.name]["description"] == spec.doc


def test_the_schema_has_a_stable_id() -> None:
    assert SCHEMA["$id"] == "urn:itu-tcb:schema:document"


def test_json_schema_returns_a_fresh_copy() -> None:
    first = itu_tcb.json_schema()
    first["properties"].clear()
    assert itu_tcb.json_schema() == _schema.generate()


def test_generate_writes_every_derived_file_once(tmp_path: Path) -> None:
    (tmp_path / "src" / "itu_tcb" / "data").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    assert _generate.main(str(tmp_path)) == len(_generate.TARGETS)
    written = tmp_path / "src" / "itu_tcb" / "data" / "schema.json"
    assert json.loads(written.read_text(encoding="utf-8")) == SCHEMA
    assert _generate.main(str(tmp_path)) == 0  # nothing stale the second time


def test_schema_is_a_valid_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


# ----------------------------------------------------------- drawn from models


def objects(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from objects(value)


def test_every_object_forbids_extra_keys() -> None:
    found = list(objects(SCHEMA))
    assert len(found) > len(RECORD_TYPES)
    assert all(node["additionalProperties"] is False for node in found)


@pytest.mark.parametrize("cls", [*RECORD_TYPES.values(), Metadata], ids=lambda c: c.__name__)
def test_properties_and_required_follow_the_model(cls: type) -> None:
    definition = SCHEMA["$defs"][cls.__name__]
    fields = attrs.fields(cls)
    assert list(definition["properties"]) == [f.name for f in fields]
    required = [f.name for f in fields if f.default is attrs.NOTHING]
    assert definition.get("required", []) == required


def test_collections_and_schema_versions() -> None:
    properties = SCHEMA["properties"]
    assert properties["schema_version"]["enum"] == list(itu_tcb.SCHEMA_VERSIONS)
    for kind in RecordKind:
        items = properties[kind.collection]["items"]
        assert items == {"$ref": f"#/$defs/{RECORD_TYPES[kind].__name__}"}
    assert SCHEMA["required"] == ["schema_version", "metadata"]


def test_a_field_not_declared_with_field_is_an_error_not_a_gap() -> None:
    @attrs.frozen
    class Odd:
        value: str = attrs.field()

    with pytest.raises(TypeError, match=r"Odd\.value is not declared with spec\(\)"):
        _schema._Builder().ref(Odd)


# ------------------------------------------------------------ against data


def test_bundled_data_validates() -> None:
    assert errors(bundled_document()) == []


def test_exported_document_validates() -> None:
    assert errors(itu_tcb.load().to_document()) == []


Mutation = Callable[[dict[str, Any]], None]


def _set(path: tuple[str | int, ...], value: object) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return mutate


def _drop(path: tuple[str | int, ...]) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return mutate


BROKEN: dict[str, Mutation] = {
    "extra root key": _set(("extra",), 1),
    "extra record key": _set(("activities", 0, "colour"), "red"),
    "extra nested key": _set(("agencies", 0, "source", "page"), 3),
    "extra metadata key": _set(("metadata", "source", "edition"), "1"),
    "missing metadata": _drop(("metadata",)),
    "missing schema_version": _drop(("schema_version",)),
    "missing required field": _drop(("sectors", 0, "code")),
    "unsupported schema_version": _set(("schema_version",), "9.9"),
    "id not a slug": _set(("sectors", 0, "id"), "ITU D"),
    "id with a trailing newline": _set(("sectors", 0, "id"), "itu-d\n"),
    "reference not a slug": _set(("activities", 0, "category"), "Group 1"),
    "empty name": _set(("activities", 0, "name"), ""),
    "blank name": _set(("activities", 0, "name"), "   "),
    "padded name": _set(("activities", 0, "name"), " Padded"),
    "name with a trailing newline": _set(("activities", 0, "name"), "Name\n"),
    "number for text": _set(("activities", 0, "name"), 1),
    "null for required text": _set(("activities", 0, "name"), None),
    "negative count": _set(("agencies", 0, "years_active", "value"), -1),
    "count as a string": _set(("agencies", 0, "years_active", "value"), "145"),
    "count as a boolean": _set(("agencies", 0, "years_active", "value"), True),
    "unknown qualifier": _set(("agencies", 0, "years_active", "qualifier"), "roughly"),
    "unknown agency kind": _set(("agencies", 0, "agency_kind"), "club"),
    "string for a list": _set(("agencies", 0, "functions"), "ab"),
    "repeated list item": _set(("agencies", 0, "global_challenges"), ["a", "a"]),
    "blank list item": _set(("agencies", 0, "global_challenges"), ["a", " "]),
    "string for a boolean": _set(("partnerships", 0, "open_ended"), "false"),
    "collection not a list": _set(("activities",), {}),
    "record not an object": _set(("activities", 0), "exhibitions"),
}


@pytest.mark.parametrize("mutate", BROKEN.values(), ids=BROKEN.keys())
def test_broken_documents_are_rejected_by_both(mutate: Mutation) -> None:
    document = copy.deepcopy(bundled_document())
    mutate(document)
    assert errors(document), "the schema accepts it"
    assert not itu_tcb.validate(document), "the loader accepts it"


# ------------------------------------------------ patterns match the rules


def field_schema(cls: str, field: str) -> Draft202012Validator:
    return Draft202012Validator(SCHEMA["$defs"][cls]["properties"][field])


tricky = st.one_of(
    st.text(),
    st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab"),
    st.from_regex(r"\A\S(.*\S)?\n?\Z"),
)


@settings(deadline=None)
@given(value=tricky)
def test_text_pattern_agrees_with_the_text_rule(value: str) -> None:
    accepted = field_schema("Activity", "name").is_valid(value)
    assert accepted == (_rules.TEXT.check(value) is None)


slugish = st.one_of(
    st.text(alphabet="ab09-_ A\n"),
    st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+)*\n?\Z"),
)


@settings(deadline=None)
@given(value=slugish)
def test_slug_pattern_agrees_with_the_slug_rule(value: str) -> None:
    assert field_schema("Activity", "id").is_valid(value) == (_rules.SLUG.check(value) is None)


@settings(deadline=None)
@given(values=st.lists(st.sampled_from(["a", "b", " c", "", "a "]), max_size=4))
def test_list_schema_agrees_with_the_texts_rule(values: list[str]) -> None:
    accepted = field_schema("Activity", "aliases").is_valid(values)
    assert accepted == (_rules.TEXTS.check(tuple(values)) is None)


@settings(deadline=None)
@given(value=st.integers(min_value=-(2**40), max_value=2**40))
def test_count_schema_agrees_with_the_count_rule(value: int) -> None:
    count = {"type": "object", **SCHEMA["$defs"]["Count"], "$defs": SCHEMA["$defs"]}
    accepted = Draft202012Validator(count).is_valid({"value": value})
    assert accepted == (_rules.COUNT.check(value) is None)


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_the_schema_allows_provenance_from_the_version_the_loader_reads_it(
    version: str,
) -> None:
    doc = json.loads(json.dumps(MERGED.to_document()))
    assert doc["provenance"]
    doc["schema_version"] = version
    accepted = VALIDATOR.is_valid(doc)
    assert (
        accepted
        == itu_tcb.validate(doc).valid
        == (SCHEMA_VERSIONS.index(version) >= SCHEMA_VERSIONS.index(PROVENANCE_VERSION))
    )


def test_the_shipped_schema_names_its_id_and_the_key() -> None:
    assert SCHEMA["$id"] == "urn:itu-tcb:schema:document"
    assert SCHEMA["properties"]["$schema"]["type"] == "string"
    # An editor needs a path or URL it can open: the description says how to get one.
    assert "itu-tcb schema -o" in SCHEMA["properties"]["$schema"]["description"]


# ------------------------------------------------- earlier schema versions

EARLIER = sorted((Path(__file__).parent / "earlier").glob("*.json"))


@pytest.mark.parametrize("path", EARLIER, ids=lambda p: p.name)
def test_the_bundled_document_of_every_earlier_release_validates(path: Path) -> None:
    """An editor with the shipped schema accepts what the loader reads."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [error.message for error in VALIDATOR.iter_errors(document)] == []
    assert itu_tcb.validate(document).valid


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
@pytest.mark.parametrize("removed", sorted(REMOVED), ids=lambda r: r[3])
def test_a_value_since_removed_is_valid_exactly_where_the_loader_reads_it(
    removed: tuple[str, str, str, str], version: str
) -> None:
    """The schema and the loader agree on every version: the value is read (with a
    warning) up to the last version that allowed it, and refused after."""
    last, collection, field, value = removed
    document = json.loads(BUNDLED_TEXT)
    document["schema_version"] = version
    document[collection][0][field] = value
    accepted = VALIDATOR.is_valid(document)
    loaded = itu_tcb.validate(document)
    assert (
        accepted == loaded.valid == (SCHEMA_VERSIONS.index(version) <= SCHEMA_VERSIONS.index(last))
    )
    if accepted:  # read as today's value, with a warning that names the old one
        assert any(repr(value) in w.message for w in loaded.warnings)
