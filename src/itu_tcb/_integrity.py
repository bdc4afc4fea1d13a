"""Checks across records, in one pass: unique ids, references that resolve, keys
unambiguous within their agency, and the rest the field declarations ask for.

Each check reads whole columns first (ids, reference targets, one batch of key claims),
then explains each fault found, in document order: a valid document costs the columns
alone. In a merge a problem names its part; an id or key twice between parts is a
``clash``. Never raises.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter, ne
from typing import Any, NamedTuple

import attrs

from ._fields import lost_contradictions, specs
from ._hints import Hints
from ._keys import Key, key_fields, scopes
from ._normalize import claims, normalize
from ._rules import quote
from .models import RECORD_TYPES, Link, Record, RecordKind
from .report import Problem, ProblemKind, Severity, format_path

K = RecordKind
WARNING = Severity.WARNING
Steps = tuple[str | int, ...]


def _declared(flag: str | None = None) -> tuple[tuple[RecordKind, str, RecordKind], ...]:
    """(kind holding it, field, kind it points to) of each reference (with ``flag`` set)."""
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
    """The records of one kind, each with its index in its document and its part."""

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
    groups = {kind: collections.get(kind, ()) for kind in RecordKind}
    where = positions or {}
    return {
        kind: Placed(records, where.get(kind, range(len(records))), [part] * len(records))
        for kind, records in groups.items()
    }


def path_of(kind: RecordKind, index: int, *rest: str | int) -> str:
    """The JSON path of a record, or of a field inside it."""
    return format_path((kind.collection, index, *rest))


def targets(record: Record, field: str) -> tuple[str, ...]:
    """The ids a reference field holds (none, one, or a tuple of them)."""
    value = getattr(record, field)
    return () if value is None else value if isinstance(value, tuple) else (value,)


def noun(kind: RecordKind) -> str:
    """A kind's singular name with its article: "an agency", "a sector"."""
    name = kind.name.lower()
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def external_candidates(cls: type[Record]) -> tuple[str, ...]:
    """The fields ``external_fields`` may name on a record class: all but housekeeping."""
    return tuple(s.name for s in specs(cls) if not s.housekeeping)


def open_list_candidates(cls: type[Record]) -> tuple[str, ...]:
    """The lists ``open_lists`` may name on a record class: its tuple fields that are
    neither keys nor housekeeping, then the collections of the kinds referring to it."""
    own = [s.name for s in specs(cls) if s.shape.kind == "tuple" and not (s.key or s.housekeeping)]
    pointing = dict.fromkeys(h.collection for h, _, target in REFERENCES if target is cls.kind)
    return (*own, *pointing)


