"""Records and datasets as plain Python values (dicts, lists, strings), for JSON."""

from __future__ import annotations

from typing import Any

from ._convert import CONVERTER
from .dataset import Dataset
from .models import Record, RecordKind

__all__ = ["document_dict", "record_dict"]


def record_dict(record: Record) -> dict[str, Any]:
    """A record in the document format: plain dicts, lists and strings."""
    result: dict[str, Any] = CONVERTER.unstructure(record)
    return result


def document_dict(dataset: Dataset) -> dict[str, Any]:
    """A whole dataset in the document format (loads back to an equal dataset)."""
    document: dict[str, Any] = {
        "schema_version": dataset.schema_version,
        "metadata": CONVERTER.unstructure(dataset.metadata),
    }
    for kind in RecordKind:
        document[kind.collection] = [record_dict(r) for r in dataset.collection(kind)]
    return document
