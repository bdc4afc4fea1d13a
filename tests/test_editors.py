"""Editors (issue 10, point 8): a document may name its schema in ``"$schema"``,
which the loader accepts as a string and ignores, as the shipped schema does."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import itu_tcb
from itu_tcb import ProblemKind

SCHEMA = itu_tcb.json_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
BUNDLED: dict[str, Any] = json.loads(
    (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")
)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63) + 1, 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)


def with_schema(value: object) -> dict[str, Any]:
    return {"$schema": value, **BUNDLED}


def test_the_shipped_schema_names_its_id_and_the_key() -> None:
    assert SCHEMA["$id"] == "urn:itu-tcb:schema:document"
    assert SCHEMA["properties"]["$schema"]["type"] == "string"
    assert "urn:itu-tcb:schema:document" in SCHEMA["properties"]["$schema"]["description"]


@given(st.text())
def test_any_string_is_accepted_and_ignored(value: str) -> None:
    document = with_schema(value)
    assert itu_tcb.validate(document).problems == ()
    assert list(VALIDATOR.iter_errors(document)) == []
    loaded = itu_tcb.load(json.dumps(document))
    assert loaded == itu_tcb.load()
    assert "$schema" not in loaded.to_document()


@given(JSON_VALUES.filter(lambda v: not isinstance(v, str)))
def test_anything_else_is_refused_by_the_loader_and_the_schema_alike(value: object) -> None:
    document = with_schema(value)
    found = [(p.path, p.kind) for p in itu_tcb.validate(document).problems]
    assert found == [("$['$schema']", ProblemKind.TYPE)]
    assert [list(e.absolute_path) for e in VALIDATOR.iter_errors(document)] == [["$schema"]]


def test_a_near_miss_of_the_key_is_an_unknown_field_with_a_hint() -> None:
    document = {"$schemas": "x", **BUNDLED}
    (problem,) = itu_tcb.validate(document).problems
    assert (problem.path, problem.kind) == ("$['$schemas']", ProblemKind.UNKNOWN_FIELD)
    assert problem.hint is not None
    assert "'$schema'" in problem.hint


@given(
    st.sampled_from(["NaN", "Infinity", "-Infinity", str(2**64), '"\\ud800"', "1e999"]),
    st.booleans(),
)
def test_a_value_json_itself_refuses_is_one_problem_not_two(text: str, as_mapping: bool) -> None:
    """A ``$schema`` that breaks JSON's own rules gets that one problem (its kind as
    for any field), never a second one about a type of the library's own."""
    document = json.dumps(BUNDLED)[:-1] + f', "$schema": {text}}}'
    source: object = document
    if as_mapping:
        source = json.loads(document)  # Python reads NaN, Infinity and big integers
    found = itu_tcb.validate(source).problems  # type: ignore[arg-type]
    assert len(found) == 1, found
    assert found[0].path == "$['$schema']"
    assert "NotJson" not in found[0].message
