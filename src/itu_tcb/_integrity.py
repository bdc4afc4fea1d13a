"""Checks across records: unique ids, references that resolve, keys unambiguous
within their agency (see :func:`_ambiguous`).

Also: references that agree on the agency, one record per target where a field says
so (one membership per agency), fields named by ``external_fields`` and lists named
by ``open_lists`` that exist, and keys that a lookup can find. Every reference and
key comes from the field declarations (:mod:`._fields`), not from a list kept here.

The checks run once per load, validation or merge, over :class:`Entry` values: each
record with its kind, its index in the document it came from, and that document's
number among the parts. A problem's path points into that document, and when there
are several parts (a merge) the problem names its part (``Problem.source``); a
duplicate id, or a key of one agency's records, between two parts is a ``clash``
naming the other part. They never raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs

from ._fields import lost_contradictions, specs
from ._keys import Key, keys_of, scopes
from ._lookup import Index
from .models import RECORD_TYPES, Record, RecordKind
from .report import Problem, ProblemKind, Severity, format_path

__all__ = [
    "REFERENCES",
    "SAME_AGENCY",
    "Entry",
    "check",
    "entries",
    "external_candidates",
    "noun",
    "open_list_candidates",
    "path_of",
    "targets",
]

K = RecordKind


def _declared(flag: str | None = None) -> tuple[tuple[RecordKind, str, RecordKind], ...]:
    """(kind holding it, field, kind it points to) of each declared reference (with
    ``flag`` set, if given), in the order of the kinds and their fields."""
    return tuple(
        (kind, spec.name, RecordKind(spec.refers_to))
        for kind, cls in RECORD_TYPES.items()
        for spec in specs(cls)
        if spec.refers_to is not None and (flag is None or getattr(spec, flag))
    )


#: Every cross reference: (kind holding it, field, kind it points to).
REFERENCES = _declared()
#: References whose target must belong to the holder's agency.
SAME_AGENCY = _declared("same_agency")
#: References that no two records of the holder's kind may share a target of.
ONE_PER_TARGET = _declared("one_per_target")

#: Fields that ``external_fields`` may not name: they are not facts about the subject.
NOT_EXTERNAL = frozenset(("id", "external_fields", "open_lists", "source"))
#: List fields of every record that are not lists of the source's: ``open_lists``
#: may not name them.
_NOT_LISTS = frozenset(("aliases", "external_fields", "open_lists"))


@attrs.frozen
class Entry:
    """A record, where it stands in its document, and which part that document is."""

    kind: RecordKind
    index: int
    record: Record
    part: int = 0


def entries(
    collections: Mapping[RecordKind, Sequence[Record]],
    positions: Mapping[RecordKind, Sequence[int]] | None = None,
    part: int = 0,
) -> list[Entry]:
    """Every record of one document as an :class:`Entry`, in document order.

    ``positions`` gives, for a kind some of whose records failed to load, the
    document index of each record that did (so that paths point into the document
    as written).
    """
    out: list[Entry] = []
    for kind in RecordKind:
        records = collections.get(kind, ())
        where = positions.get(kind) if positions else None
        indexes = range(len(records)) if where is None else where
        out.extend(
            Entry(kind, index, record, part) for index, record in zip(indexes, records, strict=True)
        )
    return out


def path_of(kind: RecordKind, index: int, *rest: str | int) -> str:
    """The JSON path of a record, or of a field inside it."""
    return format_path((kind.collection, index, *rest))


def targets(record: Record, field: str) -> tuple[str, ...]:
    """The ids a reference field holds (none, one, or a tuple of them)."""
    value = getattr(record, field)
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def noun(kind: RecordKind) -> str:
    """A kind's singular name with its article: "an agency", "a sector"."""
    name = kind.name.lower()
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def external_candidates(cls: type[Record]) -> tuple[str, ...]:
    """The fields of a record class that ``external_fields`` may name."""
    return tuple(s.name for s in specs(cls) if s.name not in NOT_EXTERNAL)


