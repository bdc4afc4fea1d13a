"""Records as flat rows: one dict per record, for pandas, CSV, JSON and JSON Lines.

Every row of a kind has the same columns (see :func:`columns`), in document order.

How a record becomes a flat row
-------------------------------
- Columns: ``id`` first, then the kind's own fields in the order the model declares
  them, then the fields every record has: ``description``, ``aliases``, ``note``,
  ``external_fields``, ``open_lists``, ``source_section``, ``source_links``.
- Enums are their plain string values (``"specialized_agency"``).
- Text, whole numbers, booleans and ``None`` stay as they are.
- A nested object becomes one column per field, named ``<field>_<subfield>``: the source
  reference gives ``source_section`` and ``source_links``; a count (``years_active``)
  gives ``years_active_value`` (an int, or ``None``) and ``years_active_qualifier``
  (``"exact"``, ``"nearly"``, ``"over"`` or ``"about"``, or ``None``).
- List fields stay lists of strings (an empty list when the record has none). Items
  that are objects are written as one string each:

  ========================  ==========================================================
  link                      ``"label: url"``, or ``"label: (target lost)"``
  member count              ``"category: count"``, e.g. ``"Sector Members: nearly 700"``
  target group              ``"name (level)"``, or ``"name"`` without a level
  driver of change          ``"name (period)"``, e.g. ``"... (current)"``
  ========================  ==========================================================

- A reference to another record keeps the id and adds, right after it, the title of
  the record it points to: ``agency_name``, ``sector_name``, ``programme_name``,
  ``partnership_name``, and ``partner_names`` (a list) beside ``partners``. An
  activity's ``category`` is followed by ``category_label`` (the category's heading,
  or the project's label where the source lost the heading) and
  ``category_position`` (1 for the first category of its agency, and so on).

In a DataFrame, whole-number columns have pandas' nullable ``Int64`` dtype and list
columns hold Python lists; how pandas shows a missing text value (``None`` or
``NaN``) depends on the pandas version's string dtype.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from . import _integrity
from .models import (
    RECORD_TYPES,
    Count,
    DriverOfChange,
    Link,
    MemberCount,
    Record,
    RecordKind,
    TargetGroup,
)

if TYPE_CHECKING:
    import pandas

    from .dataset import Dataset

__all__ = ["PANDAS_EXTRA", "columns", "item_text", "to_dataframe", "to_records"]

#: The extra shown for ``pip install`` when pandas is missing.
PANDAS_EXTRA = "pip install 'itu-tcb[pandas]'"


# --------------------------------------------------------------- flat values


def item_text(value: object) -> str:
    """One list item (or nested value) as the short text used in tables and HTML."""
    if isinstance(value, Count):
        return str(value)
    if isinstance(value, Link):
        return f"{value.label}: {value.url or '(target lost)'}"
    if isinstance(value, MemberCount):
        return f"{value.category}: {value.count}"
    if isinstance(value, TargetGroup):
        return value.name if value.level is None else f"{value.name} ({value.level})"
    if isinstance(value, DriverOfChange):
        return f"{value.name} ({value.period.value})"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if attrs.has(type(value)):
        # Not reached by the models of this version; a readable fallback all the same.
        cls: Any = type(value)
        fields = attrs.fields(cls)
        return ", ".join(f"{f.name}={item_text(getattr(value, f.name))}" for f in fields)
    return str(value)


#: One column: its name, how to get its cell from the parent value, and whether it
#: holds whole numbers (pandas gets a nullable integer dtype for those).
_Column = tuple[str, Callable[[Any], Any], bool]


def _optional(hint: Any) -> Any:
    """``X`` for ``X | None``, else the hint itself."""
    args = typing.get_args(hint)
    if type(None) in args and len(args) == 2:
        return next(a for a in args if a is not type(None))
    return hint


def _leaf(hint: Any) -> Callable[[Any], Any]:
    if typing.get_origin(hint) is tuple:
        return lambda values: None if values is None else [item_text(v) for v in values]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda value: None if value is None else value.value
    return lambda value: value


def _getter(name: str, inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def get(parent: Any) -> Any:
        return inner(None if parent is None else getattr(parent, name))

    return get


def _field_columns(name: str, hint: Any) -> list[_Column]:
    base = _optional(hint)
    if isinstance(base, type) and attrs.has(base):
        hints = typing.get_type_hints(base)
        out: list[_Column] = []
        for sub in attrs.fields(base):
            for column, get, whole in _field_columns(sub.name, hints[sub.name]):
                out.append((f"{name}_{column}", _getter(name, get), whole))
        return out
    return [(name, _getter(name, _leaf(base)), base is int)]


#: Columns that need the dataset: (column, holder field, getter(dataset, record)).
_Linked = tuple[str, str, Callable[["Dataset", Any], Any]]


def _title(by_id: dict[str, Record], record_id: str | None) -> str | None:
    found = None if record_id is None else by_id.get(record_id)
    return None if found is None else found.title


def _linked_columns(kind: RecordKind) -> list[tuple[str, str, bool]]:
    """(column, after field, whole numbers) of the names that follow each reference."""
    out: list[tuple[str, str, bool]] = []
    for holder, field, target in _integrity.REFERENCES:
        if holder is not kind:
            continue
        if target is RecordKind.CATEGORY:
            out += [(f"{field}_label", field, False), (f"{field}_position", field, True)]
        elif typing.get_origin(typing.get_type_hints(RECORD_TYPES[kind])[field]) is tuple:
            out.append((f"{field.removesuffix('s')}_names", field, False))
        else:
            out.append((f"{field}_name", field, False))
    return out


def _linked_value(
    positions: dict[str, int], by_id: dict[str, Record], record: Record, column: str, field: str
) -> Any:
    value = getattr(record, field)
    if isinstance(value, tuple):
        return [_title(by_id, v) for v in value]
    if column.endswith("_position"):
        return positions[value]  # only an activity's category is positioned
    return _title(by_id, value)


def _category_positions(dataset: Dataset) -> dict[str, int]:
    """Each category's place among its agency's categories (1 for the first), by id.

    Worked out once per table: one pass over the categories, whatever the rows.
    """
    return {
        category.id: position
        for agency in dataset.agencies
        for position, category in enumerate(dataset.categories_of(agency), start=1)
    }


@cache
def _plan(kind: RecordKind) -> tuple[tuple[_Column, ...], tuple[tuple[str, str, bool], ...]]:
    cls = RECORD_TYPES[kind]
    hints = typing.get_type_hints(cls)
    common = [f.name for f in attrs.fields(Record)]
    order = ["id"] + [f.name for f in attrs.fields(cls) if f.name not in common] + common[1:]
    linked = _linked_columns(kind)
    plain: list[_Column] = []
    for name in order:
        plain += _field_columns(name, hints[name])
    return tuple(plain), tuple(linked)


def columns(kind: RecordKind | str) -> tuple[str, ...]:
    """The column names of a kind's flat rows, in order (the same for every row)."""
    return _columns(RecordKind.parse(kind))


