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
  Guide page for the bundled data), ``citation`` its citation and ``terms`` its
  terms of use; for a merged dataset, every document's (see
  :meth:`~itu_tcb.Dataset.documents`), and its ``name`` (``itu-tcb-merged``),
  ``title`` and ``version`` name them all. Where the bundled data is among the
  records, ``licenses`` names the MIT License, under which the itu_tcb project
  publishes its code and its own wording (descriptions, notes, labels); the facts
  (names, numbers, lists) are the UN guide's, used with attribution: the package
  claims no licence for that page, and asks that it be cited. For other documents
  the terms are unknown here and ``licenses`` is left out unless given.

CSV is UTF-8 with a header row and ``\\r\\n`` line ends. Nothing is overwritten without
``force``, as ``itu-tcb export --all`` does.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
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


def _has_bundled(dataset: Dataset) -> bool:
    """Whether records of the bundled data are among the dataset's (alone, or merged)."""
    from .loading import load

    return load().metadata in dataset.documents()


def package_descriptor(
    dataset: Dataset, *, licenses: Sequence[Mapping[str, str]] | None = None
) -> dict[str, Any]:
    """The ``datapackage.json`` of ``dataset`` as a dict (see the module notes).

    ``licenses`` replaces the terms; by default they are :data:`PROJECT_LICENSES` where
    the dataset holds the bundled data's records (alone or merged), and none for
    other documents. The name, title and version of a merged dataset's package name
    every document it holds.
    """
    if not hasattr(dataset, "documents"):
        raise TypeError(f"package_descriptor() takes a Dataset, not {type(dataset).__name__}")
    licenses = _licenses(licenses)
    documents = dataset.documents()
    bundled = _has_bundled(dataset)
    merged = len(documents) > 1
    whose = "the itu_tcb project's" if bundled and not merged else "their authors'"
    descriptor: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "itu-tcb-merged" if merged else "itu-tcb",
        "title": " + ".join(m.title for m in documents),
        "version": " + ".join(dict.fromkeys(m.data_version for m in documents)),
        "description": (
            "Tables of an itu_tcb document, one per kind of record and one per list of "
            "structured items. Names, numbers and lists are the source's; descriptions "
            f"and notes are {whose} own words."
            + (
                f" A merge of {len(documents)} documents; each is cited in 'citation', and "
                "each document's source is in 'sources' and its terms in 'terms'."
                if merged
                else ""
            )
        ),
        "sources": [dict(entry) for entry in dict.fromkeys(_source(m) for m in documents)],
        "citation": " ".join(dict.fromkeys(m.citation for m in documents)),
        "terms": [m.terms for m in documents if m.terms is not None],
    }
    if licenses is None and bundled:
        licenses = PROJECT_LICENSES
    if licenses is not None:
        descriptor["licenses"] = [dict(entry) for entry in licenses]
    descriptor["resources"] = [_resource(table(name)) for name in table_names()]
    return descriptor


def _licenses(given: object) -> Sequence[Mapping[str, str]] | None:
    """``licenses`` as Data Package v2 has them (each an object with a ``name`` or a
    ``path``, of strings), else :class:`TypeError` or :class:`ValueError` in words."""
    if given is None:
        return None
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Sequence):
        raise TypeError(
            "licenses must be a list of licences, each a dict such as "
            f"{{'name': 'MIT'}}, not {type(given).__name__}"
        )
    for position, entry in enumerate(given):
        if not isinstance(entry, Mapping):
            raise TypeError(f"licenses[{position}] must be a dict, not {type(entry).__name__}")
        if not ("name" in entry or "path" in entry):
            raise ValueError(f"licenses[{position}] needs a 'name' or a 'path'")
        for key, value in entry.items():
            if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
                raise ValueError(
                    f"licenses[{position}][{key!r}] must be a non-empty string, not {value!r}"
                )
    return given


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
    keep: Iterable[str | os.PathLike[str]] = (),
) -> list[str]:
    """Write ``dataset`` as a data package into ``directory``; returns the paths written.

    One ``<table>.csv`` per table and ``datapackage.json``, all at once or none of them.
    Without ``force`` nothing is written if any of these files exists
    (:class:`FileExistsError`); no file is written over the files the dataset was read
    from, or over those of ``keep`` (:class:`PermissionError`). ``licenses`` as for
    :func:`package_descriptor`.
    """
    from ._write import write_files

    if not isinstance(directory, str | os.PathLike):
        raise TypeError(f"directory must be a path, not {type(directory).__name__}")
    descriptor = package_descriptor(dataset, licenses=licenses)
    contents: list[str | bytes] = [table_csv(dataset, name) for name in table_names()]
    contents.append(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    files = dict(zip(_file_names(), contents, strict=True))
    return write_files(directory, files, force=force, keep=[*keep, *_read(dataset)])


def _read(dataset: Dataset) -> list[str]:
    """The files the dataset was read from, where its origins name files: a data
    package is never written over them."""
    names = {dataset.origin, *dataset.record_origins.values()}
    return [name for name in names if os.path.isfile(name)]


def _file_names() -> list[str]:
    """The names of a data package's files, in the order :func:`write_datapackage`
    writes them: one ``<table>.csv`` per table, then ``datapackage.json``."""
    return [*(f"{name}.csv" for name in table_names()), DESCRIPTOR]
