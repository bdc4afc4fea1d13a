"""Records as tables (``itu_tcb.tables``): flat rows with fixed columns, tables of
their own for structured lists, and the declared dtypes of DataFrames."""

from __future__ import annotations

import enum
import sys
import typing

import attrs
import numpy
import pandas
import pytest
from hypothesis import given

import itu_tcb
from helpers import DATA, LONG, TEST_METADATA, assert_bounded, tiny
from itu_tcb import (
    Agency,
    Count,
    Dataset,
    DriverOfChange,
    DriverPeriod,
    Link,
    MemberCount,
    Membership,
    Programme,
    Qualifier,
    RecordKind,
    SourceRef,
    TargetGroup,
    _integrity,
    tables,
)
from itu_tcb import strategies as its
from itu_tcb.models import RECORD_TYPES

KINDS = list(RecordKind)


def plain_cell(value: object) -> bool:
    if value is None or isinstance(value, str | int | bool):
        return not isinstance(value, enum.Enum)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# ------------------------------------------------------------------ flat rows


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_one_row_per_record_in_source_order_with_fixed_columns(kind: RecordKind) -> None:
    rows = DATA.to_records(kind)
    records = DATA.collection(kind)
    assert [row["id"] for row in rows] == [r.id for r in records]
    for row in rows:
        assert tuple(row) == tables.columns(kind)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_cells_are_plain_json_values(kind: RecordKind) -> None:
    for row in DATA.to_records(kind):
        bad = {name: value for name, value in row.items() if not plain_cell(value)}
        assert bad == {}


@pytest.mark.parametrize("name", tables.table_names())
def test_no_table_has_two_columns_of_one_name(name: str) -> None:
    names = tables.columns(name)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_every_model_field_has_a_column(kind: RecordKind) -> None:
    names = tables.columns(kind)
    own = {tables.table(n).field for n in tables.table_names() if tables.table(n).kind is kind}
    for field in attrs.fields(RECORD_TYPES[kind]):
        if field.name in own:  # a list with a table of its own
            assert field.name not in names
            assert f"{kind.name.lower()}_{field.name}" in tables.table_names()
            continue
        assert field.name in names or any(n.startswith(f"{field.name}_") for n in names)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_text_and_list_fields_keep_their_values(kind: RecordKind) -> None:
    hints = typing.get_type_hints(RECORD_TYPES[kind])
    for record, row in zip(DATA.collection(kind), DATA.to_records(kind), strict=True):
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            if field.name not in row:
                continue  # a nested value: see the tests of flattening below
            if hints[field.name] == tuple[str, ...]:
                assert row[field.name] == list(value)
            elif isinstance(value, enum.Enum):
                assert row[field.name] == value.value
            elif value is None or isinstance(value, str | bool):
                assert row[field.name] == value


def test_enums_are_plain_strings() -> None:
    rows = DATA.to_records("agencies")
    assert {type(row["agency_kind"]) for row in rows} == {str}
    assert [row["agency_kind"] for row in rows] == [a.agency_kind.value for a in DATA.agencies]


def test_a_count_is_a_value_and_a_qualifier_column() -> None:
    counted = [a for a in DATA.agencies if a.years_active is not None]
    assert counted, "the bundled data should have a count to test"
    for agency, row in zip(DATA.agencies, DATA.to_records("agencies"), strict=True):
        count = agency.years_active
        assert row["years_active_value"] == (None if count is None else count.value)
        assert row["years_active_qualifier"] == (None if count is None else count.qualifier.value)


def test_references_are_also_given_by_name() -> None:
    by_id = {record.id: record for record in DATA}
    checked = 0
    for holder, field, _ in _integrity.REFERENCES:
        if f"{holder.name.lower()}_{field}" in tables.table_names():
            # A list of references: a link table, one row per item, in order.
            rows = DATA.to_records(f"{holder.name.lower()}_{field}")
            single = field.removesuffix("s")
            expected = [
                (record.id, position, target)
                for record in DATA.collection(holder)
                for position, target in enumerate(getattr(record, field), start=1)
            ]
            assert [(r[holder.name.lower()], r["position"], r[single]) for r in rows] == expected
            assert [r[f"{single}_name"] for r in rows] == [by_id[t].title for *_, t in expected]
            checked += len(rows)
            continue
        for record, row in zip(DATA.collection(holder), DATA.to_records(holder), strict=True):
            value = getattr(record, field)
            assert row[field] == value
            if field == "category":
                assert row["category_label"] == by_id[value].title
                checked += 1
            else:
                assert row[f"{field}_name"] == (None if value is None else by_id[value].title)
                checked += value is not None
    assert checked > 20


