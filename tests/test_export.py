"""Flat rows, DataFrames, CSV / JSON / JSON Lines, and the ``itu-tcb export`` command."""

from __future__ import annotations

import csv
import enum
import errno
import io
import json
import os
import stat
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import (
    Activity,
    ActivityCategory,
    Agency,
    Count,
    DataError,
    Dataset,
    DriverOfChange,
    DriverPeriod,
    Link,
    MemberCount,
    Membership,
    Metadata,
    Programme,
    Qualifier,
    RecordKind,
    Source,
    SourceRef,
    TargetGroup,
    _formats,
    _integrity,
    _rules,
    _write,
    tables,
)
from itu_tcb.cli import run
from itu_tcb.models import RECORD_TYPES

DATA = itu_tcb.load()
KINDS = list(RecordKind)
METADATA = Metadata(
    title="Test document",
    data_version="0",
    source=Source(title="A page", publisher="Tests"),
    citation="Tests.",
)


def tiny(**activity: Any) -> Dataset:
    """An agency, one category and one activity (fields of the activity overridable)."""
    fields: dict[str, Any] = {"id": "act", "name": "Some activity", "category": "cat"}
    fields.update(activity)
    return Dataset(
        metadata=METADATA,
        agencies=(Agency(id="ag", acronym="AG", name="Agency of tests"),),
        categories=(ActivityCategory(id="cat", agency="ag", project_label="Only group"),),
        activities=(Activity(**fields),),
    )


def plain_cell(value: object) -> bool:
    if value is None or isinstance(value, str | int | bool):
        return not isinstance(value, enum.Enum)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# ------------------------------------------------------------------ flat rows


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_one_row_per_record_in_source_order_with_fixed_columns(kind: RecordKind) -> None:
    rows = DATA.to_records(kind)
    records = DATA.collection(kind)
    assert [row["id"] for row in rows] == [r.id for r in records]
    for row in rows:
        assert tuple(row) == tables.columns(kind)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_cells_are_plain_json_values(kind: RecordKind) -> None:
    for row in DATA.to_records(kind):
        bad = {name: value for name, value in row.items() if not plain_cell(value)}
        assert bad == {}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_every_model_field_has_a_column(kind: RecordKind) -> None:
    names = tables.columns(kind)
    assert len(set(names)) == len(names)
    own = {tables.table(n).field for n in tables.table_names() if tables.table(n).kind is kind}
    for field in attrs.fields(RECORD_TYPES[kind]):
        if field.name in own:  # a list with a table of its own
            assert field.name not in names
            assert f"{kind.name.lower()}_{field.name}" in tables.table_names()
            continue
        assert field.name in names or any(n.startswith(f"{field.name}_") for n in names)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_text_and_list_fields_keep_their_values(kind: RecordKind) -> None:
    hints = typing.get_type_hints(RECORD_TYPES[kind])
    for record, row in zip(DATA.collection(kind), DATA.to_records(kind), strict=True):
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            if field.name not in row:
                continue  # a nested value: see the tests of flattening below
            if hints[field.name] == tuple[str, ...]:
                assert row[field.name] == list(value)
            elif isinstance(value, enum.Enum):
                assert row[field.name] == value.value
            elif value is None or isinstance(value, str | bool):
                assert row[field.name] == value


def test_enums_are_plain_strings() -> None:
    rows = DATA.to_records("agencies")
    assert {type(row["agency_kind"]) for row in rows} == {str}
    assert [row["agency_kind"] for row in rows] == [a.agency_kind.value for a in DATA.agencies]


def test_a_count_is_a_value_and_a_qualifier_column() -> None:
    counted = [a for a in DATA.agencies if a.years_active is not None]
    assert counted, "the bundled data should have a count to test"
    for agency, row in zip(DATA.agencies, DATA.to_records("agencies"), strict=True):
        count = agency.years_active
        assert row["years_active_value"] == (None if count is None else count.value)
        assert row["years_active_qualifier"] == (None if count is None else count.qualifier.value)