def open_list_candidates(cls: type[Record]) -> tuple[str, ...]:
    """The lists that ``open_lists`` may name on a record class: its own tuple
    fields, then the collections of the kinds that refer to it, in kind order."""
    own = [s.name for s in specs(cls) if s.shape.kind == "tuple" and s.name not in _NOT_LISTS]
    pointing = dict.fromkeys(
        holder.collection for holder, _, target in REFERENCES if target is cls.kind
    )
    return (*own, *pointing)


@attrs.frozen
class _Context:
    """What every check needs besides the entries: the parts' labels (for problems
    of a merge) and what failed to load."""

    labels: Sequence[str]
    unparsed_ids: frozenset[str]
    unparsed_kinds: frozenset[RecordKind]

    def problem(self, entry: Entry, *rest: str | int, **fields: object) -> Problem:
        """A problem at ``entry`` (or a field inside it), naming its part in a merge."""
        return Problem(
            path=path_of(entry.kind, entry.index, *rest),
            source=self.label(entry),
            **fields,  # type: ignore[arg-type]
        )

    def label(self, entry: Entry) -> str | None:
        return self.labels[entry.part] if len(self.labels) > 1 else None

    def where(self, entry: Entry, mine: Entry) -> str:
        """``entry``'s path, and its part when that differs from ``mine``'s."""
        path = path_of(entry.kind, entry.index)
        return path if entry.part == mine.part else f"{path} of {self.labels[entry.part]}"


def check(
    found: Sequence[Entry],
    labels: Sequence[str] = ("",),
    *,
    unparsed_ids: frozenset[str] = frozenset(),
    unparsed_kinds: frozenset[RecordKind] = frozenset(),
    complete: bool = True,
) -> list[Problem]:
    """Every integrity problem of a set of records (of one document, or of a merge).

    ``labels`` names each part (a single document needs none). ``unparsed_ids`` are
    ids of records that failed to load (or to take their place in a merge):
    references to them are not reported again.
    ``unparsed_kinds`` are kinds of which a record without a readable id (or the
    whole collection) failed to load: a reference to a missing id of such a kind is
    not reported either, since the target may be that record. When ``complete`` is
    false the warnings about unreferenced records are left out: the missing records
    may be the ones that refer to them.
    """
    context = _Context(labels, unparsed_ids, unparsed_kinds)
    by_kind: dict[RecordKind, list[Entry]] = {kind: [] for kind in RecordKind}
    for entry in found:
        by_kind[entry.kind].append(entry)
    problems: list[Problem] = []
    owner: dict[str, Entry] = {}
    for entry in found:
        first = owner.setdefault(entry.record.id, entry)
        if first is not entry:
            problems.append(_duplicate(context, entry, first))
    problems.extend(_references(context, by_kind, owner))
    problems.extend(_agencies_agree(context, by_kind, owner))
    # A record whose id is already taken is reported once, as such: it is not also
    # compared with the record it would have replaced.
    problems.extend(_one_per_target(context, by_kind, owner))
    problems.extend(_own_agency(context, by_kind))
    problems.extend(_external_fields(context, found))
    problems.extend(_open_lists(context, found))
    problems.extend(_lost(context, found))
    problems.extend(_ambiguous(context, found))
    if complete:
        problems.extend(_odd(context, by_kind))
    return problems


def _duplicate(context: _Context, entry: Entry, first: Entry) -> Problem:
    record_id = entry.record.id
    if entry.part != first.part:
        return context.problem(
            entry,
            "id",
            message=f"id {record_id!r} is already used by {context.where(first, entry)}",
            kind=ProblemKind.CLASH,
            hint=(
                "to let the later record replace the earlier one, pass "
                f"replace=[{record_id!r}] (in Python) or --replace {record_id} "
                "(itu-tcb merge, validate)"
            ),
        )
    return context.problem(
        entry,
        "id",
        message=f"id {record_id!r} is already used by {path_of(first.kind, first.index)}",
        kind=ProblemKind.DUPLICATE_ID,
        hint="every record needs an id of its own",
    )