def test_sector_rows_name_their_agency() -> None:
    for sector, row in zip(DATA.sectors, DATA.to_records("sectors"), strict=True):
        assert row["agency"] == sector.agency
        assert row["agency_name"] == DATA.agency_of(sector).name


def test_activities_carry_their_group_label_and_position() -> None:
    rows = DATA.to_records("activities")
    assert len(rows) == len(DATA.activities) == 12
    for activity, row in zip(DATA.activities, rows, strict=True):
        category = DATA.category_of(activity)
        assert row["category_label"] == category.title
        siblings = DATA.categories_of(DATA.agency_of(category))
        assert siblings[row["category_position"] - 1] == category
    assert {row["category_position"] for row in rows} == set(range(1, len(DATA.categories) + 1))


def test_nested_values_follow_the_documented_text_forms() -> None:
    source = SourceRef(
        section="Somewhere",
        links=(
            Link(label="Site", url="https://example.org/a"),
            Link(label="Old page", target_lost=True),
            Link(label="Note"),
        ),
    )
    data = Dataset(
        metadata=TEST_METADATA,
        agencies=(Agency(id="ag", name="Agency of tests", years_active=Count(value=5)),),
        programmes=(
            Programme(
                id="prog",
                name="A programme",
                agency="ag",
                source=source,
                drivers_of_change=(DriverOfChange(name="change", period=DriverPeriod.CURRENT),),
                target_groups=(TargetGroup(name="learners"), TargetGroup(name="staff", level="x")),
            ),
        ),
        memberships=(
            Membership(
                id="mem",
                agency="ag",
                counts=(
                    MemberCount(category="States", count=Count(value=3)),
                    MemberCount(category="Others", count=Count(value=7, qualifier=Qualifier.OVER)),
                ),
            ),
        ),
    )
    (programme,) = data.to_records("programmes")
    assert programme["source_section"] == "Somewhere"
    assert programme["source_links"] == [
        "Site: https://example.org/a",
        "Old page: (target lost)",
        "Note: (no target given)",
    ]
    assert data.to_records("programme_drivers_of_change") == [
        {"programme": "prog", "agency": "ag", "position": 1, "name": "change", "period": "current"}
    ]
    assert data.to_records("programme_target_groups") == [
        {"programme": "prog", "agency": "ag", "position": 1, "name": "learners", "level": None},
        {"programme": "prog", "agency": "ag", "position": 2, "name": "staff", "level": "x"},
    ]
    assert programme["agency_name"] == "Agency of tests"
    (membership,) = data.to_records("memberships")
    assert "counts" not in membership
    counts = data.to_records("membership_counts")
    assert [(r["category"], r["value"], r["qualifier"]) for r in counts] == [
        ("States", 3, "exact"),
        ("Others", 7, "over"),
    ]
    (agency,) = data.to_records("agencies")
    assert (agency["years_active_value"], agency["years_active_qualifier"]) == (5, "exact")
    assert agency["source_section"] is None
    assert agency["source_links"] == []


def test_an_empty_kind_has_no_rows() -> None:
    assert tiny().to_records("events") == []


@pytest.mark.parametrize("name", ["activities", "activity", "ACTIVITY", " Activities "])
def test_kind_by_enum_or_name(name: str) -> None:
    assert DATA.to_records(name) == DATA.to_records(RecordKind.ACTIVITY)


def test_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ValueError, match="unknown table 'widgets'") as caught:
        DATA.to_records("widgets")
    for name in tables.table_names():
        assert name in str(caught.value)


@pytest.mark.parametrize("ask", [tables.table, tables.columns, DATA.to_records])
def test_a_very_long_table_name_gets_a_bounded_message(ask: typing.Any) -> None:
    with pytest.raises(ValueError, match=r"^unknown table ") as caught:
        ask(LONG)
    assert_bounded(str(caught.value))


def test_kind_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="a table is named by a string or a RecordKind, not int"):
        DATA.to_records(3)  # type: ignore[arg-type]


# ------------------------------------------------------------------ DataFrame


