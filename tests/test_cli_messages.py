"""The ``itu-tcb`` command's messages: the data channel stays clean, every message is
one line whatever the file names, plurals, and the paths it refuses to write."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import cli
from itu_tcb._text import detail, summary


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = cli.run(list(argv), out=out)
    return status, out.getvalue()


needs_links = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links")

#: A document's metadata, for the small documents written here.
METADATA = {
    "title": "A test's document",
    "data_version": "1",
    "source": {"title": "An invented page", "publisher": "Nobody"},
    "citation": "Invented for a test.",
}


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """The bundled document and a fictional agency that nothing refers to (a warning)."""
    document = itu_tcb.load().to_document()
    document["agencies"].append({"id": "fpca", "name": "Fictional Postal Cooperation Agency"})
    path = tmp_path / "warned.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# ------------------------------------------------ merge: stdout is the data channel


@pytest.mark.parametrize("before", [True, False])
def test_merge_problems_go_to_stderr_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: bool
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert run("merge", str(bad)) == (1, "")
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"{bad}: invalid (2 error(s), 0 warning(s))"
    argv = ["--json", "merge", str(bad)] if before else ["merge", str(bad), "--json"]
    assert run(*argv) == (1, "")
    (report,) = json.loads(capsys.readouterr().err)
    assert report["valid"] is False
    assert report["errors"] == len(report["problems"]) == 2


def test_merge_with_warnings_says_so_on_stderr(
    warned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    status, text = run("merge", str(warned))
    assert status == 0
    assert itu_tcb.load(text).warnings
    assert capsys.readouterr().err == (
        f"itu-tcb: 1 warning in the merged documents; to see it: itu-tcb validate {warned}\n"
    )


def test_merge_says_what_it_wrote_with_plurals(
    warned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    assert run("merge", str(warned), "-o", str(out))[0] == 0
    merged = itu_tcb.load(out)
    assert f"wrote {len(merged)} records of 1 document to {out}\n" in capsys.readouterr().err


# ------------------------------------------------ -o naming a folder


@pytest.mark.parametrize(
    "argv", [["merge", "{doc}"], ["export", "sectors"], ["export", "sectors", "--force"]]
)
@pytest.mark.parametrize("existing", [True, False])
def test_an_output_that_names_a_folder_is_refused(
    warned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    existing: bool,
) -> None:
    folder = tmp_path / "out"
    if existing:
        folder.mkdir()
    before = sorted(os.listdir(tmp_path))
    for target in (f"{folder}{os.sep}", str(folder)):
        if not existing and target == str(folder):
            continue  # a new file named "out": that is allowed
        capsys.readouterr()
        args = [a.format(doc=warned) for a in argv]
        assert run(*args, "-o", target) == (2, "")
        err = capsys.readouterr().err.splitlines()
        assert err[-1].startswith("itu-tcb: error: cannot write ")
        assert "folder" in err[-1] or "directory" in err[-1]
        assert sorted(os.listdir(tmp_path)) == before
        assert folder.is_dir() is existing


# ------------------------------------------------ one line, whatever the name

names = st.text(min_size=1, max_size=20).filter(lambda n: "\x00" not in n and n not in "-")


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_every_message_is_one_line_whatever_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    missing = str(tmp_path / "missing" / name)  # never exists: its folder does not
    capsys.readouterr()
    assert run("--data", missing, "list", "agencies") == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    status, text = run("validate", missing)
    assert status == 2
    assert len(text.splitlines()) == 2, text  # the problem and the verdict
    assert capsys.readouterr().err == ""
    assert run("merge", missing) == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 2, err
    assert all(
        line.startswith(repr(missing) if not missing.isprintable() else missing)
        for line in err.splitlines()
    )


def test_the_warnings_note_gives_a_command_that_works(
    warned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    os.rename(warned, tmp_path / "-w.json")
    capsys.readouterr()
    assert run("--data=-w.json", "list", "sectors")[0] == 0
    err = capsys.readouterr().err
    assert err.endswith("to see it: itu-tcb validate -- -w.json\n")
    command = err.rsplit("itu-tcb ", 1)[1].split()
    status, text = run(*command)
    assert status == 0
    assert "-w.json: valid (0 error(s), 1 warning(s))" in text


# ------------------------------------------------ plurals and lists in text


def test_counts_in_text_take_the_plural_only_when_more_than_one() -> None:
    data = itu_tcb.load()
    one = data.categories_of(data.agencies[0])[:1]
    document = data.to_document()
    document["categories"] = [c for c in document["categories"] if c["id"] == one[0].id]
    kept = {c["id"] for c in document["categories"]}
    document["activities"] = [a for a in document["activities"] if a["category"] in kept][:1]
    small = itu_tcb.load(document)
    assert "TCB activities (1 group, 1 activity):" in summary(small, 200)
    assert f"TCB activities ({len(data.categories)} groups, " in summary(data, 200)


def test_a_list_of_one_item_is_one_item_per_line() -> None:
    data = itu_tcb.load()
    membership = data.lookup("itu-membership")
    assert isinstance(membership, itu_tcb.Membership)
    assert len(membership.member_kinds) >= 1
    record = attrs.evolve(membership, member_kinds=membership.member_kinds[:1])
    groups = {kind.collection: records for kind, records in data.collections().items()}
    data = itu_tcb.Dataset.from_collections(
        {**groups, "memberships": [record]}, metadata=data.metadata
    )
    shown = detail(data, record, 200).splitlines()
    at = shown.index("  member_kinds:")
    assert shown[at + 1] == f"    - {membership.member_kinds[0]}"


def test_show_gives_the_names_in_the_order_the_title_takes_them() -> None:
    from itu_tcb.models import _key_specs

    data = itu_tcb.load()
    for record in data:
        printed = [
            line.split(":", 1)[0].strip()
            for line in detail(data, record, 200).splitlines()
            if line.startswith("  ") and not line.startswith("   ")
        ]
        names = [n for n in _key_specs(type(record)) if getattr(record, n)]
        assert printed[: len(names)] == names
        if names:
            assert getattr(record, names[0]) == record.title


# ------------------------------------------------ an output that is an input


@needs_links
@pytest.mark.parametrize("how", ["same name", "dot path", "absolute", "symbolic link", "hard link"])
@pytest.mark.parametrize(
    "argv",
    [
        ["--data", "in.json", "export", "activities", "-o", "{out}"],
        ["--data", "in.json", "export", "agencies", "--format", "json", "-o", "{out}"],
        ["merge", "in.json", "-o", "{out}"],
        ["merge", "--with-bundled", "in.json", "-o", "{out}"],
    ],
)
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_output_that_is_an_input_is_refused_even_with_force(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
    argv: list[str],
    force: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    agency = {"id": "x", "name": "Agency X", "acronym": "AX"}
    document = {"schema_version": "1.1", "metadata": METADATA, "agencies": [agency]}
    Path("in.json").write_text(json.dumps(document), encoding="utf-8")
    out = {"same name": "in.json", "dot path": "./in.json", "absolute": str(tmp_path / "in.json")}
    if how == "symbolic link":
        os.symlink("in.json", "link.json")
    elif how == "hard link":
        os.link("in.json", "link.json")
    before = {name: Path(name).read_bytes() for name in os.listdir(".")}
    capsys.readouterr()
    target = out.get(how, "link.json")
    assert run(*(a.format(out=target) for a in argv), *force) == (2, "")
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        f"itu-tcb: error: cannot write {target!r}: it is the same file as the input "
        "'in.json', which it would replace; write to another file"
    )
    assert {name: Path(name).read_bytes() for name in os.listdir(".")} == before


@needs_links
@pytest.mark.parametrize("fmt", ["csv", "json", "datapackage"])
def test_export_all_refuses_a_folder_where_a_file_to_write_is_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkdir("out")
    data = Path("out") / ("agencies.csv" if fmt == "datapackage" else f"agencies.{fmt}")
    data.write_text(json.dumps(itu_tcb.load().to_document()), encoding="utf-8")
    before = data.read_bytes()
    argv = ["--data", str(data), "export", "--all", "--format", fmt, "out", "--force"]
    capsys.readouterr()
    assert run(*argv) == (2, "")
    assert "it is the same file as the input" in capsys.readouterr().err.splitlines()[-1]
    assert os.listdir("out") == [data.name]
    assert data.read_bytes() == before
    os.rename(data, "data.json")  # elsewhere: the export goes ahead
    assert run("--data", "data.json", *argv[2:]) == (0, "")


def test_an_output_that_is_another_file_is_still_replaced_with_force(
    warned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    out.write_text("old", encoding="utf-8")
    assert run("merge", str(warned), "-o", str(out), "--force") == (0, "")
    assert itu_tcb.load(out) == itu_tcb.load(warned)
    assert run("--data", str(warned), "export", "sectors", "-o", str(out), "--force")[0] == 0
    assert out.read_text(encoding="utf-8").startswith("id,")


# ------------------------------------------------ -o as a symbolic link to nowhere


@needs_links
@pytest.mark.parametrize("argv", [["merge", "{doc}"], ["export", "sectors"]])
def test_a_dangling_link_as_output_is_described_as_it_is(
    warned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink(os.path.join("nowhere", "x.json"), "dang")
    os.symlink("newfile.json", "dang2")
    os.symlink("dang", "chain")
    args = [a.format(doc=warned) for a in argv]
    before = sorted(os.listdir("."))
    for target, force, message in [
        ("dang", True, "cannot write 'dang': it is a symbolic link to 'nowhere/x.json', whose"),
        ("chain", True, "cannot write 'chain': it is a chain of symbolic links to"),
        ("dang2", False, "'dang2': it is a symbolic link to 'newfile.json', where no file is"),
    ]:
        capsys.readouterr()
        assert run(*args, "-o", target, *(["--force"] if force else [])) == (2, "")
        err = capsys.readouterr().err.splitlines()[-1]
        assert err.startswith(f"itu-tcb: error: {message}"), err
        assert err.endswith(
            "whose folder does not exist" if force else "; add --force to write through it"
        )
        assert sorted(os.listdir(".")) == before
    assert run(*args, "-o", "dang2", "--force") == (0, "")  # through the link, as before
    assert os.path.islink("dang2")
    assert Path("newfile.json").stat().st_size > 0


# ------------------------------------------------ counts in messages


@pytest.mark.parametrize(
    ("table", "rows"), [("agencies", "1 row"), ("membership_counts", "0 rows"), ("sectors", "")]
)
def test_export_counts_rows_with_plurals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, rows: str
) -> None:
    agencies = [{"id": "x", "name": "Agency X"}]
    sectors = [
        {"id": f"x-{n}", "agency": "x", "code": f"X-{n}", "name": f"Sector {n}"} for n in (1, 2)
    ]
    document = {"schema_version": "1.1", "metadata": METADATA, "agencies": agencies}
    one = tmp_path / "one.json"
    one.write_text(json.dumps({**document, "sectors": sectors}), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run("--data", str(one), "export", table, "-o", str(out)) == (0, "")
    assert capsys.readouterr().err == f"itu-tcb: wrote {rows or '2 rows'} to {out}\n"


def test_the_warnings_note_says_it_for_one_and_them_for_more(
    warned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(warned.read_text(encoding="utf-8"))
    assert run("--data", str(warned), "list", "sectors")[0] == 0
    assert f"1 warning in {warned}; to see it: " in capsys.readouterr().err
    document["agencies"].append({"id": "other", "name": "Another Unreferred Agency"})
    warned.write_text(json.dumps(document), encoding="utf-8")
    assert run("--data", str(warned), "list", "sectors")[0] == 0
    assert capsys.readouterr().err.endswith(
        f"2 warnings in {warned}; to see them: itu-tcb validate {warned}\n"
    )


@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_an_empty_list_says_so_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: list[str]
) -> None:
    agency = {"id": "x", "name": "Agency X", "acronym": "AX"}
    document = {"schema_version": "1.1", "metadata": METADATA, "agencies": [agency]}
    one = tmp_path / "one.json"
    one.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert run("--data", str(one), "list", "activities", *as_json) == (
        1,
        "[]\n" if as_json else "",
    )
    assert capsys.readouterr().err.splitlines()[-1] == f"itu-tcb: no activities in {one}"
    assert run("list", "activities")[0] == 0
    assert capsys.readouterr().err == ""
