"""The dataset as a Frictionless Data Package: one CSV per table and ``datapackage.json``.

The descriptor is Data Package v2, with a Table Schema per table derived from its
columns (types, constraints, keys); lists are JSON arrays in one cell, so that a cell
reads back to exactly its items. docs/tables.md describes the package and its terms.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._formats import render
from .tables import ColumnType, Table, table, table_names, to_records

if TYPE_CHECKING:
    from .dataset import Dataset

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


def _resource(spec: Table) -> dict[str, Any]:
    fields = []
    for column in spec.columns:
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.values:
            constraints["enum"] = list(column.values)
        if column.minimum is not None:
            constraints["minimum"] = column.minimum
        field = {"name": column.name, "type": _TYPES[column.type]}
        fields.append({**field, "constraints": constraints} if constraints else field)
    foreign_keys = [
        {"fields": [c.name], "reference": {"resource": c.references, "fields": ["id"]}}
        for c in spec.columns
        if c.references is not None
    ]
    return {
        "name": spec.name,
        "type": "table",
        "path": f"{spec.name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"header": True, "delimiter": ",", "lineTerminator": "\r\n"},
        "schema": {
            "fields": fields,
            "missingValues": [""],  # the data has no empty text: an empty cell is None
            "primaryKey": list(spec.primary_key),
            "foreignKeys": foreign_keys,
        },
    }


def package_descriptor(
    dataset: Dataset, *, licenses: Sequence[Mapping[str, str]] | None = None
) -> dict[str, Any]:
    """The ``datapackage.json`` of ``dataset`` as a dict (see :doc:`tables`).

    ``licenses`` replaces the terms; by default they are :data:`PROJECT_LICENSES` where
    the dataset holds the bundled data's records (alone or merged), and none for
    other documents. The name, title and version of a merged dataset's package name
    every document it holds.
    """
    from .loading import load

    if not hasattr(dataset, "documents"):
        raise TypeError(f"package_descriptor() takes a Dataset, not {type(dataset).__name__}")
    _check_licenses(licenses)
    documents = dataset.documents()
    bundled = load().metadata in documents
    merged = len(documents) > 1
    whose = "the itu_tcb project's" if bundled and not merged else "their authors'"
    sources = [
        {"title": f"{m.source.publisher}: {m.source.title}"}
        | ({} if m.source.url is None else {"path": m.source.url})
        for m in documents
    ]
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
        "sources": [s for n, s in enumerate(sources) if s not in sources[:n]],
        "citation": " ".join(dict.fromkeys(m.citation for m in documents)),
        "terms": [m.terms for m in documents if m.terms is not None],
    }
    if licenses is None and bundled:
        licenses = PROJECT_LICENSES
    if licenses is not None:
        descriptor["licenses"] = [dict(entry) for entry in licenses]
    descriptor["resources"] = [_resource(table(name)) for name in table_names()]
    return descriptor


def _check_licenses(given: object) -> None:
    """Refuse ``licenses`` that are not as Data Package v2 has them (each an object with
    a ``name`` or a ``path``, of strings), in words."""
    if given is None:
        return
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


def _cell(value: Any) -> Any:
    """A list as a JSON array in one cell, never joined by ``"; "``: it reads back exactly."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


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
    files: dict[str, str | bytes] = {}
    for name in table_names():
        rows = [{k: _cell(v) for k, v in row.items()} for row in to_records(dataset, name)]
        files[f"{name}.csv"] = render(rows, table(name).column_names, "csv")
    files[DESCRIPTOR] = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    origins = {dataset.origin, *dataset.record_origins.values()}
    read = [name for name in origins if os.path.isfile(name)]  # never written over
    return write_files(directory, files, force=force, keep=[*keep, *read])
