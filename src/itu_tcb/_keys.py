"""The keys a record claims, where they are claimed, and the text search reads:
one definition each.

:func:`keys_of` is the one answer to "what does this record answer to?": used by
the integrity checks (ambiguous and clashing keys), the lookup index and merging.
Both are derived from the field declarations (``key=True``), not listed by hand.
:func:`scopes` is the one answer to "among which records must a key be
unambiguous?": the records of one agency (see its docstring).
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
    """One key of a record: the field path inside the record (``("aliases", 0)``),
    the text as written, its normalised form and what it claims (normalised, without
    spaces: lookups match keys both ways, so a claim belongs to one record)."""

    path: tuple[str | int, ...]
    text: str
    normal: str
    claim: str


def _key(path: tuple[str | int, ...], text: str) -> Key:
    normal = normalize(text)
    return Key(path, text, normal, normal.replace(" ", ""))


def key_fields(cls: type[Record]) -> list[tuple[str, bool]]:
    """The fields a record of ``cls`` answers to, each with whether it holds a tuple
    of keys, in the order of :func:`keys_of`: the single-text ones in declaration
    order, the tuples (aliases), then the id."""
    keys = [s for s in specs(cls) if s.key]
    singles = [(s.name, False) for s in keys if s.shape.kind != "tuple"]
    return [*singles, *((s.name, True) for s in keys if s.shape.kind == "tuple"), ("id", False)]


def keys_of(record: Record) -> tuple[Key, ...]:
    """Every key a record answers to: its single-text key fields in declaration
    order (name, code, acronym, heading, ...), then its aliases, then its id."""
    out: list[Key] = []
    several: list[Key] = []
    for spec in specs(type(record)):
        if not spec.key:
            continue
        value = getattr(record, spec.name)
        if isinstance(value, str):
            out.append(_key((spec.name,), value))
        elif isinstance(value, tuple):
            several.extend(_key((spec.name, i), text) for i, text in enumerate(value))
    out.extend(several)
    out.append(_key(("id",), record.id))
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


#: The start of the scope of an activity whose category is not among the records
#: (a broken reference, reported on its own): followed by the category id it names.
#: Not a slug, so never an agency's id.
UNPLACED = "category:"


def scopes(records: Sequence[Record]) -> list[str]:
    """The scope of each record: the id of the agency whose records it is among.

    Keys (names, codes, acronyms, aliases) must be unambiguous within one scope;
    records of different scopes may share them. An agency is its own scope; a
    sector, programme, initiative, partnership, membership, event or category is
    in the scope of the agency its ``agency`` field names; an activity in the scope
    of its category's agency. Every record of a valid dataset has such a path; a
    record whose path is broken (reported as a broken reference) is scoped by the
    id it names: its ``agency`` as written, or, for an activity whose category is
    missing, :data:`UNPLACED` and that category's id, together with the other
    activities of that category. Agencies also share one scope with each other:
    see :mod:`._integrity`.
    """
    # Run by run of one class (a document's records come kind by kind), so that
    # each run is read as a column, not record by record.
    runs = [(cls, list(run)) for cls, run in groupby(records, type)]
    of_category: dict[str, str] = {}
    for cls, run in runs:
        if issubclass(cls, ActivityCategory):
            for category in run:
                of_category.setdefault(category.id, attrgetter("agency")(category))
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
