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

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain, compress, repeat
from operator import add, and_, attrgetter, eq, or_, sub, truth
from typing import NamedTuple

from . import _integrity
from ._fields import specs
from ._keys import scopes
from ._normalize import claims as claims_of
from .models import RECORD_TYPES, Link, Record, RecordKind
from .report import Problem

__all__ = ["Claims", "is_clean", "key_claims", "problems"]

K = RecordKind
REFERENCES = _integrity.REFERENCES
#: Whether each reference field holds a tuple of ids (else one id, or none).
_MANY = {
    (holder, field): next(s for s in specs(RECORD_TYPES[holder]) if s.name == field).shape.kind
    == "tuple"
    for holder, field, _ in REFERENCES
}


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
    ids = {kind: list(map(attrgetter("id"), of[kind])) for kind in RecordKind}
    id_sets = {kind: set(found) for kind, found in ids.items()}
    everyone = set().union(*id_sets.values())
    if len(everyone) != sum(len(found) for found in ids.values()):
        return False  # a duplicate id (within a kind, or across kinds)
    targets = {
        (holder, field): _targets(holder, of[holder], field) for holder, field, _ in REFERENCES
    }
    return (
        _references_resolve(targets, id_sets)
        and _agencies_agree(of)
        and _one_per_target(of)
        and _no_own_agency(of)
        and _names_allowed(of)
        and _nothing_lost(of)
        and (not complete or _all_referred_to(targets, id_sets))
        and _keys_unambiguous(of)  # the most work: last
    )


def _targets(kind: RecordKind, records: Sequence[Record], field: str) -> set[str]:
    """The ids a reference field of ``kind`` holds, over all of ``records`` (as
    :func:`._integrity.targets` reads them, without a tuple per record)."""
    values = list(map(attrgetter(field), records))
    if _MANY[kind, field]:
        return set(chain.from_iterable(filter(None, values)))  # None: an optional one
    found = set(values)
    found.discard(None)  # an optional reference left empty
    return found


def _references_resolve(
    targets: Mapping[tuple[RecordKind, str], set[str]], id_sets: Mapping[RecordKind, set[str]]
) -> bool:
    """Every reference names a record of the kind it points to (ids are unique)."""
    return all(targets[holder, field] <= id_sets[kind] for holder, field, kind in REFERENCES)


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
    for holder, field, target_kind in REFERENCES:
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


def _key_fields(cls: type) -> tuple[list[tuple[str, bool]], list[str]]:
    """The key fields of a class: those of one text (each with whether it is
    optional), and the tuples of texts."""
    keys = [s for s in specs(cls) if s.key]
    return [(s.name, s.shape.optional) for s in keys if s.shape.kind != "tuple"], [
        s.name for s in keys if s.shape.kind == "tuple"
    ]


def _keys_unambiguous(of: Mapping[RecordKind, Sequence[Record]]) -> bool:
    """Every key has a letter or digit, no two records of one scope claim one key,
    and no two agencies do (see :func:`._integrity._ambiguous`).

    First the cheap proof that no claim is made by two records at all
    (:func:`_unshared`); only a document where records share a claim (two
    agencies' records may) pays for the proof per scope (:func:`_one_owner`).
    """
    keys = key_claims(of)
    claims, owners = keys.claims, keys.owners
    if claims.count("") != keys.empty:
        return False  # a key no lookup can find
    if _unshared(keys):
        return True
    records = [r for kind in RecordKind for r in of[kind]]
    in_scope = list(map(scopes(records).__getitem__, owners))
    del records
    # Agencies also share one scope, of all agencies.
    agency = keys.agency
    among = [""] * (agency.stop - agency.start)
    return _one_owner(in_scope, claims, owners) and _one_owner(
        among, claims[agency], owners[agency]
    )


class _Columns(NamedTuple):
    """Where the keys of one kind's records are among all claims."""

    #: The number of the kind's first record among all records.
    first: int
    #: Each single-text key field (the id last): a column of one claim per record.
    singles: list[slice]
    #: Each tuple of keys (aliases) that some record fills: its claims in turn.
    tuples: list[slice]


class Claims(NamedTuple):
    """The claims of every key of some records (:func:`key_claims`)."""

    #: The claim of each key, field by field (column by column), kind by kind; ``""``
    #: for each optional key left empty.
    claims: list[str]
    #: The number of the record that makes each claim (records numbered kind by kind).
    owners: list[int]
    #: How many of the claims are those of keys left empty.
    empty: int
    #: For each kind, where its records' claims are.
    kinds: list[_Columns]
    #: Where the claims of the agencies are.
    agency: slice


