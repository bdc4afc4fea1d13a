"""Checks across records: unique ids, references that resolve, unambiguous names.

Also: references that agree on the agency, one membership per agency, fields named
by ``external_fields`` that exist, and lookup keys that a lookup can find.

These run on every dataset, bundled or not, and return problems with JSON paths
(``activities[3].category``); they never raise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import attrs

from ._lookup import Index, normalize
from .models import Record, RecordKind
from .report import Problem, ProblemKind, Severity, format_path

K = RecordKind

#: Every cross reference: (kind holding it, field, kind it points to).
REFERENCES: tuple[tuple[RecordKind, str, RecordKind], ...] = (
    (K.SECTOR, "agency", K.AGENCY),
    (K.PROGRAMME, "agency", K.AGENCY),
    (K.INITIATIVE, "agency", K.AGENCY),
    (K.INITIATIVE, "programme", K.PROGRAMME),
    (K.PARTNERSHIP, "agency", K.AGENCY),
    (K.PARTNERSHIP, "partners", K.AGENCY),
    (K.MEMBERSHIP, "agency", K.AGENCY),
    (K.EVENT, "agency", K.AGENCY),
    (K.EVENT, "sector", K.SECTOR),
    (K.EVENT, "partnership", K.PARTNERSHIP),
    (K.CATEGORY, "agency", K.AGENCY),
    (K.ACTIVITY, "category", K.CATEGORY),
)

#: References whose target must belong to the same agency as the record holding
#: them: (kind holding it, field, kind it points to).
SAME_AGENCY: tuple[tuple[RecordKind, str, RecordKind], ...] = (
    (K.INITIATIVE, "programme", K.PROGRAMME),
    (K.EVENT, "sector", K.SECTOR),
    (K.EVENT, "partnership", K.PARTNERSHIP),
)

#: Fields that ``external_fields`` may not name: they are not facts about the subject.
NOT_EXTERNAL = frozenset(("id", "external_fields", "source"))

Collections = Mapping[RecordKind, Sequence[Record]]
Located = tuple[RecordKind, int, Record]


#: For each kind, the document index of each record, where records failed to load
#: and the two differ (``collections[kind][i]`` is ``kind[positions[kind][i]]``).
Positions = Mapping[RecordKind, Sequence[int]]


def indexed(
    collections: Collections, kind: RecordKind, positions: Positions | None = None
) -> Iterator[tuple[int, Record]]:
    """The records of one kind, each with its index in the document."""
    records = collections.get(kind, ())
    where = positions.get(kind) if positions else None
    return iter(enumerate(records)) if where is None else zip(where, records, strict=True)


def located(collections: Collections, positions: Positions | None = None) -> Iterator[Located]:
    """Every record with its kind and position in the document, in document order."""
    for kind in RecordKind:
        for index, record in indexed(collections, kind, positions):
            yield kind, index, record


def path_of(kind: RecordKind, index: int, *rest: str | int) -> str:
    """The JSON path of a record, or of a field inside it."""
    return format_path((kind.collection, index, *rest))


def targets(record: Record, field: str) -> tuple[str, ...]:
    """The ids a reference field holds (none, one, or a tuple of them)."""
    value = getattr(record, field)
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def lookup_keys(record: Record) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """``(field path, text)`` of every key a record answers to, names before the id.

    The field path is a tuple of segments inside the record: ``("aliases", 0)``.
    """
    for name in record.key_fields:
        value = getattr(record, name)
        if value is not None:
            yield (name,), value
    for position, alias in enumerate(record.aliases):
        yield ("aliases", position), alias
    yield ("id",), record.id


def check(
    collections: Collections,
    unparsed_ids: frozenset[str] = frozenset(),
    *,
    complete: bool = True,
    unparsed_kinds: frozenset[RecordKind] = frozenset(),
    known: Mapping[str, RecordKind] | None = None,
    positions: Positions | None = None,
) -> list[Problem]:
    """Every integrity problem of a set of records.

    ``unparsed_ids`` are ids of records that failed to load: references to them
    are not reported again as unresolved. ``unparsed_kinds`` are kinds whose
    collection (or a record without a readable id) failed to load: an unresolved
    reference to such a kind is not reported either, since the target may be the
    record that failed. When some records failed to load (``complete`` false), the
    warnings about unreferenced records are left out: the missing records may be
    the ones that refer to them. ``known`` maps ids defined outside these records
    (by datasets being merged with them) to their kinds; references may point there.
    ``positions`` gives the document index of each record when some records failed
    to load, so that every path points into the document as written.
    """
    problems: list[Problem] = []
    owner: dict[str, Located] = {}
    for kind, index, record in located(collections, positions):
        first = owner.setdefault(record.id, (kind, index, record))
        if first[2] is not record:
            problems.append(
                Problem(
                    path=path_of(kind, index, "id"),
                    message=f"id {record.id!r} is already used by {path_of(*first[:2])}",
                    kind=ProblemKind.DUPLICATE_ID,
                    hint="every record needs an id of its own",
                )
            )
    problems.extend(
        _references(collections, owner, unparsed_ids, unparsed_kinds, known or {}, positions)
    )
    problems.extend(_agencies_agree(collections, owner, known or {}, positions))
    problems.extend(_memberships(collections, positions))
    problems.extend(_own_partners(collections, positions))
    problems.extend(_external_fields(collections, positions))
    problems.extend(_ambiguous(collections, positions))
    if complete:
        problems.extend(_odd(collections, positions))
    return problems


def noun(kind: RecordKind) -> str:
    """A kind's singular name with its article: "an agency", "a sector"."""
    name = kind.name.lower()
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


