"""The ``itu-tcb`` command (``itu_tcb.cli``): output, JSON, exit codes, one-line
errors, the readable text of ``show``, ``summary``, ``list`` and ``search``,
``validate``, ``merge``, ``export``, ``diff``, and the paths it refuses to write. Its
arguments are tested in ``test_arguments``, its streams in ``test_console``."""

from __future__ import annotations

import errno
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
from helpers import (
    BUNDLED_BYTES,
    DATA,
    HASH_SEEDS,
    LONG,
    assert_bounded,
    assert_fits,
    one_line_error,
    read_csv,
    run_cli,
    run_with_hash_seed,
    tiny,
    usage_error,
)
from itu_tcb import FieldChange, RecordKind, _formats, cli, tables
from itu_tcb._convert import record_dict
from itu_tcb._html import count
from itu_tcb._text import terminal_width
from profiles import GENERIC, MERGED, corrections, fictional_profile

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@pytest.fixture
def small_file(tmp_path: Path, data: itu_tcb.Dataset) -> Path:
    document = data.to_document()
    document.update(
        {
            kind.collection: []
            for kind in itu_tcb.RecordKind
            if kind is not itu_tcb.RecordKind.AGENCY
        }
    )
    document["agencies"] = document["agencies"][:1]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# ---------------------------------------------------------------- summary


@pytest.mark.parametrize("argv", [(), ("summary",)])
def test_summary_shows_every_section(argv: tuple[str, ...], data: itu_tcb.Dataset) -> None:
    status, text = run_cli(*argv)
    assert status == 0
    assert "International Telecommunication Union (ITU)" in text
    assert "Active for over 145 years." in text
    assert "Sectors (3):" in text
    for sector in data.sectors:
        assert f"{sector.code}: {sector.name}" in text
    assert "Initiatives (3) (examples; the list is open):" in text
    for initiative in data.initiatives:
        assert f"- {initiative.name}" in text
    assert "TCB activities (5 groups, 12 activities):" in text
    assert text.count("  Group ") == 5
    for activity in data.activities:
        assert f"    - {activity.title}" in text
    assert "- 193 Member States" in text
    assert "- nearly 700 Sector Members and Associates" in text
    assert "Partner organizations (16; examples, the list is open):" in text
    for partner in data.partners_of(data.agencies[0]):
        assert f"    - {partner.acronym or partner.name}" in text
    assert "ITU TELECOM WORLD" in text
    assert "Kinds of member: " in text
    assert text.count("Target group: ") == 2


def test_summary_json_is_the_document(data: itu_tcb.Dataset) -> None:
    status, text = run_cli("--json")
    assert status == 0
    assert itu_tcb.load(json.loads(text)) == data
    assert run_cli("summary", "--json") == (0, text)


# ------------------------------------------------------------ list / show


@pytest.mark.parametrize("kind", list(itu_tcb.RecordKind))
def test_list_every_kind(kind: itu_tcb.RecordKind, data: itu_tcb.Dataset) -> None:
    records = data.collection(kind)
    for name in (kind.collection, kind.name.lower(), kind.collection.upper()):
        status, text = run_cli("list", name)
        assert status == 0
        titles = [r.title for r in records]
        assert text.splitlines() == [f"{r.id}\t{t}" for r, t in zip(records, titles, strict=True)]
    status, text = run_cli("list", kind.collection, "--json")
    assert status == 0
    assert [row["id"] for row in json.loads(text)] == [r.id for r in records]


def test_list_of_an_empty_kind_exits_1(small_file: Path) -> None:
    assert run_cli("--data", str(small_file), "list", "sectors") == (1, "")
    assert run_cli("--data", str(small_file), "list", "agencies")[0] == 0


def test_show_a_record(data: itu_tcb.Dataset) -> None:
    status, text = run_cli("show", "itu d")
    assert status == 0
    assert text.startswith("ITU-D [sector itu-d]\n  code: ITU-D\n")
    assert "  name: Telecommunication Development Sector" in text
    assert "  agency: itu (International Telecommunication Union)" in text
    status, text = run_cli("--json", "show", "GSR")
    assert status == 0
    shown = json.loads(text)
    assert (shown["kind"], shown["id"], shown["acronym"]) == (
        "activities",
        "global-symposium-for-regulators",
        "GSR",
    )


def test_show_of_nothing_exits_1_naming_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("show", "ITU-X") == (1, "")
    err = one_line_error(capsys)
    assert "no record matches 'ITU-X'; closest: 'ITU" in err


# ----------------------------------------------------------------- search


def test_search(data: itu_tcb.Dataset) -> None:
    status, text = run_cli("search", "regulators", "--limit", "3")
    assert status == 0
    lines = text.splitlines()
    assert 1 <= len(lines) <= 3
    assert lines[0].split("\t")[1] == "global-symposium-for-regulators"
    status, text = run_cli("search", "--json", "Radiocomunication")
    assert status == 0
    found = json.loads(text)
    assert found[0]["id"] == "itu-r"
    assert set(found[0]) == {"id", "kind", "title", "score", "matched", "agency"}
    assert found[0]["agency"] == "itu"


