"""The ``itu-tcb`` command: output, JSON, exit codes, one-line errors."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import itu_tcb
from itu_tcb import cli
from itu_tcb._text import display_title


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = cli.run(list(argv), out=out)
    return status, out.getvalue()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert err.startswith("itu-tcb: ")
    return err


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
    status, text = run(*argv)
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
    status, text = run("--json")
    assert status == 0
    assert itu_tcb.load(json.loads(text)) == data
    assert run("summary", "--json") == (0, text)


# ------------------------------------------------------------ list / show


@pytest.mark.parametrize("kind", list(itu_tcb.RecordKind))
def test_list_every_kind(kind: itu_tcb.RecordKind, data: itu_tcb.Dataset) -> None:
    records = data.collection(kind)
    for name in (kind.collection, kind.name.lower(), kind.collection.upper()):
        status, text = run("list", name)
        assert status == 0
        titles = [display_title(data, r) for r in records]
        assert text.splitlines() == [f"{r.id}\t{t}" for r, t in zip(records, titles, strict=True)]
    status, text = run("list", kind.collection, "--json")
    assert status == 0
    assert [row["id"] for row in json.loads(text)] == [r.id for r in records]


def test_list_of_an_empty_kind_exits_1(small_file: Path) -> None:
    assert run("--data", str(small_file), "list", "sectors") == (1, "")
    assert run("--data", str(small_file), "list", "agencies")[0] == 0


def test_show_a_record(data: itu_tcb.Dataset) -> None:
    status, text = run("show", "itu d")
    assert status == 0
    assert text.startswith("ITU-D [sector itu-d]\n  code: ITU-D\n")
    assert "  name: Telecommunication Development Sector" in text
    assert "  agency: itu (International Telecommunication Union)" in text
    status, text = run("--json", "show", "GSR")
    assert status == 0
    shown = json.loads(text)
    assert (shown["kind"], shown["id"], shown["acronym"]) == (
        "activities",
        "global-symposium-for-regulators",
        "GSR",
    )


def test_show_of_nothing_exits_1_naming_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("show", "ITU-X") == (1, "")
    err = one_line_error(capsys)
    assert "no record matches 'ITU-X'; closest: 'ITU" in err


# ----------------------------------------------------------------- search


def test_search(data: itu_tcb.Dataset) -> None:
    status, text = run("search", "regulators", "--limit", "3")
    assert status == 0
    lines = text.splitlines()
    assert 1 <= len(lines) <= 3
    assert lines[0].split("\t")[1] == "global-symposium-for-regulators"
    status, text = run("search", "--json", "Radiocomunication")
    assert status == 0
    found = json.loads(text)
    assert found[0]["id"] == "itu-r"
    assert set(found[0]) == {"id", "kind", "title", "score", "matched", "agency"}
    assert found[0]["agency"] == "itu"


def test_search_with_no_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("search", "zzzzqqqq") == (1, "")
    assert "nothing matches 'zzzzqqqq'" in one_line_error(capsys)
    assert run("search", "zzzzqqqq", "--json") == (1, "[]\n")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("search", "!!"), "search text is empty"),
        (("search", "itu", "--limit", "0"), "expected a whole number of 1 or more"),
        (("search", "itu", "--limit", "many"), "expected a whole number of 1 or more"),
        (("list", "planets"), "unknown kind 'planets'"),
        (("list",), "required"),
        (("frobnicate",), "invalid choice"),
        (("--nope",), "unrecognized arguments"),
        (("validate", "-", "-"), "stdin"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: tuple[str, ...], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(*argv) == (2, "")
    err = one_line_error(capsys)
    assert words in err
    assert err.startswith("itu-tcb: error: ")


# ------------------------------------------------------------- other data


def test_data_option_reads_another_document(small_file: Path) -> None:
    status, text = run("--data", str(small_file), "show", "itu")
    assert status == 0
    assert f"(from {small_file})" in " ".join(text.split())  # wrapped at any width
    assert run("--data", str(small_file), "show", "itu-d")[0] == 1


def test_invalid_data_exits_1_and_unreadable_data_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the docs say: an invalid document gives 1, a file that cannot be read 2."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    assert run("--data", str(bad)) == (1, "")
    assert "is not a valid itu_tcb document: $.metadata: " in one_line_error(capsys)
    assert run("--data", str(bad), "export", "sectors") == (1, "")
    assert "is not a valid itu_tcb document" in one_line_error(capsys)
    not_json = tmp_path / "not.json"
    not_json.write_bytes(b"\xff{")
    assert run("--data", str(not_json), "list", "sectors") == (1, "")
    one_line_error(capsys)
    assert run("--data", str(tmp_path / "missing.json"), "summary") == (2, "")
    assert "cannot read" in one_line_error(capsys)
    assert run("--data", str(tmp_path), "summary") == (2, "")
    assert "cannot read" in one_line_error(capsys)


def test_data_may_be_given_once(
    tmp_path: Path, small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second --data does not silently win over the first (an invalid one, say)."""
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    for first, second in ((bad, small_file), (small_file, small_file)):
        assert run("--data", str(first), "--data", str(second), "list", "sectors") == (2, "")
        assert "--data may be given once" in one_line_error(capsys)


