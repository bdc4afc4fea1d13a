"""Tables as Apache Arrow tables and Parquet files (the optional ``arrow`` extra).

Each table's Arrow schema is derived from its columns, never inferred from the rows
(an empty table keeps its types); docs/tables.md lists the types and the metadata.
pyarrow is imported only when one of these functions is called.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from .tables import ColumnType, table, to_records

if TYPE_CHECKING:
    import pyarrow

    from .dataset import Dataset
    from .models import RecordKind

__all__ = ["arrow_schema", "parquet_bytes", "to_arrow"]


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError(
            "Arrow and Parquet need pyarrow, an optional extra: pip install 'itu-tcb[arrow]'"
        ) from exc
    return pyarrow


def arrow_schema(name: RecordKind | str) -> pyarrow.Schema:
    """The Arrow schema of the table ``name``: a column never ``None`` is not nullable,
    a reference names its table (``itu_tcb.references``), and the schema its table and
    primary key (``itu_tcb.table``, ``itu_tcb.primary_key``)."""
    pa = _pyarrow()
    spec = table(name)
    types = {
        ColumnType.TEXT: pa.string(),
        ColumnType.ENUM: pa.dictionary(pa.int32(), pa.string()),  # Arrow's categorical type
        ColumnType.INTEGER: pa.int64(),
        ColumnType.BOOLEAN: pa.bool_(),
        ColumnType.TEXT_LIST: pa.list_(pa.field("item", pa.string(), nullable=False)),
    }
    fields = [
        pa.field(
            column.name,
            types[column.type],
            nullable=not column.required,
            metadata={"itu_tcb.references": column.references} if column.references else None,
        )
        for column in spec.columns
    ]
    metadata = {
        "itu_tcb.table": spec.name,
        "itu_tcb.primary_key": json.dumps(list(spec.primary_key)),
    }
    schema: pyarrow.Schema = pa.schema(fields, metadata=metadata)
    return schema


def to_arrow(dataset: Dataset, name: RecordKind | str) -> pyarrow.Table:
    """The rows of the table ``name`` as a :class:`pyarrow.Table` with its schema, whose
    metadata also credits every document of the dataset (``itu_tcb.documents``: a JSON
    list of each one's title, data version, citation, source and terms)."""
    spec = table(name)
    schema = arrow_schema(spec.name)
    documents = [
        {
            "title": m.title,
            "data_version": m.data_version,
            "citation": m.citation,
            "source": {key: getattr(m.source, key) for key in ("title", "publisher", "url")},
            "terms": m.terms,
        }
        for m in dataset.documents()
    ]
    credit = {"itu_tcb.documents": json.dumps(documents, ensure_ascii=False)}
    schema = schema.with_metadata({**schema.metadata, **credit})
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