def test_references_are_also_given_by_name() -> None:
    by_id = {record.id: record for record in DATA}
    checked = 0
    for holder, field, _ in _integrity.REFERENCES:
        if f"{holder.name.lower()}_{field}" in tables.table_names():
            # A list of references: a link table, one row per item, in order.
            rows = DATA.to_records(f"{holder.name.lower()}_{field}")
            single = field.removesuffix("s")
            expected = [
                (record.id, position, target)
                for record in DATA.collection(holder)
                for position, target in enumerate(getattr(record, field), start=1)
            ]
            assert [(r[holder.name.lower()], r["position"], r[single]) for r in rows] == expected
            assert [r[f"{single}_name"] for r in rows] == [by_id[t].title for *_, t in expected]
            checked += len(rows)
            continue
        for record, row in zip(DATA.collection(holder), DATA.to_records(holder), strict=True):
            value = getattr(record, field)
            assert row[field] == value
            if field == "category":
                assert row["category_label"] == by_id[value].title
                checked += 1
            else:
                assert row[f"{field}_name"] == (None if value is None else by_id[value].title)
                checked += value is not None
    assert checked > 20


def test_sector_rows_name_their_agency() -> None:
    for sector, row in zip(DATA.sectors, DATA.to_records("sectors"), strict=True):
        assert row["agency"] == sector.agency
        assert row["agency_name"] == DATA.agency_of(sector).name


def test_activities_carry_their_group_label_and_position() -> None:
    rows = DATA.to_records("activities")
    assert len(rows) == len(DATA.activities) == 12
    for activity, row in zip(DATA.activities, rows, strict=True):
        category = DATA.category_of(activity)
        assert row["category_label"] == category.title
        siblings = DATA.categories_of(DATA.agency_of(category))
        assert siblings[row["category_position"] - 1] == category
    assert {row["category_position"] for row in rows} == set(range(1, len(DATA.categories) + 1))


def test_nested_values_follow_the_documented_text_forms() -> None:
    source = SourceRef(
        section="Somewhere",
        links=(
            Link(label="Site", url="https://example.org/a"),
            Link(label="Old page", target_lost=True),
            Link(label="Note"),
        ),
    )
    data = Dataset(
        metadata=METADATA,
        agencies=(Agency(id="ag", name="Agency of tests", years_active=Count(value=5)),),
        programmes=(
            Programme(
                id="prog",
                name="A programme",
                agency="ag",
                source=source,
                drivers_of_change=(DriverOfChange(name="change", period=DriverPeriod.CURRENT),),
                target_groups=(TargetGroup(name="learners"), TargetGroup(name="staff", level="x")),
            ),
        ),
        memberships=(
            Membership(
                id="mem",
                agency="ag",
                counts=(
                    MemberCount(category="States", count=Count(value=3)),
                    MemberCount(category="Others", count=Count(value=7, qualifier=Qualifier.OVER)),
                ),
            ),
        ),
    )
    (programme,) = data.to_records("programmes")
    assert programme["source_section"] == "Somewhere"
    assert programme["source_links"] == [
        "Site: https://example.org/a",
        "Old page: (target lost)",
        "Note: (no target given)",
    ]
    assert data.to_records("programme_drivers_of_change") == [
        {"programme": "prog", "agency": "ag", "position": 1, "name": "change", "period": "current"}
    ]
    assert data.to_records("programme_target_groups") == [
        {"programme": "prog", "agency": "ag", "position": 1, "name": "learners", "level": None},
        {"programme": "prog", "agency": "ag", "position": 2, "name": "staff", "level": "x"},
    ]
    assert programme["agency_name"] == "Agency of tests"
    (membership,) = data.to_records("memberships")
    assert "counts" not in membership
    counts = data.to_records("membership_counts")
    assert [(r["category"], r["value"], r["qualifier"]) for r in counts] == [
        ("States", 3, "exact"),
        ("Others", 7, "over"),
    ]
    (agency,) = data.to_records("agencies")
    assert (agency["years_active_value"], agency["years_active_qualifier"]) == (5, "exact")
    assert agency["source_section"] is None
    assert agency["source_links"] == []


def test_an_empty_kind_has_no_rows() -> None:
    assert tiny().to_records("events") == []


@pytest.mark.parametrize("name", ["activities", "activity", "ACTIVITY", " Activities "])
def test_kind_by_enum_or_name(name: str) -> None:
    assert DATA.to_records(name) == DATA.to_records(RecordKind.ACTIVITY)


def test_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ValueError, match="unknown table 'widgets'") as caught:
        DATA.to_records("widgets")
    for name in tables.table_names():
        assert name in str(caught.value)


def test_kind_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="a table is named by a string or a RecordKind, not int"):
        DATA.to_records(3)  # type: ignore[arg-type]


# ------------------------------------------------------------------ DataFrame


def test_dataframe_of_activities_has_twelve_rows_with_their_group() -> None:
    frame = itu_tcb.load().to_dataframe("activities")
    assert frame.shape == (12, len(tables.columns("activities")))
    assert list(frame.columns) == list(tables.columns("activities"))
    assert frame["category_label"].notna().all()
    sizes = frame.groupby("category_label").size()
    expected = {c.title: len(DATA.activities_in(c)) for c in DATA.categories}
    assert sizes.to_dict() == expected


