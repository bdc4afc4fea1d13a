"""The documentation cannot rot: its examples run, and its references match the code.

- Every ``>>>`` example in the Markdown pages of ``docs/`` and in the package's
  docstrings is run as a doctest; any mismatch fails.
- The API reference names every public name, the data model page describes every
  field and enum value, and the CLI page every command and exit status.
- ``test_sphinx_build_has_no_warning`` builds the HTML docs with warnings as errors,
  as CI does (the slowest test here).
"""

from __future__ import annotations

import doctest
import enum
import importlib
import importlib.util
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest

import itu_tcb
from helpers import ROOT, doctest_source
from itu_tcb import cli, models
from itu_tcb._fields import specs

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
#: Pages of the docs that are notebooks (shown with their stored outputs).
NOTEBOOKS = sorted(DOCS.glob("*.ipynb"))
#: Pages that must show at least one runnable example.
PAGES_WITH_EXAMPLES = ("index.md", "quickstart.md", "data-model.md", "cli.md", "tables.md")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def run_examples(text: str, name: str, filename: str) -> tuple[int, int, str]:
    """Run the doctest examples of ``text``: (attempted, failed, failure report)."""
    test = doctest.DocTestParser().get_doctest(text, {}, name, filename, 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=report.append)
    return runner.tries, runner.failures, "".join(report)


# ------------------------------------------------------------ examples run


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples_pass(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # an example may read a file of the repository, by its path
    attempted, failed, report = run_examples(
        doctest_source(page.read_text(encoding="utf-8")), page.name, str(page)
    )
    assert failed == 0, f"{failed} of {attempted} examples in docs/{page.name} failed:\n{report}"
    if page.name in PAGES_WITH_EXAMPLES:
        assert attempted > 0, f"docs/{page.name} should show runnable examples"


def test_readme_examples_pass() -> None:
    readme = ROOT / "README.md"
    attempted, failed, report = run_examples(
        doctest_source(readme.read_text(encoding="utf-8")), "README.md", str(readme)
    )
    assert attempted > 0, "README.md should show a runnable Python example"
    assert failed == 0, f"{failed} of {attempted} examples in README.md failed:\n{report}"


def test_pages_with_examples_exist() -> None:
    names = {p.name for p in PAGES}
    assert set(PAGES_WITH_EXAMPLES) <= names


def test_a_wrong_example_fails() -> None:
    page = "Text.\n\n```pycon\n>>> 1 + 1\n3\n```\n\n```console\n>>> not run\n```\n"
    attempted, failed, report = run_examples(doctest_source(page), "bad", "bad.md")
    assert (attempted, failed) == (1, 1)
    assert "line 4" in report  # the page's own line number
    assert "Expected:\n    3\nGot:\n    2" in report


def test_only_example_blocks_are_kept() -> None:
    page = "```pycon\n>>> x = 1\n```\n~~~python\n>>> x\n1\n~~~\n```console\n$ ls\n```\n"
    source = doctest_source(page)
    assert source.splitlines() == ["", ">>> x = 1", "", "", ">>> x", "1", "", "", "", ""]
    assert run_examples(source, "ok", "ok.md")[:2] == (2, 0)


def test_an_unclosed_fence_is_an_error() -> None:
    with pytest.raises(ValueError, match="line 2 is never closed"):
        doctest_source("text\n```pycon\n>>> 1\n")


def _modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(itu_tcb.__path__, "itu_tcb.")]
    return [itu_tcb, *(importlib.import_module(n) for n in sorted(names))]


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__)
def test_docstring_examples_pass(module: ModuleType) -> None:
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in finder.find(module):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


# ----------------------------------------------- references match the code


def _text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def _sections(page: str) -> dict[str, str]:
    """Level-2 and level-3 sections of a page by heading text (the later wins)."""
    parts = re.split(r"^#{2,3} +(.+?) *$", _text(page), flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _table_keys(section: str) -> set[str]:
    """The code-formatted first cells of a section's table rows."""
    return set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE))


def test_api_reference_names_every_public_name() -> None:
    documented = set(
        re.findall(r"^\.\. auto(?!module)\w+:: itu_tcb\.(\w+)$", _text("api.md"), re.M)
    )
    assert documented == set(itu_tcb.__all__)


