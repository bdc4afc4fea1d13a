"""The integrity checks of one document, in bulk: a proof that it is clean, else
the exact checks of :mod:`._integrity`.

:func:`._integrity.check` builds an :class:`~._integrity.Entry` per record and
works out each record's keys one by one, which is what it takes to say where a
problem is and in what order problems come. A valid document has none, and that
can be shown with whole-collection set operations and one batch normalisation of
every key (:func:`~._normalize.claims`). :func:`problems` tries that proof
first; wherever it does not go through (a duplicate id, a reference that does not
resolve, a key claimed twice, any warning), the document goes through the exact
checks, so the problems, their order and their paths are the exact checks' own.

The proof only has to be sound: each condition below implies that the matching
exact check yields nothing (a test compares both on generated documents).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, repeat
from operator import attrgetter

from . import _integrity
from ._fields import specs
from ._keys import scopes
from ._normalize import claims as claims_of
from .models import RECORD_TYPES, Link, Record, RecordKind
from .report import Problem

__all__ = ["is_clean", "problems"]

K = RecordKind


def problems(
    collections: Mapping[RecordKind, Sequence[Record]],
    positions: Mapping[RecordKind, Sequence[int]] | None = None,
    *,
    unparsed_ids: frozenset[str] = frozenset(),
    unparsed_kinds: frozenset[RecordKind] = frozenset(),
    complete: bool = True,
) -> list[Problem]:
    """The integrity problems of one document: ``[]`` when :func:`is_clean` proves
    there are none, else exactly what :func:`._integrity.check` reports."""
    if is_clean(collections, complete=complete):
        return []
    return _integrity.check(
        _integrity.entries(collections, positions),
        unparsed_ids=unparsed_ids,
        unparsed_kinds=unparsed_kinds,
        complete=complete,
    )


def is_clean(collections: Mapping[RecordKind, Sequence[Record]], *, complete: bool = True) -> bool:
    """True only if the exact integrity checks find no problem (error or warning)
    in these records; false when that is not shown (then ask the exact checks).

    ``complete`` as for :func:`._integrity.check`: when false, the warnings about
    records nobody refers to are not due, so they are not looked for.
    """
    of = {kind: collections.get(kind, ()) for kind in RecordKind}
    ids = {kind: [r.id for r in of[kind]] for kind in RecordKind}
    id_sets = {kind: set(found) for kind, found in ids.items()}
    everyone = set().union(*id_sets.values())
    if len(everyone) != sum(len(found) for found in ids.values()):
        return False  # a duplicate id (within a kind, or across kinds)
    return (
        _references_resolve(of, id_sets)
        and _agencies_agree(of)
        and _one_per_target(of)
        and _no_own_agency(of)
        and _names_allowed(of)
        and _nothing_lost(of)
        and (not complete or _all_referred_to(of, id_sets))
        and _keys_unambiguous(of)  # the most work: last
    )


def _targets(records: Iterable[Record], field: str) -> set[str]:
    """The ids a reference field holds, over all of ``records`` (as
    :func:`._integrity.targets` reads them, without a tuple per record)."""
    values = [getattr(r, field) for r in records]
    found = set(chain.from_iterable(v for v in values if isinstance(v, tuple)))
    found.update(v for v in values if isinstance(v, str))
    return found


def _references_resolve(
    of: Mapping[RecordKind, Sequence[Record]], id_sets: Mapping[RecordKind, set[str]]
) -> bool:
    """Every reference names a record of the kind it points to (ids are unique)."""
    for holder, field, target_kind in _integrity.REFERENCES:
        if not _targets(of[holder], field) <= id_sets[target_kind]:
            return False
    return True


def _agencies_agree(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    """Each ``same_agency`` reference's target has the holder's agency (references
    resolve, so the exact check compares every one of them)."""
    for holder, field, target_kind in _integrity.SAME_AGENCY:
        agency_of = {r.id: getattr(r, "agency", None) for r in of[target_kind]}
        for record in of[holder]:
            target = getattr(record, field)
            if target is not None and agency_of[target] != getattr(record, "agency", None):
                return False
    return True


def _one_per_target(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    for holder, field, _ in _integrity.ONE_PER_TARGET:
        held = [getattr(r, field) for r in of[holder]]
        if len(set(held)) != len(held):
            return False
    return True


def _no_own_agency(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    """No list of agencies (a partnership's partners) names the record's own."""
    for holder, field, target_kind in _integrity.REFERENCES:
        if target_kind is not K.AGENCY:
            continue
        for record in of[holder]:
            value = getattr(record, field)
            if isinstance(value, tuple) and getattr(record, "agency", None) in value:
                return False
    return True


def _names_allowed(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    """``external_fields`` and ``open_lists`` name what they may, and ``open_ended``
    agrees with ``open_lists`` (the conditions of the exact checks, inverted)."""
    for kind, records in of.items():
        cls = RECORD_TYPES[kind]
        external = frozenset(_integrity.external_candidates(cls))
        lists = frozenset(_integrity.open_list_candidates(cls))
        for record in records:
            if record.external_fields and not external.issuperset(record.external_fields):
                return False
            named = record.open_lists
            ended = getattr(record, "open_ended", None)
            if ended is not None and ended != ("partners" in named) and named:
                return False
            if named and not lists.issuperset(named):
                return False
    return True


def _lost_fields(cls: type) -> tuple[tuple[str, str], ...]:
    return tuple((s.name, s.lost) for s in specs(cls) if s.lost is not None)


def _nothing_lost(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    """No field says another was lost while that one holds a value (records and
    the links of their sources)."""
    on_link = _lost_fields(Link)
    for kind, records in of.items():
        on_record = _lost_fields(RECORD_TYPES[kind])
        for record in records:
            for name, other in on_record:
                if getattr(record, name) and getattr(record, other) is not None:
                    return False
            for link in record.source.links:
                for name, other in on_link:
                    if getattr(link, name) and getattr(link, other) is not None:
                        return False
    return True


def _key_fields(cls: type) -> tuple[list[str], list[str]]:
    """The key fields of a class: those of one text, and the tuples of texts."""
    keys = [s for s in specs(cls) if s.key]
    return [s.name for s in keys if s.shape.kind != "tuple"], [
        s.name for s in keys if s.shape.kind == "tuple"
    ]


def _keys_unambiguous(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    """Every key has a letter or digit, no two records of one scope claim one key,
    and no two agencies do (see :func:`._integrity._ambiguous`).

    Column by column: each key field of each kind is read for all its records at
    once, with the number of the record that holds each text.
    """
    records = [r for kind in RecordKind for r in of[kind]]
    texts: list[str] = []
    owners: list[int] = []
    agency_keys = slice(0, 0)
    start = 0
    for kind in RecordKind:
        found = of[kind]
        numbers = range(start, start + len(found))
        start += len(found)
        first_key = len(texts)
        singles, several = _key_fields(RECORD_TYPES[kind])
        for name in singles:
            column = list(map(attrgetter(name), found))
            if None in column:  # an optional key left empty
                held = [n for n, v in zip(numbers, column, strict=True) if v is not None]
                owners.extend(held)
                texts.extend(v for v in column if v is not None)
            else:
                owners.extend(numbers)
                texts.extend(column)
        for name in several:
            lists = list(map(attrgetter(name), found))
            if any(lists):
                owners.extend(chain.from_iterable(map(repeat, numbers, map(len, lists))))
                texts.extend(chain.from_iterable(lists))
        owners.extend(numbers)
        texts.extend(map(attrgetter("id"), found))
        if kind is K.AGENCY:
            agency_keys = slice(first_key, len(texts))
    claims = claims_of(texts)
    if not all(claims):
        return False  # a key no lookup can find
    del texts
    in_scope = list(map(scopes(records).__getitem__, owners))
    del records
    # Agencies also share one scope, of all agencies.
    among = [""] * (agency_keys.stop - agency_keys.start)
    return _one_owner(in_scope, claims, owners) and _one_owner(
        among, claims[agency_keys], owners[agency_keys]
    )


def _one_owner(scope: list[str], claims: list[str], owners: list[int]) -> bool:
    """True only if no two records (``owners``) make one claim in one scope; false
    also when two claims merely share a hash (then the exact checks decide).

    One map from the hash of each (scope, claim) to the last record that makes it;
    every claim's record must be that one. A record may make one claim twice (its
    id and its code). Only integers are kept, no text and no tuple, so that a large
    document costs little memory and nothing for the garbage collector to walk.
    """
    last = dict(zip(map(hash, zip(scope, claims, strict=True)), owners, strict=True))
    hashes = map(hash, zip(scope, claims, strict=True))
    return all(map(operator.eq, map(last.__getitem__, hashes), owners))


def _all_referred_to(
    of: Mapping[RecordKind, Sequence[Record]], id_sets: Mapping[RecordKind, set[str]]
) -> bool:
    """Every category holds an activity and every agency is referred to."""
    for kind in (K.CATEGORY, K.AGENCY):
        referred: set[str] = set()
        for holder, field, target_kind in _integrity.REFERENCES:
            if target_kind is kind:
                referred |= _targets(of[holder], field)
        if not id_sets[kind] <= referred:
            return False
    return True
