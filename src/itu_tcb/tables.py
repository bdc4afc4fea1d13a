"""Records as tables: flat rows for pandas, CSV, JSON, JSON Lines, Arrow and Parquet.

The tables
----------
Every kind of record has a table named as its collection (``"agencies"``,
``"activities"``, ...), one row per record in document order. A list field of a record
whose items are objects, or ids of other records, has a table of its own, named
``<kind>_<field>`` after the singular of the kind and the field, one row per item:

========================================  =================================================
``membership_counts``                     one row per count of members: ``membership``,
                                          ``agency``, ``position``, ``category``, ``value``
                                          (a whole number) and ``qualifier``
``programme_drivers_of_change``           ``programme``, ``agency``, ``position``,
                                          ``name``, ``period``
``programme_target_groups``               ``programme``, ``agency``, ``position``,
                                          ``name``, ``level``
``partnership_partners``                  a link table: ``partnership``, ``agency``,
                                          ``position``, ``partner`` (an agency's id) and
                                          ``partner_name``
========================================  =================================================

:func:`table_names` lists them all, the kinds' tables first. Nothing above is written
by hand per table: the tables and their columns are derived from the fields of the
models (:func:`_kind_table` and :func:`_item_table`), so a field added to a model gets
its column, or its table, by itself.

A table is named by its name (``"membership_counts"``; case, surrounding spaces and
``-`` for ``_`` do not matter), or, for a kind's table, by anything
:meth:`RecordKind.parse <itu_tcb.RecordKind.parse>` takes (``"activity"``,
``RecordKind.ACTIVITY``). :func:`to_records`, :func:`to_dataframe`,
:meth:`Dataset.to_arrow <itu_tcb.Dataset.to_arrow>` and ``itu-tcb export`` all take
these names.

How a record becomes a row
--------------------------
- Columns of a kind's table: ``id`` first, then the kind's own fields in the order the
  model declares them, then the fields every record has: ``description``,
  ``aliases``, ``note``, ``external_fields``, ``open_lists``, ``source_given``,
  ``source_section``, ``source_links``.
  A field that has a table of its own (``counts``, ``partners``, ...) is not a column.
- Columns of an item table: the id of the record holding the list (the column named
  for its kind: ``membership``), that record's ``agency`` when it has one (to group by
  agency without a join), ``position`` (1 for the list's first item, in source
  order), then the item's fields. A value nested in an item gives its fields as they
  are (a member count's ``count`` gives ``value`` and ``qualifier``).
- Enums are their plain string values (``"specialized_agency"``).
- Text, whole numbers, booleans and ``None`` stay as they are.
- A nested object in a record becomes one column per field, named
  ``<field>_<subfield>``: the source reference gives ``source_section`` and
  ``source_links``, after ``source_given`` (false where the document does not say
  where on the page the record's facts are; the other two are then empty); a count
  (``years_active``) gives ``years_active_value`` (an int, or ``None``) and
  ``years_active_qualifier`` (``"exact"``, ``"nearly"``, ``"over"`` or ``"about"``,
  or ``None``).
- The remaining list fields are lists of strings (an empty list when the record has
  none): lists of text (``aliases``, ``functions``, ...) and a record's source links,
  each written ``"label: url"``, or ``"label: (target lost)"`` where the data says
  the source lost it, ``"label: (no target given)"`` where there is simply none.
- A reference to another record keeps the id and adds, right after it, the title of
  the record it points to: ``agency_name``, ``sector_name``, ``programme_name``,
  ``partnership_name``, ``partner_name``. An activity's ``category`` is followed by
  ``category_label`` (the category's heading, or the project's label where it has
  none) and ``category_position`` (1 for the first category of its
  agency, and so on).

In a DataFrame (:func:`to_dataframe`, :func:`to_dataframes`), every column has a
declared dtype: whole numbers pandas' nullable ``Int64``, text ``string``, booleans
``boolean``, enums a ``category`` whose categories are all the enum's values in the
order the model declares them (also those no row uses), and lists ``object`` (Python
lists of strings). Missing values are ``pandas.NA``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from ._fields import FieldSpec, Shape, specs
from .models import (
    RECORD_TYPES,
    Record,
    RecordKind,
)

if TYPE_CHECKING:
    import pandas

    from .dataset import Dataset

__all__ = [
    "PANDAS_EXTRA",
    "Column",
    "ColumnType",
    "Table",
    "columns",
    "table",
    "table_names",
    "to_dataframe",
    "to_dataframes",
    "to_records",
]

#: The extra shown for ``pip install`` when pandas is missing.
PANDAS_EXTRA = "pip install 'itu-tcb[pandas]'"


# --------------------------------------------------------------- flat values


def _item_text(value: object) -> str:
    """One list item as the short text of a table cell: an enum's value, or the
    item's own ``str`` (each value class of the models says how it reads)."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


