"""The one strict converter (``itu_tcb._convert``): round trips, no coercion, every
problem at its path, and the two parts of each structure hook giving one answer."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import (
    MODELS,
    any_model,
    bundled,
    edited,
    json_values,
    mutated_value,
    only,
    path_kind_set,
    typed,
)
from itu_tcb import ProblemKind
from itu_tcb import strategies as its
from itu_tcb._convert import CONVERTER, problems_of, record_dict

JSON_TYPES = (str, int, bool, list, dict, type(None))


def plain(value: Any) -> bool:
    """True when a value holds only JSON types (no enums, tuples or records)."""
    if isinstance(value, dict):
        return all(type(k) is str and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return type(value) in JSON_TYPES


@given(any_model)
def test_unstructure_then_structure_gives_the_value_back(value: Any) -> None:
    raw = CONVERTER.unstructure(value)
    assert plain(raw)
    assert CONVERTER.structure(raw, type(value)) == value


@given(any_model)
def test_unstructured_values_survive_json(value: Any) -> None:
    raw = CONVERTER.unstructure(value)
    assert CONVERTER.structure(json.loads(json.dumps(raw)), type(value)) == value


@given(its.records("activities"))
def test_record_dict_is_the_unstructured_record(record: itu_tcb.Record) -> None:
    raw = record_dict(record)
    assert set(raw) == {f.name for f in attrs.fields(type(record))}
    assert raw == CONVERTER.unstructure(record)


@pytest.mark.slow
@given(its.datasets())
def test_a_dataset_survives_export_json_and_load(dataset: itu_tcb.Dataset) -> None:
    text = json.dumps(dataset.to_document())
    loaded = itu_tcb.load(text)
    assert loaded == dataset
    assert loaded is not dataset
    assert hash(loaded) == hash(dataset)
    assert [r.id for r in loaded] == [r.id for r in dataset]


def test_the_bundled_data_survives_export_and_load(data: itu_tcb.Dataset) -> None:
    document = data.to_document()
    assert plain(document)
    assert itu_tcb.load(json.dumps(document, ensure_ascii=False)) == data
    assert itu_tcb.load(document) == data


# -------------------------------------------------- the strict converter

BASE: dict[str, Any] = {"id": "s", "code": "S", "name": "Sector", "agency": "a"}


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"code": 1}, "code", "expected a string, got an integer"),
        ({"code": None}, "code", "expected a string, got null"),
        ({"aliases": "ab"}, "aliases", "expected a list, got a string"),
        ({"aliases": ["ok", 2]}, "aliases[1]", "expected a string"),
        ({"source": "nowhere"}, "source", "expected an object (SourceRef)"),
        ({"id": "Bad Id"}, "id", "not an id"),
        ({"extra": True}, "extra", "unknown field"),
    ],
)
def test_the_converter_does_not_coerce(changes: dict[str, Any], path: str, words: str) -> None:
    document: dict[str, Any] = {
        "schema_version": "1.0",
        "metadata": itu_tcb.load().to_document()["metadata"],
        "agencies": [{"id": "a"}],
        "sectors": [{**BASE, **changes}],
    }
    report = itu_tcb.validate(document)
    assert not report
    assert [(p.path, words in p.message) for p in report.errors] == [(f"$.sectors[0].{path}", True)]


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    document = itu_tcb.load().to_document()
    document["activities"][3]["category"] = 3
    document["activities"][5]["name"] = ""
    document["sectors"][0]["open"] = False
    document["partnerships"][2]["open_ended"] = "false"
    report = itu_tcb.validate(document)
    assert sorted(p.path for p in report.errors) == [
        "$.activities[3].category",
        "$.activities[5].name",
        "$.partnerships[2].open_ended",
        "$.sectors[0].open",
    ]


# ------------------------------------------------- the two parts of one hook


def _raw(value: Any) -> Any:
    """A model's value as a parsed document holds it."""
    return json.loads(json.dumps(CONVERTER.unstructure(value)))


def _outcome(read: Any, raw: Any) -> tuple[str, Any]:
    try:
        return "value", typed(read(raw))
    except Exception as exc:  # noqa: BLE001 - the problems are what is compared
        return "problems", problems_of(exc, ())


def _parts(cls: type) -> tuple[Any, Any]:
    """A class's hook, and the hook's second part alone (every field read through
    the converter's hooks, every problem collected)."""
    hook = CONVERTER.get_structure_hook(cls)
    return hook, getattr(hook, "thorough")  # noqa: B009 - set on the function


