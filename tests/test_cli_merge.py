"""``itu-tcb merge``'s lines on standard error: the command it gives to see the merge's
warnings lists every one of them, and what it says it wrote is what the file holds."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import cli
from itu_tcb._html import count

_NOTE = re.compile(r"^itu-tcb: (\d+) warnings? in the merged documents; to see (?:it|them): (.*)$")
_VERDICT = re.compile(r": valid \((\d+) error\(s\), (\d+) warning\(s\)\)$")


def run(*argv: str, stdin: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    if stdin is None:
        return cli.run(list(argv), out=out), out.getvalue()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return cli.run(list(argv), out=out), out.getvalue()
    finally:
        sys.stdin = saved


def document(title: str, agencies: list[dict[str, Any]], sectors: list[dict[str, Any]]) -> str:
    metadata = {
        "title": title,
        "data_version": "1",
        "source": {"title": "An invented page", "publisher": "Nobody"},
        "citation": "Invented for a test.",
    }
    parts = {"agencies": agencies, "sectors": sectors}
    return json.dumps({"schema_version": "1.1", "metadata": metadata, **parts})


def sector(name: str, agency: str) -> dict[str, str]:
    return {"id": f"s-{name}", "agency": agency, "code": f"S-{name}", "name": f"Sector {name}"}


def run_shown(command: str) -> tuple[int, str]:
    """Run a command as the note gives it (``itu-tcb ...``, perhaps piped into another)."""
    stdin = None
    for step in command.split(" | "):
        words = shlex.split(step)
        assert words[0] == "itu-tcb"
        status, stdin = run(*words[1:], stdin=stdin)
    assert stdin is not None
    return status, stdin


def warnings_listed(report: str) -> int:
    verdicts = [_VERDICT.search(line) for line in report.splitlines()]
    found = [m for m in verdicts if m is not None]
    assert found, report
    assert all(m[1] == "0" for m in found), report
    return sum(int(m[2]) for m in found)


#: A part: its agencies, each with an acronym (or none) and whether it has a sector,
#: which refers to an agency of any part (a later one too: merge allows that).
agency_plans = st.tuples(st.sampled_from([None, "AA", "BB", "ITU"]), st.booleans(), st.integers())
parts_plans = st.lists(st.lists(agency_plans, min_size=1, max_size=3), min_size=1, max_size=3)
file_names = st.permutations(["a.json", "-w.json", "my part.json", "b.json"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plans=parts_plans,
    names=file_names,
    with_bundled=st.booleans(),
    to_file=st.booleans(),
    titles=st.lists(st.sampled_from(["One", "Two"]), min_size=3, max_size=3),
)
def test_the_command_the_note_gives_lists_every_warning_of_the_merge(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    plans: list[list[tuple[str | None, bool, int]]],
    names: list[str],
    with_bundled: bool,
    to_file: bool,
    titles: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    ids = [[f"p{k}a{i}" for i in range(len(plan))] for k, plan in enumerate(plans)]
    every = [agency for part in ids for agency in part]
    files = names[: len(plans)]
    for k, (plan, name) in enumerate(zip(plans, files, strict=False)):
        agencies: list[dict[str, Any]] = []
        sectors: list[dict[str, Any]] = []
        for agency, (acronym, has_sector, pick) in zip(ids[k], plan, strict=True):
            agencies.append({"id": agency, "name": f"Agency {agency}", "acronym": acronym})
            if has_sector:  # the sector of some agency, perhaps of another part
                owner = every[pick % len(every)]
                sectors.append(sector(agency, owner))
        Path(name).write_text(document(titles[k], agencies, sectors), encoding="utf-8")
    argv = ["merge", *(["--with-bundled"] if with_bundled else [])]
    argv += ["-o", "out.json", "--force"] if to_file else []
    argv += ["--", *files]
    capsys.readouterr()
    status, text = run(*argv)
    assert status == 0
    err = capsys.readouterr().err.splitlines()
    merged = itu_tcb.load(Path("out.json") if to_file else text)
    notes = [m for m in map(_NOTE.match, err) if m is not None]
    if not merged.warnings:
        assert notes == []
    else:
        (note,) = notes
        assert int(note[1]) == len(merged.warnings)
        assert note[0].count("; to see it: ") == (len(merged.warnings) == 1)
        status, report = run_shown(note[2])
        assert status == 0
        assert warnings_listed(report) == len(merged.warnings)
        capsys.readouterr()
    if to_file:
        records = count(len(merged), "record")
        documents = count(len(merged.documents()), "document")
        assert err[-1] == f"itu-tcb: wrote {records} of {documents} to out.json"


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two parts with no warnings alone whose agencies share an acronym (a warning)."""
    monkeypatch.chdir(tmp_path)
    for name, agency in (("a.json", "one"), ("b.json", "two")):
        agencies = [{"id": agency, "name": f"Agency {agency}", "acronym": "SAME"}]
        sectors = [sector(agency, agency)]
        Path(name).write_text(document(agency, agencies, sectors), encoding="utf-8")
    return ["a.json", "b.json"]


