"""Bytes to ``Dataset``: the bundled data (cached) or a user's document.

The one path through: read -> strict JSON -> cattrs structure -> Dataset build.
Every stage adds its problems to one report; nothing raises but ``DataError``.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from typing import Any, Union

from . import _document, _integrity, _json
from .dataset import Dataset
from .errors import DataError
from .report import Problem, ProblemKind, Report

__all__ = ["BUNDLED", "Source", "load", "read"]

#: A document: a path, JSON bytes, JSON text, or an already-parsed mapping.
Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", Mapping[str, Any]]

#: The label of the bundled data in reports and ``Dataset.origin``.
BUNDLED = "<bundled itu_tcb/data/itu.json>"

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(source: Source | None = None) -> Dataset:
    """Load a document, or with no argument the bundled ITU data (cached).

    Raises :class:`~itu_tcb.DataError`, whose ``report`` lists every problem,
    when the document is not valid.
    """
    if source is None:
        return _load_bundled()
    dataset, report = read(source)
    if dataset is None:
        raise DataError(report)
    return dataset


def _load_bundled() -> Dataset:
    global _bundled
    found = _bundled
    if found is not None:
        return found
    with _lock:
        if _bundled is None:
            data = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()
            dataset, report = read(data, label=BUNDLED)
            if dataset is None:  # pragma: no cover - the tests keep the bundled data valid
                raise DataError(report)
            _bundled = dataset
        return _bundled


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic collector during bulk work; restore its state whatever happens."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read(source: Source, label: str | None = None) -> tuple[Dataset | None, Report]:
    """Run the whole pipeline; returns the dataset (``None`` if invalid) and its report."""
    where, payload, problems = _fetch(source)
    where = label or where
    if payload is None:
        return None, Report(where, tuple(problems))
    with _no_gc():
        value: Any = payload
        if isinstance(payload, bytes):
            text, found = _json.decode(payload)
            problems += found
            if text is None:
                return None, Report(where, tuple(problems))
            value = payload = text
        if isinstance(payload, str):
            value, found = _json.parse(payload)
            problems += found
            if value is None and found:
                return None, Report(where, tuple(problems))
        return _build(value, where, problems)


def _build(value: Any, where: str, problems: list[Problem]) -> tuple[Dataset | None, Report]:
    parts = _document.structure(value)
    problems += parts.problems
    if parts.metadata is None or parts.schema_version is None or problems:
        problems += _integrity.check(parts.collections, parts.unparsed_ids)
        return None, Report(where, tuple(problems))
    try:
        dataset = Dataset.from_collections(
            parts.collections,
            metadata=parts.metadata,
            schema_version=parts.schema_version,
            origin=where,
        )
    except DataError as exc:
        return None, Report(where, tuple(problems) + exc.report.problems)
    return dataset, Report(where, tuple(problems) + dataset.warnings)


def _fetch(source: Source) -> tuple[str, bytes | str | Mapping[str, Any] | None, list[Problem]]:
    """The label and raw content of a source; a path that cannot be read is a problem."""
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>", bytes(source), []
    if isinstance(source, Mapping):
        return "<mapping>", source, []
    if isinstance(source, str) and source.lstrip(" \t\r\n\ufeff")[:1] in ("{", "[", ""):
        return "<string>", source, []
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        try:
            with open(path, "rb") as handle:
                return path, handle.read(), []
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if isinstance(exc, IsADirectoryError):
                reason = "it is a directory, not a file"
            problem = Problem(
                path="$", message=f"cannot read {path!r}: {reason}", kind=ProblemKind.UNREADABLE
            )
            return path, None, [problem]
    raise TypeError("source must be a path, bytes, str or mapping, not " + type(source).__name__)
