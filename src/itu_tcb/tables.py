"""Records as tables: flat rows for pandas, CSV, JSON, JSON Lines, Arrow and Parquet.

The tables
----------
Every kind of record has a table named as its collection (``"agencies"``,
``"activities"``, ...), one row per record in document order. A list field whose items
are objects, or ids of other records, has a table of its own named ``<kind>_<field>``
(the kind in the singular), one row per item: ``membership_counts``,
``programme_drivers_of_change``, ``programme_target_groups`` and the link table
``partnership_partners``. :func:`table_names` lists them all, the kinds' tables first.
No table is written by hand: tables and columns are derived from the models' fields,
so a field added to a model gets its column, or its table, by itself.

A table is named by its name (``"membership_counts"``; case, surrounding spaces and
``-`` for ``_`` do not matter) or, for a kind's table, by anything
:meth:`RecordKind.parse <itu_tcb.RecordKind.parse>` takes (``"activity"``,
``RecordKind.ACTIVITY``), here as in :meth:`Dataset.to_arrow
<itu_tcb.Dataset.to_arrow>` and ``itu-tcb export``.

How a record becomes a row
--------------------------
- A kind's table: ``id``, the kind's own fields in declared order, then the fields
  every record has: ``description``, ``aliases``, ``note``, ``external_fields``,
  ``open_lists``, ``source_given``, ``source_section``, ``source_links``. A field with
  a table of its own (``counts``, ``partners``, ...) is not a column.
- An item table: the id of the record holding the list (the column named for its
  kind), that record's ``agency`` when it has one (to group by agency without a join),
  ``position`` (1 for the first item, in source order), then the item's fields; a
  value nested in an item gives its fields as they are (a member count's ``count``
  gives ``value`` and ``qualifier``).
- Enums are their plain string values (``"specialized_agency"``); text, whole numbers,
  booleans and ``None`` stay as they are.
- A nested object becomes one column per field, ``<field>_<subfield>``: the source
  reference gives ``source_section`` and ``source_links``, after ``source_given``
  (false where the document does not say where on the page the record's facts are;
  the other two are then empty); a count (``years_active``) gives
  ``years_active_value`` (an int, or ``None``) and ``years_active_qualifier``
  (``"exact"``, ``"nearly"``, ``"over"``, ``"about"`` or ``None``).
- Other list fields are lists of strings (empty when the record has none): lists of
  text (``aliases``, ``functions``, ...) and the source links, each ``"label: url"``,
  ``"label: (target lost)"`` where the data says the source lost it, or ``"label: (no
  target given)"`` where there is none.
- A reference keeps the id and is followed by the title of the record it points to:
  ``agency_name``, ``sector_name``, ``programme_name``, ``partnership_name``,
  ``partner_name``; an activity's ``category`` by ``category_label`` (the heading, or
  the project's label where there is none) and ``category_position`` (1 for its
  agency's first category, and so on).

In a DataFrame (:func:`to_dataframe`, :func:`to_dataframes`) every column has a
declared dtype: whole numbers pandas' nullable ``Int64``, text ``string``, booleans
``boolean``, enums a ``category`` of all the enum's values in declared order (also
those no row uses), and lists ``object`` (Python lists of strings). Missing values are
``pandas.NA``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ._fields import FieldSpec, specs
from ._rules import quote
from .models import RECORD_TYPES, Record, RecordKind

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


class ColumnType(enum.Enum):
    """What a column holds (every cell is this, or ``None`` unless required)."""

    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    #: Text from a closed vocabulary: :attr:`Column.values`.
    ENUM = "enum"
    #: A list of texts (never ``None``; empty when there are none).
    TEXT_LIST = "text_list"


#: The column type of each kind of field shape (any other holds text).
_TYPES = {
    "tuple": ColumnType.TEXT_LIST,
    "enum": ColumnType.ENUM,
    "bool": ColumnType.BOOLEAN,
    "int": ColumnType.INTEGER,
}


class _Context:
    """What a cell may need beyond its row: the dataset, and its category positions."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each category's place among its agency's categories (1 for the first), by
        id: one pass, whatever the rows."""
        return {
            category.id: position
            for agency in self.dataset.agencies
            for position, category in enumerate(self.dataset.categories_of(agency), start=1)
        }


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


class _Item(NamedTuple):
    """The subject of an item table's row: the record, the item's place, the item."""

    record: Record
    position: int
    value: Any


# ----------------------------------------------------------------- derivation


def _cell(value: Any) -> Any:
    """A value as a cell: an enum's value, a tuple's items as texts (each value class
    of the models says how it reads)."""
    if isinstance(value, tuple):
        return [str(_cell(item)) for item in value]
    return value.value if isinstance(value, enum.Enum) else value


def _reference_columns(name: str, target: RecordKind, get: Getter, required: bool) -> list[Column]:
    """A reference's id column and the columns that name what it points to."""

    def title(context: _Context, subject: Any) -> str | None:
        found = context.dataset._by_id.get(get(context, subject))
        return None if found is None else found.title

    def position(context: _Context, subject: Any) -> int | None:
        return context.positions.get(get(context, subject))

    text, integer = ColumnType.TEXT, ColumnType.INTEGER
    reference = Column(
        name=name, type=text, required=required, references=target.collection, get=get
    )
    if target is not RecordKind.CATEGORY:
        return [reference, Column(name=f"{name}_name", type=text, required=False, get=title)]
    return [
        reference,
        Column(name=f"{name}_label", type=text, required=False, get=title),
        Column(name=f"{name}_position", type=integer, required=False, minimum=1, get=position),
    ]


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
    shape, field = spec.shape, spec.name
    required = not (shape.optional or optional_parent)
    name = f"{prefix}{field}"

    def get(context: _Context, subject: Any) -> Any:
        holder = parent(context, subject)
        return None if holder is None else getattr(holder, field)

    if shape.kind == "record":
        out: list[Column] = []
        if shape.optional and not any(sub.required for sub in specs(shape.type)):
            # Its fields cannot tell "not given" from given and empty: a column says.
            given = lambda context, subject: get(context, subject) is not None  # noqa: E731
            out.append(
                Column(name=f"{name}_given", type=ColumnType.BOOLEAN, required=True, get=given)
            )
        inner = "" if lift else f"{name}_"
        for sub in specs(shape.type):
            out += _field_columns(
                sub, parent=get, optional_parent=not required, prefix=inner, lift=lift
            )
        return out
    if spec.refers_to is not None:
        return _reference_columns(name, RecordKind(spec.refers_to), get, required)
    column_type = _TYPES.get(shape.kind, ColumnType.TEXT)
    listed = column_type is ColumnType.TEXT_LIST

    def leaf(context: _Context, subject: Any) -> Any:
        value = _cell(get(context, subject))
        return (value or []) if listed else value  # a list: also where its holder is not given

    return [
        Column(
            name=name,
            type=column_type,
            required=required or listed,
            values=tuple(str(m.value) for m in shape.type) if shape.kind == "enum" else (),
            minimum=spec.rule.minimum if spec.rule is not None else None,
            get=leaf,
        )
    ]


