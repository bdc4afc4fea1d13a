"""Tables of their own for structured lists, and the declared dtypes of DataFrames."""

from __future__ import annotations

import enum
import typing

import attrs
import numpy
import pandas
import pytest
from hypothesis import given

import itu_tcb
from itu_tcb import strategies as its
from itu_tcb import tables
from itu_tcb.models import RECORD_TYPES

ITEM_TABLES = [n for n in tables.table_names() if tables.table(n).field is not None]


def test_membership_counts_are_whole_numbers_with_their_qualifiers(data: itu_tcb.Dataset) -> None:
    frame = data.to_dataframe("membership_counts")
    assert list(frame.columns) == [
        "membership",
        "agency",
        "position",
        "category",
        "value",
        "qualifier",
    ]
    assert str(frame["value"].dtype) == "Int64"
    assert frame["value"].tolist() == [193, 700]
    assert frame["qualifier"].tolist() == ["exact", "nearly"]
    assert isinstance(frame["qualifier"].dtype, pandas.CategoricalDtype)
    assert list(frame["qualifier"].cat.categories) == [q.value for q in itu_tcb.Qualifier]
    assert frame["membership"].tolist() == ["itu-membership"] * 2
    assert frame["agency"].tolist() == ["itu"] * 2
    assert int(frame["value"].sum()) == 893


def test_the_tables_have_the_documented_names() -> None:
    kinds = [kind.collection for kind in itu_tcb.RecordKind]
    assert tables.table_names()[: len(kinds)] == tuple(kinds)
    assert set(ITEM_TABLES) == {
        "membership_counts",
        "programme_drivers_of_change",
        "programme_target_groups",
        "partnership_partners",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("membership_counts", "membership_counts"),
        (" Membership-Counts ", "membership_counts"),
        ("activity", "activities"),
        (itu_tcb.RecordKind.SECTOR, "sectors"),
    ],
)
def test_tables_by_name(name: itu_tcb.RecordKind | str, expected: str) -> None:
    assert tables.table(name).name == expected


def test_every_list_of_objects_or_references_has_a_table_of_its_own() -> None:
    """The rule, checked against the models rather than a list of names."""
    references = {(h, f) for h, f, _ in itu_tcb._integrity.REFERENCES}
    expected = set()
    for kind, cls in RECORD_TYPES.items():
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            args = typing.get_args(hints[field.name])
            if typing.get_origin(hints[field.name]) is tuple and (
                attrs.has(args[0]) or (kind, field.name) in references
            ):
                expected.add((kind, field.name))
    assert {(tables.table(n).kind, tables.table(n).field) for n in ITEM_TABLES} == expected


def expected_items(dataset: itu_tcb.Dataset, name: str) -> list[tuple[str, int, object]]:
    spec = tables.table(name)
    assert spec.field is not None
    return [
        (record.id, position, item)
        for record in dataset.collection(spec.kind)
        for position, item in enumerate(getattr(record, spec.field), start=1)
    ]


def item_cells(item: object) -> dict[str, object]:
    """What an item's row should hold: its fields, a nested value's fields lifted."""
    if isinstance(item, str):
        return {}
    out: dict[str, object] = {}
    assert attrs.has(type(item))
    for field in attrs.fields(type(item)):  # type: ignore[arg-type]
        value = getattr(item, field.name)
        if attrs.has(type(value)):
            out.update(item_cells(value))
        else:
            out[field.name] = value.value if isinstance(value, enum.Enum) else value
    return out


def check_item_tables(dataset: itu_tcb.Dataset) -> None:
    for name in ITEM_TABLES:
        spec = tables.table(name)
        owner = spec.kind.name.lower()
        rows = dataset.to_records(name)
        expected = expected_items(dataset, name)
        assert [(r[owner], r["position"]) for r in rows] == [(i, p) for i, p, _ in expected]
        by_id = {record.id: record for record in dataset}
        for row, (record_id, _, item) in zip(rows, expected, strict=True):
            assert row["agency"] == by_id[record_id].agency  # type: ignore[attr-defined]
            cells = item_cells(item)
            assert {key: row[key] for key in cells} == cells
            if isinstance(item, str):
                single = spec.field.removesuffix("s") if spec.field else ""
                assert row[single] == item
                assert row[f"{single}_name"] == by_id[item].title


def test_bundled_item_tables_hold_every_item_in_order(data: itu_tcb.Dataset) -> None:
    check_item_tables(data)
    assert len(data.to_records("partnership_partners")) == 16


@pytest.mark.slow
@given(its.datasets())
def test_generated_item_tables_hold_every_item_in_order(dataset: itu_tcb.Dataset) -> None:
    check_item_tables(dataset)


def check_dtypes(dataset: itu_tcb.Dataset) -> None:
    frames = dataset.to_dataframes()
    assert list(frames) == list(tables.table_names())
    for name, frame in frames.items():
        spec = tables.table(name)
        assert list(frame.columns) == list(spec.column_names)
        assert len(frame) == len(dataset.to_records(name))
        for column in spec.columns:
            dtype = frame[column.name].dtype
            if column.type is tables.ColumnType.INTEGER:
                assert str(dtype) == "Int64", column
            elif column.type is tables.ColumnType.BOOLEAN:
                assert str(dtype) == "boolean", column
            elif column.type is tables.ColumnType.ENUM:
                assert isinstance(dtype, pandas.CategoricalDtype), column
                assert tuple(dtype.categories) == column.values
            elif column.type is tables.ColumnType.TEXT:
                assert isinstance(dtype, pandas.StringDtype), column
            else:
                assert dtype == numpy.dtype(object)
                assert all(isinstance(v, list) for v in frame[column.name])
            if column.required:
                assert not frame[column.name].isna().any(), column


def test_bundled_dataframes_have_the_declared_dtypes(data: itu_tcb.Dataset) -> None:
    check_dtypes(data)


@pytest.mark.slow
@given(its.datasets())
def test_generated_dataframes_have_the_declared_dtypes(dataset: itu_tcb.Dataset) -> None:
    check_dtypes(dataset)


def test_enum_columns_list_the_whole_vocabulary(data: itu_tcb.Dataset) -> None:
    kinds = data.to_dataframe("agencies")["agency_kind"]
    assert list(kinds.cat.categories) == [k.value for k in itu_tcb.AgencyKind]
    assert kinds.tolist() == [a.agency_kind.value for a in data.agencies]


def test_empty_tables_keep_their_dtypes(data: itu_tcb.Dataset) -> None:
    empty = itu_tcb.Dataset(metadata=data.metadata)
    frames = empty.to_dataframes()
    assert all(frame.empty for frame in frames.values())
    assert str(frames["membership_counts"]["value"].dtype) == "Int64"
