"""Checks across records, in one pass: unique ids, references that resolve, keys
unambiguous within their agency, and the rest the field declarations ask for.

Each check first reads whole columns (every id, every target of a reference, one
batch of key claims into a claim-to-owner map) to find what is at fault, and only
then explains each fault, in document order: a valid document costs the columns
alone. References and keys come from the field declarations (:mod:`._fields`).

The records come in :class:`Placed` groups, one per kind, each record with its index
in its document and that document's number among the parts. In a merge a problem
names its part (``Problem.source``), and a duplicate id, or a key of one agency's
records, between two parts is a ``clash`` naming the other. The checks never raise.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter, ne
from typing import Any, NamedTuple

import attrs

from ._fields import lost_contradictions, specs
from ._keys import Key, key_fields, scopes
from ._lookup import Index
from ._normalize import claims, normalize
from ._rules import quote
from .models import RECORD_TYPES, Link, Record, RecordKind
from .report import Problem, ProblemKind, Severity, format_path

K = RecordKind
Steps = tuple[str | int, ...]


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
#: Whether each reference field holds a tuple of ids (else one id, or none).
_MANY = {(k, s.name): s.shape.kind == "tuple" for k, c in RECORD_TYPES.items() for s in specs(c)}


@attrs.frozen
class Entry:
    """A record, where it stands in its document, and which part that document is."""

    kind: RecordKind
    index: int
    record: Record
    part: int = 0


class Placed(NamedTuple):
    """The records of one kind, in order, each with its index in its document and the
    number of its part."""

    records: Sequence[Record]
    indexes: Sequence[int]
    parts: Sequence[int]


def placed(
    collections: Mapping[RecordKind, Sequence[Record]],
    positions: Mapping[RecordKind, Sequence[int]] | None = None,
    part: int = 0,
) -> dict[RecordKind, Placed]:
    """One document's records, placed. ``positions`` gives, for a kind some of whose
    records failed to load, the document index of each that did."""
    out = {}
    for kind in RecordKind:
        records = collections.get(kind, ())
        where = positions.get(kind) if positions else None
        indexes = range(len(records)) if where is None else where
        out[kind] = Placed(records, indexes, [part] * len(records))
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
    """The fields of a record class that ``external_fields`` may name: all but the
    housekeeping."""
    return tuple(s.name for s in specs(cls) if not s.housekeeping)


def open_list_candidates(cls: type[Record]) -> tuple[str, ...]:
    """The lists that ``open_lists`` may name on a record class: its own tuple fields
    that are neither keys nor housekeeping, then the collections of the kinds that
    refer to it, in kind order."""
    own = [s.name for s in specs(cls) if s.shape.kind == "tuple" and not (s.key or s.housekeeping)]
    pointing = dict.fromkeys(h.collection for h, _, target in REFERENCES if target is cls.kind)
    return (*own, *pointing)


class _Context:
    """What every check reads: the records, numbered in order (kind by kind), what
    failed to load, and the parts' labels."""

    def __init__(
        self,
        groups: Mapping[RecordKind, Placed],
        labels: Sequence[str],
        unparsed_ids: frozenset[str],
        unparsed_kinds: frozenset[RecordKind],
        elsewhere: Callable[[], Mapping[str, RecordKind]] | None,
    ) -> None:
        self.groups = {kind: groups.get(kind, Placed((), (), ())) for kind in RecordKind}
        self.labels = labels
        self.unparsed_ids = unparsed_ids
        self.unparsed_kinds = unparsed_kinds
        self.elsewhere = elsewhere
        self.kinds = list(RecordKind)
        self.starts: list[int] = []
        self.records: list[Record] = []
        for kind in RecordKind:
            self.starts.append(len(self.records))
            self.records.extend(self.groups[kind].records)
        self.ids = list(map(attrgetter("id"), self.records))
        # Each id to the number of its first record (reversed: the first one wins).
        self.owner = dict(zip(reversed(self.ids), range(len(self.ids) - 1, -1, -1), strict=True))

    def kind_of(self, number: int) -> RecordKind:
        return self.kinds[bisect_right(self.starts, number) - 1]

    def entry(self, number: int) -> Entry:
        kind = self.kind_of(number)
        group = self.groups[kind]
        at = number - self.starts[self.kinds.index(kind)]
        return Entry(kind, group.indexes[at], group.records[at], group.parts[at])

    def numbers(self, kind: RecordKind) -> range:
        start = self.starts[self.kinds.index(kind)]
        return range(start, start + len(self.groups[kind].records))

    def column(self, kind: RecordKind, field: str) -> list[Any]:
        return list(map(attrgetter(field), self.groups[kind].records))

    def values(self, kind: RecordKind, field: str) -> Iterator[tuple[int, Any]]:
        """Each record of ``kind`` (by number) with its ``field``."""
        return zip(self.numbers(kind), self.column(kind, field), strict=True)

    def found(self, target: str) -> Entry | None:
        """The first record with id ``target``, if any."""
        number = self.owner.get(target)
        return None if number is None else self.entry(number)

    def problem(
        self,
        entry: Entry,
        at: Steps,
        message: str,
        kind: ProblemKind,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem at ``entry`` (or at steps ``at`` inside it), naming its part in a
        merge."""
        source = self.labels[entry.part] if len(self.labels) > 1 else None
        path = path_of(entry.kind, entry.index, *at)
        return Problem(
            path=path, message=message, kind=kind, severity=severity, hint=hint, source=source
        )

    def where(self, entry: Entry, mine: Entry) -> str:
        """``entry``'s path, and its part when that differs from ``mine``'s."""
        path = path_of(entry.kind, entry.index)
        return path if entry.part == mine.part else f"{path} of {self.labels[entry.part]}"


def check(
    groups: Mapping[RecordKind, Placed],
    labels: Sequence[str] = ("",),
    *,
    unparsed_ids: frozenset[str] = frozenset(),
    unparsed_kinds: frozenset[RecordKind] = frozenset(),
    complete: bool = True,
    elsewhere: Callable[[], Mapping[str, RecordKind]] | None = None,
) -> list[Problem]:
    """Every integrity problem of a set of records (of one document, or of a merge).

    ``labels`` names each part (a single document needs none). ``unparsed_ids`` are
    ids of records that failed to load (or to take their place in a merge):
    references to them are not reported again. ``unparsed_kinds`` are kinds of which
    a record without a readable id (or the whole collection) failed to load: a
    reference to a missing id of such a kind is not reported either, since the
    target may be that record. When ``complete`` is false the warnings about
    unreferenced records are left out: the missing records may be the ones that
    refer to them. ``elsewhere`` gives, when first asked, the ids and kinds of the
    bundled data where it is not among the records: a reference that names one of
    them says so.
    """
    context = _Context(groups, labels, unparsed_ids, unparsed_kinds, elsewhere)
    checks = [_duplicates, _references, _agencies_agree, _one_per_target, _own_agency]
    checks += [_listed, _lost, _ambiguous, *([_odd] if complete else [])]
    return [problem for each in checks for problem in each(context)]


def _duplicates(context: _Context) -> Iterator[Problem]:
    if len(context.owner) == len(context.ids):
        return
    for number, record_id in enumerate(context.ids):
        first = context.owner[record_id]
        if first == number:
            continue
        entry, earlier = context.entry(number), context.entry(first)
        message = f"id {quote(record_id)} is already used by {context.where(earlier, entry)}"
        if entry.part != earlier.part:
            hint = (
                "to let the later record replace the earlier one, pass "
                f"replace=[{quote(record_id)}] (in Python) or --replace {record_id} "
                "(itu-tcb merge, validate)"
            )
            yield context.problem(entry, ("id",), message, ProblemKind.CLASH, hint)
        else:
            hint = "every record needs an id of its own"
            yield context.problem(entry, ("id",), message, ProblemKind.DUPLICATE_ID, hint)


#: The least search score for a "did you mean" hint on a broken reference.
_HINT_SCORE = 0.5
#: Broken references past this many in one check get no "did you mean" hint: each
#: hint is a search, so a document with thousands of them would take time growing
#: faster than the number of problems.
HINTS = 1000
#: The most trigram postings one hint reads (rarest grams first): the work per
#: hint stays the same however many ids the document has.
_HINT_POSTINGS = 4096


def _references(context: _Context) -> Iterator[Problem]:
    # One trigram index of ids per kind, built on the first broken reference to it:
    # each hint then costs a few postings, however many ids and problems there are.
    indexes: dict[RecordKind, Index[str]] = {}
    hints_left = HINTS
    for holder, field, target_kind in REFERENCES:
        column = context.column(holder, field)
        many = _MANY[holder, field]
        bad = set()
        for target in _distinct(column, many):
            number = context.owner.get(target)
            if number is not None and context.kind_of(number) is target_kind:
                continue
            if target in context.unparsed_ids or (
                number is None and target_kind in context.unparsed_kinds
            ):
                continue
            bad.add(target)
        if not bad:
            continue
        for number, value in zip(context.numbers(holder), column, strict=True):
            if value is None or (bad.isdisjoint(value) if many else value not in bad):
                continue
            entry = context.entry(number)
            for position, target in enumerate(value if many else (value,)):
                if target not in bad:
                    continue
                found, hint = context.found(target), None
                if found is not None:
                    message = f"{quote(target)} is {noun(found.kind)}, not {noun(target_kind)}"
                else:
                    message = f"no {target_kind.name.lower()} has id {quote(target)}"
                    if target_kind not in indexes:
                        ids = context.column(target_kind, "id")
                        indexes[target_kind] = Index(ids, lambda text: (text,), lambda _: ())
                    keep = _hint_pool(context, entry, holder, field, target_kind)
                    search = indexes[target_kind].search
                    close = (
                        search(target, 1, postings=_HINT_POSTINGS, keep=keep)
                        if hints_left > 0
                        else []
                    )
                    hints_left -= 1
                    if close and close[0].score >= _HINT_SCORE:
                        hint = f"did you mean {quote(close[0].record)}?"
                    elif context.elsewhere and context.elsewhere().get(target) is target_kind:
                        hint = (
                            f"{quote(target)} is {noun(target_kind)} of the bundled ITU data: "
                            "check this document on top of it (validate(..., "
                            "base=itu_tcb.load()), or itu-tcb validate --with-bundled)"
                        )
                at = (field, position) if many else (field,)
                yield context.problem(entry, at, message, ProblemKind.REFERENCE, hint)


def _distinct(column: list[Any], many: bool) -> set[str]:
    """The ids a column of a reference field holds (each of one id, none, or a tuple)."""
    found = set(chain.from_iterable(column)) if many else set(column)
    found.discard(None)
    return found


def _hint_pool(
    context: _Context, entry: Entry, holder: RecordKind, field: str, target_kind: RecordKind
) -> Callable[[int], bool] | None:
    """Which records of ``target_kind`` (by position) a hint for a broken reference
    may suggest: never the record's own agency as an agency it refers to (a partner
    is another agency), and only records of its own agency where the reference must
    stay within it; ``None`` for any."""
    own = _agency(entry.record)
    if own is None:
        return None
    pool = context.groups[target_kind].records
    if target_kind is K.AGENCY:
        return lambda position: pool[position].id != own
    if (holder, field, target_kind) in SAME_AGENCY:
        return lambda position: _agency(pool[position]) == own
    return None


def _agency(record: Record) -> str | None:
    value = getattr(record, "agency", None)
    return value if isinstance(value, str) else None


def _agencies_agree(context: _Context) -> Iterator[Problem]:
    """A programme, sector or partnership referred to belongs to the referrer's
    agency. Only references that resolve, between agencies that exist, are compared:
    a broken one is reported as such already."""

    def is_agency(target: str | None) -> bool:
        found = context.found(target) if target is not None else None
        return found is not None and found.kind is K.AGENCY

    for holder, field, target_kind in SAME_AGENCY:
        for number, target in context.values(holder, field):
            found = context.found(target) if isinstance(target, str) else None
            if found is None or found.kind is not target_kind:
                continue
            mine, theirs = _agency(context.records[number]), _agency(found.record)
            if mine == theirs or not (is_agency(mine) and is_agency(theirs)):
                continue
            message = (
                f"{field} {quote(target)} belongs to agency {quote(theirs)}, but this "
                f"{holder.name.lower()} belongs to agency {quote(mine)}"
            )
            hint = f"make the two agree, or refer to a {field} of agency {quote(mine)}"
            yield context.problem(
                context.entry(number), (field,), message, ProblemKind.REFERENCE, hint
            )


def _one_per_target(context: _Context) -> Iterator[Problem]:
    """No two records of a kind share the target of a ``one_per_target`` field."""
    for holder, field, target_kind in ONE_PER_TARGET:
        first: dict[object, int] = {}
        for number, target in context.values(holder, field):
            if context.owner[context.ids[number]] != number:  # a duplicate id, reported
                continue
            earlier = first.setdefault(target, number)
            if earlier == number:
                continue
            entry = context.entry(number)
            message = (
                f"{target_kind.name.lower()} {quote(target)} already has {noun(holder)}, "
                f"{context.where(context.entry(earlier), entry)}; it can have one"
            )
            hint = f"move this record's details into the first {holder.name.lower()}"
            yield context.problem(entry, (field,), message, ProblemKind.VALUE, hint)


def _own_agency(context: _Context) -> Iterator[Problem]:
    """A warning for a list of agencies (a partnership's partners) that names the
    record's own agency: the list is of the others it works with."""
    for holder, field, target_kind in REFERENCES:
        if target_kind is not K.AGENCY:
            continue
        for number, value in context.values(holder, field):
            agency = _agency(context.records[number])
            if not isinstance(value, tuple) or agency is None or agency not in value:
                continue
            for position, partner in enumerate(value):
                if partner == agency:
                    message = (
                        f"{quote(partner)} is this {holder.name.lower()}'s own agency; "
                        f"its {field} are the others it works with"
                    )
                    yield context.problem(
                        context.entry(number),
                        (field, position),
                        message,
                        ProblemKind.SELF_REFERENCE,
                        f"remove it from {field}",
                        Severity.WARNING,
                    )


def _with(context: _Context, field: str) -> Iterator[int]:
    """The numbers of the records whose ``field`` is set (not empty), in order."""
    return compress(range(len(context.records)), map(attrgetter(field), context.records))


def _listed(context: _Context) -> Iterator[Problem]:
    """Each name in ``external_fields`` is a field of the record's own class, and each
    in ``open_lists`` a list of the record; a partnership's ``open_ended`` agrees with
    ``"partners"`` in its ``open_lists``, unless it has no ``open_lists`` at all (a
    document of 0.1, which only had ``open_ended``)."""
    for number in _with(context, "external_fields"):
        entry = context.entry(number)
        what = "a field that {} can take from elsewhere"
        yield from _names(context, entry, "external_fields", external_candidates, what)
    ended = {
        number
        for kind, cls in RECORD_TYPES.items()
        if "open_ended" in attrs.fields_dict(cls)
        for number in context.numbers(kind)
    }
    for number in sorted(ended.union(_with(context, "open_lists"))):
        entry = context.entry(number)
        record = entry.record
        named = "partners" in record.open_lists
        said = getattr(record, "open_ended", None)
        if number in ended and said != named and (named or record.open_lists):
            words = "names" if not said else "does not name"
            message = f"open_ended is {str(said).lower()} but open_lists {words} 'partners'"
            hint = "both say whether the partners are examples only: make them agree"
            yield context.problem(entry, ("open_ended",), message, ProblemKind.VALUE, hint)
        yield from _names(
            context, entry, "open_lists", open_list_candidates, "a list that {} holds"
        )


def _names(
    context: _Context,
    entry: Entry,
    field: str,
    candidates: Callable[[type[Record]], tuple[str, ...]],
    what: str,
) -> Iterator[Problem]:
    """Each name in the record's ``field`` that its class's ``candidates`` lack."""
    allowed = candidates(type(entry.record))
    for position, name in enumerate(getattr(entry.record, field)):
        if name not in allowed:
            message = f"{name!r} is not {what.format(noun(entry.kind))}"
            hint = "name one of: " + ", ".join(allowed)
            yield context.problem(entry, (field, position), message, ProblemKind.VALUE, hint)


def _lost(context: _Context) -> Iterator[Problem]:
    """A field that says another was lost (``spec(lost=...)``: a category's
    ``heading_lost``, a link's ``target_lost``) is true only while that one is null:
    the data cannot both give a value and say that the source lost it."""
    flagged: set[int] = set()
    for kind, cls in RECORD_TYPES.items():
        for spec in specs(cls):
            if spec.lost is not None:
                flagged.update(compress(context.numbers(kind), context.column(kind, spec.name)))
    links = [() if r.source is None else r.source.links for r in context.records]
    for spec in specs(Link):
        if spec.lost is not None:  # any link of the record says so (in C: no loop here)
            said = map(any, map(map, repeat(attrgetter(spec.name)), links))
            flagged.update(compress(range(len(links)), said))
    for number in sorted(flagged):
        entry = context.entry(number)
        places: list[tuple[Steps, object]] = [((), entry.record)]
        places += [(("source", "links", i), link) for i, link in enumerate(links[number])]
        for where, value in places:
            for name, other in lost_contradictions(value):
                message = f"{name} is true but {other} is given"
                hint = f"set {other} to null, or {name} to false"
                yield context.problem(entry, (*where, name), message, ProblemKind.VALUE, hint)


class _Claim(NamedTuple):
    """A key whose claim another record also makes (or that claims nothing): its
    place in document order (part, record, key), and the key."""

    part: int
    number: int
    slot: int
    item: int
    key: Key


def _ambiguous(context: _Context) -> Iterator[Problem]:
    """Keys that no lookup could find, and keys that two records of one scope claim
    (the claim is the normalised key without spaces: see :func:`~._keys.keys_of`).

    A scope is an agency's records (:func:`~._keys.scopes`): a key two of them claim
    is an error (``ambiguous``, or a ``clash`` between parts); records of different
    agencies may share a key, and a lookup of it lists them all. Agencies also share
    one scope, of all agencies, since every profile names them (as partners): a key
    two agencies claim is a warning, most often one organization written twice, but
    two can share an acronym (IDB).

    Every key's claim goes, column by column, into one map from each claim to the
    first record that makes it, and the claims a second record makes are flagged.
    Only the keys that make a flagged claim (or none) are gone through again, part
    by part in document order, to say which is at fault and why.
    """
    first: dict[str, int] = {}
    shared: set[str] = set()
    for _, owners, made in _claims(context):
        mine = dict(zip(reversed(made), reversed(owners), strict=True))  # each claim's first
        if len(mine) < len(made):  # a claim made twice in this column
            shared.update(c for c, n in zip(made, owners, strict=True) if mine[c] != n)
        common = list(first.keys() & mine.keys())  # a record's id often claims its name's
        owned: tuple[int, ...] = ()
        if common:
            get = itemgetter(*common, common[0])  # always a tuple, even of one claim
            owned = get(first)[:-1]
            shared.update(compress(common, map(ne, owned, get(mine))))
        if len(mine) >= len(first):  # the smaller map goes into the larger
            mine.update(first)
            first = mine
        else:
            first.update(mine)
            first.update(zip(common, owned, strict=True))  # each claim keeps its first
    if "" in first:
        shared.add("")
    del first
    if not shared:
        return
    flagged = sorted(
        _Claim(context.entry(number).part, number, slot, item, key)
        for (slot, keys), owners, made in _claims(context, shared)
        for (item, key), number in zip(keys, owners, strict=True)
    )
    scope_of = scopes(context.records)
    scoped: dict[tuple[str | None, str], _Claim] = {}
    claimants: dict[str, list[_Claim]] = {}
    warned: set[tuple[int, str]] = set()
    for found in flagged:
        claimants.setdefault(found.key.claim, []).append(found)
    for found in flagged:
        entry, key = context.entry(found.number), found.key
        if not key.claim:
            message = f"{quote(key.text)} has no letter or digit, so no lookup can find it"
            hint = "write it with letters or digits; punctuation and symbols are ignored"
            yield context.problem(entry, key.path, message, ProblemKind.VALUE, hint)
            continue
        own = scope_of[found.number]
        for scope in (own, None) if entry.kind is K.AGENCY else (own,):
            earlier = scoped.setdefault((scope, key.claim), found)
            if earlier is not found and context.ids[earlier.number] != entry.record.id:
                other = context.entry(earlier.number)
                yield _clash(context, entry, key, other, earlier.key, scope is None)
        # A part that gives a record a key only one record of the other parts had,
        # in another agency: the lookups of that key stop answering.
        rest: dict[int, _Claim] = {}
        for claimant in claimants[key.claim]:
            if claimant.part != found.part:
                rest.setdefault(claimant.number, claimant)  # its first key of the claim
        if len(rest) == 1:
            (alone,) = rest.values()
            theirs = context.entry(alone.number)
            my_scope, their_scope = scope_of[found.number], scope_of[alone.number]
            both_agencies = entry.kind is theirs.kind is K.AGENCY  # warned above
            once = (found.number, key.claim) not in warned  # a record's name and its id, say
            later = alone.part < found.part
            if once and later and my_scope != their_scope and not both_agencies:
                warned.add((found.number, key.claim))
                yield _taken(context, entry, key, theirs, alone.key, their_scope)


def _claims(
    context: _Context, only: set[str] | None = None
) -> Iterator[tuple[tuple[int, list[tuple[int, Key]]], list[int], list[str]]]:
    """For each key column (one key field of one kind): its place among a record's
    keys, the record of each key and each key's claim. With ``only``, the keys that
    make one of those claims, each with its item (a tuple's) and :class:`Key`."""
    for kind, cls in RECORD_TYPES.items():
        numbers = context.numbers(kind)
        for slot, (field, many) in enumerate(key_fields(cls)):
            column = context.column(kind, field)
            if many:
                owners = [n for n, held in zip(numbers, column, strict=True) for _ in held]
                items = [i for held in column for i in range(len(held))]
                texts = list(chain.from_iterable(column))
            else:
                given = [t is not None for t in column]
                owners = list(compress(numbers, given))
                texts = list(compress(column, given))
                items = [0] * len(texts)
            made = claims(texts)
            if only is None:
                yield (slot, []), owners, made
                continue
            keep = [c in only for c in made]
            keys = [
                (item, Key((field, item) if many else (field,), text, normalize(text), c))
                for item, text, c in compress(zip(items, texts, made, strict=True), keep)
            ]
            yield (slot, keys), list(compress(owners, keep)), list(compress(made, keep))


def _clash(
    context: _Context, entry: Entry, key: Key, other: Entry, theirs: Key, agencies: bool
) -> Problem:
    """Two records of one agency claim one key (an error), or two agencies do (a
    warning)."""
    if agencies:
        message = (
            f"{quote(key.text)} also names agency {quote(other.record.id)}, "
            f"{context.where(other, entry)} ({quote(theirs.text)}); a lookup of it lists both"
        )
        hint = (
            f"if the two are one organization, keep one and refer to it by its id "
            f"({quote(other.record.id)}); two organizations may share a key, as two banks "
            "share 'IDB'"
        )
        return context.problem(
            entry, key.path, message, ProblemKind.AMBIGUOUS, hint, Severity.WARNING
        )
    message = (
        f"{quote(key.text)} also names {context.where(other, entry)} ({quote(theirs.text)}), "
        "of the same agency; a lookup could not tell the two apart"
    )
    if other.part != entry.part:
        hint = "rename one of them, or replace the earlier record explicitly"
        return context.problem(entry, key.path, message, ProblemKind.CLASH, hint)
    hint = "give one of the records another name or alias"
    return context.problem(entry, key.path, message, ProblemKind.AMBIGUOUS, hint)


def _taken(
    context: _Context, entry: Entry, key: Key, other: Entry, theirs: Key, scope: str
) -> Problem:
    """A warning: a part shares a key that one record of the other parts had alone."""
    named = f"{other.kind.name.lower()} {quote(other.record.id)} of agency {quote(scope)}"
    spelled = "" if theirs.text == key.text else f"{quote(theirs.text)}, "
    message = (
        f"{quote(key.text)} also names {named} ({spelled}{context.where(other, entry)}), "
        "which alone answered to it: with this part, a lookup of it lists both records"
    )
    hint = (
        "expected when both agencies' pages use this name; else give this record "
        "another one (a lookup by id, or with agency=, finds each record)"
    )
    return context.problem(entry, key.path, message, ProblemKind.AMBIGUOUS, hint, Severity.WARNING)


#: The warnings about records nothing refers to, by kind: message, kind and hint.
_UNUSED = {
    K.CATEGORY: ("category {} holds no activity", ProblemKind.EMPTY_CATEGORY, None),
    K.AGENCY: (
        "agency {} is not referred to by any record",
        ProblemKind.UNREFERENCED,
        "list it as a partner, or give it a sector, programme or membership",
    ),
}


def _odd(context: _Context) -> Iterator[Problem]:
    """Warnings: a category that holds no activity, an agency nobody refers to."""
    for kind, (message, problem_kind, hint) in _UNUSED.items():
        referred: set[str] = set()
        for holder, field, target_kind in REFERENCES:
            if target_kind is kind:
                referred |= _distinct(context.column(holder, field), _MANY[holder, field])
        for number in context.numbers(kind):
            if context.ids[number] not in referred:
                said = message.format(quote(context.ids[number]))
                entry = context.entry(number)
                yield context.problem(entry, (), said, problem_kind, hint, Severity.WARNING)
