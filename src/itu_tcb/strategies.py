"""Hypothesis strategies for valid ``itu_tcb`` records and whole datasets.

For people testing code that consumes this data::

    from hypothesis import given
    from itu_tcb import strategies as its

    @given(its.datasets())
    def test_my_report(dataset):
        render(dataset)

Every value drawn is valid, and every strategy is derived from the models' field
declarations (each field's type, rule, default, and whether it is a key or a
reference), so a new field is drawn without an edit here: each record passes the
field rules of :mod:`itu_tcb.models`, and each :class:`~itu_tcb.Dataset` passes the integrity
checks (unique slug ids, references that resolve to records of the right kind, and
no id, name, code, acronym or alias that a lookup could confuse with another
record's). Values survive :meth:`~itu_tcb.Dataset.to_document`, JSON and
:func:`itu_tcb.load` unchanged.

Hypothesis is an optional extra: ``pip install 'itu-tcb[hypothesis]'``.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "itu_tcb.strategies needs Hypothesis; install it with pip install 'itu-tcb[hypothesis]'"
    ) from exc

import attrs

from ._fields import FieldSpec, Shape, specs
from ._integrity import external_candidates, open_list_candidates
from ._json import INT_LIMIT
from ._normalize import claim
from ._rules import Rule
from .dataset import Dataset
from .models import (
    PROVENANCE_VERSION,
    RECORD_TYPES,
    SCHEMA_VERSIONS,
    Activity,
    ActivityCategory,
    Agency,
    Count,
    DriverOfChange,
    Event,
    Initiative,
    Link,
    MemberCount,
    Membership,
    Metadata,
    Partnership,
    Programme,
    Provenance,
    Record,
    RecordKind,
    Sector,
    Source,
    SourceRef,
    TargetGroup,
)

__all__ = [
    "activities",
    "activity_categories",
    "agencies",
    "counts",
    "datasets",
    "drivers_of_change",
    "events",
    "initiatives",
    "links",
    "member_counts",
    "memberships",
    "metadata",
    "partnerships",
    "programmes",
    "records",
    "sectors",
    "slugs",
    "source_refs",
    "sources",
    "target_groups",
    "texts",
]

T = TypeVar("T")

#: The largest count drawn: JSON documents refuse integers beyond 64 bits.
MAX_COUNT = INT_LIMIT
#: How many items a drawn list holds at the most.
_ITEMS = 3


@cache
def _matching(rule: Rule) -> st.SearchStrategy[str]:
    """Strings that a text rule's pattern matches (the pattern the JSON Schema uses)."""
    assert rule.pattern is not None
    return st.from_regex(rule.pattern, fullmatch=True)


def slugs() -> st.SearchStrategy[str]:
    """Record ids: lowercase ASCII letters and digits in hyphen-separated words."""
    from ._rules import SLUG

    return _matching(SLUG)


@cache
def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-empty one-line text with no whitespace at either end (any character but
    surrogates, controls and line or paragraph separators), up to ``max_size``."""
    from ._rules import TEXT

    return _matching(TEXT).filter(lambda value: len(value) <= max_size)


@cache
def _key_texts() -> st.SearchStrategy[str]:
    """Text that a lookup can find: it normalises to a non-empty key."""
    return st.one_of(
        texts(max_size=30),
        # Mostly readable names, with case, accents and punctuation mixed in.
        st.lists(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHÉéüñ-'0123456789", min_size=1),
            min_size=1,
            max_size=5,
        ).map(" ".join),
    ).filter(lambda value: bool(claim(value)) and value == value.strip())


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@cache
def _of_shape(shape: Shape, rule: Rule | None) -> st.SearchStrategy[Any]:
    """Any valid value of a field's shape and rule (keys and references aside)."""
    if shape.optional:
        return _optional(_of_shape(attrs.evolve(shape, optional=False), rule))
    if shape.kind == "str":
        return texts() if rule is None or rule.pattern is None else _matching(rule)
    if shape.kind == "int":
        low = rule.minimum if rule is not None and rule.minimum is not None else -INT_LIMIT
        return st.integers(low, INT_LIMIT)
    if shape.kind == "bool":
        return st.booleans()
    if shape.kind == "enum":
        return st.sampled_from(shape.type)
    if shape.kind == "record":
        return _values(shape.type)
    assert shape.item is not None
    item = _of_shape(shape.item, rule.item if rule is not None else None)
    unique = rule is not None and rule.unique
    return st.lists(item, max_size=_ITEMS, unique=unique).map(tuple)


