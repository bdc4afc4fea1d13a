"""Reading a document's raw content: a path, bytes, text or a mapping, within a size cap.

The first stage of the pipeline (``_pipeline``): it says what the source is (its
label) and gives its content, or a problem saying why it cannot be read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Union

from . import _source
from .report import Problem, ProblemKind

__all__ = ["MAX_BYTES", "Source", "fetch"]

#: A document: a path, JSON bytes, JSON text, or an already-parsed mapping.
Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", Mapping[str, Any]]

#: The largest document read, in bytes of UTF-8 (512 MiB): a larger file, or
#: bytes or text beyond it, is a ``limit`` problem, and a file is not read further.
MAX_BYTES = 512 * 2**20
#: How much of a file of unknown size (a pipe, a device) is read at a time.
_CHUNK = 16 * 2**20


def _is_json_text(source: str) -> bool:
    """A ``str`` source is JSON text when it starts (after blanks) with ``{`` or
    ``[``, or is blank, and does not name an existing file ("[draft] itu.json")."""
    if source.lstrip(" \t\r\n\ufeff")[:1] not in ("{", "[", ""):
        return False
    if len(source) > 4096 or "\n" in source or "\x00" in source:
        return True  # no file name looks like this
    return not os.path.isfile(source)


def fetch(source: Source) -> tuple[str, bytes | str | Mapping[str, Any] | None, list[Problem]]:
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
        if "\x00" in path:  # the interpreter's wording for this differs between versions
            problem = Problem(
                path="$",
                message=f"cannot read {path!r}: a path cannot hold a null byte",
                kind=ProblemKind.UNREADABLE,
            )
            return path, None, [problem]
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
