"""``CITATION.cff`` is valid Citation File Format and agrees with the package.

It is checked with ``cffconvert`` (the reference validator of the format). cffconvert 2
requires ``jsonschema<4`` while the test extra needs ``jsonschema>=4.18`` (JSON Schema
2020-12), so it cannot share the test environment: a session fixture installs the
``citation`` dependency group's requirement, read from ``pyproject.toml``, into a
fresh virtual environment (from the package index, like ``test_packaging``'s wheel
installs). Then:

- ``cffconvert --validate`` passes on the file, and fails on a copy with an error;
- its version, release date, licence and title agree with ``_version.py``, the
  CHANGELOG, ``pyproject.toml`` and the bundled data's citation of the source.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import itu_tcb

ROOT = Path(__file__).resolve().parent.parent
CITATION = ROOT / "CITATION.cff"
TIMEOUT = 600


def _requirement() -> str:
    """The ``citation`` dependency group's one requirement, as pyproject.toml states it."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^citation = \["([^"]+)"\]$', text, flags=re.MULTILINE)
    assert found is not None, "pyproject.toml has no [dependency-groups] citation line"
    return found[1]


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=TIMEOUT
    )


@pytest.fixture(scope="session")
def cffconvert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``cffconvert`` command, in a virtual environment of its own."""
    home = tmp_path_factory.mktemp("cffconvert") / "env"
    done = _run([sys.executable, "-m", "venv", "--without-pip", str(home)], cwd=home.parent)
    assert done.returncode == 0, done.stderr
    folder = home / ("Scripts" if os.name == "nt" else "bin")
    python = folder / ("python.exe" if os.name == "nt" else "python")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    done = _run([*pip, _requirement()], cwd=home.parent)
    assert done.returncode == 0, f"cannot install {_requirement()}:\n{done.stderr}"
    return folder / ("cffconvert.exe" if os.name == "nt" else "cffconvert")


@pytest.mark.slow
def test_citation_file_is_valid(cffconvert: Path, tmp_path: Path) -> None:
    done = _run([str(cffconvert), "--validate", "-i", str(CITATION)], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "are valid" in done.stdout


@pytest.mark.slow
def test_an_invalid_citation_file_fails(cffconvert: Path, tmp_path: Path) -> None:
    text = CITATION.read_text(encoding="utf-8")
    broken = tmp_path / "CITATION.cff"
    broken.write_text(text.replace("type: website", "type: webpage"), encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != text
    done = _run([str(cffconvert), "--validate", "-i", str(broken)], cwd=tmp_path)
    assert done.returncode != 0
    assert "webpage" in done.stdout + done.stderr


def _as_zenodo(cffconvert: Path, tmp_path: Path) -> dict[str, Any]:
    done = _run([str(cffconvert), "-i", str(CITATION), "-f", "zenodo"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _changelog_date(version: str) -> str | None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    found = re.search(rf"^## \[{re.escape(version)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$", text, re.M)
    return None if found is None else found[1]


@pytest.mark.slow
def test_citation_agrees_with_the_package(cffconvert: Path, tmp_path: Path) -> None:
    zenodo = _as_zenodo(cffconvert, tmp_path)
    assert zenodo["version"] == itu_tcb.__version__
    # The version cited is a released one, with its date in the CHANGELOG.
    assert zenodo["publication_date"] == _changelog_date(itu_tcb.__version__)
    assert zenodo["license"] == {"id": "MIT"}
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert zenodo["title"].startswith("itu_tcb")


def test_citation_names_the_source_as_the_data_does() -> None:
    text = CITATION.read_text(encoding="utf-8")
    source = itu_tcb.load().metadata.source
    assert source.url is not None
    assert f'url: "{source.url}"' in text
    assert f"  - name: {source.publisher}\n" in text
    assert source.title in text
