"""Flat rows as text: CSV, JSON and JSON Lines (``itu-tcb export``), all UTF-8.

In CSV, a list is one cell with its items joined by ``"; "`` (an item that itself
holds ``"; "`` cannot be told apart there: JSON is the lossless copy), ``None`` is an
empty cell, and rows end in ``\\r\\n`` as RFC 4180 says. JSON Lines writes U+0085,
U+2028 and U+2029 as ``\\u`` escapes, so no reader splits a row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["render"]

#: The output formats of :func:`render`.
FORMATS = ("csv", "json", "jsonl")

#: Characters that JSON leaves as they are but that many readers take for line breaks
#: (``str.splitlines`` among them). JSON escapes every other control character.
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    return str(value)


def _json(value: Any, indent: int | None = None) -> str:
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
