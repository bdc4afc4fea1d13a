"""Output: the document format, and flat rows rendered as CSV, JSON or JSON Lines.

* **The document format** (:func:`record_dict`, :func:`document_dict`): nested dicts and
  lists, exactly what :func:`itu_tcb.load` reads back.
* **Rendering** (:func:`render`) of the flat rows of :mod:`itu_tcb.tables`, and
  :func:`write_atomic` for writing a file all at once or not at all.

In CSV, a list is one cell with its items joined by ``"; "`` (an item that itself
holds ``"; "`` cannot be told apart there: use JSON or JSON Lines for a lossless
copy), ``None`` is an empty cell, booleans are ``true`` / ``false``, and rows end in
``\\r\\n`` as RFC 4180 says (a cell holding a line break is quoted). A text with a
NUL character cannot be written as CSV (:class:`ValueError`). All text is UTF-8.
JSON is one array of the rows; JSON Lines is one row per line (U+0085, U+2028 and
U+2029 are written as ``\\u`` escapes, so no reader splits a row).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .models import Record, RecordKind

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = [
    "FORMATS",
    "LIST_SEPARATOR",
    "document_dict",
    "record_dict",
    "render",
    "write_atomic",
]

#: The output formats of :func:`render`.
FORMATS = ("csv", "json", "jsonl")

#: What joins the items of a list in one CSV cell.
LIST_SEPARATOR = "; "


# ------------------------------------------------------------ document format


def record_dict(record: Record) -> dict[str, Any]:
    """A record in the document format: plain dicts, lists and strings."""
    from ._convert import CONVERTER

    result: dict[str, Any] = CONVERTER.unstructure(record)
    return result


def document_dict(dataset: Dataset) -> dict[str, Any]:
    """A whole dataset in the document format (loads back to an equal dataset)."""
    from ._convert import CONVERTER

    document: dict[str, Any] = {
        "schema_version": dataset.schema_version,
        "metadata": CONVERTER.unstructure(dataset.metadata),
    }
    for kind in RecordKind:
        document[kind.collection] = [record_dict(r) for r in dataset.collection(kind)]
    return document


# ------------------------------------------------------------------ rendering


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    return str(value)


#: Characters that JSON leaves as they are but that many readers take for line breaks
#: (``str.splitlines`` among them); escaped so that a JSON Lines row stays on one line.
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def _json(value: Any, indent: int | None = None) -> str:
    # JSON escapes every other control character; these three can only occur in strings.
    return json.dumps(value, indent=indent, ensure_ascii=False).translate(_LINE_BREAKS)


def render(rows: Iterable[dict[str, Any]], header: Sequence[str], fmt: str) -> str:
    """Flat rows as text: ``"csv"`` (with a header row), ``"json"`` or ``"jsonl"``."""
    if fmt == "csv":
        buffer = io.StringIO()
        # "\r\n" also makes Python 3.10 quote a cell that holds a lone "\r".
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            line = [_csv_cell(row[name]) for name in header]
            for name, cell in zip(header, line, strict=True):
                if "\x00" in cell:
                    raise ValueError(
                        f"CSV cannot hold the NUL character of {name!r} in row "
                        f"{row.get('id', '?')!r}; export as json or jsonl instead"
                    )
            writer.writerow(line)
        return buffer.getvalue()
    if fmt == "json":
        return _json(list(rows), indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(_json(row) + "\n" for row in rows)
    raise ValueError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")


def write_atomic(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once, or not at all.

    The text goes to a new temporary file in the same directory, which then replaces
    ``path`` in one step (:func:`os.replace`): a reader never sees half a file, and a
    failed write leaves ``path`` as it was and no temporary file behind. An existing
    ``path`` is only replaced when ``force`` is true; otherwise
    :class:`FileExistsError` is raised before anything is written.
    """
    target = os.fspath(path)
    if os.path.isdir(target):
        raise IsADirectoryError(21, "it is a directory", target)
    if not force and os.path.lexists(target):
        raise FileExistsError(17, "it already exists", target)
    directory, name = os.path.split(os.path.abspath(target))
    temporary = os.path.join(directory, f".{name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if not force and os.path.lexists(target):
            raise FileExistsError(17, "it already exists", target)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