#: The least search score for a "did you mean" hint on a broken reference.
_HINT_SCORE = 0.5
#: Broken references past this many in one check get no "did you mean" hint: each
#: hint is a search, so a document with thousands of them would take time growing
#: faster than the number of problems.
HINTS = 1000
#: The most trigram postings one hint reads (rarest grams first): the work per
#: hint stays the same however many ids the document has.
_HINT_POSTINGS = 4096


def _references(
    context: _Context, by_kind: Mapping[RecordKind, list[Entry]], owner: Mapping[str, Entry]
) -> Iterator[Problem]:
    # One trigram index of ids per kind, built on the first broken reference to it:
    # each hint then costs a few postings, however many ids and problems there are.
    candidates: dict[RecordKind, Index[str]] = {}
    hints_left = HINTS
    for holder, field, target_kind in REFERENCES:
        for entry in by_kind[holder]:
            many = isinstance(getattr(entry.record, field), tuple)
            for position, target in enumerate(targets(entry.record, field)):
                found = owner.get(target)
                if found is not None and found.kind is target_kind:
                    continue
                if target in context.unparsed_ids or (
                    found is None and target_kind in context.unparsed_kinds
                ):
                    continue
                hint = None
                if found is None:
                    message = f"no {target_kind.name.lower()} has id {target!r}"
                    ids = candidates.get(target_kind)
                    if ids is None:
                        names = [e.record.id for e in by_kind[target_kind]]
                        ids = candidates[target_kind] = Index(names, _itself, _nothing)
                    keep = _hint_pool(entry, holder, field, target_kind, by_kind)
                    close = (
                        ids.search(target, 1, postings=_HINT_POSTINGS, keep=keep)
                        if hints_left > 0
                        else []
                    )
                    hints_left -= 1
                    if close and close[0].score >= _HINT_SCORE:
                        hint = f"did you mean {close[0].record!r}?"
                else:
                    message = f"{target!r} is {noun(found.kind)}, not {noun(target_kind)}"
                rest = (field, position) if many else (field,)
                yield context.problem(
                    entry, *rest, message=message, kind=ProblemKind.REFERENCE, hint=hint
                )


def _hint_pool(
    entry: Entry,
    holder: RecordKind,
    field: str,
    target_kind: RecordKind,
    by_kind: Mapping[RecordKind, list[Entry]],
) -> Callable[[int], bool] | None:
    """Which records of ``target_kind`` (by position) a hint for a broken reference
    may suggest: never the record's own agency as an agency it refers to (a partner
    is another agency), and only records of its own agency where the reference must
    stay within it; ``None`` for any."""
    own = _agency(entry.record)
    if own is None:
        return None
    pool = by_kind[target_kind]
    if target_kind is K.AGENCY:
        return lambda position: pool[position].record.id != own
    if (holder, field, target_kind) in SAME_AGENCY:
        return lambda position: _agency(pool[position].record) == own
    return None


def _agency(record: Record) -> str | None:
    value = getattr(record, "agency", None)
    return value if isinstance(value, str) else None