def test_dataframe_whole_numbers_are_nullable_integers() -> None:
    frame = DATA.to_dataframe(RecordKind.AGENCY)
    assert str(frame["years_active_value"].dtype) == "Int64"
    missing = [a.years_active is None for a in DATA.agencies]
    assert frame["years_active_value"].isna().tolist() == missing
    assert str(DATA.to_dataframe("activities")["category_position"].dtype) == "Int64"


def test_dataframe_of_an_empty_kind_keeps_its_columns() -> None:
    frame = tiny().to_dataframe("events")
    assert frame.empty
    assert list(frame.columns) == list(tables.columns("events"))


def test_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # "import pandas" now fails
    with pytest.raises(ImportError, match=r"pip install 'itu-tcb\[pandas\]'"):
        DATA.to_dataframe("activities")


def test_dataframe_checks_the_kind_before_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ValueError, match="unknown table"):
        DATA.to_dataframe("widgets")


# ------------------------------------------------------------------ rendering


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_csv_cells(kind: RecordKind) -> None:
    rows = DATA.to_records(kind)
    text = _formats.render(rows, tables.columns(kind), "csv")
    assert text.splitlines()[0].split(",") == list(tables.columns(kind))
    parsed = read_csv(text)
    assert len(parsed) == len(rows)
    for row, back in zip(rows, parsed, strict=True):
        for name, value in row.items():
            if value is None:
                assert back[name] == ""
            elif isinstance(value, bool):
                assert back[name] == str(value).lower()
            elif isinstance(value, list):
                assert back[name] == "; ".join(value)
            else:
                assert back[name] == str(value)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_json_and_jsonl_hold_the_rows(kind: RecordKind) -> None:
    rows = DATA.to_records(kind)
    assert json.loads(_formats.render(rows, tables.columns(kind), "json")) == rows
    lines = _formats.render(rows, tables.columns(kind), "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == rows


def test_csv_refuses_a_nul_character_and_says_where() -> None:
    # The data's text rule refuses control characters, but render takes any rows.
    rows = tiny().to_records("activities")
    rows[0]["name"] = "nul\x00here"
    with pytest.raises(ValueError, match="NUL character of 'name' in row 'act'; export as json"):
        _formats.render(rows, tables.columns("activities"), "csv")
    assert json.loads(_formats.render(rows, tables.columns("activities"), "json")) == rows


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'; choose from: csv, json, jsonl"):
        _formats.render([], ("id",), "xml")


texts = st.text(min_size=1, max_size=30).filter(lambda s: _rules.TEXT.check(s) is None)


@settings(deadline=None)
@given(name=texts, aliases=st.lists(texts, max_size=3, unique=True))
def test_any_valid_text_round_trips_through_every_format(name: str, aliases: list[str]) -> None:
    try:
        data = tiny(name=name, aliases=tuple(aliases))
    except DataError:
        assume(False)  # the name or an alias clashes with another record's
    rows = data.to_records("activities")
    header = tables.columns("activities")
    if "\x00" in name or any("\x00" in alias for alias in aliases):
        with pytest.raises(ValueError, match="CSV cannot hold the NUL character"):
            _formats.render(rows, header, "csv")
    else:
        (back,) = read_csv(_formats.render(rows, header, "csv"))
        assert back["name"] == name
        assert back["aliases"] == "; ".join(aliases)
        if not any("; " in alias for alias in aliases):
            assert (back["aliases"].split("; ") if aliases else []) == aliases
    assert json.loads(_formats.render(rows, header, "json")) == rows
    assert [json.loads(x) for x in _formats.render(rows, header, "jsonl").splitlines()] == rows


# ------------------------------------------------------------- atomic writing


def test_write_atomic_writes_utf8(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    _write.write_atomic(target, "d\u00e9j\u00e0 vu\r\n")
    assert target.read_bytes() == "d\u00e9j\u00e0 vu\r\n".encode()
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    with pytest.raises(FileExistsError):
        _write.write_atomic(target, "new")
    assert target.read_text() == "keep me"
    _write.write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_refuses_a_file_that_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:
        real_fsync(fd)
        target.write_text("someone else's")

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(FileExistsError):
        _write.write_atomic(target, "mine")
    assert target.read_text() == "someone else's"
    assert os.listdir(tmp_path) == ["out.txt"]


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and modes")


@needs_posix
def test_write_atomic_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for force in (False, True):
        with pytest.raises(OSError, match="it is a FIFO") as caught:
            _write.write_atomic(fifo, "text", force=force)
        assert not isinstance(caught.value, FileExistsError)
    link = tmp_path / "to-fifo"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="it is a FIFO"):
        _write.write_atomic(link, "text", force=True)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OSError, match="loop of symbolic links"):
        _write.write_atomic(loop, "text", force=True)
    with pytest.raises(IsADirectoryError):
        _write.write_atomic(tmp_path, "text", force=True)
    assert fifo.is_fifo()
    assert link.is_symlink()
    assert loop.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["fifo", "loop", "to-fifo"]


