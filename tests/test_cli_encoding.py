"""``--json`` output parses as JSON whatever the output's encoding can hold."""

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
from hypothesis import given
from hypothesis import strategies as st

from itu_tcb import cli

BUNDLED = json.loads((resources.files("itu_tcb") / "data" / "itu.json").read_bytes())
#: A fictional agency whose name needs more than ASCII, and more than Latin-1.
NAME = "Agence fictive de Zo\u00eb \u2013 \u65e5\u672c \U0001f600"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
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


def _run(argv: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "itu_tcb", *argv], env=env, capture_output=True, timeout=120
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_every_json_output_parses_under_a_narrow_encoding(document: Path, encoding: str) -> None:
    for argv in commands(document):
        wide = _run(argv, "utf-8")
        narrow = _run(argv, encoding)
        assert (wide.returncode, narrow.returncode) == (0, 0), (argv, narrow.stderr)
        text = narrow.stdout.decode(encoding)
        assert json.loads(text) == json.loads(wide.stdout.decode("utf-8")), argv
    shown = json.loads(_run(commands(document)[2], "ascii").stdout.decode("ascii"))
    assert shown["name"] == NAME


def test_plain_output_stays_readable_under_ascii(document: Path) -> None:
    done = _run(["--data", str(document), "show", "zoe"], "ascii")
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
    sink = io.StringIO()
    cli._emit(sink, value)
    raw = io.BytesIO()
    # A strict stream, as ``sys.stdout`` under ``PYTHONIOENCODING``: what it cannot
    # encode would raise.
    out = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
    cli._deliver(out, sink.getvalue(), escape_json=True)
    assert json.loads(raw.getvalue().decode(encoding)) == value
