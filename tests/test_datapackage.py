"""The Frictionless Data Package (``itu_tcb.datapackage``): validated by
``frictionless``, read back into pandas, and crediting every document of a merge."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs
import frictionless
import pandas
import pytest
from hypothesis import given, settings

import itu_tcb
from helpers import DATA, run_cli
from itu_tcb import _write, datapackage, tables
from itu_tcb import strategies as its
from profiles import MERGED


def read_back(directory: Path) -> dict[str, pandas.DataFrame]:
    """Every resource of the package as a DataFrame, typed by its Table Schema only."""
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    frames = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        raw = pandas.read_csv(
            directory / resource["path"], dtype=object, keep_default_na=False, encoding="utf-8"
        )
        data: dict[str, pandas.Series[Any]] = {}
        for field in schema["fields"]:
            cells = [None if v in schema["missingValues"] else v for v in raw[field["name"]]]
            kind = field["type"]
            enum = field.get("constraints", {}).get("enum")
            if kind == "integer":
                series = pandas.Series([None if v is None else int(v) for v in cells], dtype=object)
                data[field["name"]] = series.astype("Int64")
            elif kind == "boolean":
                values = [None if v is None else v == "true" for v in cells]
                data[field["name"]] = pandas.Series(values, dtype=object).astype("boolean")
            elif kind == "array":
                data[field["name"]] = pandas.Series(
                    [json.loads(str(v)) for v in cells], dtype=object
                )
            elif enum is not None:
                dtype = pandas.CategoricalDtype(enum, ordered=False)
                data[field["name"]] = pandas.Series(cells, dtype=object).astype(dtype)
            else:
                data[field["name"]] = pandas.Series(cells, dtype=object).astype("string")
        frames[resource["name"]] = pandas.DataFrame(data, columns=list(raw.columns))
    return frames


def check_package(dataset: itu_tcb.Dataset, directory: Path) -> None:
    report = frictionless.validate(str(directory / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    back = read_back(directory)
    expected = dataset.to_dataframes()
    assert list(back) == list(expected)
    for name, frame in expected.items():
        pandas.testing.assert_frame_equal(back[name], frame, check_index_type=False)


def test_the_bundled_package_is_valid_and_reads_back(data: itu_tcb.Dataset, tmp_path: Path) -> None:
    written = datapackage.write_datapackage(data, tmp_path / "pkg")
    names = sorted(os.path.basename(p) for p in written)
    assert names == sorted([f"{n}.csv" for n in tables.table_names()] + ["datapackage.json"])
    assert os.path.basename(written[-1]) == "datapackage.json"  # the descriptor comes last
    check_package(data, tmp_path / "pkg")


@pytest.mark.slow
@settings(max_examples=10)
@given(its.datasets())
def test_generated_packages_are_valid_and_read_back(dataset: itu_tcb.Dataset) -> None:
    with tempfile.TemporaryDirectory() as directory:
        datapackage.write_datapackage(dataset, Path(directory) / "pkg")
        check_package(dataset, Path(directory) / "pkg")


def test_the_descriptor_states_keys_sources_and_terms(data: itu_tcb.Dataset) -> None:
    descriptor = datapackage.package_descriptor(data)
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["sources"] == [
        {
            "title": f"{data.metadata.source.publisher}: {data.metadata.source.title}",
            "path": data.metadata.source.url,
        }
    ]
    assert descriptor["citation"] == data.metadata.citation
    assert [entry["name"] for entry in descriptor["licenses"]] == ["MIT"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    counts = resources["membership_counts"]["schema"]
    assert counts["primaryKey"] == ["membership", "position"]
    assert {
        "fields": ["membership"],
        "reference": {"resource": "memberships", "fields": ["id"]},
    } in (counts["foreignKeys"])
    value = next(f for f in counts["fields"] if f["name"] == "value")
    assert value == {
        "name": "value",
        "type": "integer",
        "constraints": {"required": True, "minimum": 0},
    }
    partners = resources["partnership_partners"]["schema"]["foreignKeys"]
    assert {
        "fields": ["partner"],
        "reference": {"resource": "agencies", "fields": ["id"]},
    } in partners
    assert resources["agencies"]["schema"]["primaryKey"] == ["id"]


def test_another_document_gets_no_licence_unless_given(data: itu_tcb.Dataset) -> None:
    fictional = attrs.evolve(data.metadata, title="Fictional Postal Cooperation Agency profile")
    other = itu_tcb.Dataset(metadata=fictional)
    assert "licenses" not in datapackage.package_descriptor(other)
    mine = [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}]
    assert datapackage.package_descriptor(other, licenses=mine)["licenses"] == mine


def test_lists_are_json_arrays_in_one_cell(tmp_path: Path, data: itu_tcb.Dataset) -> None:
    agency = itu_tcb.Agency(id="ag", name="Fictional Agency", aliases=("a; b", 'say "x"'))
    dataset = itu_tcb.Dataset(metadata=data.metadata, agencies=(agency,))
    datapackage.write_datapackage(dataset, tmp_path / "pkg")
    back = read_back(tmp_path / "pkg")
    assert back["agencies"]["aliases"].tolist() == [["a; b", 'say "x"']]
    check_package(dataset, tmp_path / "pkg")


def test_nothing_is_overwritten_without_force(data: itu_tcb.Dataset, tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "mine.txt").write_text("mine")
    (target / "sectors.csv").write_text("precious")
    with pytest.raises(FileExistsError) as caught:
        datapackage.write_datapackage(data, target)
    assert caught.value.filename == str(target / "sectors.csv")
    assert sorted(os.listdir(target)) == ["mine.txt", "sectors.csv"]
    assert (target / "sectors.csv").read_text() == "precious"
    datapackage.write_datapackage(data, target, force=True)
    assert (target / "mine.txt").read_text() == "mine"
    check_package(data, target)


def test_a_failed_write_removes_what_it_wrote(
    data: itu_tcb.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _write._Pending.publish
    calls = 0

    def failing(self: _write._Pending) -> None:  # the fifth file cannot be put in place
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device", self.given)
        real(self)

    monkeypatch.setattr(_write._Pending, "publish", failing)
    with pytest.raises(OSError, match="No space left"):
        datapackage.write_datapackage(data, tmp_path / "pkg")
    assert os.listdir(tmp_path) == []  # the directory it made is gone too
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "mine.txt").write_text("mine")
    calls = 0
    with pytest.raises(OSError, match="No space left"):
        datapackage.write_datapackage(data, tmp_path / "kept")
    assert os.listdir(tmp_path / "kept") == ["mine.txt"]


# ------------------------------------------------------------------------ CLI


def test_cli_writes_the_package(
    data: itu_tcb.Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "pkg"
    assert run_cli("export", "--all", "--format", "datapackage", str(target)) == (0, "")
    assert f"wrote {len(tables.table_names()) + 1} files" in capsys.readouterr().err
    check_package(data, target)
    assert run_cli("export", "--all", "--format", "datapackage", str(target)) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "exists; add --force" in err
    assert run_cli("export", "--all", "--format", "datapackage", "--force", str(target)) == (0, "")


def test_the_data_package_of_a_merge_credits_every_document() -> None:
    from itu_tcb.datapackage import package_descriptor

    descriptor = package_descriptor(MERGED)
    titles = [s["title"] for s in descriptor["sources"]]
    assert titles == [f"{m.source.publisher}: {m.source.title}" for m in MERGED.documents()]
    for metadata in MERGED.documents():
        assert metadata.citation in descriptor["citation"]
    alone = package_descriptor(DATA)
    assert "the itu_tcb project's own words" in alone["description"]
    assert "project" not in package_descriptor(MERGED)["description"]
