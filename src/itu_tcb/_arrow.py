"""Tables as Apache Arrow tables and Parquet files (the optional ``arrow`` extra).

Every table of :mod:`itu_tcb.tables` gets an explicit Arrow schema, derived from its
columns, never inferred from the rows (an empty table keeps its types):

==================  ==========================================================
column holds        Arrow type
==================  ==========================================================
text                ``string``
whole numbers       ``int64``
booleans            ``bool``
an enum's values    ``dictionary<int32, string>`` (Arrow's categorical type)
a list of texts     ``list<string>`` (an empty list when there are none)
==================  ==========================================================

A column that is never ``None`` is not nullable. The schema's metadata holds the
table's name and its primary key (``itu_tcb.table``, ``itu_tcb.primary_key``) and, for
a dataset's table, the citation, source, data version and terms of each of its
documents (``itu_tcb.documents``), and
each reference column's field metadata the table it points to
(``itu_tcb.references``). pyarrow is imported only when one of these functions is
called.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from .tables import Column, ColumnType, table, to_records

if TYPE_CHECKING:
    import pyarrow

    from .dataset import Dataset
    from .models import RecordKind

__all__ = ["ARROW_EXTRA", "arrow_schema", "credit", "parquet_bytes", "to_arrow"]

#: The extra shown for ``pip install`` when pyarrow is missing.
ARROW_EXTRA = "pip install 'itu-tcb[arrow]'"


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError(
            f"Arrow and Parquet need pyarrow, an optional extra: {ARROW_EXTRA}"
        ) from exc
    return pyarrow


def _type(pa: Any, column: Column) -> Any:
    if column.type is ColumnType.INTEGER:
        return pa.int64()
    if column.type is ColumnType.BOOLEAN:
        return pa.bool_()
    if column.type is ColumnType.ENUM:
        return pa.dictionary(pa.int32(), pa.string())
    if column.type is ColumnType.TEXT_LIST:
        return pa.list_(pa.field("item", pa.string(), nullable=False))
    return pa.string()


def arrow_schema(name: RecordKind | str) -> pyarrow.Schema:
    """The Arrow schema of the table ``name`` (see the module notes)."""
    pa = _pyarrow()
    spec = table(name)
    fields = [
        pa.field(
            column.name,
            _type(pa, column),
            nullable=not column.required,
            metadata=None
            if column.references is None
            else {"itu_tcb.references": column.references},
        )
        for column in spec.columns
    ]
    metadata = {
        "itu_tcb.table": spec.name,
        "itu_tcb.primary_key": json.dumps(list(spec.primary_key)),
    }
    schema: pyarrow.Schema = pa.schema(fields, metadata=metadata)
    return schema


def credit(dataset: Dataset) -> dict[str, str]:
    """Schema metadata that credits every document the dataset's records come from:
    ``itu_tcb.documents``, a JSON list of each one's title, data version, citation,
    source and terms."""
    documents = [
        {
            "title": m.title,
            "data_version": m.data_version,
            "citation": m.citation,
            "source": {
                "title": m.source.title,
                "publisher": m.source.publisher,
                "url": m.source.url,
            },
            "terms": m.terms,
        }
        for m in dataset.documents()
    ]
    return {"itu_tcb.documents": json.dumps(documents, ensure_ascii=False)}


def to_arrow(dataset: Dataset, name: RecordKind | str) -> pyarrow.Table:
    """The rows of the table ``name`` as a :class:`pyarrow.Table` with its explicit
    schema, whose metadata also credits the documents (see :func:`credit`)."""
    spec = table(name)
    schema = arrow_schema(spec.name)
    schema = schema.with_metadata({**schema.metadata, **credit(dataset)})
    rows = to_records(dataset, spec.name)
    pa = _pyarrow()
    arrays = [pa.array([row[field.name] for row in rows], type=field.type) for field in schema]
    result: pyarrow.Table = pa.Table.from_arrays(arrays, schema=schema)
    return result


def parquet_bytes(dataset: Dataset, name: RecordKind | str) -> bytes:
    """The table ``name`` as the bytes of one Parquet file."""
    arrow = to_arrow(dataset, name)
    import pyarrow.parquet

    buffer = io.BytesIO()
    pyarrow.parquet.write_table(arrow, buffer)
    return buffer.getvalue()