def key_claims(of: Mapping[RecordKind, Sequence[Record]]) -> Claims:
    """The claims of the keys of ``of``, read column by column (each key field of a
    kind for all its records at once) and worked out in one batch."""
    texts: list[str] = []
    owners: list[int] = []
    empty = 0  # optional keys left empty: each claims ""
    kinds: list[_Columns] = []
    agency = slice(0, 0)
    start = 0
    for kind in RecordKind:
        found = of[kind]
        numbers = range(start, start + len(found))
        first_key = len(texts)
        singles, several = _key_fields(RECORD_TYPES[kind])
        columns = _Columns(start, [], [])
        for name, optional in [*singles, ("id", False)]:
            columns.singles.append(slice(len(texts), len(texts) + len(found)))
            owners.extend(numbers)
            column = list(map(attrgetter(name), found))
            if optional and None in column:
                empty += column.count(None)
                column = ["" if text is None else text for text in column]
            texts.extend(column)
        for name in several:
            lists = list(map(attrgetter(name), found))
            if any(lists):
                held = len(texts)
                owners.extend(chain.from_iterable(map(repeat, numbers, map(len, lists))))
                texts.extend(chain.from_iterable(lists))
                columns.tuples.append(slice(held, len(texts)))
        kinds.append(columns)
        start += len(found)
        if kind is K.AGENCY:
            agency = slice(first_key, len(texts))
    return Claims(claims_of(texts), owners, empty, kinds, agency)


def _unshared(keys: Claims) -> bool:
    """True only if no claim (but ``""``, that of each of the ``empty`` keys left
    empty) is made by two records; false also when that is not shown.

    Of the real claims (``len(claims) - empty``), ``distinct`` differ. Each claim
    that repeats a claim of its own record is counted (``repeats``), column by
    column: a single-text key (the columns read side by side) when an earlier
    column of its record makes it (an agency's id claiming what its acronym does,
    say), an item of a tuple of keys (aliases) when a single-text key of its record
    does. Each counted claim repeats one of its own record, so
    ``real - distinct >= repeats``, with equality only if no claim is made by two
    records. (Two items of one record's tuples that make one claim are not counted:
    such a record takes the proof per scope.) Every real claim must not be empty
    (:func:`_keys_unambiguous` checks that first).
    """
    claims, owners, empty = keys.claims, keys.owners, keys.empty
    distinct = len(set(claims)) - (1 if empty else 0)
    repeats = 0
    for first, singles, tuples in keys.kinds:
        for j, later in enumerate(singles[1:], 1):
            column = claims[later]
            earlier = [claims[other] for other in singles[:j]]
            repeats += sum(map(and_, _any_equal(column, earlier), map(truth, column)))
        for span in tuples:
            # Each item's record's single-text keys, in item order.
            rows = list(map(sub, owners[span], repeat(first)))
            beside = [
                list(map(claims.__getitem__, map(add, rows, repeat(c.start)))) for c in singles
            ]
            repeats += sum(_any_equal(claims[span], beside))
    return len(claims) - empty - distinct == repeats


def _any_equal(column: list[str], others: list[list[str]]) -> Iterator[bool]:
    """For each item of ``column``, whether the item beside it in any of ``others``
    is equal to it."""
    found: Iterator[bool] = iter(())
    for number, other in enumerate(others):
        same = map(eq, column, other)
        found = same if number == 0 else map(or_, found, same)
    return found


def _one_owner(scope: list[str], claims: list[str], owners: list[int]) -> bool:
    """True only if no two records (``owners``) make one claim in one scope (the
    claim ``""`` of a key left empty aside); false also when two claims merely
    share a hash (then the exact checks decide).

    One map from the hash of each (scope, claim) to the last record that makes it;
    every claim's record must be that one. A record may make one claim twice (its
    id and its code). Only integers are kept, no text and no tuple, so that a large
    document costs little memory and nothing for the garbage collector to walk.
    """
    if "" in claims:
        kept = list(map(truth, claims))
        scope = list(compress(scope, kept))
        claims = list(compress(claims, kept))
        owners = list(compress(owners, kept))
    last = dict(zip(map(hash, zip(scope, claims, strict=True)), owners, strict=True))
    hashes = map(hash, zip(scope, claims, strict=True))
    return all(map(eq, map(last.__getitem__, hashes), owners))


def _all_referred_to(
    targets: Mapping[tuple[RecordKind, str], set[str]], id_sets: Mapping[RecordKind, set[str]]
) -> bool:
    """Every category holds an activity and every agency is referred to."""
    for kind in (K.CATEGORY, K.AGENCY):
        referred: set[str] = set()
        for holder, field, target_kind in REFERENCES:
            if target_kind is kind:
                referred |= targets[holder, field]
        if not id_sets[kind] <= referred:
            return False
    return True
