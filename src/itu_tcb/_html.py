"""HTML for Jupyter: a dataset's summary and a record's fields, every text escaped.

Used by ``Dataset._repr_html_`` and ``Record._repr_html_``. The markup is plain tables
with no script and no style sheet, so it renders the same in Jupyter, VS Code and
static notebook viewers. Only ``http`` and ``https`` URLs become links.

A bottom-layer module: it reads records through attrs and values through their
``str`` (each value class of the models says how it reads), so it imports nothing
of the package at run time and the models can use it.
"""

from __future__ import annotations

import enum
from html import escape
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Record, Source

__all__ = ["count", "dataset_html", "record_html"]

#: A value that is not given, and an empty list.
_NONE = '<span style="opacity:0.6">not given</span>'
_EMPTY = '<span style="opacity:0.6">none</span>'


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``"1 warning"``, ``"2 warnings"``: a number and a noun, which takes an s unless
    ``plural`` is given (``count(2, "activity", "activities")``)."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {plural if plural is not None else noun + 's'}"


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _link(url: str | None, label: str) -> str:
    if url is not None and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_text(url)}">{_text(label)}</a>'
    return _text(label)


def _value(value: Any) -> str:
    if value is None:
        return _NONE
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _text(value.value)
    if isinstance(value, tuple):
        return "<br>".join(_value(v) for v in value) if value else _EMPTY
    return _text(value)


def record_html(record: Record) -> str:
    """A record as a small table: one row per field, in the model's order."""
    rows = "".join(
        f'<tr><th style="text-align:left">{_text(field.name)}</th>'
        f'<td style="text-align:left">{_value(getattr(record, field.name))}</td></tr>'
        for field in attrs.fields(type(record))
    )
    caption = (
        f"<strong>{_text(type(record).__name__)}</strong> "
        f"<code>{_text(record.id)}</code>: {_text(record.title)}"
    )
    return f'<div class="itu-tcb-record"><p>{caption}</p><table>{rows}</table></div>'


def _cited(source: Source) -> str:
    cited = _link(source.url, source.title) + f", {_text(source.publisher)}"
    if source.date is not None:
        cited += f", {_text(source.date)}"
    if source.content_as_of is not None:
        cited += f" (content as of {_text(source.content_as_of)})"
    return cited


def dataset_html(dataset: Dataset) -> str:
    """A dataset as a compact summary: title, versions, records per kind, source."""
    meta = dataset.metadata
    counts = "".join(
        f'<tr><th style="text-align:left">{_text(kind.collection)}</th>'
        f'<td style="text-align:right">{len(records)}</td></tr>'
        for kind, records in dataset.collections().items()
    )
    facts = [
        f"data version {_text(meta.data_version)}",
        f"schema {_text(dataset.schema_version)}",
        f"{len(dataset)} records",
    ]
    if dataset.warnings:
        facts.append(f"{count(len(dataset.warnings), 'warning')} (see <code>.warnings</code>)")
    documents = dataset.documents()
    cited = "<br>".join(
        "Source: "
        + (
            f"({_text(m.title)}, data version {_text(m.data_version)}) "
            if len(documents) > 1
            else ""
        )
        + _cited(m.source)
        for m in documents
    )
    return (
        '<div class="itu-tcb-dataset">'
        f"<p><strong>{_text(meta.title)}</strong><br>{'; '.join(facts)}</p>"
        f"<table><thead><tr><th>kind</th><th>records</th></tr></thead>"
        f"<tbody>{counts}</tbody></table>"
        f"<p>{cited}<br>Loaded from: <code>{_text(dataset.origin)}</code></p>"
        "</div>"
    )