def test_validate(tmp_path: Path, small_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0", "metadata": 3}', encoding="utf-8")
    status, text = run("validate", str(small_file))
    assert status == 0
    assert text.splitlines()[-1].endswith(": valid (0 error(s), 1 warning(s))")
    status, text = run("validate", str(small_file), str(bad))
    assert status == 1
    assert f"{bad}:$.metadata: error: expected an object (Metadata), got an integer" in text
    status, text = run("validate", "--json", str(bad))
    assert status == 1
    (report,) = json.loads(text)
    assert (report["valid"], report["errors"]) == (False, 1)
    assert run("validate", str(tmp_path / "missing.json"))[0] == 2


def test_validate_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = small_file.read_bytes()
    for stdin in (io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"), io.StringIO(raw.decode())):
        monkeypatch.setattr(sys, "stdin", stdin)
        status, text = run("validate", "-")
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


class FailingStdout(io.TextIOWrapper):
    """A standard output on a full disk: every write that reaches the file fails."""

    def __init__(self, error: int = errno.ENOSPC) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self.error = error
        self.failing = True

    def flush(self) -> None:
        if self.failing:
            raise OSError(self.error, os.strerror(self.error))

    def close(self) -> None:
        # Closing (also when the object is collected) drops what is buffered,
        # rather than failing once more outside the test.
        self.failing = False
        super().close()

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


@pytest.mark.parametrize(
    "argv", [["summary"], ["--json", "list", "sectors"], ["export", "sectors"], ["--help"]]
)
def test_main_reports_output_it_cannot_write(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", FailingStdout())
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == 2
    err = one_line_error(capsys)
    assert err == "itu-tcb: error: cannot write the output: No space left on device\n"


def test_main_is_quiet_when_the_reader_goes_away(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", FailingStdout(errno.EPIPE))
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with pytest.raises(SystemExit) as caught:
        cli.main(["list", "activities"])
    assert caught.value.code == 0
    assert stderr.getvalue() == ""


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["list", "activities"], 0),
        (["validate", "{bad}"], 1),
        (["--json", "validate", "{bad}"], 1),
        (["validate", "{missing}"], 2),
        (["show", "no such record"], 1),
    ],
)
def test_a_reader_gone_before_the_output_keeps_the_exit_status(
    argv: list[str], status: int, tmp_path: Path
) -> None:
    """``itu-tcb validate bad.json | true``: the verdict is still the exit status, and
    nothing is printed about the pipe."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    paths = {"bad": bad, "missing": tmp_path / "missing.json"}
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "itu_tcb", *(a.format(**paths) for a in argv)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == status
    assert "Traceback" not in done.stderr
    assert "pipe" not in done.stderr.lower()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["summary"], ["export", "activities"], ["--version"]])
def test_a_full_disk_is_one_line_and_exit_2(argv: list[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "itu_tcb", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr == "itu-tcb: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("argv", [["list", "sectors"], ["summary"], ["export", "sectors"]])
def test_a_closed_stdout_is_one_line_and_exit_2(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == 2
    assert "cannot write the output: standard output is closed" in one_line_error(capsys)


def test_a_closed_stdout_does_not_matter_with_nothing_to_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    target = tmp_path / "sectors.csv"
    with pytest.raises(SystemExit) as caught:
        cli.main(["export", "sectors", "-o", str(target)])
    assert caught.value.code == 0
    assert target.read_text(encoding="utf-8").startswith("id,")
    assert "wrote 3 rows to " in capsys.readouterr().err


def test_help_without_a_stdout_goes_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(SystemExit) as caught:
        cli.main(["--help"])
    assert caught.value.code == 0
    assert capsys.readouterr().err.startswith("usage: itu-tcb")


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


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["--version"]) == 0
    assert capsys.readouterr().out == f"itu-tcb {itu_tcb.__version__}\n"
    assert cli.run(["--help"]) == 0
    assert "usage: itu-tcb" in capsys.readouterr().out
    parser = cli.build_parser()
    assert parser.prog == "itu-tcb"
    assert "summary" in parser.format_help()


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


NON_ASCII_TITLE = "Global Industry Leaders\u2019 Forum"


@pytest.mark.parametrize(
    "argv",
    [
        ["summary"],
        ["list", "activities"],
        ["show", "global-industry-leaders-forum"],
        ["search", "industry leaders"],
    ],
)
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_output_survives_an_encoding_that_cannot_hold_it(
    argv: list[str], as_json: bool, data: itu_tcb.Dataset
) -> None:
    assert NON_ASCII_TITLE in {a.title for a in data.activities}
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")  # strict, as a C locale console
    assert cli.run(["--json", *argv] if as_json else argv, out=out) == 0
    out.flush()
    text = out.buffer.getvalue().decode("ascii")
    assert "Global Industry Leaders\\u2019 Forum" in text
    if as_json:  # the escape is also JSON's: the value reads back unchanged
        assert NON_ASCII_TITLE in json.dumps(json.loads(text), ensure_ascii=False)


def test_an_ascii_console_gets_escapes_not_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "itu_tcb", "summary"],
        capture_output=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Global Industry Leaders\\u2019 Forum" in done.stdout


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