# ------------------------------------------------------------- descriptions


class ColumnType(enum.Enum):
    """What a column holds (every cell is this, or ``None`` unless required)."""

    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    #: Text from a closed vocabulary: :attr:`Column.values`.
    ENUM = "enum"
    #: A list of texts (never ``None``; empty when there are none).
    TEXT_LIST = "text_list"


@attrs.frozen(kw_only=True)
class _Context:
    """What a cell may need beyond its row: titles by id, category positions."""

    by_id: dict[str, Record]
    positions: dict[str, int]
    #: The id of each record's agency (``Dataset.agency_id_of``).
    agency_of: Callable[[Record], str]


#: How a cell is got: from the context and the row's subject (a record, or an item).
Getter = Callable[[_Context, Any], Any]


@attrs.frozen(kw_only=True)
class Column:
    """One column of a table, as derived from a model field."""

    name: str
    type: ColumnType
    #: True when no cell is ever ``None``.
    required: bool
    #: The closed vocabulary of an :attr:`ColumnType.ENUM` column, in declared order.
    values: tuple[str, ...] = ()
    #: The least value of an :attr:`ColumnType.INTEGER` column, if it has one.
    minimum: int | None = None
    #: The table whose ``id`` column this column's values are (a reference).
    references: str | None = None
    get: Getter = attrs.field(eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Table:
    """A table: its name, where its rows come from, its columns and keys."""

    name: str
    #: The kind of record that the rows come from (or whose list they are the items of).
    kind: RecordKind
    #: For an item table, the record's list field whose items are the rows.
    field: str | None
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        """The names of the columns, in order."""
        return tuple(column.name for column in self.columns)


@attrs.frozen
class _Item:
    """The subject of an item table's row: the record, the item's place, the item."""

    record: Record
    position: int
    value: Any


# ----------------------------------------------------------------- derivation


def _value_type(shape: Shape) -> tuple[ColumnType, tuple[str, ...]]:
    if shape.kind == "tuple":
        return ColumnType.TEXT_LIST, ()
    if shape.kind == "enum":
        return ColumnType.ENUM, tuple(str(member.value) for member in shape.type)
    if shape.kind == "bool":
        return ColumnType.BOOLEAN, ()
    if shape.kind == "int":
        return ColumnType.INTEGER, ()
    return ColumnType.TEXT, ()


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_item_text(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _attribute(name: str, parent: Getter) -> Getter:
    def get(context: _Context, subject: Any) -> Any:
        holder = parent(context, subject)
        return None if holder is None else getattr(holder, name)

    return get


def _leaf(get: Getter) -> Getter:
    return lambda context, subject: _cell(get(context, subject))


def _listed(get: Getter) -> Getter:
    return lambda context, subject: get(context, subject) or []


def _title(context: _Context, record_id: str | None) -> str | None:
    found = None if record_id is None else context.by_id.get(record_id)
    return None if found is None else found.title


def _reference_columns(name: str, target: RecordKind, get: Getter, required: bool) -> list[Column]:
    """A reference's id column and the columns that name what it points to."""
    out = [
        Column(
            name=name,
            type=ColumnType.TEXT,
            required=required,
            references=target.collection,
            get=get,
        )
    ]
    if target is RecordKind.CATEGORY:
        out.append(
            Column(
                name=f"{name}_label",
                type=ColumnType.TEXT,
                required=False,
                get=lambda c, s: _title(c, get(c, s)),
            )
        )
        out.append(
            Column(
                name=f"{name}_position",
                type=ColumnType.INTEGER,
                required=False,
                minimum=1,
                get=lambda c, s: c.positions.get(get(c, s)),
            )
        )
    else:
        out.append(
            Column(
                name=f"{name}_name",
                type=ColumnType.TEXT,
                required=False,
                get=lambda c, s: _title(c, get(c, s)),
            )
        )
    return out


def _field_columns(
    spec: FieldSpec,
    *,
    parent: Getter,
    optional_parent: bool = False,
    prefix: str = "",
    lift: bool = False,
) -> list[Column]:
    """The columns of one declared field: one, or one per field of a nested object.

    A nested object's columns are named ``<field>_<subfield>``, or, with ``lift`` (in an
    item table), ``<subfield>`` as they are. A reference is followed by the name of
    what it points to.
    """
    shape = spec.shape
    required = not (shape.optional or optional_parent)
    get = _attribute(spec.name, parent)
    name = f"{prefix}{spec.name}"
    if shape.kind == "record":
        out: list[Column] = []
        if shape.optional and not any(sub.required for sub in specs(shape.type)):
            # Its fields cannot tell "not given" from given and empty: a column says.
            given = Column(
                name=f"{name}_given",
                type=ColumnType.BOOLEAN,
                required=True,
                get=lambda context, subject: get(context, subject) is not None,
            )
            out.append(given)
        for sub in specs(shape.type):
            out += _field_columns(
                sub,
                parent=get,
                optional_parent=not required,
                prefix="" if lift else f"{name}_",
                lift=lift,
            )
        return out
    if spec.refers_to is not None:
        return _reference_columns(name, RecordKind(spec.refers_to), get, required)
    column_type, values = _value_type(shape)
    leaf = _leaf(get)
    if column_type is ColumnType.TEXT_LIST:  # an empty list, also where its holder is not given
        leaf = _listed(leaf)
    return [
        Column(
            name=name,
            type=column_type,
            required=required or column_type is ColumnType.TEXT_LIST,
            values=values,
            minimum=spec.rule.minimum if spec.rule is not None else None,
            get=leaf,
        )
    ]


def _own_table_fields(kind: RecordKind) -> tuple[str, ...]:
    """The list fields of a kind that have a table of their own, in declared order.

    A list of objects, or a list of references to other records. The lists inside a
    nested value (a source's links) stay list columns of the record's table.
    """
    return tuple(
        spec.name
        for spec in specs(RECORD_TYPES[kind])
        if spec.shape.item is not None
        and (spec.shape.item.kind == "record" or spec.refers_to is not None)
    )


def _check_names(name: str, columns: list[Column]) -> None:
    names = [column.name for column in columns]
    if len(set(names)) != len(names):  # pragma: no cover - a fault of the models
        raise AssertionError(f"table {name!r} would have two columns of the same name: {names}")


@cache
def _kind_table(kind: RecordKind) -> Table:
    """The table of one kind: one row per record, columns from the record's fields."""
    common = [spec.name for spec in specs(Record)]
    own_tables = _own_table_fields(kind)
    by_name = {spec.name: spec for spec in specs(RECORD_TYPES[kind])}
    own = ["id"] + [n for n in by_name if n not in common and n not in own_tables]
    columns: list[Column] = []
    for name in own:
        columns += _field_columns(by_name[name], parent=lambda context, record: record)
    if "agency" not in by_name and kind is not RecordKind.AGENCY:
        # Whose record it is, for a kind that reaches its agency through another (an
        # activity, through its category), as every other kind's table has it.
        agency = lambda context, record: context.agency_of(record)  # noqa: E731
        columns += _reference_columns("agency", RecordKind.AGENCY, agency, True)
    for name in common[1:]:
        columns += _field_columns(by_name[name], parent=lambda context, record: record)
    _check_names(kind.collection, columns)
    return Table(
        name=kind.collection, kind=kind, field=None, columns=tuple(columns), primary_key=("id",)
    )


def _singular(kind: RecordKind) -> str:
    return kind.name.lower()


@cache
def _item_table(kind: RecordKind, field: str) -> Table:
    """The table of one list field of a kind: one row per item of the list."""
    owner = _singular(kind)
    by_name = {spec.name: spec for spec in specs(RECORD_TYPES[kind])}
    columns = [
        Column(
            name=owner,
            type=ColumnType.TEXT,
            required=True,
            references=kind.collection,
            get=lambda context, item: item.record.id,
        )
    ]
    agency = by_name.get("agency")
    if agency is not None and agency.refers_to == RecordKind.AGENCY.collection:
        columns += _field_columns(agency, parent=lambda context, item: item.record)[:1]
        # (the id only: the agency's name is in the record's table)
    columns.append(
        Column(
            name="position",
            type=ColumnType.INTEGER,
            required=True,
            minimum=1,
            get=lambda context, item: item.position,
        )
    )
    spec = by_name[field]
    item = spec.shape.item
    assert item is not None
    if spec.refers_to is not None:
        columns += _reference_columns(
            field.removesuffix("s"),
            RecordKind(spec.refers_to),
            lambda context, item: item.value,
            True,
        )
    else:
        for sub in specs(item.type):
            columns += _field_columns(sub, parent=lambda context, item: item.value, lift=True)
    name = f"{owner}_{field}"
    _check_names(name, columns)
    return Table(
        name=name, kind=kind, field=field, columns=tuple(columns), primary_key=(owner, "position")
    )


# ------------------------------------------------------------------- registry


@cache
def _tables() -> dict[str, Table]:
    out = {kind.collection: _kind_table(kind) for kind in RecordKind}
    for kind in RecordKind:
        for field in _own_table_fields(kind):
            found = _item_table(kind, field)
            out[found.name] = found
    return out


def table_names() -> tuple[str, ...]:
    """The names of all tables: the kinds' tables in :class:`RecordKind` order, then the
    item tables."""
    return tuple(_tables())


def table(name: RecordKind | str) -> Table:
    """The table called ``name`` (see the module notes for the names it takes).

    Raises :class:`ValueError` listing the tables for an unknown name, and
    :class:`TypeError` for anything but a string or a :class:`RecordKind`.
    """
    found = _tables()
    if isinstance(name, RecordKind):
        return found[name.collection]
    if not isinstance(name, str):
        raise TypeError(f"a table is named by a string or a RecordKind, not {type(name).__name__}")
    wanted = name.strip().lower().replace("-", "_")
    if wanted in found:
        return found[wanted]
    try:
        return found[RecordKind.parse(wanted).collection]
    except ValueError:
        raise ValueError(f"unknown table {name!r}; choose from: {', '.join(found)}") from None


def columns(name: RecordKind | str) -> tuple[str, ...]:
    """The column names of a table's rows, in order (the same for every row)."""
    return table(name).column_names


# ----------------------------------------------------------------------- rows


def _category_positions(dataset: Dataset) -> dict[str, int]:
    """Each category's place among its agency's categories (1 for the first), by id.

    Worked out once per table: one pass over the categories, whatever the rows.
    """
    return {
        category.id: position
        for agency in dataset.agencies
        for position, category in enumerate(dataset.categories_of(agency), start=1)
    }


def _context(dataset: Dataset, spec: Table) -> _Context:
    named = any(c.name.endswith(("_name", "_label")) for c in spec.columns)
    positioned = any(c.name.endswith("_position") for c in spec.columns)
    return _Context(
        by_id={record.id: record for record in dataset} if named else {},
        positions=_category_positions(dataset) if positioned else {},
        agency_of=dataset.agency_id_of,
    )


def _subjects(dataset: Dataset, spec: Table) -> Iterator[Any]:
    records = dataset.collection(spec.kind)
    if spec.field is None:
        yield from records
        return
    for record in records:
        for position, value in enumerate(getattr(record, spec.field), start=1):
            yield _Item(record, position, value)


def to_records(dataset: Dataset, name: RecordKind | str) -> list[dict[str, Any]]:
    """One flat dict per row of the table ``name``, in document order (see the module
    notes)."""
    spec = table(name)
    context = _context(dataset, spec)
    return [
        {column.name: column.get(context, subject) for column in spec.columns}
        for subject in _subjects(dataset, spec)
    ]


# ------------------------------------------------------------------ DataFrame


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(f"DataFrames need pandas, an optional extra: {PANDAS_EXTRA}") from exc
    return pandas


def _dtype(pd: Any, column: Column) -> Any:
    if column.type is ColumnType.INTEGER:
        return "Int64"
    if column.type is ColumnType.BOOLEAN:
        return "boolean"
    if column.type is ColumnType.ENUM:
        return pd.CategoricalDtype(list(column.values), ordered=False)
    if column.type is ColumnType.TEXT:
        return pd.StringDtype()
    return object


def _frame(pd: Any, spec: Table, rows: list[dict[str, Any]]) -> pandas.DataFrame:
    data = {}
    for column in spec.columns:
        cells = [row[column.name] for row in rows]
        dtype = _dtype(pd, column)
        if dtype is object:
            data[column.name] = pd.Series(cells, dtype=object)
        else:
            data[column.name] = pd.Series(cells, dtype=object).astype(dtype)
    frame: pandas.DataFrame = pd.DataFrame(data, columns=list(spec.column_names))
    return frame


def to_dataframe(dataset: Dataset, name: RecordKind | str) -> pandas.DataFrame:
    """The rows of the table ``name`` as a pandas DataFrame, with the declared dtypes.

    Columns are :func:`columns`; see the module notes for the dtypes. Needs the optional
    pandas extra.
    """
    spec = table(name)
    pd = _pandas()
    return _frame(pd, spec, to_records(dataset, spec.name))


def to_dataframes(dataset: Dataset) -> dict[str, pandas.DataFrame]:
    """Every table as a DataFrame, by name, in the order of :func:`table_names`."""
    pd = _pandas()
    return {name: _frame(pd, spec, to_records(dataset, name)) for name, spec in _tables().items()}