@attrs.define
class _Context:
    """What every check reads: the records, numbered kind by kind, and the rest."""

    groups: Mapping[RecordKind, Placed]
    labels: Sequence[str]
    unparsed_ids: frozenset[str]
    unparsed_kinds: frozenset[RecordKind]
    elsewhere: Callable[[], Mapping[str, RecordKind]] | None
    records: list[Record] = attrs.field(init=False, factory=list)
    starts: list[int] = attrs.field(init=False, factory=list)
    ids: list[str] = attrs.field(init=False)
    owner: dict[str, int] = attrs.field(init=False)
    kinds = tuple(RecordKind)

    def __attrs_post_init__(self) -> None:
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
        return zip(self.numbers(kind), self.column(kind, field), strict=True)

    def problem(
        self,
        entry: Entry,
        at: Steps,
        message: str,
        kind: ProblemKind,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem at steps ``at`` inside ``entry``, naming its part in a merge."""
        source = self.labels[entry.part] if len(self.labels) > 1 else None
        path = path_of(entry.kind, entry.index, *at)
        return Problem(
            path=path, message=message, kind=kind, severity=severity, hint=hint, source=source
        )

    def where(self, entry: Entry, mine: Entry) -> str:
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

    ``labels`` names each part. References to ``unparsed_ids`` (records that failed to
    load, or to take their place in a merge) are not reported, nor to a missing id of
    one of ``unparsed_kinds`` (a record of it without a readable id failed): the target
    may be that record. Without ``complete``, no warning about unreferenced records.
    ``elsewhere`` gives, when first asked, the ids and kinds of the bundled data.
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


def _references(context: _Context) -> Iterator[Problem]:
    hints = Hints(lambda kind: context.groups[kind].records)
    for holder, field, target_kind in REFERENCES:
        column, many = context.column(holder, field), _MANY[holder, field]
        bad = set()
        for target in _distinct(column, many):
            number = context.owner.get(target)
            if number is None:
                broken = target_kind not in context.unparsed_kinds
            else:
                broken = context.kind_of(number) is not target_kind
            if broken and target not in context.unparsed_ids:
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
                owner = context.owner.get(target)
                keep = _hint_pool(context, entry, holder, field, target_kind)
                if owner is not None:
                    other = noun(context.kind_of(owner))
                    message = f"{quote(target)} is {other}, not {noun(target_kind)}"
                    hint = hints.named(target, target_kind, keep)
                else:
                    message = f"no {target_kind.name.lower()} has id {quote(target)}"
                    hint = hints.missing(target, target_kind, keep)
                    elsewhere = context.elsewhere  # the bundled data: read only if asked
                    if hint is None and elsewhere and elsewhere().get(target) is target_kind:
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
    """Which records of ``target_kind`` (by position) a hint may suggest: never the
    record's own agency as an agency, only its agency's where the reference must be."""
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
    """A programme, sector or partnership referred to belongs to the referrer's agency
    (compared only for references that resolve, between agencies that exist)."""
    agencies = set(context.column(K.AGENCY, "id"))  # numbered first: each id's first owner
    for holder, field, target_kind in SAME_AGENCY:
        for number, target in context.values(holder, field):
            owner = context.owner.get(target)  # None for a field left empty
            if owner is None or context.kind_of(owner) is not target_kind:
                continue
            mine, theirs = _agency(context.records[number]), _agency(context.records[owner])
            if mine == theirs or mine not in agencies or theirs not in agencies:
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
    """A warning for a list of agencies (partners) naming the record's own agency."""
    for holder, field, target_kind in REFERENCES:
        if target_kind is not K.AGENCY:
            continue
        for number, value in context.values(holder, field):
            agency = _agency(context.records[number])
            if not isinstance(value, tuple) or agency is None or agency not in value:
                continue
            message = (
                f"{quote(agency)} is this {holder.name.lower()}'s own agency; "
                f"its {field} are the others it works with"
            )
            entry, hint = context.entry(number), f"remove it from {field}"
            for at in [(field, i) for i, partner in enumerate(value) if partner == agency]:
                yield context.problem(entry, at, message, ProblemKind.SELF_REFERENCE, hint, WARNING)


def _with(context: _Context, field: str) -> Iterator[int]:
    """The numbers of the records whose ``field`` is set (not empty), in order."""
    return compress(range(len(context.records)), map(attrgetter(field), context.records))


def _listed(context: _Context) -> Iterator[Problem]:
    """``external_fields`` names fields of the record, ``open_lists`` its lists; and a
    partnership's ``open_ended`` agrees with them (unless it has none, as in 0.1)."""
    for number in _with(context, "external_fields"):
        yield from _names(context, context.entry(number), "external_fields")
    ended = {
        number
        for kind, cls in RECORD_TYPES.items()
        if "open_ended" in attrs.fields_dict(cls)
        for number in context.numbers(kind)
    }
    for number in sorted(ended.union(_with(context, "open_lists"))):
        entry = context.entry(number)
        named = "partners" in entry.record.open_lists
        said = getattr(entry.record, "open_ended", None)
        if number in ended and said != named and (named or entry.record.open_lists):
            words = "names" if not said else "does not name"
            message = f"open_ended is {str(said).lower()} but open_lists {words} 'partners'"
            hint = "both say whether the partners are examples only: make them agree"
            yield context.problem(entry, ("open_ended",), message, ProblemKind.VALUE, hint)
        yield from _names(context, entry, "open_lists")


#: What each name of a list of names must be, and the names a record class allows.
_NAMED = {
    "external_fields": ("a field that {} can take from elsewhere", external_candidates),
    "open_lists": ("a list that {} holds", open_list_candidates),
}


def _names(context: _Context, entry: Entry, field: str) -> Iterator[Problem]:
    """Each name in the record's ``field`` (a list of names) that its class lacks."""
    what, candidates = _NAMED[field]
    allowed = candidates(type(entry.record))
    for position, name in enumerate(getattr(entry.record, field)):
        if name not in allowed:
            message = f"{quote(name)} is not {what.format(noun(entry.kind))}"
            hint = "name one of: " + ", ".join(allowed)
            yield context.problem(entry, (field, position), message, ProblemKind.VALUE, hint)


def _lost(context: _Context) -> Iterator[Problem]:
    """A field saying another was lost (``spec(lost=...)``) is true only while it is null."""
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
    """A key of a claim another record also makes (or of none), in document order."""

    part: int
    number: int
    slot: int
    item: int
    key: Key


def _ambiguous(context: _Context) -> Iterator[Problem]:
    """Keys that no lookup could find, and keys two records of one scope claim (see
    :func:`~._keys.scopes`): an error within one agency (``ambiguous``, or a ``clash``
    between parts), a warning between two agencies (which share a scope, as profiles
    name them: most often one organization written twice, but two banks share 'IDB').
    Claims go column by column into one map from claim to first owner; only the keys
    of a claim a second record makes (or of none) are explained."""
    first: dict[str, int] = {}
    shared: set[str] = set()
    for owners, texts, *_ in _claims(context):
        made = claims(texts)
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
    flagged: list[_Claim] = []
    for owners, texts, slot, field, many, items in _claims(context):
        for number, item, text, claim in zip(owners, items, texts, claims(texts), strict=True):
            if claim in shared:
                key = Key((field, item) if many else (field,), text, normalize(text), claim)
                flagged.append(_Claim(context.entry(number).part, number, slot, item, key))
    flagged.sort()
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
        # A part gives a key that one record of the other parts (each by its first key
        # of the claim) had alone, in another agency: lookups of it stop answering.
        rest = {c.number: c for c in reversed(claimants[key.claim]) if c.part != found.part}
        if len(rest) == 1 and (found.number, key.claim) not in warned:
            (alone,) = rest.values()
            theirs, their_scope = context.entry(alone.number), scope_of[alone.number]
            both_agencies = entry.kind is theirs.kind is K.AGENCY  # warned above
            if alone.part < found.part and own != their_scope and not both_agencies:
                warned.add((found.number, key.claim))  # once: a record's name and id, say
                yield _taken(context, entry, key, theirs, alone.key, their_scope)


def _claims(context: _Context) -> Iterator[tuple[list[int], list[str], int, str, bool, list[int]]]:
    """Each key column (one key field of one kind): each key's record and text, the
    column's place among a record's keys, field, if it holds tuples, each key's item."""
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
            yield owners, texts, slot, field, many, items


def _clash(
    context: _Context, entry: Entry, key: Key, other: Entry, theirs: Key, agencies: bool
) -> Problem:
    """Two records of one agency claim one key (an error), or two agencies (a warning)."""
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
        return context.problem(entry, key.path, message, ProblemKind.AMBIGUOUS, hint, WARNING)
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
    return context.problem(entry, key.path, message, ProblemKind.AMBIGUOUS, hint, WARNING)


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
                yield context.problem(context.entry(number), (), said, problem_kind, hint, WARNING)