def _own_table_fields(kind: RecordKind) -> tuple[str, ...]:
    """The list fields of a kind with a table of their own (lists of objects or of
    references), in declared order; lists in a nested value (a source's links) stay
    list columns."""
    return tuple(
        spec.name
        for spec in specs(RECORD_TYPES[kind])
        if spec.shape.item is not None
        and (spec.shape.item.kind == "record" or spec.refers_to is not None)
    )


def _kind_table(kind: RecordKind) -> Table:
    """The table of one kind: one row per record, columns from the record's fields."""
    common = [spec.name for spec in specs(Record)]
    by_name = {spec.name: spec for spec in specs(RECORD_TYPES[kind])}
    own = [n for n in by_name if n not in common and n not in _own_table_fields(kind)]

    def of(names: list[str]) -> list[Column]:
        return [c for n in names for c in _field_columns(by_name[n], parent=lambda _, r: r)]

    columns = of(["id", *own])
    if "agency" not in by_name and kind is not RecordKind.AGENCY:
        # Whose record it is, for a kind that reaches its agency through another (an
        # activity, through its category), as every other kind's table has it.
        agency = lambda context, record: context.dataset.agency_id_of(record)  # noqa: E731
        columns += _reference_columns("agency", RecordKind.AGENCY, agency, True)
    columns += of(common[1:])
    return Table(
        name=kind.collection, kind=kind, field=None, columns=tuple(columns), primary_key=("id",)
    )


