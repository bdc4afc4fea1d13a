"""HTML for Jupyter (``Dataset._repr_html_``, ``Record._repr_html_``), every text escaped.

Plain tables with no script and no style sheet, so that Jupyter, VS Code and static
notebook viewers render it alike; only ``http`` and ``https`` URLs become links. A
bottom-layer module (the models use it): it reads values through their ``str``.
"""

from __future__ import annotations

import enum
from html import escape
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Metadata, Record

__all__ = ["count", "dataset_html", "record_html"]

#: A value that is not given, and an empty list.
_NONE = '<span style="opacity:0.6">not given</span>'
_EMPTY = '<span style="opacity:0.6">none</span>'


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``"1 warning"``, ``"2 warnings"``: a number and a noun, which takes an s unless
    ``plural`` is given (``count(2, "activity", "activities")``)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _text(value: object) -> str:
    return escape(str(value), quote=True)


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


def _cited(metadata: Metadata, several: bool) -> str:
    """Where a document's facts come from; with its title where there are several."""
    source = metadata.source
    cited = "Source: "
    if several:
        cited += f"({_text(metadata.title)}, data version {_text(metadata.data_version)}) "
    title = _text(source.title)
    if source.url is not None and source.url.lower().startswith(("http://", "https://")):
        title = f'<a href="{_text(source.url)}">{title}</a>'
    cited += f"{title}, {_text(source.publisher)}"
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
    cited = "<br>".join(_cited(m, len(documents) > 1) for m in documents)
    return (
        '<div class="itu-tcb-dataset">'
        f"<p><strong>{_text(meta.title)}</strong><br>{'; '.join(facts)}</p>"
        f"<table><thead><tr><th>kind</th><th>records</th></tr></thead>"
        f"<tbody>{counts}</tbody></table>"
        f"<p>{cited}<br>Loaded from: <code>{_text(dataset.origin)}</code></p>"
        "</div>"
    )
