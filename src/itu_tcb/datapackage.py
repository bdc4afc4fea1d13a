"""The dataset as a Frictionless Data Package: one CSV per table and ``datapackage.json``.

:func:`write_datapackage` (and ``itu-tcb export --all --format datapackage DIR``)
writes every table of :mod:`itu_tcb.tables` as ``<table>.csv`` and, last, the
descriptor ``datapackage.json`` (Data Package v2 with a Table Schema per resource):

* **Field types** come from the columns: ``string``, ``integer``, ``boolean`` and, for
  lists, ``array``. An enum's values are an ``enum`` constraint, a column that is never
  empty is ``required``, counts and positions have a ``minimum``.
* **Lists are JSON arrays** in one cell (``["a", "b; c"]``), never joined by ``"; "``:
  a cell reads back to exactly its items. The lists of objects and of references
  have tables of their own (``membership_counts``, ``partnership_partners``, ...).
* **Keys**: ``id`` is each kind's primary key, ``(<kind>, position)`` each item
  table's; every reference is a foreign key to the ``id`` of the table it points to.
* **Missing values** are empty cells (``missingValues: [""]``); the data has no empty
  text, so an empty cell is always ``None``. Booleans are ``true`` / ``false``.
* **Sources and terms**: ``sources`` is the document's source (the UN TCB Resource
  Guide page for the bundled data) and ``citation`` its citation; for a merged
  dataset, every document's (see :meth:`~itu_tcb.Dataset.documents`). For the bundled
  data, ``licenses`` names the MIT License, under which the itu_tcb project
  publishes its code and its own wording (descriptions, notes, labels); the facts
  (names, numbers, lists) are the UN guide's, used with attribution: the package
  claims no licence for that page, and asks that it be cited. For any other document
  the terms are unknown here and ``licenses`` is left out unless given.

CSV is UTF-8 with a header row and ``\\r\\n`` line ends. Nothing is overwritten without
``force``, as ``itu-tcb export --all`` does.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .tables import Column, ColumnType, Table, table, table_names, to_records

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Metadata

__all__ = ["DESCRIPTOR", "PROJECT_LICENSES", "package_descriptor", "write_datapackage"]

#: The descriptor's file name.
DESCRIPTOR = "datapackage.json"

#: The terms under which the itu_tcb project publishes its own work.
PROJECT_LICENSES: tuple[Mapping[str, str], ...] = (
    {
        "name": "MIT",
        "path": "https://opensource.org/license/mit",
        "title": "MIT License: the itu_tcb project's code and its own descriptions, notes "
        "and labels (the facts are the UN TCB Resource Guide's: cite it)",
    },
)

_TYPES = {
    ColumnType.TEXT: "string",
    ColumnType.ENUM: "string",
    ColumnType.INTEGER: "integer",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.TEXT_LIST: "array",
}


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": _TYPES[column.type]}
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.values:
        constraints["enum"] = list(column.values)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(spec: Table) -> dict[str, Any]:
    return {
        "fields": [_field(column) for column in spec.columns],
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
        "foreignKeys": [
            {"fields": [c.name], "reference": {"resource": c.references, "fields": ["id"]}}
            for c in spec.columns
            if c.references is not None
        ],
    }


def _resource(spec: Table) -> dict[str, Any]:
    return {
        "name": spec.name,
        "type": "table",
        "path": f"{spec.name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"header": True, "delimiter": ",", "lineTerminator": "\r\n"},
        "schema": _schema(spec),
    }


def _is_bundled(dataset: Dataset) -> bool:
    from .loading import load

    return dataset == load()


def package_descriptor(
    dataset: Dataset, *, licenses: Sequence[Mapping[str, str]] | None = None
) -> dict[str, Any]:
    """The ``datapackage.json`` of ``dataset`` as a dict (see the module notes).

    ``licenses`` replaces the terms; by default they are :data:`PROJECT_LICENSES` for
    the bundled data and none for any other document.
    """
    metadata = dataset.metadata
    documents = dataset.documents()
    bundled = _is_bundled(dataset)
    whose = "the itu_tcb project's" if bundled else "their authors'"
    descriptor: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "itu-tcb",
        "title": metadata.title,
        "version": metadata.data_version,
        "description": (
            "Tables of an itu_tcb document, one per kind of record and one per list of "
            "structured items. Names, numbers and lists are the source's; descriptions "
            f"and notes are {whose} own words."
            + (
                f" The records come from {len(documents)} documents; each is cited in "
                "'citation', and each document's source is in 'sources'."
                if len(documents) > 1
                else ""
            )
        ),
        "sources": [dict(entry) for entry in dict.fromkeys(_source(m) for m in documents)],
        "citation": " ".join(dict.fromkeys(m.citation for m in documents)),
    }
    if licenses is None and _is_bundled(dataset):
        licenses = PROJECT_LICENSES
    if licenses is not None:
        descriptor["licenses"] = [dict(entry) for entry in licenses]
    descriptor["resources"] = [_resource(table(name)) for name in table_names()]
    return descriptor


def _source(metadata: Metadata) -> tuple[tuple[str, str], ...]:
    """A document's source as a descriptor's ``sources`` entry (hashable, in order)."""
    source = metadata.source
    entry = [("title", f"{source.publisher}: {source.title}")]
    if source.url is not None:
        entry.append(("path", source.url))
    return tuple(entry)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def table_csv(dataset: Dataset, name: str) -> str:
    """One table as the CSV text of the package (lists as JSON arrays)."""
    spec = table(name)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spec.column_names)
    for row in to_records(dataset, spec.name):
        writer.writerow([_cell(row[column]) for column in spec.column_names])
    return buffer.getvalue()


def write_datapackage(
    dataset: Dataset,
    directory: str | os.PathLike[str],
    *,
    force: bool = False,
    licenses: Sequence[Mapping[str, str]] | None = None,
) -> list[str]:
    """Write ``dataset`` as a data package into ``directory``; returns the paths written.

    One ``<table>.csv`` per table, then ``datapackage.json``. Without ``force`` nothing
    is written if any of these files exists (:class:`FileExistsError`). ``licenses`` as
    for :func:`package_descriptor`.
    """
    from ._write import write_files

    descriptor = package_descriptor(dataset, licenses=licenses)
    contents: list[str | bytes] = [table_csv(dataset, name) for name in table_names()]
    contents.append(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    files = dict(zip(_file_names(), contents, strict=True))
    return write_files(directory, files, force=force)


def _file_names() -> list[str]:
    """The names of a data package's files, in the order :func:`write_datapackage`
    writes them: one ``<table>.csv`` per table, then ``datapackage.json``."""
    return [*(f"{name}.csv" for name in table_names()), DESCRIPTOR]
