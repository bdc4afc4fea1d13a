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
from typing import TYPE_CHECKING, Any, Union

from . import _integrity, _json
from .dataset import Dataset
from .errors import DataError
from .report import Problem, ProblemKind, Report

__all__ = ["BUNDLED", "Source", "load", "read", "read_parts"]

#: A document: a path, JSON bytes, JSON text, or an already-parsed mapping.
Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", Mapping[str, Any]]

#: The label of the bundled data in reports and ``Dataset.origin``.
BUNDLED = "<bundled itu_tcb/data/itu.json>"

if TYPE_CHECKING:
    from . import _document

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


def read(
    source: Source, label: str | None = None, *, build: bool = True
) -> tuple[Dataset | None, Report]:
    """Run the whole pipeline; returns the dataset (``None`` if invalid) and its report.

    With ``build=False`` the checks all run but no :class:`Dataset` (and none of
    its lookup indexes) is built: the dataset returned is always ``None`` and the
    report is the same. :func:`~itu_tcb.validate` reads this way.
    """
    with _no_gc():
        where, value, problems = _parse(source, label)
        if value is _UNREAD:
            return None, Report(where, tuple(problems))
        parts = _structure(value)
        value = None  # the parsed JSON is no longer needed: free it before the checks
        problems += parts.problems
        return _build(parts, where, problems, build)


def read_parts(
    source: Source, label: str | None = None
) -> tuple[str, _document.Structured | None, list[Problem]]:
    """Read, parse and structure a document, without the checks across records.

    Returns the document's label, its structured parts (``None`` when the bytes or
    the JSON could not be read) and the problems met so far.
    """
    where, value, problems = _parse(source, label)
    if value is _UNREAD:
        return where, None, problems
    parts = _structure(value)
    problems += parts.problems
    return where, parts, problems


#: Stands for "the bytes or the JSON could not be read" (``None`` is valid JSON).
_UNREAD: Any = object()


def _structure(value: Any) -> _document.Structured:
    from . import _document  # imports cattrs: only when a document is read

    return _document.structure(value)


def _parse(source: Source, label: str | None) -> tuple[str, Any, list[Problem]]:
    """The label, the parsed JSON value (or ``_UNREAD``) and the problems so far."""
    where, payload, problems = _fetch(source)
    where = label or where
    if payload is None:
        return where, _UNREAD, problems
    # Each stage drops its input once done (``payload`` is rebound), so that a
    # large file is not held as bytes, text and values all at once.
    if isinstance(payload, bytes):
        text, found = _json.decode(payload)
        problems += found
        if text is None:
            return where, _UNREAD, problems
        payload = text
        del text
    value: Any = payload
    payload = None
    if isinstance(value, str):
        value, found = _json.parse(value)
        problems += found
        if value is None and found:
            return where, _UNREAD, problems
    return where, value, problems


def _build(
    parts: _document.Structured, where: str, problems: list[Problem], build: bool = True
) -> tuple[Dataset | None, Report]:
    if not build or parts.metadata is None or parts.schema_version is None or problems:
        problems += _integrity.check(
            parts.collections,
            parts.unparsed_ids,
            complete=parts.complete,
            unparsed_kinds=parts.unparsed_kinds,
            positions=parts.positions,
        )
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
        return "<mapping>", source if type(source) is dict else dict(source), []
    if isinstance(source, str) and source.lstrip(" \t\r\n\ufeff")[:1] in ("{", "[", ""):
        return "<string>", source, []
    if isinstance(source, str | os.PathLike):
        path = os.fsdecode(source)
        try:
            with open(path, "rb") as handle:
                return path, handle.read(), []
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            if isinstance(exc, IsADirectoryError):
                reason = "it is a directory, not a file"
            problem = Problem(
                path="$", message=f"cannot read {path!r}: {reason}", kind=ProblemKind.UNREADABLE
            )
            return path, None, [problem]
    raise TypeError("source must be a path, bytes, str or mapping, not " + type(source).__name__)