def _classes() -> list[type]:
    return [c for c in (getattr(models, name) for name in models.__all__) if isinstance(c, type)]


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_data_model_describes_every_field_and_value(cls: type) -> None:
    """The data model page has a section per class: the values of each enum in a
    table, and for each record or value a link to its generated field table, which
    lists every declared field with the doc line of its declaration."""
    sections = _sections("data-model.md")
    assert cls.__name__ in sections, f"data-model.md has no section for {cls.__name__}"
    if issubclass(cls, enum.Enum):
        assert _table_keys(sections[cls.__name__]) == {str(member.value) for member in cls}
        return
    assert f"(fields.md#{cls.__name__.lower()})" in sections[cls.__name__]
    table = _sections("fields.md")[cls.__name__]
    assert _table_keys(table) == {spec.name for spec in specs(cls)}
    assert [spec.name for spec in specs(cls)] == [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]
    for spec in specs(cls):
        assert spec.doc.replace("|", "\\|") in table


def test_data_model_covers_every_record_kind() -> None:
    sections = _sections("data-model.md")
    assert {cls.__name__ for cls in models.RECORD_TYPES.values()} <= set(sections)


def _subcommands() -> set[str]:
    parser = cli.build_parser()
    actions = [a for a in parser._actions if a.choices is not None and a.dest == "command"]
    assert len(actions) == 1
    choices = actions[0].choices
    assert isinstance(choices, dict)
    return set(choices)


def test_cli_reference_describes_every_command() -> None:
    commands = _text("cli.md").split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^### +(\S+)$", commands, flags=re.MULTILINE))
    assert documented == _subcommands(), "cli.md and the parser disagree on the commands"


def test_cli_reference_lists_every_exit_status() -> None:
    statuses = {int(k) for k in _table_keys(_sections("cli.md")["Exit status"])}
    assert {cli.OK, cli.NOT_FOUND, cli.USAGE} <= statuses


def test_changelog_page_includes_the_changelog() -> None:
    assert "{include} ../CHANGELOG.md" in _text("changelog.md")
    assert (ROOT / "CHANGELOG.md").is_file()


def test_every_page_is_in_the_toctree() -> None:
    index = _text("index.md")
    toctree = index.split("{toctree}", 1)[1].split("```", 1)[0]
    entries = {line.strip() for line in toctree.splitlines()[1:] if line.strip()}
    entries = {e for e in entries if not e.startswith(":")}
    assert entries == {p.stem for p in [*PAGES, *NOTEBOOKS]} - {"index"}


# --------------------------------------------------------------- the build


@pytest.mark.slow
def test_sphinx_build_has_no_warning(tmp_path: Path) -> None:
    """The HTML build, warnings as errors, exactly as CI runs it."""
    missing = [m for m in ("sphinx", "myst_nb", "furo") if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"the 'docs' dependency group is not installed (missing: {', '.join(missing)})")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    command += ["-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, f"sphinx failed:\n{done.stdout}\n{done.stderr}"
    assert done.stderr.strip() == "", done.stderr
    built = {p.stem for p in (tmp_path / "html").glob("*.html")}
    assert {p.stem for p in [*PAGES, *NOTEBOOKS]} <= built
    # The notebook is shown with its stored outputs: its tables and its chart.
    example = (tmp_path / "html" / "example.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="_images/[0-9a-f]+\.png"', example)
    assert "nearly 700" in example
    assert "Telecommunication Development Sector" in example


@pytest.mark.slow
@pytest.mark.parametrize("page", ["README.md", "docs/quickstart.md"])
def test_python_examples_pass_mypy_strict_as_a_users_script(page: str, tmp_path: Path) -> None:
    """The examples of the README and the quickstart, written out as one script, pass
    ``mypy --strict`` with no casts: the typed pattern (``kind=`` a record class) is
    what they show."""
    source = doctest_source((ROOT / page).read_text(encoding="utf-8"))
    examples = doctest.DocTestParser().get_examples(source)
    assert examples, f"{page} has no Python example"
    script = tmp_path / "example.py"
    script.write_text("".join(example.source for example in examples), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
