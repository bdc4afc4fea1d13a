"""Flat rows as text: CSV, JSON and JSON Lines (``itu-tcb export``).

In CSV, a list is one cell with its items joined by ``"; "`` (an item that itself
holds ``"; "`` cannot be told apart there: use JSON or JSON Lines for a lossless
copy), ``None`` is an empty cell, booleans are ``true`` / ``false``, and rows end in
``\\r\\n`` as RFC 4180 says (a cell holding a line break is quoted). A text with a
NUL character cannot be written as CSV (:class:`ValueError`). All text is UTF-8.
JSON is one array of the rows; JSON Lines is one row per line (U+0085, U+2028 and
U+2029 are written as ``\\u`` escapes, so no reader splits a row).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["FORMATS", "LIST_SEPARATOR", "render"]

#: The output formats of :func:`render`.
FORMATS = ("csv", "json", "jsonl")

#: What joins the items of a list in one CSV cell.
LIST_SEPARATOR = "; "


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
