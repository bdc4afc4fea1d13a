"""Arrow tables with explicit schemas, and Parquet files read by DuckDB
(``itu_tcb._arrow``)."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow
import pytest
from hypothesis import given, settings

import itu_tcb
from itu_tcb import _arrow, tables
from itu_tcb import strategies as its
from itu_tcb.cli import run

DUCKDB_TYPES = {
    tables.ColumnType.TEXT: "VARCHAR",
    tables.ColumnType.ENUM: "VARCHAR",
    tables.ColumnType.INTEGER: "BIGINT",
    tables.ColumnType.BOOLEAN: "BOOLEAN",
    tables.ColumnType.TEXT_LIST: "VARCHAR[]",
}


def test_membership_counts_as_arrow(data: itu_tcb.Dataset) -> None:
    arrow = data.to_arrow("membership_counts")
    assert arrow.schema.field("value").type == pyarrow.int64()
    assert arrow.column("value").to_pylist() == [193, 700]
    assert arrow.column("qualifier").to_pylist() == ["exact", "nearly"]
    assert pyarrow.types.is_dictionary(arrow.schema.field("qualifier").type)
    assert not arrow.schema.field("value").nullable


def test_lists_are_list_types(data: itu_tcb.Dataset) -> None:
    arrow = data.to_arrow("agencies")
    field = arrow.schema.field("aliases")
    assert pyarrow.types.is_list(field.type)
    assert field.type.value_type == pyarrow.string()
    assert arrow.column("functions").to_pylist()[0] == list(data.agencies[0].functions)
    assert arrow.schema.field("years_active_value").type == pyarrow.int64()
    assert arrow.schema.field("years_active_value").nullable


def test_schema_is_explicit_even_without_rows(data: itu_tcb.Dataset) -> None:
    empty = itu_tcb.Dataset(metadata=data.metadata)
    for name in tables.table_names():
        arrow = empty.to_arrow(name)
        assert arrow.num_rows == 0
        assert arrow.schema == _arrow.arrow_schema(name)
    assert _arrow.arrow_schema("sectors").field("agency").metadata == {
        b"itu_tcb.references": b"agencies"
    }


def query(sql: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """The column names and rows of a DuckDB query."""
    connection = duckdb.connect()
    try:
        cursor = connection.execute(sql)
        names = [d[0] for d in cursor.description or ()]
        return names, cursor.fetchall()
    finally:
        connection.close()


def check_parquet(dataset: itu_tcb.Dataset, directory: Path) -> None:
    for name in tables.table_names():
        path = directory / f"{name}.parquet"
        path.write_bytes(_arrow.parquet_bytes(dataset, name))
        rows = dataset.to_records(name)
        _, described = query(f"DESCRIBE SELECT * FROM '{path}'")
        spec = tables.table(name)
        assert [(r[0], r[1]) for r in described] == [
            (c.name, DUCKDB_TYPES[c.type]) for c in spec.columns
        ]
        names, values = query(f"SELECT * FROM '{path}'")
        back = [dict(zip(names, row, strict=True)) for row in values]
        assert back == rows


def test_duckdb_reads_every_bundled_table(data: itu_tcb.Dataset, tmp_path: Path) -> None:
    check_parquet(data, tmp_path)
    _, total = query(f"SELECT sum(value) FROM '{tmp_path / 'membership_counts.parquet'}'")
    assert total == [(893,)]


@pytest.mark.slow
@settings(max_examples=10)
@given(its.datasets())
def test_duckdb_reads_every_generated_table(dataset: itu_tcb.Dataset) -> None:
    with tempfile.TemporaryDirectory() as directory:
        check_parquet(dataset, Path(directory))


def test_cli_parquet(data: itu_tcb.Dataset, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "counts.parquet"
    assert run(["export", "membership_counts", "--format", "parquet", "-o", str(target)], out) == 0
    assert query(f"SELECT value FROM '{target}'")[1] == [(193,), (700,)]
    assert run(["export", "--all", "--format", "parquet", str(tmp_path / "all")], out) == 0
    assert sorted(os.listdir(tmp_path / "all")) == sorted(
        f"{n}.parquet" for n in tables.table_names()
    )
    assert out.getvalue() == ""


def test_without_pyarrow_the_extra_is_named(
    data: itu_tcb.Dataset,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install 'itu-tcb\[arrow\]'"):
        data.to_arrow("sectors")
    target = tmp_path / "s.parquet"
    assert run(["export", "sectors", "--format", "parquet", "-o", str(target)]) == 2
    assert "itu-tcb[arrow]" in capsys.readouterr().err
    assert not target.exists()