def _item_table(kind: RecordKind, field: str) -> Table:
    """The table of one list field of a kind: one row per item of the list."""
    owner = kind.name.lower()
    by_name = {spec.name: spec for spec in specs(RECORD_TYPES[kind])}
    # The ids only of the holding record and its agency: their names are in its table.
    columns = _reference_columns(owner, kind, lambda _, item: item.record.id, True)[:1]
    if "agency" in by_name:
        columns += _field_columns(by_name["agency"], parent=lambda _, item: item.record)[:1]
    position = lambda _, item: item.position  # noqa: E731
    integer = ColumnType.INTEGER
    columns.append(Column(name="position", type=integer, required=True, minimum=1, get=position))
    spec = by_name[field]
    if spec.refers_to is not None:
        target = RecordKind(spec.refers_to)
        value = lambda context, item: item.value  # noqa: E731
        columns += _reference_columns(field.removesuffix("s"), target, value, True)
    else:
        assert spec.shape.item is not None
        for sub in specs(spec.shape.item.type):
            columns += _field_columns(sub, parent=lambda context, item: item.value, lift=True)
    name, key = f"{owner}_{field}", (owner, "position")
    return Table(name=name, kind=kind, field=field, columns=tuple(columns), primary_key=key)


# ------------------------------------------------------------------- registry


@cache
def _tables() -> dict[str, Table]:
    items = [_item_table(kind, field) for kind in RecordKind for field in _own_table_fields(kind)]
    return {found.name: found for found in [*map(_kind_table, RecordKind), *items]}


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
        raise ValueError(f"unknown table {quote(name)}; choose from: {', '.join(found)}") from None


def columns(name: RecordKind | str) -> tuple[str, ...]:
    """The column names of a table's rows, in order (the same for every row)."""
    return table(name).column_names


# ----------------------------------------------------------------------- rows


def to_records(dataset: Dataset, name: RecordKind | str) -> list[dict[str, Any]]:
    """One flat dict per row of the table ``name``, in document order (see the module
    notes)."""
    spec = table(name)
    context = _Context(dataset)
    subjects: Sequence[Any] = dataset.collection(spec.kind)
    if spec.field is not None:
        subjects = [
            _Item(record, position, value)
            for record in subjects
            for position, value in enumerate(getattr(record, spec.field), start=1)
        ]
    return [
        {column.name: column.get(context, subject) for column in spec.columns}
        for subject in subjects
    ]


# ------------------------------------------------------------------ DataFrame


def to_dataframe(dataset: Dataset, name: RecordKind | str) -> pandas.DataFrame:
    """The rows of the table ``name`` as a pandas DataFrame, with the declared dtypes.

    Columns are :func:`columns`; see the module notes for the dtypes. Needs the optional
    pandas extra.
    """
    spec = table(name)
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(f"DataFrames need pandas, an optional extra: {PANDAS_EXTRA}") from exc
    rows = to_records(dataset, spec.name)
    dtypes: dict[ColumnType, Any] = {
        ColumnType.INTEGER: "Int64",
        ColumnType.BOOLEAN: "boolean",
        ColumnType.TEXT: pd.StringDtype(),
        ColumnType.TEXT_LIST: object,
    }
    data = {}
    for column in spec.columns:
        if column.type is ColumnType.ENUM:  # every value a category, also those no row has
            dtypes[column.type] = pd.CategoricalDtype(list(column.values), ordered=False)
        cells = pd.Series([row[column.name] for row in rows], dtype=object)
        data[column.name] = cells.astype(dtypes[column.type])
    frame: pandas.DataFrame = pd.DataFrame(data, columns=list(spec.column_names))
    return frame


def to_dataframes(dataset: Dataset) -> dict[str, pandas.DataFrame]:
    """Every table as a DataFrame, by name, in the order of :func:`table_names`."""
    return {name: to_dataframe(dataset, name) for name in _tables()}
