"""The keys a record claims, where they are claimed, and the text search reads: one
definition each, derived from the field declarations (``key=True``). :func:`keys_of`
answers "what does this record answer to?"; :func:`scopes`, "among which records must
a key be unambiguous?": the records of one agency.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import attrgetter

import attrs

from ._fields import specs
from ._normalize import normalize
from .models import Activity, ActivityCategory, Agency, Record

__all__ = ["UNPLACED", "Key", "key_fields", "keys_of", "scopes", "texts_of"]


@attrs.frozen
class Key:
    """One key of a record: its path in the record (``("aliases", 0)``), the text as
    written, its normalised form and its claim (see :func:`~._normalize.claim`)."""

    path: tuple[str | int, ...]
    text: str
    normal: str
    claim: str


def key_fields(cls: type[Record]) -> tuple[tuple[str, bool], ...]:
    """The fields a record of ``cls`` answers to, each with whether it holds a tuple
    of keys, in the order of :func:`keys_of`: the single-text ones in declaration
    order (name, code, acronym, heading, ...), the tuples (aliases), then the id."""
    keys = [(s.name, s.shape.kind == "tuple") for s in specs(cls) if s.key]
    return (*(k for k in keys if not k[1]), *(k for k in keys if k[1]), ("id", False))


def _key(path: tuple[str | int, ...], text: str) -> Key:
    normal = normalize(text)
    return Key(path, text, normal, normal.replace(" ", ""))


def keys_of(record: Record) -> tuple[Key, ...]:
    """Every key a record answers to, in the order of :func:`key_fields`."""
    out: list[Key] = []
    for field, many in key_fields(type(record)):
        value = getattr(record, field)
        if many:
            out.extend(_key((field, i), text) for i, text in enumerate(value))
        elif value is not None:
            out.append(_key((field,), value))
    return tuple(out)


def key_texts(record: Record) -> Iterator[str]:
    """The texts of :func:`keys_of`, as written."""
    return (key.text for key in keys_of(record))


def texts_of(record: Record) -> Iterator[str]:
    """The free text of a record that search reads by whole words besides its keys:
    every text field that is not a key, a reference or housekeeping."""
    for spec in specs(type(record)):
        if spec.key or spec.refers_to is not None or spec.housekeeping:
            continue
        value = getattr(record, spec.name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, str))


#: The start of the scope of an activity whose category is not among the records,
#: followed by the category id it names. Not a slug, so never an agency's id.
UNPLACED = "category:"


def scopes(records: Sequence[Record]) -> list[str]:
    """The scope of each record (keys must be unambiguous within one): the id of the
    agency whose records it is among. An agency is its own scope, an activity is in
    its category's agency's, any other record in its ``agency``'s. A broken path (a
    broken reference, reported as such) is scoped by the id it names: the ``agency``
    as written, or :data:`UNPLACED` and the id of an activity's missing category.
    """
    # Run by run of one class (records come kind by kind), each run read as a column.
    runs = [(cls, list(run)) for cls, run in groupby(records, type)]
    categories = [r for cls, run in runs if issubclass(cls, ActivityCategory) for r in run]
    # Reversed, so that the first of two categories with one id is the one kept.
    of_category = {c.id: attrgetter("agency")(c) for c in reversed(categories)}
    out: list[str] = []
    for cls, run in runs:
        if issubclass(cls, Agency):
            out.extend(record.id for record in run)
        elif issubclass(cls, Activity):
            agency_of = of_category.get
            out.extend(
                agency_of(category) or UNPLACED + category
                for category in map(attrgetter("category"), run)
            )
        else:  # every other kind has an agency
            out.extend(map(attrgetter("agency"), run))
    return out