def test_search_with_no_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("search", "zzzzqqqq") == (1, "")
    assert "nothing matches 'zzzzqqqq'" in one_line_error(capsys)
    assert run_cli("search", "zzzzqqqq", "--json") == (1, "[]\n")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("search", "!!"), "search text is empty"),
        (("validate", "-", "-"), "stdin"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: tuple[str, ...], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert words in usage_error(capsys, *argv)


# ------------------------------------------------------------- other data


def test_data_option_reads_another_document(small_file: Path) -> None:
    status, text = run_cli("--data", str(small_file), "show", "itu")
    assert status == 0
    assert f"(from {small_file})" in " ".join(text.split())  # wrapped at any width
    assert run_cli("--data", str(small_file), "show", "itu-d")[0] == 1


def test_invalid_data_exits_1_and_unreadable_data_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the docs say: an invalid document gives 1, a file that cannot be read 2."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    assert run_cli("--data", str(bad)) == (1, "")
    assert "is not a valid itu_tcb document: $.metadata: " in one_line_error(capsys)
    assert run_cli("--data", str(bad), "export", "sectors") == (1, "")
    assert "is not a valid itu_tcb document" in one_line_error(capsys)
    not_json = tmp_path / "not.json"
    not_json.write_bytes(b"\xff{")
    assert run_cli("--data", str(not_json), "list", "sectors") == (1, "")
    one_line_error(capsys)
    assert run_cli("--data", str(tmp_path / "missing.json"), "summary") == (2, "")
    assert "cannot read" in one_line_error(capsys)
    assert run_cli("--data", str(tmp_path), "summary") == (2, "")
    assert "cannot read" in one_line_error(capsys)


def test_validate(tmp_path: Path, small_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0", "metadata": 3}', encoding="utf-8")
    status, text = run_cli("validate", str(small_file))
    assert status == 0
    assert text.splitlines()[-1].endswith(": valid (0 error(s), 1 warning(s))")
    status, text = run_cli("validate", str(small_file), str(bad))
    assert status == 1
    assert f"{bad}:$.metadata: error: expected an object (Metadata), got an integer" in text
    status, text = run_cli("validate", "--json", str(bad))
    assert status == 1
    (report,) = json.loads(text)
    assert (report["valid"], report["errors"]) == (False, 1)
    assert run_cli("validate", str(tmp_path / "missing.json"))[0] == 2


def test_validate_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = small_file.read_bytes()
    for stdin in (io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"), io.StringIO(raw.decode())):
        monkeypatch.setattr(sys, "stdin", stdin)
        status, text = run_cli("validate", "-")
        assert status == 0
        assert text.splitlines()[-1] == "<stdin>: valid (0 error(s), 1 warning(s))"


# ------------------------------------------------------------------- main


def test_main_exits_with_the_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["list", "sectors"])
    assert caught.value.code == 0
    assert "itu-r\tITU-R" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        cli.main(["show", "nothing like this"])
    assert caught.value.code == 1


@pytest.mark.parametrize(
    ("argv", "out", "words"),
    [
        ("list sectors", None, r"run\(\) takes a list of arguments, such as .*, not str$"),
        (5, None, r"run\(\) takes a list of arguments, such as .*, not int$"),
        (b"list", None, r"run\(\) takes a list of arguments, such as .*, not bytes$"),
        (["list", 5], None, r"^argument 1 must be a string, not int$"),
        (["list", Path("x")], None, r"^argument 1 must be a string, not PosixPath$"),
        (["list"], 5, r"^out must be a text stream, not int$"),
        (["list"], "out.txt", r"^out must be a text stream, not str$"),
    ],
)
def test_run_checks_its_arguments(argv: Any, out: Any, words: str) -> None:
    with pytest.raises(TypeError, match=words):
        cli.run(argv, out=out)


@pytest.mark.parametrize(("error", "status"), [(BrokenPipeError, 0), (KeyboardInterrupt, 130)])
def test_main_handles_a_closed_pipe_and_interrupts(
    monkeypatch: pytest.MonkeyPatch, error: type[BaseException], status: int
) -> None:
    def broken(argv: object = None, out: object = None) -> int:
        raise error

    monkeypatch.setattr(cli, "run", broken)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with pytest.raises(SystemExit) as caught:
        cli.main([])
    assert caught.value.code == status


def test_out_of_memory_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import itu_tcb.loading

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(itu_tcb.loading, "read", exhausted)
    with pytest.raises(SystemExit) as caught:
        cli.main(["validate", "/dev/zero"])
    assert caught.value.code == 2
    assert "out of memory" in one_line_error(capsys)


# ------------------------------------------------------------- subprocess


def python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itu_tcb", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def test_python_m_itu_tcb_runs_the_command() -> None:
    done = python_m()
    assert done.returncode == 0, done.stderr
    assert "Sectors (3):" in done.stdout
    assert "Partner organizations (16; examples, the list is open):" in done.stdout
    assert done.stderr == ""
    version = python_m("--version")
    assert (version.returncode, version.stdout) == (0, f"itu-tcb {itu_tcb.__version__}\n")
    missing = python_m("show", "ITU-X")
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert len(missing.stderr.splitlines()) == 1
    assert "Traceback" not in missing.stderr


def test_data_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    document = json.dumps(itu_tcb.load().to_document()).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(document), encoding="utf-8"))
    out = io.StringIO()
    assert cli.run(["--data", "-", "list", "sectors"], out=out) == 0
    assert out.getvalue().splitlines()[0] == "itu-r\tITU-R"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{"), encoding="utf-8"))
    assert cli.run(["--data", "-", "list", "sectors"], out=io.StringIO()) == 1


# ------------------------------ show, summary and list: the readable text


def test_show_puts_the_names_first_and_names_references(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    status, text = run_cli("show", "itu-d")
    assert status == 0
    assert text.split("\n")[:5] == [
        "ITU-D [sector itu-d]",
        "  code: ITU-D",
        "  name: Telecommunication Development Sector",
        "  description: The part of ITU that works on telecommunication development.",
        "  agency: itu (International Telecommunication Union)",
    ]
    assert "aliases" not in text
    assert "note" not in text
    assert "(none)" not in text
    status, text = run_cli("show", "itu-organization-cooperation")
    assert "    - undp (United Nations Development Programme)\n" in text
    assert "    - un-habitat (United Nations Human Settlements Programme)\n" in text
    assert "    - idb (IDB)\n" in text


def test_show_wraps_to_the_terminal_and_json_never(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert terminal_width() == 60
    status, text = run_cli("show", "itu")
    assert status == 0
    assert max(len(line) for line in text.split("\n")) <= 60
    assert "  description: The leading UN agency for information and\n" in text
    # Continuation lines start under the value.
    assert "\n               communication technology (ICT)." in text
    json_narrow = run_cli("show", "itu", "--json")
    monkeypatch.setenv("COLUMNS", "400")
    assert run_cli("show", "itu", "--json") == json_narrow
    itu = itu_tcb.load().lookup("itu")
    assert json.loads(json_narrow[1]) == {"kind": "agencies", **record_dict(itu), "agency": "itu"}


def test_a_word_longer_than_the_line_stands_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    status, text = run_cli("summary")
    assert status == 0
    url = "http://www.tcbresourceguide.org/multilateral_summaries/itu.html"
    assert f"\n  {url}\n" in text
    assert_fits(text, 40)


def test_summary_names_partners_by_acronym_as_the_page_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    status, text = run_cli("summary")
    assert status == 0
    assert "  Partner organizations (16; examples, the list is open):\n" in text
    for line in (
        # A full name from public knowledge, not the page, is marked as such.
        "    - UNDP (United Nations Development Programme [not from the page])",
        "    - WTO (World Trade Organization [not from the page])",
        "    - UN-Habitat (United Nations Human Settlements Programme [not from the page])",
        "    - IDB (no full name in the data)",
        "    - World Bank",
    ):
        assert f"\n{line}\n" in text
    # The acronyms in the page's order, as the page writes them.
    page = "UNDP, WTO, UNCTAD, UPU, UNESCO, UNIDO, WHO, ILO, WMO, UNEP, UN-Habitat, ICAO, FAO"
    listed = re.findall(r"\n    - (\S+) \(", text)
    assert ", ".join(listed).startswith(page)
    assert max(len(line) for line in text.split("\n")) <= 100


def test_a_membership_is_titled_by_its_agency_everywhere_but_its_json(
    monkeypatch: pytest.MonkeyPatch, data: itu_tcb.Dataset
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert run_cli("show", "itu-membership")[1].startswith(
        "membership of itu [membership itu-membership]\n  description: "
    )
    assert run_cli("list", "memberships") == (0, "itu-membership\tmembership of itu\n")
    assert "Membership (itu-membership):\n" in run_cli("summary")[1]
    # The title is Python's too; never a new data fact: the record's JSON is as it was.
    membership = data.memberships[0]
    assert membership.title == "membership of itu"
    listed = json.loads(run_cli("list", "memberships", "--json")[1])
    assert listed == [record_dict(membership)]
    assert "title" not in listed[0]
    found = json.loads(run_cli("search", "itu-membership", "--json")[1])
    assert found[0]["title"] == "membership of itu"


# ------------------------------------------------ search: the score floor


def test_the_default_floor_drops_weak_hits_and_keeps_typos(data: itu_tcb.Dataset) -> None:
    assert "world-bank" not in [m.record.id for m in data.search("broadband")]
    assert "world-bank" in [m.record.id for m in data.search("broadband", min_score=0)]
    assert data.search("radiocomunication")[0].record.id == "itu-r"
    assert data.search("NUCTD")[0].record.id == "unctad"
    assert data.search("wrld bank")[0].record.id == "world-bank"
    # A single word found in a description stays.
    assert "itu" in [m.record.id for m in data.search("broadband")]
    status, text = run_cli("search", "broadband")
    assert status == 0
    assert "world-bank" not in text
    status, text = run_cli("search", "broadband", "--min-score", "0")
    assert "\tworld-bank\tWorld Bank\t" in text
    assert run_cli("search", "broadband", "--min-score", "1") == (1, "")


# -------------------------------------------------- a document's warnings


def test_a_documents_warnings_are_one_line_on_stderr(
    warned_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, text = run_cli("--data", str(warned_file), "list", "sectors")
    assert (status, text) == (0, "itu-r\tITU-R\nitu-t\tITU-T\nitu-d\tITU-D\n")
    assert capsys.readouterr().err == (
        f"itu-tcb: 1 warning in {warned_file}; to see it: itu-tcb validate '{warned_file}'\n"
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(warned_file.read_bytes())))
    assert run_cli("--data", "-", "show", "fpca")[0] == 0
    assert capsys.readouterr().err == (
        "itu-tcb: 1 warning in <stdin>; to see it: itu-tcb validate - (with the same input)\n"
    )
    assert run_cli("list", "sectors")[0] == 0  # the bundled data: no warnings, no line
    assert capsys.readouterr().err == ""


# ------------------------------------------------------- validate FILE...


CLI = [sys.executable, "-m", "itu_tcb"]


def run_process(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=120, check=False)


def ten_mistakes() -> tuple[bytes, set[tuple[str, str]]]:
    """A copy of the bundled document with ten different mistakes, and where each is."""
    doc: dict[str, Any] = json.loads(BUNDLED_BYTES)
    doc["agencies"][1]["acronym"] = 5
    del doc["sectors"][0]["name"]
    doc["programmes"][0]["focuss"] = doc["programmes"][0].pop("focus")
    doc["agencies"][0]["agency_kind"] = "specialised_agency"
    doc["memberships"][0]["counts"][0]["count"]["value"] = -193
    doc["activities"][0]["id"] = "Exhibitions and forums"
    doc["activities"][3]["category"] = "group-9"
    doc["activities"][5]["id"] = doc["activities"][4]["id"]
    doc["initiatives"][1]["aliases"] = ["Centres of Excellence"]
    text = json.dumps(doc, indent=2)
    name = '"name": "ITU TELECOM WORLD",'
    assert text.count(name) == 1
    text = text.replace(name, name + ' "name": "ITU TELECOM WORLD",')
    expected = {
        ("$.agencies[1].acronym", "type"),
        ("$.sectors[0].name", "missing"),
        ("$.programmes[0].focuss", "unknown-field"),
        ("$.agencies[0].agency_kind", "enum"),
        ("$.memberships[0].counts[0].count.value", "value"),
        ("$.activities[0].id", "value"),
        ("$.activities[3].category", "reference"),
        ("$.activities[5].id", "duplicate-id"),
        ("$.initiatives[1].aliases[0]", "ambiguous"),
        ("$.events[0].name", "duplicate-key"),
    }
    return text.encode("utf-8"), expected


def test_ten_mistakes_are_all_shown_in_one_run(tmp_path: Path) -> None:
    data, expected = ten_mistakes()
    path = tmp_path / "other-agency.json"
    path.write_bytes(data)
    result = run_process("validate", str(path))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    for where, _ in expected:
        assert any(line.startswith(f"{path}:{where}: error: ") for line in lines), where
    assert lines[-1] == f"{path}: invalid (10 error(s), 0 warning(s))"
    assert len(lines) == 11
    as_json = run_process("validate", "--json", str(path))
    assert as_json.returncode == 1
    (report,) = json.loads(as_json.stdout)
    assert {(p["path"], p["kind"]) for p in report["problems"]} == expected
    assert result.stderr == b""


def test_valid_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "itu.json"
    path.write_bytes(BUNDLED_BYTES)
    out = io.StringIO()
    assert cli.run(["validate", str(path)], out) == 0
    assert out.getvalue() == f"{path}: valid (0 error(s), 0 warning(s))\n"


def test_several_files_mixed(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(BUNDLED_BYTES)
    bad.write_bytes(b'{"schema_version": "2.0"}')
    out = io.StringIO()
    assert cli.run(["validate", str(good), str(bad)], out) == 1
    text = out.getvalue()
    assert f"{good}: valid" in text
    assert f"{bad}:$.schema_version: error: schema_version '2.0' is not supported" in text


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(BUNDLED_BYTES)
    missing = tmp_path / "missing.json"
    out = io.StringIO()
    assert cli.run(["validate", str(good), str(missing)], out) == 2
    assert f"{missing}:$: error: cannot read" in out.getvalue()
    assert cli.run(["validate", str(tmp_path)], io.StringIO()) == 2


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["validate"], io.StringIO()) == 2
    assert "error:" in capsys.readouterr().err
    assert cli.run(["validate", "-", "-"], io.StringIO()) == 2
    assert "only once" in capsys.readouterr().err


def test_stdin_dash() -> None:
    result = run_process(
        "validate", "-", stdin=b'{"schema_version": "1.0", "metadata": {}, "x": NaN}'
    )
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "<stdin>:$.x: error: NaN is not a JSON number" in out
    assert "<stdin>:$.metadata.title: error: required field is missing" in out
    assert run_process("validate", "-", stdin=BUNDLED_BYTES).returncode == 0


def test_json_output(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(b"\xff")
    out = io.StringIO()
    assert cli.run(["validate", "--json", str(path)], out) == 1
    reports = json.loads(out.getvalue())
    assert reports[0] == {
        "source": str(path),
        "valid": False,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "source": None,
                "path": "$",
                "message": "invalid UTF-8 at byte offset 0: invalid start byte",
                "kind": "encoding",
                "severity": "error",
                "hint": "save the file as UTF-8",
            }
        ],
    }


def test_validate_never_writes_to_its_inputs(tmp_path: Path) -> None:
    data, _ = ten_mistakes()
    files = {tmp_path / "bad.json": data, tmp_path / "good.json": BUNDLED_BYTES}
    stamp = 1_000_000_000_000_000_000
    for path, content in files.items():
        path.write_bytes(content)
        os.utime(path, ns=(stamp, stamp))
    before = {path: path.stat() for path in files}
    run_process("validate", *map(str, files))
    run_process("validate", "--json", *map(str, files))
    for path, content in files.items():
        after = path.stat()
        assert path.read_bytes() == content
        assert after.st_mtime_ns == before[path].st_mtime_ns == stamp
        assert after.st_size == before[path].st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "good.json"]


# -------------------------- merge: the note on warnings and what it wrote


_NOTE = re.compile(r"^itu-tcb: (\d+) warnings? in the merged documents; to see (?:it|them): (.*)$")
_VERDICT = re.compile(r": valid \((\d+) error\(s\), (\d+) warning\(s\)\)$")


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
        status, stdin = run_cli(*words[1:], stdin=stdin)
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
    status, text = run_cli(*argv)
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
        assert run_cli("validate", name)[1].endswith("valid (0 error(s), 0 warning(s))\n")
    capsys.readouterr()
    assert run_cli("merge", *bundled, *shared, "-o", "out.json")[0] == 0
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
    assert run_cli("merge", *shared)[0] == 0
    command = "itu-tcb merge a.json b.json | itu-tcb validate -"
    assert capsys.readouterr().err == (
        f"itu-tcb: 1 warning in the merged documents; to see it: {command}\n"
    )
    assert run_cli("merge", *shared, "-o", "out.json")[0] == 0
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
        assert run_cli("merge", "--", *files)[0] == 0
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


# ---------------------- messages: one line each, plurals, outputs refused


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
    assert run_cli("merge", str(bad)) == (1, "")
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"{bad}: invalid (2 error(s), 0 warning(s))"
    argv = ["--json", "merge", str(bad)] if before else ["merge", str(bad), "--json"]
    assert run_cli(*argv) == (1, "")
    (report,) = json.loads(capsys.readouterr().err)
    assert report["valid"] is False
    assert report["errors"] == len(report["problems"]) == 2


def test_merge_with_warnings_says_so_on_stderr(
    warned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    status, text = run_cli("merge", str(warned))
    assert status == 0
    assert itu_tcb.load(text).warnings
    assert capsys.readouterr().err == (
        f"itu-tcb: 1 warning in the merged documents; to see it: itu-tcb validate {warned}\n"
    )


def test_merge_says_what_it_wrote_with_plurals(
    warned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    assert run_cli("merge", str(warned), "-o", str(out))[0] == 0
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
        assert run_cli(*args, "-o", target) == (2, "")
        err = capsys.readouterr().err.splitlines()
        assert err[-1].startswith("itu-tcb: error: cannot write ")
        assert "folder" in err[-1] or "directory" in err[-1]
        assert sorted(os.listdir(tmp_path)) == before
        assert folder.is_dir() is existing


# ------------------------------------------------ the command of the warnings note


def test_the_warnings_note_gives_a_command_that_works(
    warned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    os.rename(warned, tmp_path / "-w.json")
    capsys.readouterr()
    assert run_cli("--data=-w.json", "list", "sectors")[0] == 0
    err = capsys.readouterr().err
    assert err.endswith("to see it: itu-tcb validate -- -w.json\n")
    command = err.rsplit("itu-tcb ", 1)[1].split()
    status, text = run_cli(*command)
    assert status == 0
    assert "-w.json: valid (0 error(s), 1 warning(s))" in text


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
    assert run_cli(*(a.format(out=target) for a in argv), *force) == (2, "")
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
    assert run_cli(*argv) == (2, "")
    assert "it is the same file as the input" in capsys.readouterr().err.splitlines()[-1]
    assert os.listdir("out") == [data.name]
    assert data.read_bytes() == before
    os.rename(data, "data.json")  # elsewhere: the export goes ahead
    assert run_cli("--data", "data.json", *argv[2:]) == (0, "")


def test_an_output_that_is_another_file_is_still_replaced_with_force(
    warned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    out.write_text("old", encoding="utf-8")
    assert run_cli("merge", str(warned), "-o", str(out), "--force") == (0, "")
    assert itu_tcb.load(out) == itu_tcb.load(warned)
    assert run_cli("--data", str(warned), "export", "sectors", "-o", str(out), "--force")[0] == 0
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
        assert run_cli(*args, "-o", target, *(["--force"] if force else [])) == (2, "")
        err = capsys.readouterr().err.splitlines()[-1]
        assert err.startswith(f"itu-tcb: error: {message}"), err
        assert err.endswith(
            "whose folder does not exist" if force else "; add --force to write through it"
        )
        assert sorted(os.listdir(".")) == before
    assert run_cli(*args, "-o", "dang2", "--force") == (0, "")  # through the link, as before
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
    assert run_cli("--data", str(one), "export", table, "-o", str(out)) == (0, "")
    assert capsys.readouterr().err == (
        f"itu-tcb: wrote {rows or '2 rows'} to {out}; "
        "credit the data as its citation and terms say (itu-tcb summary)\n"
    )


def test_the_warnings_note_says_it_for_one_and_them_for_more(
    warned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(warned.read_text(encoding="utf-8"))
    assert run_cli("--data", str(warned), "list", "sectors")[0] == 0
    assert f"1 warning in {warned}; to see it: " in capsys.readouterr().err
    document["agencies"].append({"id": "other", "name": "Another Unreferred Agency"})
    warned.write_text(json.dumps(document), encoding="utf-8")
    assert run_cli("--data", str(warned), "list", "sectors")[0] == 0
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
    assert run_cli("--data", str(one), "list", "activities", *as_json) == (
        1,
        "[]\n" if as_json else "",
    )
    assert capsys.readouterr().err.splitlines()[-1] == f"itu-tcb: no activities in {one}"
    assert run_cli("list", "activities")[0] == 0
    assert capsys.readouterr().err == ""


# ----------------------------------------------------------------- export


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and modes")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_to_stdout(fmt: str) -> None:
    status, text = run_cli("export", "activities", "--format", fmt)
    assert status == 0
    assert text == _formats.render(DATA.to_records("activities"), tables.columns("activities"), fmt)


def test_export_defaults_to_csv() -> None:
    status, text = run_cli("export", "sectors")
    assert status == 0
    assert [row["id"] for row in read_csv(text)] == [s.id for s in DATA.sectors]


def test_export_reads_another_document(tmp_path: Path) -> None:
    document = tmp_path / "doc.json"
    document.write_text(json.dumps(tiny(name="Only activity").to_document()))
    status, text = run_cli("--data", str(document), "export", "activities", "--format", "json")
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
    status, text = run_cli("--data", str(document), "export", "activities", "-o", str(target))
    assert (status, text) == (1, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "$.activities[0].name" in err
    assert "control character U+0000" in err
    assert os.listdir(tmp_path) == ["doc.json"]


def test_export_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run_cli("export", "widgets")
    assert (status, text) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown table 'widgets'" in err


def test_export_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "activities.jsonl"
    assert run_cli("export", "activities", "--format", "jsonl", "-o", str(target)) == (0, "")
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
    assert run_cli("export", "activities", "-o", str(target)) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "exists; add --force" in err
    assert target.read_bytes() == b"precious"
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert os.listdir(tmp_path) == ["out.csv"]


def test_export_force_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    assert run_cli("export", "sectors", "-o", str(target), "--force") == (0, "")
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
    assert run_cli("export", "activities", "-o", str(target), "--force") == (2, "")
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
    assert run_cli("export", "activities", "-o", str(target)) == (2, "")
    assert "cannot write" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_export_onto_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("export", "activities", "-o", str(tmp_path), "--force") == (2, "")
    assert "it is a directory" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


@needs_posix
def test_export_refuses_to_replace_a_fifo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    assert run_cli("export", "sectors", "-o", str(fifo), "--force") == (2, "")
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
    status, text = run_cli("export", "sectors", "--format", "json", "-o", "-", *force)
    assert status == 0
    assert [row["id"] for row in json.loads(text)] == [s.id for s in DATA.sectors]
    assert os.listdir(tmp_path) == []


def test_export_into_a_missing_folder_names_the_file_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nodir" / "x.csv"
    assert cli.run(["export", "sectors", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert repr(str(target)) in err
    assert ".tmp" not in err
    assert "its folder does not exist" in err


# ----------------------------------------------------------- export --all


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_cli_writes_every_table(data: itu_tcb.Dataset, tmp_path: Path, fmt: str) -> None:
    assert run_cli("export", "--all", "--format", fmt, str(tmp_path / "out")) == (0, "")
    for name in tables.table_names():
        text = (tmp_path / "out" / f"{name}.{fmt}").read_bytes().decode("utf-8")
        assert text == _formats.render(data.to_records(name), tables.columns(name), fmt)


def test_cli_export_of_an_item_table(data: itu_tcb.Dataset) -> None:
    status, text = run_cli("export", "membership_counts", "--format", "json")
    assert status == 0
    assert json.loads(text) == data.to_records("membership_counts")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "sectors", "--format", "datapackage"], "a data package holds every table"),
        (["export", "--all", "x", "-o", "y"], "with --all, name the directory"),
        (["export", "sectors", "--format", "parquet"], "parquet is binary"),
        (["export", "widgets"], "unknown table 'widgets'"),
    ],
)
def test_cli_export_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.chdir(tmp_path)
    assert run_cli(*argv) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert os.listdir(tmp_path) == []


def test_cli_export_into_a_file_that_is_no_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "file"
    plain.write_text("x")
    assert run_cli("export", "--all", "--format", "datapackage", str(plain)) == (2, "")
    err = capsys.readouterr().err
    assert "cannot write" in err
    assert "not a directory" in err
    assert plain.read_text() == "x"


# ----------------------------------------------------------------- schema


SCHEMA = itu_tcb.json_schema()


def test_cli_schema_prints_it() -> None:
    out = io.StringIO()
    assert cli.run(["schema"], out=out) == 0
    assert json.loads(out.getvalue()) == SCHEMA


# --------------------------------------- the profiles of several agencies


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    profile = tmp_path / "fpca.json"
    profile.write_text(json.dumps(fictional_profile()), encoding="utf-8")
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps(MERGED.to_document()), encoding="utf-8")
    return {"profile": profile, "merged": merged}


@pytest.mark.parametrize("kind", [kind.collection for kind in itu_tcb.RecordKind])
def test_list_and_show_json_give_each_records_agency(
    files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """As search --json does: records of a kind that names no agency (activities,
    categories) too, so that two agencies' records of one name can be told apart."""
    data = str(files["merged"])
    status, text = run_cli("--data", data, "--json", "list", kind)
    assert status == 0
    listed = json.loads(text)
    assert [row["agency"] for row in listed] == [
        MERGED.agency_id_of(record) for record in MERGED.collection(kind)
    ]
    status, text = run_cli("--data", data, "--json", "show", listed[-1]["id"])
    assert (status, json.loads(text)["agency"]) == (0, listed[-1]["agency"])


def test_show_lists_the_candidates_of_a_shared_name_and_takes_an_agency(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(files["merged"])
    assert run_cli("--data", data, "show", GENERIC[2]) == (1, "")
    err = capsys.readouterr().err
    assert "'workshops-and-seminars' of agency 'itu'" in err
    assert "'fpca-workshops' of agency 'fpca'" in err
    status, text = run_cli("--data", data, "--json", "show", GENERIC[2], "--agency", "fpca")
    assert (status, json.loads(text)["id"]) == (0, "fpca-workshops")
    assert run_cli("--data", data, "show", GENERIC[2], "--agency", "fcpa") == (1, "")
    assert "no agency matches 'fcpa'; closest: 'fpca'" in capsys.readouterr().err


def test_search_shows_each_matchs_agency_when_there_are_several_profiles(
    files: dict[str, Path],
) -> None:
    status, text = run_cli("--data", str(files["merged"]), "search", GENERIC[2], "--limit", "2")
    assert status == 0
    assert [line.split("\t")[1:2] + line.split("\t")[-1:] for line in text.splitlines()] == [
        ["workshops-and-seminars", "[itu]"],
        ["fpca-workshops", "[fpca]"],
    ]
    status, text = run_cli(
        "--data", str(files["merged"]), "search", "workshops", "--agency", "fpca"
    )
    assert [line.split("\t")[1] for line in text.splitlines()] == ["fpca-workshops"]
    status, text = run_cli("search", GENERIC[2], "--limit", "1")  # one profile: no column
    assert not text.rstrip("\n").endswith("]")


def test_validate_with_bundled_accepts_a_profile_naming_bundled_agencies(
    files: dict[str, Path], tmp_path: Path
) -> None:
    profile = str(files["profile"])
    status, text = run_cli("validate", profile)
    assert status == 1
    assert "no agency has id 'upu'" in text
    # Valid; each generic name it shares with ITU's records is a warning, once.
    status, text = run_cli("validate", "--with-bundled", profile)
    assert status == 0
    assert text.endswith(f"{profile}: valid (0 error(s), 4 warning(s))\n")
    assert text.count("lists both records") == 4
    broken = fictional_profile()
    broken["activities"][0]["aliases"] = ["FPCA"]
    broken["partnerships"][0]["partners"] = ["upu", "fpcb"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    status, text = run_cli("validate", "--with-bundled", str(path))
    assert status == 1
    errors = [line.split(": ")[0] for line in text.splitlines() if ": error: " in line]
    assert errors == [
        f"{path}:$.partnerships[0].partners[1]",
        f"{path}:$.activities[0].aliases[0]",
    ]
    assert "did you mean 'fpca'" not in text  # never the partnership's own agency


def test_validate_on_a_base_file(files: dict[str, Path], tmp_path: Path) -> None:
    more = {
        **fictional_profile(),
        "agencies": [],
        "programmes": [],
        "partnerships": [],
        "categories": [],
        "activities": [
            {"id": "fpca-more", "name": "More workshops", "category": "fpca-group-1"},
            {"id": "fpca-other", "name": "Workshops and seminars", "category": "fpca-group-1"},
        ],
    }
    path = tmp_path / "more.json"
    path.write_text(json.dumps(more), encoding="utf-8")
    args = ("validate", "--with-bundled", "--base", str(files["profile"]), str(path))
    status, text = run_cli(*args)
    assert status == 1
    (problem, verdict) = text.splitlines()
    assert problem.startswith(f"{path}:$.activities[1].name: error: ")
    assert f"$.activities[0] of {files['profile']}" in problem
    assert verdict.startswith(f"{path}: invalid")
    status, _ = run_cli("validate", "--base", str(files["profile"]), str(path))
    assert status == 2  # without the bundled data, the base's partners are missing
    assert run_cli("validate", "--base", "-", str(path))[0] == 2


def test_merge_writes_a_document_that_loads_back_equal(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert run_cli("merge", "--with-bundled", str(files["profile"]), "-o", str(out)) == (0, "")
    assert f"to {out}" in capsys.readouterr().err
    assert itu_tcb.load(out) == MERGED
    status, text = run_cli("merge", "--with-bundled", str(files["profile"]))
    assert (status, json.loads(text)) == (0, MERGED.to_document())
    # An existing file is kept unless --force; then replaced whole.
    out.write_text("keep me", encoding="utf-8")
    assert run_cli("merge", "--with-bundled", str(files["profile"]), "-o", str(out))[0] == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "add --force" in capsys.readouterr().err
    args = ("merge", "--with-bundled", str(files["profile"]), "-o", str(out), "--force")
    assert run_cli(*args)[0] == 0
    assert itu_tcb.load(out) == MERGED
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_merge_reports_every_clash_and_writes_nothing(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    profile = str(files["profile"])
    capsys.readouterr()
    status, text = run_cli("merge", "--with-bundled", profile, profile, "-o", str(out))
    assert (status, text) == (1, "")  # standard output is the data channel: problems on stderr
    assert not out.exists()
    lines = capsys.readouterr().err.splitlines()
    clashes = [line for line in lines if "is already used by" in line]
    assert len(clashes) == 5  # every record of the profile
    assert all(line.startswith(f"{profile} (part 3):$.") for line in clashes)
    assert lines[-1].endswith("invalid (5 error(s), 0 warning(s))")
    fix = fictional_profile()
    fix["activities"][0]["description"] = "Invented courses."
    fix_path = tmp_path / "fix.json"
    fix_path.write_text(
        json.dumps({**fix, "agencies": [], "programmes": [], "partnerships": [], "categories": []}),
        encoding="utf-8",
    )
    args = ("merge", "--with-bundled", profile, str(fix_path), "--replace", "fpca-workshops")
    status, text = run_cli(*args)
    assert status == 0
    merged = itu_tcb.load(text)
    assert merged.lookup("fpca-workshops").description == "Invented courses."
    assert run_cli("merge", str(tmp_path / "missing.json"))[0] == 2
    assert run_cli("merge", "-")[0] == 2


def test_merge_o_writes_every_parts_metadata(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "saved.json"
    assert run_cli("merge", "--with-bundled", str(files["profile"]), "-o", str(out))[0] == 0
    saved = itu_tcb.load(out)
    assert saved.documents() == MERGED.documents()
    assert [m.citation for m in saved.documents()] == [
        DATA.metadata.citation,
        fictional_profile()["metadata"]["citation"],
    ]


def test_a_broken_base_is_reported_as_the_base_and_no_file_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "1.2"', encoding="utf-8")
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(corrections()), encoding="utf-8")
    for extra in ((), ("--json",)):
        assert run_cli("validate", *extra, "--base", str(broken), str(mine)) == (2, "")
        err = capsys.readouterr().err
        assert str(broken) in err
        assert "the base is not valid; no file was checked against it" in err
        assert str(mine) not in err
    # In Python the report is invalid and its errors name the base, not the document.
    report = itu_tcb.validate(mine, base=broken)
    assert not report.valid
    assert report.errors[0].source == str(broken)


def test_a_base_that_needs_replace_is_checked_with_it(
    files: dict[str, Path], tmp_path: Path
) -> None:
    fixes = tmp_path / "corrections.json"
    fixes.write_text(json.dumps(corrections()), encoding="utf-8")
    args = ("--with-bundled", "--base", str(fixes), "--replace", "itu-membership")
    status, text = run_cli("validate", *args, str(files["profile"]))
    assert status == 0, text
    # Without --replace the base's clash is the base's: no file is checked.
    assert (
        run_cli("validate", "--with-bundled", "--base", str(fixes), str(files["profile"]))[0] == 2
    )


def test_data_is_refused_by_the_commands_that_do_not_read_it(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (
        ("validate", str(files["profile"])),
        ("merge", str(files["profile"])),
        ("schema",),
    ):
        assert run_cli("--data", str(files["merged"]), *command) == (2, "")
        assert f"{command[0]} does not read --data" in capsys.readouterr().err


# ---------------------------------- the same search under every hash seed


def test_the_cli_search_is_the_same_under_every_hash_seed() -> None:
    outputs = {run_with_hash_seed(["-m", "itu_tcb", "search", "nido"], seed) for seed in HASH_SEEDS}
    assert len(outputs) == 1
    assert "unido" in outputs.pop()


# -------------------------------------------------------- pipes and FIFOs


def run_piped(*argv: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "itu_tcb", *argv], input=stdin, capture_output=True, timeout=60
    )


@needs_fifos
@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="needs /dev/stdin")
def test_dev_stdin_and_dash_read_a_pipe() -> None:
    for argv in (["validate", "/dev/stdin"], ["validate", "-"]):
        done = run_piped(*argv, stdin=BUNDLED_BYTES)
        assert done.returncode == 0, done.stderr
        assert b": valid" in done.stdout
    for data in ("/dev/stdin", "-"):
        done = run_piped("--data", data, "list", "sectors", stdin=BUNDLED_BYTES)
        assert (done.returncode, done.stdout.split(b"\t")[0]) == (0, b"itu-r")


@needs_fifos
def test_the_cli_reports_a_fifo_without_a_writer_on_one_line(fifo: Path) -> None:
    done = run_piped("validate", str(fifo), stdin=b"")
    assert done.returncode == 2
    assert b"that no process writes to" in done.stdout
    done = run_piped("--data", str(fifo), "summary", stdin=b"")
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1
    assert "that no process writes to" in done.stderr.decode()


# ------------------------------------------------------------------------ diff


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    """Documents that differ from the bundled one in one way each: a record added,
    a record renamed (its old name stops answering), a description changed."""
    changes: dict[str, Any] = {
        "same": lambda d: None,
        "added": lambda d: d["agencies"].append(
            {"id": "fpca", "name": "Fictional Postal Cooperation Agency"}
        ),
        "renamed": lambda d: d["sectors"][0].update(name="Radio Sector"),
        "described": lambda d: d["sectors"][0].update(description="Another description."),
    }
    for name, change in changes.items():
        document = DATA.to_document()
        change(document)
        (tmp_path / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "status", "breaking"),
    [
        ("same", "same", 0, 0),
        ("same", "added", 1, 0),  # an addition breaks nothing
        ("added", "same", 1, 1),  # a removal does
        ("same", "renamed", 1, 1),  # and so does a key that stopped answering
        ("same", "described", 1, 0),
    ],
)
def test_diff_exits_as_diff_does_and_breaking_only_on_removals_and_lost_keys(
    versions: Path, old: str, new: str, status: int, breaking: int
) -> None:
    paths = [str(versions / f"{name}.json") for name in (old, new)]
    found = itu_tcb.load(paths[0]).diff(itu_tcb.load(paths[1]))
    assert run_cli("diff", *paths) == (status, f"{found}\n")
    assert run_cli("diff", "--breaking", *paths) == (breaking, f"{found}\n")
    code, text = run_cli("diff", "--json", *paths)
    assert code == status
    assert json.loads(text) == json.loads(json.dumps(found.to_dict()))
    assert json.loads(text)["same"] is (status == 0)


def test_diff_with_bundled_compares_a_file_with_the_bundled_data(versions: Path) -> None:
    assert run_cli("diff", "--with-bundled", str(versions / "same.json")) == (0, "no changes\n")
    code, text = run_cli("diff", "--with-bundled", "--json", str(versions / "added.json"))
    assert code == 1
    assert [r["id"] for r in json.loads(text)["removed"]] == ["fpca"]  # OLD is the file
    earlier = Path(__file__).parent / "earlier" / "itu-data-0.1-schema-1.0.json"
    code, text = run_cli("diff", "--with-bundled", str(earlier))
    assert code == 1
    assert text.startswith(f"schema_version: 1.0 -> {DATA.schema_version}\n")


def test_diff_reads_one_side_from_standard_input(versions: Path) -> None:
    same = str(versions / "same.json")
    assert run_cli("diff", "-", same, stdin=BUNDLED_BYTES.decode("utf-8")) == (0, "no changes\n")
    code, text = run_cli("diff", same, "-", stdin=(versions / "added.json").read_text("utf-8"))
    assert (code, text.splitlines()[0]) == (1, "+ agency fpca: Fictional Postal Cooperation Agency")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "{missing}", "{same}"], "cannot read "),
        (["diff", "{same}", "{missing}"], "cannot read "),
        (["diff", "--breaking", "{missing}", "{same}"], "cannot read "),
        (["diff", "{same}"], "diff takes OLD and NEW, or one FILE with --with-bundled"),
        (["diff", "--with-bundled", "{same}", "{same}"], "diff takes OLD and NEW, or one"),
        (["diff", "-", "-"], "'-' (stdin) can be given only once"),
        (["--data", "{same}", "diff", "{same}", "{same}"], "diff does not read --data"),
        (["diff", "--with-bundled", "--base-bundled", "{same}"], "not on a base"),
        (["diff", "--with-bundled", "--base", "{same}", "{same}"], "not on a base"),
        (["diff", "--replace", "itu", "{same}", "{same}"], "--replace names ids of a base"),
        (["diff", "--base", "-", "{same}", "{same}"], "a --base document must be a file"),
        (["diff", "--base", "{missing}", "{same}", "{same}"], "cannot read "),
        (["diff", "--base-bundled", "{missing}", "{same}"], "cannot read "),
    ],
)
def test_diff_errors_exit_2_with_one_line(
    versions: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    names = {"missing": str(versions / "missing.json"), "same": str(versions / "same.json")}
    capsys.readouterr()
    assert run_cli(*(a.format(**names) for a in argv)) == (2, "")
    assert message in one_line_error(capsys)


@pytest.mark.parametrize("breaking", [[], ["--breaking"]])
def test_diff_of_an_invalid_document_is_an_error(
    versions: Path, capsys: pytest.CaptureFixture[str], breaking: list[str]
) -> None:
    bad = versions / "bad.json"
    bad.write_text('{"schema_version": "1.3", "unknown": 1}', encoding="utf-8")
    capsys.readouterr()
    assert run_cli("diff", *breaking, str(bad), str(versions / "same.json")) == (2, "")
    assert "is not a valid itu_tcb document" in capsys.readouterr().err


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """Two drafts of the fictional profile, whose partnership names bundled agencies:
    the later one renames its activity (to a name no other record has) and says a
    new data version."""
    profile = fictional_profile()
    (tmp_path / "fpca.json").write_text(json.dumps(profile), encoding="utf-8")
    profile["metadata"]["data_version"] = "0.2"
    profile["activities"][0]["name"] = "Workshops"
    (tmp_path / "fpca-2027.json").write_text(json.dumps(profile), encoding="utf-8")
    (tmp_path / "itu.json").write_bytes(BUNDLED_BYTES)
    return tmp_path


def test_diff_on_a_base_compares_two_drafts_of_a_part(
    drafts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(drafts / "fpca.json"), str(drafts / "fpca-2027.json")
    assert run_cli("diff", old, new) == (2, "")  # alone, a draft's partners are not found
    assert "no agency has id 'upu'" in capsys.readouterr().err
    found = itu_tcb.merge(DATA, Path(old)).diff(itu_tcb.merge(DATA, Path(new)))
    assert run_cli("diff", "--base-bundled", old, new) == (1, f"{found}\n")
    # Only the drafts' records, and ITU's activity, which the old name now answers alone.
    itu = DATA.lookup(GENERIC[2])
    assert [c.id for c in found.changed] == [itu.id, "fpca-workshops"]
    assert found.keys_lost == (("fpca-workshops", GENERIC[2]),)
    ids = tuple(
        r["id"] for kind in RecordKind for r in fictional_profile().get(kind.collection, [])
    )
    assert found.documents == ((ids, (FieldChange("data_version", "0.1", "0.2"),)),)
    assert (found.added, found.removed, found.metadata) == ((), (), ())
    # Warnings are each draft's own, and the command that lists them checks it so.
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"itu-tcb: 4 warnings in {old}; to see them: itu-tcb validate --with-bundled {old}",
        f"itu-tcb: 3 warnings in {new}; to see them: itu-tcb validate --with-bundled {new}",
    ]
    assert run_cli("validate", "--with-bundled", old)[1].count(": warning: ") == 4
    code, text = run_cli("diff", "--base-bundled", "--json", old, new)
    assert (code, json.loads(text)) == (1, json.loads(json.dumps(found.to_dict())))
    assert run_cli("diff", "--base-bundled", "--breaking", old, new)[0] == 1  # a key lost
    assert run_cli("diff", "--base-bundled", old, old) == (0, "no changes\n")
    stdin = (drafts / "fpca.json").read_text("utf-8")
    assert run_cli("diff", "--base-bundled", "-", new, stdin=stdin) == (1, f"{found}\n")


def test_diff_on_a_base_file_reads_the_drafts_on_it(
    drafts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, base = (str(drafts / name) for name in ("fpca.json", "fpca-2027.json", "itu.json"))
    found = itu_tcb.merge(DATA, Path(old)).diff(itu_tcb.merge(DATA, Path(new)))
    capsys.readouterr()
    assert run_cli("diff", "--base", base, old, new) == (1, f"{found}\n")
    assert f"itu-tcb validate --base {base} {old}" in capsys.readouterr().err
    # A base of two documents: the bundled data, then the fictional profile.
    on_both = ["diff", "--base-bundled", "--base", old]
    assert run_cli(*on_both, old, new)[0] == 2  # the drafts redefine the base's ids
    assert "id 'fpca' is already used" in capsys.readouterr().err


def test_diff_on_a_base_with_replace_compares_two_drafts_of_corrections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixes = corrections()
    membership = fixes["memberships"][0]["id"]
    (tmp_path / "fixes.json").write_text(json.dumps(fixes), encoding="utf-8")
    fixes["memberships"][0]["counts"][0]["count"]["value"] = 195
    (tmp_path / "fixes-2.json").write_text(json.dumps(fixes), encoding="utf-8")
    paths = [str(tmp_path / "fixes.json"), str(tmp_path / "fixes-2.json")]
    assert run_cli("diff", "--base-bundled", *paths)[0] == 2  # a clash, without --replace
    assert f"id {membership!r} is already used" in capsys.readouterr().err
    code, text = run_cli("diff", "--base-bundled", "--replace", membership, *paths)
    assert code == 1
    assert text.splitlines()[0] == f"~ membership {membership}"
    assert [line for line in text.splitlines() if line.startswith("~")] == [
        f"~ membership {membership}"
    ]


# ------------------------------------------------------- bounded messages

#: Commands with a very long word: the command's own messages, argparse's and the
#: kinds' alike.
LONG_COMMANDS = [
    ["show", LONG],
    ["search", LONG],
    ["export", LONG],
    ["show", "itu", "--agency", LONG],
    ["search", "itu", "--limit", LONG],
    ["list", LONG],
    [LONG],
    ["export", "sectors", "--format", LONG],
    [f"--{LONG}"],
    ["list", "sectors", LONG],
]


@pytest.mark.parametrize("argv", LONG_COMMANDS, ids=lambda argv: " ".join(argv)[:20])
def test_a_very_long_argument_gets_a_bounded_message(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run_cli(*argv)
    assert status in (1, 2)
    assert_bounded(one_line_error(capsys))
