"""``open_lists``: which lists of a record the source gives as examples only.

A name is one of the record's own list fields or the collection of a kind whose
records point to it; anything else is refused with its path, by the loader and the
JSON Schema alike. A partnership's ``open_ended`` agrees with ``"partners"`` there.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import itu_tcb
from itu_tcb import ProblemKind, RecordKind
from itu_tcb._integrity import REFERENCES, open_list_candidates
from itu_tcb.models import RECORD_TYPES
from itu_tcb.report import format_path

BUNDLED = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()
SCHEMA = json.loads((resources.files("itu_tcb") / "data" / "schema.json").read_bytes())
EVERY_FIELD = sorted({f.name for cls in RECORD_TYPES.values() for f in attrs.fields(cls)})
#: Fields of every record that hold lists but not lists of the source's.
NOT_LISTS = ("aliases", "external_fields", "open_lists")


def document() -> dict[str, Any]:
    value: dict[str, Any] = json.loads(BUNDLED)
    return value


def expected_lists(kind: RecordKind) -> list[str]:
    """Written out from the models, independently of ``open_list_candidates``."""
    cls = RECORD_TYPES[kind]
    blank = {f.name: f.default for f in attrs.fields(cls)}
    own = [name for name, default in blank.items() if default == () and name not in NOT_LISTS]
    pointing = [holder.collection for holder, _, target in REFERENCES if target is kind]
    return [*own, *dict.fromkeys(pointing)]


def test_the_lists_each_kind_can_name() -> None:
    assert open_list_candidates(RECORD_TYPES[RecordKind.PROGRAMME]) == (
        "drivers_of_change",
        "target_groups",
        "initiatives",
    )
    assert open_list_candidates(RECORD_TYPES[RecordKind.CATEGORY]) == ("activities",)
    assert open_list_candidates(RECORD_TYPES[RecordKind.ACTIVITY]) == ()
    for kind in RecordKind:
        assert list(open_list_candidates(RECORD_TYPES[kind])) == expected_lists(kind)


@pytest.mark.parametrize("kind", list(RecordKind), ids=lambda k: k.collection)
def test_open_lists_name_lists_of_the_record(kind: RecordKind) -> None:
    allowed = expected_lists(kind)
    refused = [*NOT_LISTS, "id", "nmae", *(n for n in EVERY_FIELD if n not in allowed)]
    refused = list(dict.fromkeys(refused))
    doc = document()
    record = doc[kind.collection][0]
    record["open_lists"] = allowed + refused
    if kind is RecordKind.PARTNERSHIP:
        record["open_ended"] = "partners" in allowed
    report = itu_tcb.validate(doc)
    assert len(report.problems) == len(refused), str(report)
    for offset, (name, problem) in enumerate(zip(refused, report.problems, strict=True)):
        position = len(allowed) + offset
        assert problem.path == format_path((kind.collection, 0, "open_lists", position))
        assert problem.kind is ProblemKind.VALUE
        assert repr(name) in problem.message
        assert problem.hint is not None
        assert all(name in problem.hint for name in allowed)


@settings(deadline=None)
@given(
    kind=st.sampled_from(list(RecordKind)),
    name=st.one_of(st.sampled_from([*EVERY_FIELD, *(k.collection for k in RecordKind)]), st.text()),
)
def test_loader_and_schema_agree_on_every_name(kind: RecordKind, name: str) -> None:
    """Any name: valid exactly when it is a list of the record, for the loader and
    for the shipped JSON Schema."""
    doc = document()
    record = doc[kind.collection][-1]
    record["open_lists"] = [name]
    if kind is RecordKind.PARTNERSHIP:
        record["open_ended"] = name == "partners"
    report = itu_tcb.validate(doc)
    where = format_path((kind.collection, len(doc[kind.collection]) - 1, "open_lists"))
    fits = name in expected_lists(kind)
    assert report.valid is fits, str(report)
    assert all(p.path.startswith(where) for p in report.problems), str(report)
    assert Draft202012Validator(SCHEMA).is_valid(doc) is fits


@pytest.mark.parametrize(
    ("open_lists", "open_ended", "agree"),
    [
        (["partners"], True, True),
        ([], False, True),
        ([], True, True),  # a document written for 0.1: open_ended alone
        (["parties"], False, True),
        (["partners"], False, False),
        (["parties"], True, False),
    ],
)
def test_open_ended_agrees_with_open_lists(
    open_lists: list[str], open_ended: bool, agree: bool
) -> None:
    doc = document()
    (index,) = [i for i, p in enumerate(doc["partnerships"]) if p.get("open_ended")]
    record = doc["partnerships"][index]
    record["open_lists"] = open_lists
    record["open_ended"] = open_ended
    report = itu_tcb.validate(doc)
    if agree:
        assert report.problems == (), str(report)
        loaded = itu_tcb.load(doc).partnerships[index]
        assert (loaded.open_lists, loaded.open_ended) == (tuple(open_lists), open_ended)
    else:
        (problem,) = report.problems
        assert problem.path == format_path(("partnerships", index, "open_ended"))
        assert problem.kind is ProblemKind.VALUE
        assert "partners" in problem.message


def test_open_lists_are_not_searched_as_text() -> None:
    """The names in ``open_lists`` are field names, not the record's prose."""
    data = itu_tcb.load()
    assert all(m.matched != "open_lists" for m in data.search("global_challenges"))
