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
from typing import TYPE_CHECKING, Any, BinaryIO, Union

from . import _integrity, _json, _source
from .dataset import Dataset
from .errors import DataError
from .report import Problem, ProblemKind, Report

__all__ = ["BUNDLED", "MAX_BYTES", "Source", "load", "read", "read_parts"]

#: A document: a path, JSON bytes, JSON text, or an already-parsed mapping.
Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", Mapping[str, Any]]

#: The label of the bundled data in reports and ``Dataset.origin``.
BUNDLED = "<bundled itu_tcb/data/itu.json>"

if TYPE_CHECKING:
    from . import _document

#: The largest document read, in bytes of UTF-8 (512 MiB): a larger file, or
#: bytes or text beyond it, is a ``limit`` problem, and a file is not read further.
MAX_BYTES = 512 * 2**20
#: How much of a file of unknown size (a pipe, a device) is read at a time.
_CHUNK = 16 * 2**20

_lock = threading.Lock()
_bundled: Dataset | None = None

# The cyclic collector is on or off for the whole process: loads that overlap in
# several threads pause it once, and the last one out restores it as the first found it.
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


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
    """Pause the cyclic collector during bulk work; restore its state whatever happens.

    Safe across threads: the first of overlapping entries records the collector's
    state and disables it, the last exit restores that state.
    """
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
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


def _is_json_text(source: str) -> bool:
    """A ``str`` source is JSON text when it starts (after blanks) with ``{`` or
    ``[``, or is blank, and does not name an existing file ("[draft] itu.json")."""
    if source.lstrip(" \t\r\n\ufeff")[:1] not in ("{", "[", ""):
        return False
    if len(source) > 4096 or "\n" in source or "\x00" in source:
        return True  # no file name looks like this
    return not os.path.isfile(source)


def _fetch(source: Source) -> tuple[str, bytes | str | Mapping[str, Any] | None, list[Problem]]:
    """The label and raw content of a source; a path that cannot be read is a problem."""
    if isinstance(source, bytes | bytearray | memoryview):
        size = source.nbytes if isinstance(source, memoryview) else len(source)
        if size > MAX_BYTES:
            return "<bytes>", None, [_too_large()]
        return "<bytes>", bytes(source), []
    if isinstance(source, Mapping):
        return "<mapping>", source if type(source) is dict else dict(source), []
    if isinstance(source, str) and _is_json_text(source):
        if _utf8_size_over(source, MAX_BYTES):
            return "<string>", None, [_too_large()]
        return "<string>", source, []
    if isinstance(source, str | os.PathLike):
        path = os.fsdecode(source)
        try:
            # Never blocks: a FIFO without a writer, a terminal or a socket is a problem.
            data = _source.read_path(path, MAX_BYTES)
            return path, data, [] if data is not None else [_too_large()]
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            if isinstance(exc, IsADirectoryError):
                reason = "it is a directory, not a file"
            problem = Problem(
                path="$", message=f"cannot read {path!r}: {reason}", kind=ProblemKind.UNREADABLE
            )
            return path, None, [problem]
    raise TypeError("source must be a path, bytes, str or mapping, not " + type(source).__name__)


def _too_large() -> Problem:
    mib, rest = divmod(MAX_BYTES, 2**20)
    limit = f"{mib} MiB" if mib and not rest else f"{MAX_BYTES} bytes"
    return Problem(
        path="$",
        message=f"the document is larger than {limit}, the most this library reads",
        kind=ProblemKind.LIMIT,
        hint="split it into smaller documents and merge them",
    )


def _read_capped(handle: BinaryIO, cap: int) -> bytes | None:
    """A file's bytes, or ``None`` as soon as it proves longer than ``cap`` bytes.

    A regular file is read in one call of its size, with no copy, and one more
    byte to see that it ends there; a pipe or a device (``/dev/zero``), in chunks.
    """
    return _source.read_capped(handle, cap)


def _utf8_size_over(text: str, cap: int) -> bool:
    """Whether ``text`` takes more than ``cap`` bytes as UTF-8, counted without a
    copy of the whole text (``isascii`` is free: CPython records it)."""
    if len(text) > cap:
        return True
    if text.isascii() or len(text) * 4 <= cap:
        return False
    total = 0
    for start in range(0, len(text), _CHUNK):
        total += len(text[start : start + _CHUNK].encode("utf-8", "surrogatepass"))
        if total > cap:
            return True
    return False
