"""Checks across records: unique ids, references that resolve, unambiguous names.

These run on every dataset, bundled or not, and return problems with JSON paths
(``activities[3].category``); they never raise.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence

from ._lookup import normalize
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

Collections = Mapping[RecordKind, Sequence[Record]]
Located = tuple[RecordKind, int, Record]


def located(collections: Collections) -> Iterator[Located]:
    """Every record with its kind and position, in document order."""
    for kind in RecordKind:
        for index, record in enumerate(collections.get(kind, ())):
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


def lookup_keys(record: Record) -> Iterator[tuple[str, str]]:
    """``(field path, text)`` of every key a record answers to, names before the id."""
    for name in record.key_fields:
        value = getattr(record, name)
        if value is not None:
            yield name, value
    for position, alias in enumerate(record.aliases):
        yield f"aliases[{position}]", alias
    yield "id", record.id


def check(collections: Collections, unparsed_ids: frozenset[str] = frozenset()) -> list[Problem]:
    """Every integrity problem of a set of records.

    ``unparsed_ids`` are ids of records that failed to load: references to them
    are not reported again as unresolved.
    """
    problems: list[Problem] = []
    owner: dict[str, Located] = {}
    for kind, index, record in located(collections):
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
    problems.extend(_references(collections, owner, unparsed_ids))
    problems.extend(_ambiguous(collections))
    problems.extend(_odd(collections))
    return problems


def _references(
    collections: Collections, owner: dict[str, Located], unparsed: frozenset[str]
) -> Iterator[Problem]:
    for holder, field, target_kind in REFERENCES:
        noun = target_kind.name.lower()
        for index, record in enumerate(collections.get(holder, ())):
            many = isinstance(getattr(record, field), tuple)
            for position, target in enumerate(targets(record, field)):
                found = owner.get(target)
                if found is not None and found[0] is target_kind:
                    continue
                if found is None and target in unparsed:
                    continue
                path = path_of(holder, index, field, *((position,) if many else ()))
                if found is None:
                    ids = [r.id for r in collections.get(target_kind, ())]
                    close = difflib.get_close_matches(target, ids, n=1)
                    message = f"no {noun} has id {target!r}"
                    hint = f"did you mean {close[0]!r}?" if close else None
                else:
                    message = f"{target!r} is a {found[0].name.lower()}, not a {noun}"
                    hint = None
                yield Problem(path=path, message=message, kind=ProblemKind.REFERENCE, hint=hint)


def _ambiguous(collections: Collections) -> Iterator[Problem]:
    claimed: dict[str, tuple[Located, str]] = {}
    for kind, index, record in located(collections):
        for field, text in lookup_keys(record):
            key = normalize(text)
            if not key:
                continue
            first = claimed.setdefault(key, ((kind, index, record), text))
            other = first[0]
            if other[2] is record or other[2].id == record.id:
                continue
            yield Problem(
                path=path_of(kind, index, field),
                message=(
                    f"{text!r} also names {path_of(other[0], other[1])} ({first[1]!r}); "
                    "a lookup could not tell the two apart"
                ),
                kind=ProblemKind.AMBIGUOUS,
                hint="give one of the records another name or alias",
            )


def _odd(collections: Collections) -> Iterator[Problem]:
    used_categories = {a.category for a in collections.get(K.ACTIVITY, ())}  # type: ignore[attr-defined]
    for index, category in enumerate(collections.get(K.CATEGORY, ())):
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
    for index, agency in enumerate(collections.get(K.AGENCY, ())):
        if agency.id not in referenced:
            yield Problem(
                path=path_of(K.AGENCY, index),
                message=f"agency {agency.id!r} is not referred to by any record",
                kind=ProblemKind.UNREFERENCED,
                severity=Severity.WARNING,
                hint="list it as a partner, or give it a sector, programme or membership",
            )
