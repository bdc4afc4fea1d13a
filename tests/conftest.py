"""Shared fixtures and Hypothesis settings for the test suite.

Hypothesis profiles: ``dev`` (chosen when ``HYPOTHESIS_PROFILE`` is unset, locally and
in CI) keeps the whole suite within a few minutes on a shared two-core machine;
``thorough`` (``HYPOTHESIS_PROFILE=thorough``) runs ten times as many examples.
Hypothesis's own ``default`` profile is left as it is. There is no deadline: the
machine's load, not the code, decides timings. No health check is suppressed here,
as none is in a user's tests: a test whose own strategy needs that says so itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import itu_tcb
from itu_tcb import loading

#: Examples per property test in the ``dev`` profile (``thorough``: ten times as many).
DEV_EXAMPLES = 10

settings.register_profile("dev", max_examples=DEV_EXAMPLES, deadline=None)
settings.register_profile("thorough", max_examples=10 * DEV_EXAMPLES, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def data() -> itu_tcb.Dataset:
    """The bundled ITU dataset."""
    return itu_tcb.load()


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Empty the bundled-data cache for one test, and put the old dataset back after."""
    saved = loading._bundled
    loading._bundled = None
    try:
        yield
    finally:
        loading._bundled = saved


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe (FIFO) that no process writes to yet."""
    path = tmp_path / "fifo.json"
    os.mkfifo(path)
    return path


@pytest.fixture
def warned_file(tmp_path: Path, data: itu_tcb.Dataset) -> Path:
    """The bundled document and a fictional agency that nothing refers to (a warning),
    in a file whose name holds a space."""
    document = data.to_document()
    document["agencies"].append({"id": "fpca", "name": "Fictional Postal Cooperation Agency"})
    path = tmp_path / "with warning.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
