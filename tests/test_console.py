"""The command line's streams (``itu_tcb._console``): output written at once, output
that cannot be written (a full disk, a closed stream, a reader gone), standard input,
escapes for what an encoding cannot hold, and one-line messages on standard error."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import BUNDLED, DATA, one_line_error, run_cli
from itu_tcb import _console as console
from itu_tcb import _formats, cli, tables

# ------------------------------------------- standard output that cannot be written


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


# ------------------------------------------------------------------- standard input


def test_stdin_without_a_binary_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text stdin (as in an embedding app) is read as JSON text, never as a path."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("not json"))
    out = io.StringIO()
    assert cli.run(["validate", "-"], out) == 1
    assert out.getvalue().startswith("<stdin>:$: error: not valid JSON")


def test_a_closed_stdin_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    out = io.StringIO()
    assert cli.run(["validate", "-"], out) == 2
    assert out.getvalue() == ""
    assert capsys.readouterr().err == "itu-tcb: error: cannot read standard input: it is closed\n"


def test_stdin_that_cannot_be_read_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Directory(io.BufferedReader):
        def read(self, size: int | None = -1) -> bytes:
            raise IsADirectoryError(21, "Is a directory")

    stdin = io.TextIOWrapper(Directory(io.BytesIO()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert cli.run(["validate", "-"], io.StringIO()) == 2
    assert capsys.readouterr().err == "itu-tcb: error: cannot read standard input: Is a directory\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX shell")
@pytest.mark.parametrize(
    ("redirect", "argv", "message"),
    [
        ("<&-", ["validate", "-"], "cannot read standard input: it is closed"),
        (">&-", ["list", "sectors"], "cannot write the output: standard output is closed"),
    ],
)
def test_closed_streams_from_the_shell(redirect: str, argv: list[str], message: str) -> None:
    done = subprocess.run(
        ["sh", "-c", f'exec "$0" "$@" {redirect}', sys.executable, "-m", "itu_tcb", *argv],
        stdout=subprocess.PIPE if redirect == "<&-" else None,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"itu-tcb: error: {message}\n".encode()


# --------------------------------------------- output that its encoding cannot hold


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


def test_unprintable_names_do_not_crash_the_output(tmp_path: Path) -> None:
    """A lone surrogate in a key and an undecodable file name are escaped in the output."""
    name = os.fsdecode(b"odd-\xff.json")
    path = tmp_path / name
    path.write_bytes(b'{"\\ud800": 1}')
    out = io.StringIO()
    assert cli.run(["validate", str(path)], out) == 1
    text = out.getvalue()
    text.encode("utf-8")
    assert "$['\\ud800']: error: text holds a lone UTF-16 surrogate" in text


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


#: A fictional agency whose name needs more than ASCII, and more than Latin-1.
NAME = "Agence fictive de Zo\u00eb \u2013 \u65e5\u672c \U0001f600"


@pytest.fixture(scope="module")
def zoe_document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = json.loads(json.dumps(BUNDLED))
    doc["agencies"].append(
        {
            "id": "zoe",
            "name": NAME,
            "aliases": ["Zo\u00eb"],
            "source": {"section": "x", "links": []},
        }
    )
    path = tmp_path_factory.mktemp("doc") / "zo\u00eb.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def commands(path: Path) -> list[list[str]]:
    data = ["--data", str(path)]
    return [
        [*data, "summary", "--json"],
        [*data, "list", "agencies", "--json"],
        [*data, "show", "zoe", "--json"],
        ["--json", *data, "show", "Zo\u00eb"],
        [*data, "search", "zoe", "--json"],
        ["validate", str(path), "--json"],
        ["schema"],
    ]


def run_encoded(argv: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "itu_tcb", *argv], env=env, capture_output=True, timeout=120
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_every_json_output_parses_under_a_narrow_encoding(
    zoe_document: Path, encoding: str
) -> None:
    for argv in commands(zoe_document):
        wide = run_encoded(argv, "utf-8")
        narrow = run_encoded(argv, encoding)
        assert (wide.returncode, narrow.returncode) == (0, 0), (argv, narrow.stderr)
        text = narrow.stdout.decode(encoding)
        assert json.loads(text) == json.loads(wide.stdout.decode("utf-8")), argv
    shown = json.loads(run_encoded(commands(zoe_document)[2], "ascii").stdout.decode("ascii"))
    assert shown["name"] == NAME


def test_plain_output_stays_readable_under_ascii(zoe_document: Path) -> None:
    done = run_encoded(["--data", str(zoe_document), "show", "zoe"], "ascii")
    assert done.returncode == 0
    text = done.stdout.decode("ascii")
    assert "Agence fictive de Zo\\xeb" in text


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    ),
    st.sampled_from(["ascii", "latin-1", "cp1252", "utf-8", "utf-16"]),
)
def test_any_json_value_delivered_in_any_encoding_parses_back(value: Any, encoding: str) -> None:
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"  # as the command writes it
    raw = io.BytesIO()
    # A strict stream, as ``sys.stdout`` under ``PYTHONIOENCODING``: what it cannot
    # encode would raise.
    out = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
    console.deliver(out, text, escape_json=True)
    assert json.loads(raw.getvalue().decode(encoding)) == value


# --------------------------------------- messages: one line, whatever the file name


names = st.text(min_size=1, max_size=20).filter(lambda n: "\x00" not in n and n not in "-")


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_every_message_is_one_line_whatever_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    missing = str(tmp_path / "missing" / name)  # never exists: its folder does not
    capsys.readouterr()
    assert run_cli("--data", missing, "list", "agencies") == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    status, text = run_cli("validate", missing)
    assert status == 2
    assert len(text.splitlines()) == 2, text  # the problem and the verdict
    assert capsys.readouterr().err == ""
    assert run_cli("merge", missing) == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 2, err
    assert all(
        line.startswith(repr(missing) if not missing.isprintable() else missing)
        for line in err.splitlines()
    )