@cache
def _columns(kind: RecordKind) -> tuple[str, ...]:
    plain, linked = _plan(kind)
    out: list[str] = []
    for name, _, _ in plain:
        out.append(name)
        out += [column for column, after, _ in linked if after == name]
    return tuple(out)


def _whole_columns(kind: RecordKind) -> tuple[str, ...]:
    plain, linked = _plan(kind)
    return tuple(n for n, _, whole in plain if whole) + tuple(n for n, _, w in linked if w)


def to_records(dataset: Dataset, kind: RecordKind | str) -> list[dict[str, Any]]:
    """One flat dict per record of ``kind``, in document order (see the module notes)."""
    resolved = RecordKind.parse(kind)
    plain, linked = _plan(resolved)
    order = _columns(resolved)
    by_id = {record.id: record for record in dataset} if linked else {}
    positioned = any(column.endswith("_position") for column, _, _ in linked)
    positions = _category_positions(dataset) if positioned else {}
    rows: list[dict[str, Any]] = []
    for record in dataset.collection(resolved):
        cells = {name: get(record) for name, get, _ in plain}
        for column, field, _ in linked:
            cells[column] = _linked_value(positions, by_id, record, column, field)
        rows.append({name: cells[name] for name in order})
    return rows


def to_dataframe(dataset: Dataset, kind: RecordKind | str) -> pandas.DataFrame:
    """The flat rows of ``kind`` as a pandas DataFrame, one row per record.

    Columns are :func:`columns`; whole-number columns have pandas' nullable ``Int64``
    dtype, list columns hold Python lists. Needs the optional pandas extra.
    """
    resolved = RecordKind.parse(kind)
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(f"to_dataframe needs pandas, an optional extra: {PANDAS_EXTRA}") from exc
    frame: pandas.DataFrame = pandas.DataFrame(
        to_records(dataset, resolved), columns=list(columns(resolved))
    )
    whole = _whole_columns(resolved)
    if whole:
        frame = frame.astype(dict.fromkeys(whole, "Int64"))
    return frame