def _agencies_agree(
    context: _Context, by_kind: Mapping[RecordKind, list[Entry]], owner: Mapping[str, Entry]
) -> Iterator[Problem]:
    """A programme, sector or partnership referred to belongs to the referrer's agency.

    Only references that resolve, between agencies that exist, are compared: a
    broken one is reported as such already.
    """

    def is_agency(target: str | None) -> bool:
        found = owner.get(target) if target is not None else None
        return found is not None and found.kind is K.AGENCY

    for holder, field, target_kind in SAME_AGENCY:
        for entry in by_kind[holder]:
            target = getattr(entry.record, field)
            found = owner.get(target) if target is not None else None
            if found is None or found.kind is not target_kind:
                continue
            mine, theirs = _agency(entry.record), _agency(found.record)
            if mine == theirs or not (is_agency(mine) and is_agency(theirs)):
                continue
            yield context.problem(
                entry,
                field,
                message=(
                    f"{field} {target!r} belongs to agency {theirs!r}, but this "
                    f"{holder.name.lower()} belongs to agency {mine!r}"
                ),
                kind=ProblemKind.REFERENCE,
                hint=f"make the two agree, or refer to a {field} of agency {mine!r}",
            )


def _one_per_target(
    context: _Context, by_kind: Mapping[RecordKind, list[Entry]], owner: Mapping[str, Entry]
) -> Iterator[Problem]:
    """No two records of a kind share the target of a ``one_per_target`` field."""
    for holder, field, target_kind in ONE_PER_TARGET:
        first: dict[str, Entry] = {}
        for entry in by_kind[holder]:
            if owner[entry.record.id] is not entry:  # a duplicate id, reported already
                continue
            target = getattr(entry.record, field)
            earlier = first.setdefault(target, entry)
            if earlier is entry:
                continue
            yield context.problem(
                entry,
                field,
                message=(
                    f"{target_kind.name.lower()} {target!r} already has {noun(holder)}, "
                    f"{context.where(earlier, entry)}; it can have one"
                ),
                kind=ProblemKind.VALUE,
                hint=f"move this record's details into the first {holder.name.lower()}",
            )


def _own_agency(context: _Context, by_kind: Mapping[RecordKind, list[Entry]]) -> Iterator[Problem]:
    """A warning for a list of agencies (a partnership's partners) that names the
    record's own agency: the list is of the others it works with."""
    for holder, field, target_kind in REFERENCES:
        if target_kind is not K.AGENCY:
            continue
        for entry in by_kind[holder]:
            value = getattr(entry.record, field)
            agency = _agency(entry.record)
            if not isinstance(value, tuple) or agency is None:
                continue
            for position, partner in enumerate(value):
                if partner == agency:
                    yield context.problem(
                        entry,
                        field,
                        position,
                        message=(
                            f"{partner!r} is this {holder.name.lower()}'s own agency; "
                            f"its {field} are the others it works with"
                        ),
                        kind=ProblemKind.SELF_REFERENCE,
                        severity=Severity.WARNING,
                        hint=f"remove it from {field}",
                    )


def _external_fields(context: _Context, found: Sequence[Entry]) -> Iterator[Problem]:
    """Each name in ``external_fields`` is a field of the record's own class."""
    for entry in found:
        named = entry.record.external_fields
        if not named:
            continue
        allowed = external_candidates(type(entry.record))
        for position, name in enumerate(named):
            if name not in allowed:
                yield context.problem(
                    entry,
                    "external_fields",
                    position,
                    message=(
                        f"{name!r} is not a field that {noun(entry.kind)} can take from elsewhere"
                    ),
                    kind=ProblemKind.VALUE,
                    hint="name one of: " + ", ".join(allowed),
                )


def _open_lists(context: _Context, found: Sequence[Entry]) -> Iterator[Problem]:
    """Each name in ``open_lists`` is a list of the record; a partnership's
    ``open_ended`` agrees with ``"partners"`` in its ``open_lists``, unless it has
    no ``open_lists`` at all (a document of 0.1, which only had ``open_ended``)."""
    for entry in found:
        record = entry.record
        ended = getattr(record, "open_ended", None)
        named = "partners" in record.open_lists
        if ended is not None and ended != named and (named or record.open_lists):
            said = "names" if not ended else "does not name"
            yield context.problem(
                entry,
                "open_ended",
                message=f"open_ended is {str(ended).lower()} but open_lists {said} 'partners'",
                kind=ProblemKind.VALUE,
                hint="both say whether the partners are examples only: make them agree",
            )
        if not record.open_lists:
            continue
        allowed = open_list_candidates(type(record))
        for position, name in enumerate(record.open_lists):
            if name not in allowed:
                yield context.problem(
                    entry,
                    "open_lists",
                    position,
                    message=f"{name!r} is not a list that {noun(entry.kind)} holds",
                    kind=ProblemKind.VALUE,
                    hint="name one of: " + ", ".join(allowed),
                )


