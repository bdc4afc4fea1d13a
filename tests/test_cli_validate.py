"""``itu-tcb validate FILE...``: each problem as ``FILE:PATH: ...``, exit 0/1/2, inputs kept."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from itu_tcb.cli import run

BUNDLED_BYTES = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()
CLI = [sys.executable, "-m", "itu_tcb"]


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
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
    result = cli("validate", str(path))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    for where, _ in expected:
        assert any(line.startswith(f"{path}:{where}: error: ") for line in lines), where
    assert lines[-1] == f"{path}: invalid (10 error(s), 0 warning(s))"
    assert len(lines) == 11
    as_json = cli("validate", "--json", str(path))
    assert as_json.returncode == 1
    (report,) = json.loads(as_json.stdout)
    assert {(p["path"], p["kind"]) for p in report["problems"]} == expected
    assert result.stderr == b""


def test_valid_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "itu.json"
    path.write_bytes(BUNDLED_BYTES)
    out = io.StringIO()
    assert run(["validate", str(path)], out) == 0
    assert out.getvalue() == f"{path}: valid (0 error(s), 0 warning(s))\n"


def test_several_files_mixed(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(BUNDLED_BYTES)
    bad.write_bytes(b'{"schema_version": "2.0"}')
    out = io.StringIO()
    assert run(["validate", str(good), str(bad)], out) == 1
    text = out.getvalue()
    assert f"{good}: valid" in text
    assert f"{bad}:$.schema_version: error: schema_version '2.0' is not supported" in text


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(BUNDLED_BYTES)
    missing = tmp_path / "missing.json"
    out = io.StringIO()
    assert run(["validate", str(good), str(missing)], out) == 2
    assert f"{missing}:$: error: cannot read" in out.getvalue()
    assert run(["validate", str(tmp_path)], io.StringIO()) == 2


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate"], io.StringIO()) == 2
    assert "error:" in capsys.readouterr().err
    assert run(["validate", "-", "-"], io.StringIO()) == 2
    assert "only once" in capsys.readouterr().err


def test_stdin_dash() -> None:
    result = cli("validate", "-", stdin=b'{"schema_version": "1.0", "metadata": {}, "x": NaN}')
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "<stdin>:$.x: error: NaN is not a JSON number" in out
    assert "<stdin>:$.metadata.title: error: required field is missing" in out
    assert cli("validate", "-", stdin=BUNDLED_BYTES).returncode == 0


def test_stdin_without_a_binary_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text stdin (as in an embedding app) is read as JSON text, never as a path."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("not json"))
    out = io.StringIO()
    assert run(["validate", "-"], out) == 1
    assert out.getvalue().startswith("<stdin>:$: error: not valid JSON")


def test_json_output(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(b"\xff")
    out = io.StringIO()
    assert run(["validate", "--json", str(path)], out) == 1
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


def test_unprintable_names_do_not_crash_the_output(tmp_path: Path) -> None:
    """A lone surrogate in a key and an undecodable file name are escaped in the output."""
    name = os.fsdecode(b"odd-\xff.json")
    path = tmp_path / name
    path.write_bytes(b'{"\\ud800": 1}')
    out = io.StringIO()
    assert run(["validate", str(path)], out) == 1
    text = out.getvalue()
    text.encode("utf-8")
    assert "$['\\ud800']: error: text holds a lone UTF-16 surrogate" in text


def test_validate_never_writes_to_its_inputs(tmp_path: Path) -> None:
    data, _ = ten_mistakes()
    files = {tmp_path / "bad.json": data, tmp_path / "good.json": BUNDLED_BYTES}
    stamp = 1_000_000_000_000_000_000
    for path, content in files.items():
        path.write_bytes(content)
        os.utime(path, ns=(stamp, stamp))
    before = {path: path.stat() for path in files}
    cli("validate", *map(str, files))
    cli("validate", "--json", *map(str, files))
    for path, content in files.items():
        after = path.stat()
        assert path.read_bytes() == content
        assert after.st_mtime_ns == before[path].st_mtime_ns == stamp
        assert after.st_size == before[path].st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "good.json"]


def test_a_closed_stdin_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    out = io.StringIO()
    assert run(["validate", "-"], out) == 2
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
    assert run(["validate", "-"], io.StringIO()) == 2
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
        ["sh", "-c", f'exec "$0" "$@" {redirect}', *CLI, *argv],
        stdout=subprocess.PIPE if redirect == "<&-" else None,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"itu-tcb: error: {message}\n".encode()
