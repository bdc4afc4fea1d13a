"""The terms of use of the data: stated in the bundled ``metadata.terms`` and the README,
and a document's own ``terms`` loaded, checked and written back like any text field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import itu_tcb
from itu_tcb import strategies as its
from itu_tcb.report import format_path

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = Draft202012Validator(itu_tcb.json_schema())


def test_bundled_terms_cover_code_descriptions_and_facts(data: itu_tcb.Dataset) -> None:
    terms = data.metadata.terms
    assert terms is not None
    assert "MIT License" in terms  # the code, and the project's own descriptions
    assert "project's own words" in terms
    assert data.metadata.source.publisher in terms  # the facts, credited to the guide
    assert "citation" in terms


def test_readme_states_the_same_terms() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Terms of use", 1)[1].split("\n## ", 1)[0]
    terms = " ".join(section.split())
    for words in ("MIT", "own words", "UN Trade Capacity Building (TCB) Resource Guide"):
        assert words in terms
    assert "metadata.terms" in terms


@given(dataset=its.datasets(max_records=1), terms=st.none() | its.texts())
def test_terms_survive_the_document_round_trip(dataset: itu_tcb.Dataset, terms: str | None) -> None:
    metadata = attrs.evolve(dataset.metadata, terms=terms)
    changed = itu_tcb.Dataset.from_collections(
        dataset.collections(),
        metadata=metadata,
        schema_version=dataset.schema_version,
        provenance=dataset.provenance,
    )
    document = changed.to_document()
    assert VALIDATOR.is_valid(document)
    loaded = itu_tcb.load(json.dumps(document))
    assert loaded.metadata.terms == terms


def _bundled_with_terms(value: Any) -> dict[str, Any]:
    document = itu_tcb.load().to_document()
    document["metadata"]["terms"] = value
    return document


@pytest.mark.parametrize("value", [42, "", " padded ", "two\nlines", ["MIT"]])
def test_bad_terms_are_refused_with_their_path(value: Any) -> None:
    document = _bundled_with_terms(value)
    report = itu_tcb.validate(json.dumps(document))
    assert not report.valid
    assert {p.path for p in report.errors} == {format_path(["metadata", "terms"])}
    assert not VALIDATOR.is_valid(document)


def test_a_document_without_terms_is_valid() -> None:
    document = itu_tcb.load().to_document()
    del document["metadata"]["terms"]
    report = itu_tcb.validate(json.dumps(document))
    assert report.valid, str(report)
    assert itu_tcb.load(document).metadata.terms is None