def test_dataframe_of_activities_has_twelve_rows_with_their_group() -> None:
    frame = itu_tcb.load().to_dataframe("activities")
    assert frame.shape == (12, len(tables.columns("activities")))
    assert list(frame.columns) == list(tables.columns("activities"))
    assert frame["category_label"].notna().all()
    sizes = frame.groupby("category_label").size()
    expected = {c.title: len(DATA.activities_in(c)) for c in DATA.categories}
    assert sizes.to_dict() == expected


def test_dataframe_whole_numbers_are_nullable_integers() -> None:
    frame = DATA.to_dataframe(RecordKind.AGENCY)
    assert str(frame["years_active_value"].dtype) == "Int64"
    missing = [a.years_active is None for a in DATA.agencies]
    assert frame["years_active_value"].isna().tolist() == missing
    assert str(DATA.to_dataframe("activities")["category_position"].dtype) == "Int64"


def test_dataframe_of_an_empty_kind_keeps_its_columns() -> None:
    frame = tiny().to_dataframe("events")
    assert frame.empty
    assert list(frame.columns) == list(tables.columns("events"))


def test_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # "import pandas" now fails
    with pytest.raises(ImportError, match=r"pip install 'itu-tcb\[pandas\]'"):
        DATA.to_dataframe("activities")


def test_dataframe_checks_the_kind_before_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ValueError, match="unknown table"):
        DATA.to_dataframe("widgets")


# ------------------------------- the position of each activity's category


def expected_position(dataset: itu_tcb.Dataset, activity: itu_tcb.Activity) -> int:
    """The documented meaning: 1 for the first category of its agency, and so on."""
    category = dataset.category_of(activity)
    return dataset.categories_of(dataset.agency_of(category)).index(category) + 1


def test_bundled_activity_rows_give_their_category_position(data: itu_tcb.Dataset) -> None:
    rows = data.to_records("activities")
    assert [row["id"] for row in rows] == [a.id for a in data.activities]
    for row, activity in zip(rows, data.activities, strict=True):
        assert row["category"] == activity.category
        assert row["category_position"] == expected_position(data, activity)
    # The five ITU groups are numbered in document order.
    assert sorted({row["category_position"] for row in rows}) == [1, 2, 3, 4, 5]


@pytest.mark.slow
@given(its.datasets())
def test_generated_activity_rows_give_their_category_position(dataset: itu_tcb.Dataset) -> None:
    for row, activity in zip(dataset.to_records("activities"), dataset.activities, strict=True):
        assert row["category_position"] == expected_position(dataset, activity)


def many_categories(
    metadata: itu_tcb.Metadata, categories: int, agencies: int = 3
) -> itu_tcb.Dataset:
    """``categories`` categories spread over ``agencies`` agencies, two activities each."""
    owners = tuple(itu_tcb.Agency(id=f"agency-{i}", name=f"Agency {i}") for i in range(agencies))
    groups = tuple(
        itu_tcb.ActivityCategory(
            id=f"group-{i}", agency=owners[i % agencies].id, project_label=f"Group {i}"
        )
        for i in range(categories)
    )
    activities = tuple(
        itu_tcb.Activity(id=f"activity-{i}-{j}", name=f"Activity {i} {j}", category=f"group-{i}")
        for i in range(categories)
        for j in range(2)
    )
    return itu_tcb.Dataset(
        metadata=metadata, agencies=owners, categories=groups, activities=activities
    )


def navigation_calls(dataset: itu_tcb.Dataset, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many navigation calls one ``to_records("activities")`` makes (rows checked)."""
    calls = 0
    for name in ("categories_of", "agency_of", "category_of"):
        original = getattr(itu_tcb.Dataset, name)

        def counted(self: itu_tcb.Dataset, record: object, _original: object = original) -> object:
            nonlocal calls
            calls += 1
            return _original(self, record)  # type: ignore[operator]

        monkeypatch.setattr(itu_tcb.Dataset, name, counted)
    rows = dataset.to_records("activities")
    monkeypatch.undo()
    for row, activity in zip(rows, dataset.activities, strict=True):
        assert row["category_position"] == expected_position(dataset, activity)
    return calls


def test_category_positions_cost_one_pass_not_one_per_row(
    data: itu_tcb.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = many_categories(data.metadata, 100)
    large = many_categories(data.metadata, 1000)
    assert len(large.activities) == 10 * len(small.activities)
    # One call per agency, however many categories and activities there are.
    assert navigation_calls(small, monkeypatch) == len(small.agencies)
    assert navigation_calls(large, monkeypatch) == len(large.agencies)


# ------------------- tables of their own for structured lists, and dtypes


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