@cache
def _values(cls: type[T]) -> st.SearchStrategy[T]:
    """Values of a small value class (a link, a count, ...), field by field."""
    fields = {spec.name: _of_shape(spec.shape, spec.rule) for spec in specs(cls)}
    return st.builds(dict, **fields).map(lambda values: cls(**_unlost(cls, values)))


def _unlost(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The drawn values with each ``lost`` field false where the value it speaks of
    is given (a value cannot be given and lost: see ``spec(lost=...)``)."""
    for spec in specs(cls):
        if spec.lost is not None and values[spec.lost] is not None:
            values[spec.name] = False
    return values


def links() -> st.SearchStrategy[Link]:
    """:class:`~itu_tcb.Link` values, some with no target (``url=None``), lost or not."""
    return _values(Link)


def source_refs() -> st.SearchStrategy[SourceRef]:
    """:class:`~itu_tcb.SourceRef` values: a section (or none) and a few links."""
    return _values(SourceRef)


def counts() -> st.SearchStrategy[Count]:
    """:class:`~itu_tcb.Count` values: zero or more, with any qualifier."""
    return _values(Count)


def member_counts() -> st.SearchStrategy[MemberCount]:
    """:class:`~itu_tcb.MemberCount` values."""
    return _values(MemberCount)


def target_groups() -> st.SearchStrategy[TargetGroup]:
    """:class:`~itu_tcb.TargetGroup` values."""
    return _values(TargetGroup)


def drivers_of_change() -> st.SearchStrategy[DriverOfChange]:
    """:class:`~itu_tcb.DriverOfChange` values."""
    return _values(DriverOfChange)


def sources() -> st.SearchStrategy[Source]:
    """:class:`~itu_tcb.Source` values (the document a dataset comes from)."""
    return _values(Source)


def metadata() -> st.SearchStrategy[Metadata]:
    """:class:`~itu_tcb.Metadata` values."""
    return _values(Metadata)


# ------------------------------------------------------------------ records


@attrs.define
class _Pool:
    """What a dataset under construction already holds."""

    keys: set[str] = attrs.field(factory=set)
    ids: dict[RecordKind, list[str]] = attrs.field(factory=lambda: {k: [] for k in RecordKind})
    #: The agency of each record drawn that has one.
    agency_of: dict[str, str] = attrs.field(factory=dict)
    #: For each ``one_per_target`` reference (kind, field): the targets taken.
    taken: dict[tuple[RecordKind, str], set[str]] = attrs.field(factory=dict)


class _Draw:
    """Draws the fields of one record from their declarations.

    On its own (``pool=None``) any valid value goes: references are any slugs and
    keys any text. Inside a dataset, ids and keys come out unique after
    normalisation and references point at records already drawn (of the record's
    own agency where the field says so, and not yet taken where it is one per
    target).
    """

    def __init__(self, draw: st.DrawFn, pool: _Pool | None) -> None:
        self.draw = draw
        self.pool = pool

    def key(self) -> str:
        """A name, code, acronym or alias."""
        if self.pool is None:
            return self.draw(texts())
        used = self.pool.keys
        value = self.draw(_key_texts().filter(lambda v: claim(v) not in used))
        used.add(claim(value))
        return value

    def id(self) -> str:
        if self.pool is None:
            return self.draw(slugs())
        used = self.pool.keys
        value = self.draw(slugs().filter(lambda v: claim(v) not in used))
        used.add(claim(value))
        return value

    def targets(self, kind: RecordKind, spec: FieldSpec, agency: str | None) -> list[str]:
        """The ids a reference field may hold, in a dataset."""
        assert self.pool is not None
        target = RecordKind(spec.refers_to)
        choices = self.pool.ids[target]
        if spec.same_agency:
            choices = [i for i in choices if self.pool.agency_of.get(i) == agency]
        if spec.one_per_target:
            taken = self.pool.taken.setdefault((kind, spec.name), set())
            choices = [i for i in choices if i not in taken]
        if spec.shape.kind == "tuple" and target is RecordKind.AGENCY:
            choices = [i for i in choices if i != agency]  # not its own agency
        return choices

    def reference(self, kind: RecordKind, spec: FieldSpec, agency: str | None) -> Any:
        many = spec.shape.kind == "tuple"
        if self.pool is None:
            strategy = (
                st.lists(slugs(), max_size=_ITEMS, unique=True).map(tuple) if many else slugs()
            )
            return self.draw(_optional(strategy) if spec.shape.optional else strategy)
        choices = self.targets(kind, spec, agency)
        if many:
            if not choices:
                return ()
            picked = st.lists(st.sampled_from(choices), max_size=_ITEMS, unique=True)
            return tuple(self.draw(picked))
        if not choices or (spec.shape.optional and self.draw(st.booleans())):
            if not spec.shape.optional:
                raise _NoTarget  # the dataset strategy draws no record of this kind
            return None
        chosen = self.draw(st.sampled_from(choices))
        if spec.one_per_target:
            self.pool.taken[(kind, spec.name)].add(chosen)
        return chosen

    def value(self, kind: RecordKind, spec: FieldSpec, agency: str | None) -> Any:
        if spec.name == "id":
            return self.id()
        if spec.name in ("external_fields", "open_lists"):
            candidates = (
                external_candidates if spec.name == "external_fields" else open_list_candidates
            )
            own = candidates(RECORD_TYPES[kind])
            if not own:
                return ()
            return tuple(self.draw(st.lists(st.sampled_from(own), unique=True)))
        if spec.refers_to is not None:
            return self.reference(kind, spec, agency)
        if spec.key and spec.shape.kind == "tuple":
            count = self.draw(st.integers(0, 2))
            return tuple(dict.fromkeys(self.key() for _ in range(count)))
        if spec.key:
            if spec.shape.optional and self.draw(st.booleans()):
                return None
            return self.key()
        return self.draw(_of_shape(spec.shape, spec.rule))

    def record(self, kind: RecordKind) -> Record:
        cls = RECORD_TYPES[kind]
        values: dict[str, Any] = {}
        # Fields that must agree with the record's agency are drawn after it.
        ordered = sorted(
            specs(cls), key=lambda spec: spec.same_agency or spec.shape.kind == "tuple"
        )
        for spec in ordered:
            values[spec.name] = self.value(kind, spec, values.get("agency"))
        if "open_ended" in values:
            # It says what "partners" in open_lists says (a record without open_lists
            # may say it alone, as documents of 0.1 do): see _integrity._open_lists.
            lists = values["open_lists"]
            values["open_ended"] = "partners" in lists or (not lists and values["open_ended"])
        return cls(**_unlost(cls, values))


class _NoTarget(Exception):
    """A required reference with nothing to point at (only inside a dataset)."""


def records(kind: RecordKind | str) -> st.SearchStrategy[Record]:
    """Valid records of one kind (a :class:`~itu_tcb.RecordKind` or its name,
    such as ``"activities"``). References hold well-formed ids that point nowhere
    in particular; use :func:`datasets` for records whose references resolve."""
    record_kind = RecordKind.parse(kind)

    @st.composite
    def strategy(draw: st.DrawFn) -> Record:
        return _Draw(draw, None).record(record_kind)

    return strategy()


def agencies() -> st.SearchStrategy[Agency]:
    """Valid :class:`~itu_tcb.Agency` records."""
    return records(RecordKind.AGENCY)  # type: ignore[return-value]


def sectors() -> st.SearchStrategy[Sector]:
    """Valid :class:`~itu_tcb.Sector` records."""
    return records(RecordKind.SECTOR)  # type: ignore[return-value]


def programmes() -> st.SearchStrategy[Programme]:
    """Valid :class:`~itu_tcb.Programme` records."""
    return records(RecordKind.PROGRAMME)  # type: ignore[return-value]


def initiatives() -> st.SearchStrategy[Initiative]:
    """Valid :class:`~itu_tcb.Initiative` records."""
    return records(RecordKind.INITIATIVE)  # type: ignore[return-value]


def partnerships() -> st.SearchStrategy[Partnership]:
    """Valid :class:`~itu_tcb.Partnership` records."""
    return records(RecordKind.PARTNERSHIP)  # type: ignore[return-value]


def memberships() -> st.SearchStrategy[Membership]:
    """Valid :class:`~itu_tcb.Membership` records."""
    return records(RecordKind.MEMBERSHIP)  # type: ignore[return-value]


def events() -> st.SearchStrategy[Event]:
    """Valid :class:`~itu_tcb.Event` records."""
    return records(RecordKind.EVENT)  # type: ignore[return-value]


def activity_categories() -> st.SearchStrategy[ActivityCategory]:
    """Valid :class:`~itu_tcb.ActivityCategory` records."""
    return records(RecordKind.CATEGORY)  # type: ignore[return-value]


def activities() -> st.SearchStrategy[Activity]:
    """Valid :class:`~itu_tcb.Activity` records."""
    return records(RecordKind.ACTIVITY)  # type: ignore[return-value]


# ----------------------------------------------------------------- datasets


def datasets(max_records: int = 4) -> st.SearchStrategy[Dataset]:
    """Whole valid :class:`~itu_tcb.Dataset` values.

    At least one agency; up to ``max_records`` records of each kind. Ids are unique
    slugs, every reference resolves to a record of the right kind, and no key
    (id, name, code, acronym, alias, heading, label) normalises to the same text
    as another record's, so each record answers :meth:`~itu_tcb.Dataset.lookup`
    by any of its keys. Some datasets say that up to three of their records come
    from another document (:attr:`~itu_tcb.Dataset.provenance`, as after a merge);
    those are of schema version 1.2.
    """
    if max_records < 1:
        raise ValueError(f"max_records must be 1 or more, not {max_records}")

    @st.composite
    def strategy(draw: st.DrawFn) -> Dataset:
        pool = _Pool()
        d = _Draw(draw, pool)
        groups: dict[RecordKind, list[Record]] = {}
        for kind in RecordKind:
            low = 1 if kind is RecordKind.AGENCY else 0
            built: list[Record] = []
            for _ in range(draw(st.integers(low, max_records))):
                try:
                    built.append(d.record(kind))
                except _NoTarget:
                    break  # nothing (left) to refer to: no more records of this kind
            pool.ids[kind].extend(r.id for r in built)
            pool.agency_of.update((r.id, r.agency) for r in built if hasattr(r, "agency"))
            groups[kind] = built
        ids = [r.id for built in groups.values() for r in built]
        # Some records may come from another document (as after a merge): provenance.
        taken = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
        provenance = dict.fromkeys(taken, draw(metadata())) if taken else {}
        return Dataset.from_collections(
            groups,
            metadata=draw(metadata()),
            # Every version reads every field and value of records (see "Versions" in
            # docs/format.md); provenance needs its own.
            schema_version=(
                PROVENANCE_VERSION if provenance else draw(st.sampled_from(SCHEMA_VERSIONS))
            ),
            provenance=provenance,
        )

    return strategy()


# ------------------------------------------------- Hypothesis's type registry


@cache
def _type_strategies() -> dict[type[Any], st.SearchStrategy[Any]]:
    """The strategy for each type of the package: its records, values and datasets.

    ``st.from_type`` finds them through the ``hypothesis`` entry point
    (:func:`itu_tcb._hypothesis._hypothesis_setup_hook`).
    """
    registered: dict[type[Any], st.SearchStrategy[Any]] = {
        cls: records(kind) for kind, cls in RECORD_TYPES.items()
    }
    registered[Record] = st.one_of([records(kind) for kind in RecordKind])
    registered.update(
        {
            Link: links(),
            SourceRef: source_refs(),
            Count: counts(),
            MemberCount: member_counts(),
            TargetGroup: target_groups(),
            DriverOfChange: drivers_of_change(),
            Source: sources(),
            Metadata: metadata(),
            Provenance: _values(Provenance),
            Dataset: datasets(),
        }
    )
    return registered