def _lost(context: _Context, found: Sequence[Entry]) -> Iterator[Problem]:
    """A field that says another was lost (``spec(lost=...)``: a category's
    ``heading_lost``, a link's ``target_lost``) is true only while that one is null:
    the data cannot both give a value and say that the source lost it."""
    for entry in found:
        record = entry.record
        places: list[tuple[tuple[str | int, ...], object]] = [((), record)]
        places += [(("source", "links", i), link) for i, link in enumerate(record.source.links)]
        for where, value in places:
            for name, other in lost_contradictions(value):
                yield context.problem(
                    entry,
                    *where,
                    name,
                    message=f"{name} is true but {other} is given",
                    kind=ProblemKind.VALUE,
                    hint=f"set {other} to null, or {name} to false",
                )


def _itself(text: str) -> tuple[str]:
    return (text,)


def _nothing(_: str) -> tuple[str, ...]:
    return ()


#: Room for each record's keys in a claim's code (see :func:`_ambiguous`).
_SLOTS = 1 << 32


class _Claims:
    """Claims of keys in their scopes, held as hashes (see :func:`_ambiguous`).

    One dict entry per claim, mapping its hash to one int, the claimant's code
    (entry number * ``_SLOTS`` + key position): neither the claim's text nor a
    tuple is kept, so a large document costs little memory and nothing for the
    garbage collector to walk. Equal hashes are checked against the claims
    themselves (``claim_at`` works one out again from a code); two different
    claims with one hash go to ``exact``.
    """

    def __init__(self, claim_at: Callable[[int], tuple[str | None, str]]) -> None:
        self.claim_at = claim_at
        self.claimed: dict[int, int] = {}
        self.exact: dict[tuple[str | None, str], int] = {}

    def earlier(self, scope: str | None, claim: str, mine: int) -> int | None:
        """The code of the key that made this claim in this scope before, if any
        (else ``mine`` now holds it)."""
        code = self.claimed.setdefault(hash((scope, claim)), mine)
        if code == mine:
            return None
        if self.claim_at(code) != (scope, claim):  # the same hash, not the same claim
            code = self.exact.setdefault((scope, claim), mine)
            if code == mine:
                return None
        return code


