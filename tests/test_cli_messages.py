"""The ``itu-tcb`` command's messages: the data channel stays clean, every message is
one line whatever the file names, plurals, and the paths it refuses to write."""

from __future__ import annotations

import io
import json
import os
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
        f"itu-tcb: 1 warning in the merged documents; to see them: itu-tcb validate {warned}\n"
    )


def test_merge_says_what_it_wrote_with_plurals(
    warned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    assert run("merge", str(warned), "-o", str(out))[0] == 0
    merged = itu_tcb.load(out)
    assert f"wrote {len(merged)} records from 1 document to {out}\n" in capsys.readouterr().err


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


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
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
    assert err.endswith("to see them: itu-tcb validate -- -w.json\n")
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
