"""Faults found by trying the package as a new user would, each fixed for its class."""

from __future__ import annotations

import collections
import copy
import json
import re
import types
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb.cli import run

BUNDLED: dict[str, Any] = json.loads(
    (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")
)


def found(report: itu_tcb.Report) -> list[tuple[str, str]]:
    return [(p.path, p.kind.value) for p in report.problems]


@pytest.mark.parametrize("where", ["aliases", "unknown"])
@pytest.mark.parametrize("shape", ["list", "dict"])
def test_a_value_that_contains_itself_is_a_type_problem_not_a_hang(where: str, shape: str) -> None:
    doc = copy.deepcopy(BUNDLED)
    cycle: Any = [] if shape == "list" else {}
    if shape == "list":
        cycle.append(cycle)
    else:
        cycle["a"] = cycle
    doc["activities"][3]["aliases" if where == "aliases" else "odd"] = cycle
    report = itu_tcb.validate(doc)
    assert not report.valid
    circular = [p for p in report.problems if "circular" in p.message]
    assert len(circular) == 1
    step = "[0]" if shape == "list" else ".a"
    field = "aliases" if where == "aliases" else "odd"
    assert circular[0].path == f"$.activities[3].{field}{step}"
    assert circular[0].kind is itu_tcb.ProblemKind.TYPE


def test_a_shared_container_is_walked_once() -> None:
    doc = copy.deepcopy(BUNDLED)
    shared = ["a", "b"]
    for activity in doc["activities"]:
        activity["aliases"] = shared  # the same list, many times: not circular
    report = itu_tcb.validate(doc)
    assert all(p.kind is itu_tcb.ProblemKind.AMBIGUOUS for p in report.errors)


def wrapped(value: Any, make: Any) -> Any:
    if isinstance(value, dict):
        return make({k: wrapped(v, make) for k, v in value.items()})
    if isinstance(value, list):
        return [wrapped(v, make) for v in value]
    return value


class Frozen(collections.abc.Mapping[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Any:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize(
    "make", [collections.OrderedDict, types.MappingProxyType, Frozen], ids=lambda m: m.__name__
)
def test_any_mapping_is_an_object_at_every_depth(make: Any) -> None:
    doc = wrapped(BUNDLED, make)
    assert itu_tcb.validate(doc).valid
    assert itu_tcb.load(doc) == itu_tcb.load()
    broken = copy.deepcopy(BUNDLED)
    broken["sectors"][0]["name"] = 1
    assert found(itu_tcb.validate(wrapped(broken, make))) == found(itu_tcb.validate(broken))


@settings(deadline=None)
@given(
    # No high surrogate before a low one: JSON's escapes would pair them into one
    # character, which is no fault in text.
    key=st.text(st.characters(codec=None, categories=["Cs", "Ll"]), min_size=1, max_size=4).filter(
        lambda key: re.search("[\ud800-\udbff][\udc00-\udfff]", key) is None
    )
)
def test_a_key_with_a_lone_surrogate_is_reported_alike_from_str_and_mapping(key: str) -> None:
    doc = copy.deepcopy(BUNDLED)
    doc["activities"][3][key] = 1
    as_mapping = found(itu_tcb.validate(doc))
    assert found(itu_tcb.validate(json.dumps(doc, ensure_ascii=False))) == as_mapping
    assert found(itu_tcb.validate(json.dumps(doc))) == as_mapping


def test_a_clash_from_a_replacement_is_blamed_on_the_later_part() -> None:
    def agency_doc(suffix: str, activity_name: str, activity_id: str) -> dict[str, Any]:
        return {
            "schema_version": "1.0",
            "metadata": BUNDLED["metadata"],
            "agencies": [{"id": f"zorblax-{suffix}", "name": f"Zorblax {suffix}"}],
            "categories": [{"id": f"zg-{suffix}", "agency": f"zorblax-{suffix}"}],
            "activities": [{"id": activity_id, "name": activity_name, "category": f"zg-{suffix}"}],
        }

    first = agency_doc("one", "First act", "zorblax-a1")
    second = agency_doc("two", "Quux Org Act", "quux-a1")
    third = agency_doc("three", "Quux Org Act", "zorblax-a1")
    third["activities"][0]["category"] = "zg-two"  # of the second agency, as "Quux Org Act"
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.merge(first, second, third, replace=["zorblax-a1"])
    clashes = [p for p in caught.value.report.problems if p.kind is itu_tcb.ProblemKind.CLASH]
    assert [(p.source, p.path) for p in clashes] == [("<mapping> (part 3)", "$.activities[0].name")]


def test_nested_merge_labels_count_on() -> None:
    def doc(n: int) -> bytes:
        return json.dumps(
            {
                "schema_version": "1.0",
                "metadata": BUNDLED["metadata"],
                "agencies": [{"id": f"fictional-{n}", "name": f"Fictional agency {n}"}],
            }
        ).encode()

    inner = itu_tcb.merge(doc(1), doc(2))
    outer = itu_tcb.merge(inner, doc(3))
    assert outer.origin_of("fictional-3") == "<bytes> (part 3)"


def test_a_dataset_built_in_python_names_the_versions_as_the_loader_does() -> None:
    meta = itu_tcb.load().metadata
    with pytest.raises(ValueError, match=r"this library reads '1\.0'"):
        itu_tcb.Dataset(metadata=meta, schema_version="2.0")
    with pytest.raises(TypeError, match="schema_version must be a string"):
        itu_tcb.Dataset(metadata=meta, schema_version=1)  # type: ignore[arg-type]


def test_the_missing_version_hint_is_json() -> None:
    problem = itu_tcb.validate(b'{"metadata": {}}').problems[0]
    assert problem.hint == 'add "schema_version": "1.2"'


def test_export_into_a_missing_folder_names_the_file_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nodir" / "x.csv"
    assert run(["export", "sectors", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert repr(str(target)) in err
    assert ".tmp" not in err
    assert "its folder does not exist" in err


@pytest.mark.parametrize("constant_hash", [False, True])
def test_ambiguous_keys_are_found_whatever_the_claims_hash_to(
    constant_hash: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims are held by their hash; equal hashes of different claims (forced here:
    every claim hashes alike) are told apart by the claims themselves."""
    from itu_tcb import _integrity

    doc = copy.deepcopy(BUNDLED)
    doc["activities"][1]["aliases"] = ["ITU D", "Exhibitions and forums"]
    doc["activities"][2]["aliases"] = ["exhibitions-and-FORUMS"]
    expected = [
        ("$.activities[1].aliases[0]", "ambiguous"),
        ("$.activities[1].aliases[1]", "ambiguous"),
        ("$.activities[2].aliases[0]", "ambiguous"),
    ]
    if constant_hash:
        monkeypatch.setattr(_integrity, "hash", lambda _: 0, raising=False)
    report = itu_tcb.validate(doc)
    assert found(report) == expected
    assert itu_tcb.validate(BUNDLED).valid