def _ambiguous(context: _Context, found: Sequence[Entry]) -> Iterator[Problem]:
    """Keys that no lookup could find, and keys that two records of one scope claim
    (the claim is the normalised key without spaces: see :func:`~._keys.keys_of`).

    A scope is an agency's records (:func:`~._keys.scopes`): a key two of them
    claim is an error (``ambiguous``, or a ``clash`` between parts). Records of
    different agencies may share a key; a lookup of it lists them all. Agencies
    themselves also share one scope, of all agencies, since every profile names
    them (as partners): a key two agencies claim is a warning, since it is most
    often one organization written twice, but two can share an acronym (IDB).

    The other record's keys are worked out again only on a clash, once per record,
    so the work stays linear in the number of keys however many of them clash.
    """
    ordered = sorted(found, key=lambda e: e.part)
    scope_of = scopes([e.record for e in ordered])
    clashing: dict[int, tuple[Key, ...]] = {}

    def keys_at(code: int) -> tuple[Entry, Key]:
        other = ordered[code // _SLOTS]
        theirs = clashing.get(id(other))
        if theirs is None:
            theirs = clashing[id(other)] = keys_of(other.record)
        return other, theirs[code % _SLOTS]

    scoped = _Claims(lambda code: (scope_of[code // _SLOTS], keys_at(code)[1].claim))
    among_agencies = _Claims(lambda code: (None, keys_at(code)[1].claim))

    # Part by part (a record that replaces an earlier one stands in the earlier one's
    # place, but is the later part's): a clash is blamed on the later part.
    for number, entry in enumerate(ordered):
        is_agency = entry.kind is K.AGENCY
        for position, key in enumerate(keys_of(entry.record)):
            if not key.claim:
                yield context.problem(
                    entry,
                    *key.path,
                    message=f"{key.text!r} has no letter or digit, so no lookup can find it",
                    kind=ProblemKind.VALUE,
                    hint="write it with letters or digits; punctuation and symbols are ignored",
                )
                continue
            mine = number * _SLOTS + position
            code = scoped.earlier(scope_of[number], key.claim, mine)
            if code is not None:
                yield from _clash(context, entry, key, *keys_at(code))
            if is_agency and (code := among_agencies.earlier(None, key.claim, mine)) is not None:
                yield from _shared_by_agencies(context, entry, key, *keys_at(code))


def _clash(
    context: _Context, entry: Entry, key: Key, other: Entry, theirs: Key
) -> Iterator[Problem]:
    """An error: two records of one agency claim one key."""
    if other is entry or other.record.id == entry.record.id:
        return
    across = other.part != entry.part
    yield context.problem(
        entry,
        *key.path,
        message=(
            f"{key.text!r} also names {context.where(other, entry)} ({theirs.text!r}), "
            "of the same agency; a lookup could not tell the two apart"
        ),
        kind=ProblemKind.CLASH if across else ProblemKind.AMBIGUOUS,
        hint=(
            "rename one of them, or replace the earlier record explicitly"
            if across
            else "give one of the records another name or alias"
        ),
    )


def _shared_by_agencies(
    context: _Context, entry: Entry, key: Key, other: Entry, theirs: Key
) -> Iterator[Problem]:
    """A warning: two agencies claim one key."""
    if other is entry or other.record.id == entry.record.id:
        return
    yield context.problem(
        entry,
        *key.path,
        message=(
            f"{key.text!r} also names agency {other.record.id!r}, "
            f"{context.where(other, entry)} ({theirs.text!r}); a lookup of it lists both"
        ),
        kind=ProblemKind.AMBIGUOUS,
        severity=Severity.WARNING,
        hint=(
            f"if the two are one organization, keep one and refer to it by its id "
            f"({other.record.id!r}); two organizations may share a key, as two banks "
            "share 'IDB'"
        ),
    )


def _referred_to(by_kind: Mapping[RecordKind, list[Entry]], kind: RecordKind) -> set[str]:
    """The ids of ``kind`` that some reference holds."""
    return {
        target
        for holder, field, target_kind in REFERENCES
        if target_kind is kind
        for entry in by_kind[holder]
        for target in targets(entry.record, field)
    }


def _odd(context: _Context, by_kind: Mapping[RecordKind, list[Entry]]) -> Iterator[Problem]:
    used_categories = _referred_to(by_kind, K.CATEGORY)
    for entry in by_kind[K.CATEGORY]:
        if entry.record.id not in used_categories:
            yield context.problem(
                entry,
                message=f"category {entry.record.id!r} holds no activity",
                kind=ProblemKind.EMPTY_CATEGORY,
                severity=Severity.WARNING,
            )
    referenced = _referred_to(by_kind, K.AGENCY)
    for entry in by_kind[K.AGENCY]:
        if entry.record.id not in referenced:
            yield context.problem(
                entry,
                message=f"agency {entry.record.id!r} is not referred to by any record",
                kind=ProblemKind.UNREFERENCED,
                severity=Severity.WARNING,
                hint="list it as a partner, or give it a sector, programme or membership",
            )