@given(any_model)
def test_the_first_part_of_a_hook_builds_every_valid_record(value: Any) -> None:
    """A valid record never reaches the second part (so the comparison below cannot
    hold by handing everything on), and is built as it was."""
    hook, _ = _parts(type(value))

    def refuse(*args: Any) -> Any:
        raise AssertionError(f"handed on: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        for cls, _ in MODELS:  # the first part hands on through its global ``read``
            patch.setitem(CONVERTER.get_structure_hook(cls).__globals__, "read", refuse)
        assert typed(hook(_raw(value))) == typed(value)


@given(any_model, st.data())
def test_a_hook_gives_what_its_second_part_gives(value: Any, data: st.DataObject) -> None:
    raw = mutated_value(_raw(value), data, json_values)
    hook, second = _parts(type(value))
    assert _outcome(hook, json.loads(json.dumps(raw))) == _outcome(
        second, json.loads(json.dumps(raw))
    )


#: Values at the edges of what the first part tells apart, each tried in every field:
#: each type of JSON, text with spaces, controls, line separators or non-ASCII
#: letters, slugs and near-slugs, integers around zero, booleans for integers, enum
#: values and near ones, lists with repeats.
EDGES: list[Any] = [
    *["", " ", "a", "a ", " a", "a\tb", "a\x00", "a\x7f", "a\x85b", "a\u2028b", "é"],
    *["a\xa0", "\xa0", "Ab", "a-b", "a--b", "-a", "a-", "a_b", "itu", "a1"],
    *["exact", "nearly", "over", "earlier", "current", "EXACT", "exact ", "specialized_agency"],
    *[-2, -1, 0, 1, 2**63 - 1, True, False, None, 1.0, -0.0],
    *[[], ["a"], ["a", "a"], ["a", "b"], [" a"], [1], [None], [[]], [{}]],
    *[{}, {"label": "a"}, {"value": 1}, {"section": "a", "links": []}],
]


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=[cls.__name__ for cls, _ in MODELS])
@settings(max_examples=5)
@given(data=st.data())
def test_an_edgy_value_in_any_field_is_taken_as_the_second_part_takes_it(
    cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    hook, second = _parts(cls)
    record = _raw(data.draw(strategy))
    for name in attrs.fields_dict(cls):
        for value in EDGES:
            raw = {**record, name: value}
            assert _outcome(hook, raw) == _outcome(second, raw), (name, value)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("code", 1, "expected a string, got an integer"),
        ("code", None, "expected a string, got null"),
        ("aliases", "ab", "expected a list, got a string"),
        ("aliases", [1], "expected a string, got an integer"),
        ("name", ["Radiocommunication Sector"], "expected a string, got a list"),
        ("source", "none", "expected an object (SourceRef), got a string"),
    ],
)
def test_wrong_types_are_never_coerced(field: str, value: Any, expected: str) -> None:
    report = edited(lambda d: d["sectors"][0].__setitem__(field, value))
    problem = only(report)
    assert problem.kind is ProblemKind.TYPE
    assert problem.path.startswith(f"$.sectors[0].{field}")
    assert expected in problem.message


@pytest.mark.parametrize("value", ["false", 0, 1, None])
def test_booleans_are_only_true_or_false(value: Any) -> None:
    problem = only(edited(lambda d: d["partnerships"][1].__setitem__("open_ended", value)))
    assert (problem.path, problem.kind) == ("$.partnerships[1].open_ended", ProblemKind.TYPE)


@pytest.mark.parametrize("value", ["193", 193.0, True, None])
def test_counts_are_only_integers(value: Any) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["memberships"][0]["counts"][0]["count"]["value"] = value

    problem = only(edited(edit))
    assert problem.path == "$.memberships[0].counts[0].count.value"
    assert problem.kind is ProblemKind.TYPE


def test_unknown_field_hint() -> None:
    problem = only(edited(lambda d: d["sectors"][0].__setitem__("agncy", "itu")))
    assert (problem.path, problem.kind) == ("$.sectors[0].agncy", ProblemKind.UNKNOWN_FIELD)
    assert problem.hint == "did you mean 'agency'?"


def test_enum_lists_the_allowed_values() -> None:
    problem = only(edited(lambda d: d["events"][0].__setitem__("event_kind", "exhibition")))
    assert (problem.path, problem.kind) == ("$.events[0].event_kind", ProblemKind.ENUM)
    for allowed in ("'exhibition_and_forum'", "'academic_event'"):
        assert allowed in problem.message


def test_qualifier_lists_the_allowed_values() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["memberships"][0]["counts"][1]["count"]["qualifier"] = "Nearly"

    problem = only(edited(edit))
    assert problem.kind is ProblemKind.ENUM
    assert "'exact', 'nearly', 'over', 'about'" in problem.message
    assert problem.hint == "did you mean 'nearly'?"


@pytest.mark.parametrize("name", ["", " ", "\t\n", " Radiocommunication Sector"])
def test_blank_or_padded_names(name: str) -> None:
    problem = only(edited(lambda d: d["sectors"][0].__setitem__("name", name)))
    assert (problem.path, problem.kind) == ("$.sectors[0].name", ProblemKind.VALUE)


@pytest.mark.parametrize("bad", ["", " ", "ITU-R", "itu_r", "itu--r", "-itu", "itu r", "itú"])
def test_ids_must_be_slugs(bad: str) -> None:
    report = edited(lambda d: d["activities"][11].__setitem__("id", bad))
    problem = only(report)
    assert (problem.path, problem.kind) == ("$.activities[11].id", ProblemKind.VALUE)


def test_missing_required_fields_all_reported() -> None:
    def edit(d: dict[str, Any]) -> None:
        del d["sectors"][0]["code"]
        del d["sectors"][0]["name"]
        del d["metadata"]["source"]["title"]

    assert path_kind_set(edited(edit)) == {
        ("$.sectors[0].code", ProblemKind.MISSING),
        ("$.sectors[0].name", ProblemKind.MISSING),
        ("$.metadata.source.title", ProblemKind.MISSING),
    }


@pytest.mark.parametrize("character", ["\n", "\t", "\x00", "\x1b", "\x7f"])
def test_text_fields_refuse_control_characters(character: str) -> None:
    document = bundled()
    document["activities"][2]["name"] = f"ICT{character}Eye"
    document["sectors"][0]["description"] = f"Radio{character}communication"
    report = itu_tcb.validate(document)
    found = {(p.path, p.kind) for p in report.errors}
    assert found == {
        ("$.activities[2].name", ProblemKind.VALUE),
        ("$.sectors[0].description", ProblemKind.VALUE),
    }
    assert all("control character" in p.message for p in report.errors)