@needs_posix
def test_write_atomic_refuses_a_device(tmp_path: Path) -> None:
    # A link to /dev/null: refused before anything is written, so /dev stays untouched.
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    with pytest.raises(OSError, match="it is a character device, not a regular file"):
        _write.write_atomic(link, "text", force=True)
    assert os.path.realpath(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert os.listdir(tmp_path) == ["null"]


@needs_posix
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_write_atomic_keeps_the_permission_bits(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(mode)
    _write.write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == mode


@needs_posix
def test_write_atomic_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.csv"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(Path("data") / "real.csv")
    with pytest.raises(FileExistsError):
        _write.write_atomic(link, "new")
    assert real.read_text() == "old"
    _write.write_atomic(link, "new", force=True)
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("data", "real.csv")
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path / "data")) == ["real.csv"]
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "data" / "later.csv")
    with pytest.raises(FileExistsError):
        _write.write_atomic(dangling, "new")
    _write.write_atomic(dangling, "new", force=True)
    assert dangling.is_symlink()
    assert (tmp_path / "data" / "later.csv").read_text() == "new"


@needs_posix
def test_write_atomic_says_what_a_link_to_nowhere_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink(os.path.join("nowhere", "x.json"), "dang")
    os.symlink("later.json", "dang2")
    os.symlink("dang", "chain")
    with pytest.raises(FileExistsError) as caught:
        _write.write_atomic("dang2", "new")
    assert caught.value.strerror == "it is a symbolic link to 'later.json', where no file is yet"
    with pytest.raises(FileExistsError, match="it is a symbolic link to 'nowhere"):
        _write.write_atomic("dang", "new")  # its folder is missing too: the link comes first
    for name, what in [
        ("dang", "a symbolic link to 'nowhere/x.json'"),
        ("chain", f"a chain of symbolic links to {os.path.realpath('dang')!r}"),
    ]:
        with pytest.raises(OSError, match="whose folder does not exist") as failed:
            _write.write_atomic(name, "new", force=True)
        assert (failed.value.filename, failed.value.errno) == (name, errno.ENOENT)
        assert failed.value.strerror == f"it is {what}, whose folder does not exist"
    with pytest.raises(OSError, match="its folder does not exist") as failed:
        _write.write_atomic(os.path.join("nowhere", "y.json"), "new", force=True)
    assert failed.value.strerror == "its folder does not exist"
    assert sorted(os.listdir(tmp_path)) == ["chain", "dang", "dang2"]


