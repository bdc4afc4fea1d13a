"""The arguments of the ``itu-tcb`` command (``itu_tcb._arguments``): the option types,
an option given once, an option the command lacks named with a close one, and the help
and version."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import itu_tcb
from helpers import BUNDLED_BYTES, flat, one_line_error, run_cli, usage_error
from itu_tcb import cli
from itu_tcb._lookup import MIN_SCORE


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("search", "itu", "--limit", "0"), "expected a whole number of 1 or more"),
        (("search", "itu", "--limit", "many"), "expected a whole number of 1 or more"),
        (("list", "planets"), "unknown kind 'planets'"),
        (("list",), "required"),
        (("frobnicate",), "invalid choice"),
        (("--nope",), "itu-tcb has no option --nope (see"),
        (("--jsn",), "itu-tcb has no option --jsn; did you mean --json?"),
        (("search", "itu", "--limt", "3"), "search has no option --limt; did you mean --limit?"),
        (("schema", "--json"), "schema has no option --json; its output is JSON already (see"),
        (("show", "a", "b"), "unrecognized arguments: b"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    argv: tuple[str, ...], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert words in usage_error(capsys, *argv)


def test_data_may_be_given_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second --data does not silently win over the first (an invalid one, say)."""
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    bad.write_text("{", encoding="utf-8")
    good.write_bytes(BUNDLED_BYTES)
    for first, second in ((bad, good), (good, good)):
        assert run_cli("--data", str(first), "--data", str(second), "list", "sectors") == (2, "")
        assert "--data may be given once" in one_line_error(capsys)


def test_help_without_a_stdout_goes_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(SystemExit) as caught:
        cli.main(["--help"])
    assert caught.value.code == 0
    assert capsys.readouterr().err.startswith("usage: itu-tcb")


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["--version"]) == 0
    assert capsys.readouterr().out == f"itu-tcb {itu_tcb.__version__}\n"
    assert cli.run(["--help"]) == 0
    assert "usage: itu-tcb" in capsys.readouterr().out
    parser = cli.build_parser()
    assert parser.prog == "itu-tcb"
    assert "summary" in parser.format_help()


@pytest.mark.parametrize("given", ["2", "-0.1", "x", "nan", "inf", "", "1e9"])
def test_min_score_out_of_range_is_a_usage_error(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("search", "itu", "--min-score", given) == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert f"argument --min-score: expected a number from 0 to 1, got {given!r}" in err


def test_help_and_docs_give_the_default_floor(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("search", "--help")[0] == 0
    assert f"(default: {MIN_SCORE})" in flat(capsys.readouterr().out)
    docs = Path(__file__).parent.parent / "docs"
    assert f"the default, {MIN_SCORE}, keeps" in flat((docs / "cli.md").read_text("utf-8"))
    assert f"`min_score` ({MIN_SCORE} unless given)" in flat(
        (docs / "format.md").read_text("utf-8")
    )


def test_json_option_with_export_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--json", "export", "sectors") == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "export has no option --json; use 'export TABLE --format json'" in err
    assert run_cli("export", "sectors", "--json") == (2, "")
    assert "export has no option --json; use 'export TABLE" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--json"], "export has no option --json; use 'export TABLE --format json'"),
        (["--json", "export"], "export has no option --json; use 'export TABLE --format json'"),
        (["schema", "--json"], "schema has no option --json; its output is JSON already"),
        (["--json", "schema"], "schema has no option --json; its output is JSON already"),
    ],
)
def test_json_given_to_a_command_without_it_says_what_to_use(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With or without the command's own arguments, before or after the command."""
    assert run_cli(*argv) == (2, "")
    assert message in one_line_error(capsys)


@pytest.mark.parametrize("command", [["show", "itu-d"], ["search", "itu"], ["list", "sectors"]])
@pytest.mark.parametrize("data", [["--data", "x.json"], ["--data=x.json"]])
def test_data_after_the_command_says_where_it_goes(
    command: list[str], data: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(*command, *data) == (2, "")
    error = one_line_error(capsys)
    assert f"{command[0]} has no option --data" in error
    assert f"--data goes before the command: 'itu-tcb --data FILE {command[0]} ...'" in error


def test_export_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("export", "activities", "--format", "xml") == (2, "")
    assert "invalid choice: 'xml'" in capsys.readouterr().err