#: The least search score for a "did you mean" hint on a broken reference.
_HINT_SCORE = 0.5
#: Broken references past this many in one document get no "did you mean" hint:
#: each hint is a search, so a document with thousands of them would otherwise
#: take time growing faster than the number of problems.
_HINTS = 1000
#: The most trigram postings one hint reads (rarest grams first): the work per
#: hint stays the same however many ids the document has.
_HINT_POSTINGS = 4096


def _references(
    collections: Collections,
    owner: dict[str, Located],
    unparsed: frozenset[str],
    unparsed_kinds: frozenset[RecordKind],
    known: Mapping[str, RecordKind],
    positions: Positions | None,
) -> Iterator[Problem]:
    # One trigram index of ids per kind, built on the first broken reference to it:
    # each hint then costs a few postings, however many ids and problems there are.
    candidates: dict[RecordKind, Index[str]] = {}
    hints_left = _HINTS
    for holder, field, target_kind in REFERENCES:
        for index, record in indexed(collections, holder, positions):
            many = isinstance(getattr(record, field), tuple)
            for position, target in enumerate(targets(record, field)):
                found = owner.get(target)
                found_kind = found[0] if found is not None else known.get(target)
                if found_kind is target_kind:
                    continue
                if found_kind is None and (target in unparsed or target_kind in unparsed_kinds):
                    continue
                path = path_of(holder, index, field, *((position,) if many else ()))
                hint = None
                if found_kind is None:
                    message = f"no {target_kind.name.lower()} has id {target!r}"
                    ids = candidates.get(target_kind)
                    if ids is None:
                        names = [r.id for r in collections.get(target_kind, ())]
                        names += [i for i, k in known.items() if k is target_kind]
                        ids = candidates[target_kind] = Index(names, _itself, _nothing)
                    close = ids.search(target, 1, postings=_HINT_POSTINGS) if hints_left > 0 else []
                    hints_left -= 1
                    if close and close[0].score >= _HINT_SCORE:
                        hint = f"did you mean {close[0].record!r}?"
                else:
                    message = f"{target!r} is {noun(found_kind)}, not {noun(target_kind)}"
                yield Problem(path=path, message=message, kind=ProblemKind.REFERENCE, hint=hint)


def _agencies_agree(
    collections: Collections,
    owner: dict[str, Located],
    known: Mapping[str, RecordKind],
    positions: Positions | None,
) -> Iterator[Problem]:
    """A programme, sector or partnership referred to belongs to the referrer's agency.

    Only references that resolve, between agencies that exist, are compared: a
    broken one is reported as such already.
    """

    def is_agency(target: str) -> bool:
        found = owner.get(target)
        return (found[0] if found is not None else known.get(target)) is K.AGENCY

    for holder, field, target_kind in SAME_AGENCY:
        for index, record in indexed(collections, holder, positions):
            target = getattr(record, field)
            found = owner.get(target) if target is not None else None
            if found is None or found[0] is not target_kind:
                continue
            mine: str = record.agency  # type: ignore[attr-defined]
            theirs: str = found[2].agency  # type: ignore[attr-defined]
            if mine == theirs or not (is_agency(mine) and is_agency(theirs)):
                continue
            yield Problem(
                path=path_of(holder, index, field),
                message=(
                    f"{field} {target!r} belongs to agency {theirs!r}, but this "
                    f"{holder.name.lower()} belongs to agency {mine!r}"
                ),
                kind=ProblemKind.REFERENCE,
                hint=f"make the two agree, or refer to a {field} of agency {mine!r}",
            )


def _memberships(collections: Collections, positions: Positions | None) -> Iterator[Problem]:
    """One membership per agency: its counts all belong in that one record."""
    first: dict[str, int] = {}
    for index, membership in indexed(collections, K.MEMBERSHIP, positions):
        agency: str = membership.agency  # type: ignore[attr-defined]
        earlier = first.setdefault(agency, index)
        if earlier != index:
            yield Problem(
                path=path_of(K.MEMBERSHIP, index, "agency"),
                message=(
                    f"agency {agency!r} already has a membership, "
                    f"{path_of(K.MEMBERSHIP, earlier)}; an agency has one membership"
                ),
                kind=ProblemKind.VALUE,
                hint="move these counts and member kinds into the first membership",
            )