def test_write_atomic_without_force_never_renames_over_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new file is put in place by a hard link, which cannot replace one."""
    if not hasattr(os, "link"):
        pytest.skip("no hard links")

    def no_replace(*_: object) -> None:
        raise AssertionError("os.replace used without --force")

    monkeypatch.setattr(os, "replace", no_replace)
    target = tmp_path / "out.txt"
    _write.write_atomic(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_nlink == 1
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("error", [errno.EPERM, errno.EXDEV, errno.ENOTSUP])
def test_write_atomic_without_hard_links_falls_back_to_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    def no_link(*_: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "out.txt"
    _write.write_atomic(target, "new")
    assert target.read_text() == "new"
    with pytest.raises(FileExistsError):
        _write.write_atomic(target, "newer")
    assert target.read_text() == "new"

    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:  # the file appears before the last check
        real_fsync(fd)
        (tmp_path / "late.txt").write_text("someone else's")

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(FileExistsError):
        _write.write_atomic(tmp_path / "late.txt", "mine")
    assert (tmp_path / "late.txt").read_text() == "someone else's"
    assert sorted(os.listdir(tmp_path)) == ["late.txt", "out.txt"]


def test_write_atomic_other_link_errors_leave_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_link(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", failing_link)
    with pytest.raises(OSError, match="Input/output error"):
        _write.write_atomic(tmp_path / "out.txt", "new")
    assert os.listdir(tmp_path) == []


# ------------------------------------------------------------------------ CLI


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = run(list(argv), out=out)
    return status, out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_to_stdout(fmt: str) -> None:
    status, text = cli("export", "activities", "--format", fmt)
    assert status == 0
    assert text == _formats.render(DATA.to_records("activities"), tables.columns("activities"), fmt)


def test_export_defaults_to_csv() -> None:
    status, text = cli("export", "sectors")
    assert status == 0
    assert [row["id"] for row in read_csv(text)] == [s.id for s in DATA.sectors]


def test_export_reads_another_document(tmp_path: Path) -> None:
    document = tmp_path / "doc.json"
    document.write_text(json.dumps(tiny(name="Only activity").to_document()))
    status, text = cli("--data", str(document), "export", "activities", "--format", "json")
    assert status == 0
    assert [row["name"] for row in json.loads(text)] == ["Only activity"]


def test_export_of_a_document_with_a_control_character_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tiny().to_document()
    raw["activities"][0]["name"] = "nul\x00here"
    document = tmp_path / "doc.json"
    document.write_text(json.dumps(raw))
    target = tmp_path / "out.csv"
    status, text = cli("--data", str(document), "export", "activities", "-o", str(target))
    assert (status, text) == (1, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "$.activities[0].name" in err
    assert "control character U+0000" in err
    assert os.listdir(tmp_path) == ["doc.json"]


def test_export_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = cli("export", "widgets")
    assert (status, text) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown table 'widgets'" in err


def test_export_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("export", "activities", "--format", "xml") == (2, "")
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_export_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "activities.jsonl"
    assert cli("export", "activities", "--format", "jsonl", "-o", str(target)) == (0, "")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == DATA.to_records("activities")
    assert "wrote 12 rows to " in capsys.readouterr().err
    assert os.listdir(tmp_path) == ["activities.jsonl"]


def test_export_keeps_an_existing_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"precious")
    before = target.stat()
    assert cli("export", "activities", "-o", str(target)) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "exists; add --force" in err
    assert target.read_bytes() == b"precious"
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert os.listdir(tmp_path) == ["out.csv"]


def test_export_force_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    assert cli("export", "sectors", "-o", str(target), "--force") == (0, "")
    assert [row["id"] for row in read_csv(target.read_text())] == [s.id for s in DATA.sectors]
    assert os.listdir(tmp_path) == ["out.csv"]


@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "new"])
@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_no_trace(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failing: str,
    existing: bool,
) -> None:
    target = tmp_path / "out.csv"
    if existing:
        target.write_bytes(b"precious")

    def fail(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":

        class FailingWriter(io.BufferedWriter):
            def write(self, data: Any) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

        def fdopen(fd: int, mode: str) -> FailingWriter:
            return FailingWriter(io.FileIO(fd, mode))

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(os, failing, fail)
    assert cli("export", "activities", "-o", str(target), "--force") == (2, "")
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert err == f"itu-tcb: error: cannot write {str(target)!r}: No space left on device\n"
    assert os.listdir(tmp_path) == (["out.csv"] if existing else [])
    if existing:
        assert target.read_bytes() == b"precious"


def test_export_into_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "out.csv"
    assert cli("export", "activities", "-o", str(target)) == (2, "")
    assert "cannot write" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_export_onto_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("export", "activities", "-o", str(tmp_path), "--force") == (2, "")
    assert "it is a directory" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


@needs_posix
def test_export_refuses_to_replace_a_fifo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    assert cli("export", "sectors", "-o", str(fifo), "--force") == (2, "")
    err = capsys.readouterr().err
    assert err == (
        f"itu-tcb: error: cannot write {str(fifo)!r}: "
        "it is a FIFO (named pipe), not a regular file\n"
    )
    assert fifo.is_fifo()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_export_to_dash_is_stdout(
    force: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, text = cli("export", "sectors", "--format", "json", "-o", "-", *force)
    assert status == 0
    assert [row["id"] for row in json.loads(text)] == [s.id for s in DATA.sectors]
    assert os.listdir(tmp_path) == []


def test_json_option_with_export_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("--json", "export", "sectors") == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "use 'export KIND --format json'" in err
    assert cli("export", "sectors", "--json") == (2, "")
    assert "unrecognized arguments: --json" in capsys.readouterr().err


def test_export_command_writes_utf8_bytes_to_stdout() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "itu_tcb", "export", "agencies", "--format", "csv"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 0, done.stderr
    expected = _formats.render(DATA.to_records("agencies"), tables.columns("agencies"), "csv")
    assert done.stdout == expected.encode("utf-8")