@pytest.mark.parametrize("bundled", [[], ["--with-bundled"]])
def test_a_warning_across_the_parts_is_seen_by_validating_the_last_on_the_others(
    shared: list[str], capsys: pytest.CaptureFixture[str], bundled: list[str]
) -> None:
    for name in shared:  # each alone has no warning: the note must not suggest that
        assert run("validate", name)[1].endswith("valid (0 error(s), 0 warning(s))\n")
    capsys.readouterr()
    assert run("merge", *bundled, *shared, "-o", "out.json")[0] == 0
    err = capsys.readouterr().err.splitlines()
    with_bundled = "--with-bundled " if bundled else ""
    command = f"itu-tcb validate {with_bundled}--base a.json b.json"
    assert err[0] == f"itu-tcb: 1 warning in the merged documents; to see it: {command}"
    records, documents = len(itu_tcb.load(Path("out.json"))), 3 if bundled else 2
    assert err[1] == f"itu-tcb: wrote {records} records of {documents} documents to out.json"
    status, report = run_shown(command)
    assert status == 0
    assert "b.json:$.agencies[0].acronym: warning: 'SAME' also names agency 'one'" in report


def test_an_earlier_parts_own_warning_is_seen_in_the_merged_document(
    shared: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    alone = [{"id": "alone", "name": "Agency alone"}]  # no sector: a warning of its own
    Path("a.json").write_text(document("one", alone, []), encoding="utf-8")
    capsys.readouterr()
    assert run("merge", *shared)[0] == 0
    command = "itu-tcb merge a.json b.json | itu-tcb validate -"
    assert capsys.readouterr().err == (
        f"itu-tcb: 1 warning in the merged documents; to see it: {command}\n"
    )
    assert run("merge", *shared, "-o", "out.json")[0] == 0
    assert "; to see it: itu-tcb validate out.json\n" in capsys.readouterr().err


def test_the_commands_of_the_note_run_in_a_shell(
    shared: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.rename("a.json", "-my a.json")
    alone = [{"id": "alone", "name": "Agency alone"}]
    Path("c d.json").write_text(document("one", alone, []), encoding="utf-8")
    source = str(Path(itu_tcb.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source, "PY": sys.executable}
    shell = 'itu_tcb() { "$PY" -m itu_tcb "$@"; }; '
    for files in (["-my a.json", "b.json"], ["c d.json", "-my a.json", "b.json"]):
        capsys.readouterr()
        assert run("merge", "--", *files)[0] == 0
        match = _NOTE.match(capsys.readouterr().err.splitlines()[-1])
        assert match is not None
        command = match[2].replace("itu-tcb", "itu_tcb")
        done = subprocess.run(
            ["sh", "-c", shell + command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert warnings_listed(done.stdout) == int(match[1])