def _own_partners(collections: Collections, positions: Positions | None) -> Iterator[Problem]:
    """A warning for a partnership that lists its own agency among its partners."""
    for index, partnership in indexed(collections, K.PARTNERSHIP, positions):
        agency: str = partnership.agency  # type: ignore[attr-defined]
        partners: tuple[str, ...] = partnership.partners  # type: ignore[attr-defined]
        for position, partner in enumerate(partners):
            if partner == agency:
                yield Problem(
                    path=path_of(K.PARTNERSHIP, index, "partners", position),
                    message=(
                        f"{partner!r} is this partnership's own agency; "
                        "its partners are the others it works with"
                    ),
                    kind=ProblemKind.SELF_REFERENCE,
                    severity=Severity.WARNING,
                    hint="remove it from partners",
                )


_EXTERNAL: dict[type, tuple[str, ...]] = {}


def external_candidates(cls: type[Record]) -> tuple[str, ...]:
    """The fields of a record class that ``external_fields`` may name."""
    found = _EXTERNAL.get(cls)
    if found is None:
        names = (f.name for f in attrs.fields(cls))
        found = _EXTERNAL[cls] = tuple(n for n in names if n not in NOT_EXTERNAL)
    return found


def _external_fields(collections: Collections, positions: Positions | None) -> Iterator[Problem]:
    """Each name in ``external_fields`` is a field of the record's own class."""
    for kind, index, record in located(collections, positions):
        if not record.external_fields:
            continue
        allowed = external_candidates(type(record))
        for position, name in enumerate(record.external_fields):
            if name not in allowed:
                yield Problem(
                    path=path_of(kind, index, "external_fields", position),
                    message=f"{name!r} is not a field that {noun(kind)} can take from elsewhere",
                    kind=ProblemKind.VALUE,
                    hint="name one of: " + ", ".join(allowed),
                )


def _itself(text: str) -> tuple[str]:
    return (text,)


def _nothing(_: str) -> tuple[str, ...]:
    return ()


def _ambiguous(collections: Collections, positions: Positions | None) -> Iterator[Problem]:
    # One entry per key, holding the record's one Located tuple: the text it came
    # from is looked up again only for a clash (rare), which keeps large documents small.
    # Keys are compared without their spaces, as lookups also match ("itud" finds
    # "ITU-D"): two records whose keys differ only in spacing would be ambiguous.
    claimed: dict[str, Located] = {}
    # For a record met in a clash, its keys to their texts, found once: a record
    # sharing many keys with another costs one pass over the other's keys, not one each.
    texts_of: dict[int, dict[str, str]] = {}
    for place in located(collections, positions):
        kind, index, record = place
        for field, text in lookup_keys(record):
            key = normalize(text)
            if not key:
                yield Problem(
                    path=path_of(kind, index, *field),
                    message=f"{text!r} has no letter or digit, so no lookup can find it",
                    kind=ProblemKind.VALUE,
                    hint="write it with letters or digits; punctuation and symbols are ignored",
                )
                continue
            key = key.replace(" ", "")
            other = claimed.setdefault(key, place)
            if other[2] is record or other[2].id == record.id:
                continue
            texts = texts_of.get(id(other[2]))
            if texts is None:
                texts = texts_of[id(other[2])] = {}
                for _, t in lookup_keys(other[2]):
                    texts.setdefault(normalize(t).replace(" ", ""), t)
            theirs = texts[key]
            yield Problem(
                path=path_of(kind, index, *field),
                message=(
                    f"{text!r} also names {path_of(other[0], other[1])} ({theirs!r}); "
                    "a lookup could not tell the two apart"
                ),
                kind=ProblemKind.AMBIGUOUS,
                hint="give one of the records another name or alias",
            )


def _odd(collections: Collections, positions: Positions | None) -> Iterator[Problem]:
    used_categories = {a.category for a in collections.get(K.ACTIVITY, ())}  # type: ignore[attr-defined]
    for index, category in indexed(collections, K.CATEGORY, positions):
        if category.id not in used_categories:
            yield Problem(
                path=path_of(K.CATEGORY, index),
                message=f"category {category.id!r} holds no activity",
                kind=ProblemKind.EMPTY_CATEGORY,
                severity=Severity.WARNING,
            )
    referenced = {
        target
        for holder, field, target_kind in REFERENCES
        if target_kind is K.AGENCY
        for record in collections.get(holder, ())
        for target in targets(record, field)
    }
    for index, agency in indexed(collections, K.AGENCY, positions):
        if agency.id not in referenced:
            yield Problem(
                path=path_of(K.AGENCY, index),
                message=f"agency {agency.id!r} is not referred to by any record",
                kind=ProblemKind.UNREFERENCED,
                severity=Severity.WARNING,
                hint="list it as a partner, or give it a sector, programme or membership",
            )
