"""Round trips through the one converter, and the document -> Dataset pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import MODELS, any_model, json_values, mutated_value, typed
from itu_tcb import strategies as its
from itu_tcb._convert import CONVERTER, _Strict, problems_of, record_dict, structure_hook

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


# ------------------------------------------------------------- loading


def test_load_reads_a_path_bytes_text_or_mapping(tmp_path: Path, data: itu_tcb.Dataset) -> None:
    text = json.dumps(data.to_document())
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    for source in (path, str(path), text.encode(), bytearray(text.encode()), json.loads(text)):
        loaded = itu_tcb.load(source)
        assert loaded == data
    assert itu_tcb.load(path).origin == str(path)
    assert itu_tcb.load(text).origin == "<string>"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\xff\xfe{}", "encoding"),
        (b'{"a": "\xff"}', "encoding"),
        (b"", "syntax"),
        (b"{", "syntax"),
        (b"[]", "type"),
        (b'{"schema_version": "9"}', "schema-version"),
        (b'{"schema_version": 1}', "type"),
        (b'{"metadata": {}}', "missing"),
    ],
)
def test_bad_documents_raise_data_error_with_a_report(content: bytes, kind: str) -> None:
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.load(content)
    report = caught.value.report
    assert not report
    assert kind in {p.kind.value for p in report.errors}
    assert str(caught.value).startswith("<bytes> is not a valid itu_tcb document: ")


def test_an_unreadable_path_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    for path, words in ((tmp_path / "missing.json", "No such file"), (tmp_path, "directory")):
        with pytest.raises(itu_tcb.DataError, match=words) as caught:
            itu_tcb.load(path)
        assert [p.kind.value for p in caught.value.report.problems] == ["unreadable"]


def test_a_source_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="source must be a path, bytes, str or mapping, not int"):
        itu_tcb.load(3)  # type: ignore[arg-type]


@given(st.sampled_from(["activities", "sectors", "agencies"]))
def test_integrity_errors_come_with_the_structure_errors(collection: str) -> None:
    document = itu_tcb.load().to_document()
    first = document[collection][0]
    document[collection].append(dict(first))
    document["metadata"]["title"] = ""
    report = itu_tcb.validate(document)
    kinds = {(p.path, p.kind.value) for p in report.errors}
    assert ("$.metadata.title", "value") in kinds
    index = len(document[collection]) - 1
    assert (f"$.{collection}[{index}].id", "duplicate-id") in kinds


def test_a_well_formed_document_with_broken_references_is_refused() -> None:
    document = itu_tcb.load().to_document()
    document["activities"][0]["category"] = "group-9"
    document["sectors"].append(dict(document["sectors"][0]))
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.load(document)
    found = {(p.path, p.kind.value) for p in caught.value.report.errors}
    assert found == {("$.activities[0].category", "reference"), ("$.sectors[3].id", "duplicate-id")}


def test_an_unknown_key_that_is_not_a_name_is_quoted_in_the_path() -> None:
    document = itu_tcb.load().to_document()
    document["sectors"][1]["bad key"] = 1
    report = itu_tcb.validate(document)
    assert [p.path for p in report.errors] == ["$.sectors[1]['bad key']"]


def test_loading_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    text = json.dumps(itu_tcb.load().to_document())
    assert gc.isenabled()
    itu_tcb.load(text)
    assert gc.isenabled()
    gc.disable()
    try:
        itu_tcb.load(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


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
    hook = structure_hook(cls)
    return hook, getattr(hook, "thorough")  # noqa: B009 - set on the function


@given(any_model)
def test_the_first_part_of_a_hook_builds_every_valid_record(value: Any) -> None:
    """A valid record never reaches the second part (so the comparison below cannot
    hold by handing everything on), and is built as it was."""
    hook, _ = _parts(type(value))

    def refuse(*args: Any) -> Any:
        raise AssertionError(f"handed on: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Strict, "read", staticmethod(refuse))
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
