"""Hypothesis strategies for valid ``itu_tcb`` records and whole datasets.

For people testing code that consumes this data::

    from hypothesis import given
    from itu_tcb import strategies as its

    @given(its.datasets())
    def test_my_report(dataset):
        render(dataset)

Every value drawn is valid: each record passes the field rules of
:mod:`itu_tcb.models`, and each :class:`~itu_tcb.Dataset` passes the integrity
checks (unique slug ids, references that resolve to records of the right kind, and
no id, name, code, acronym or alias that a lookup could confuse with another
record's). Values survive :func:`itu_tcb.export.document_dict`, JSON and
:func:`itu_tcb.load` unchanged.

Hypothesis is an optional extra: ``pip install 'itu-tcb[hypothesis]'``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "itu_tcb.strategies needs Hypothesis; install it with pip install 'itu-tcb[hypothesis]'"
    ) from exc

import attrs

from ._lookup import normalize
from .dataset import SCHEMA_VERSIONS, Dataset
from .models import (
    RECORD_TYPES,
    Activity,
    ActivityCategory,
    Agency,
    AgencyKind,
    Count,
    DriverOfChange,
    DriverPeriod,
    Event,
    EventKind,
    Initiative,
    Link,
    MemberCount,
    Membership,
    Metadata,
    Partnership,
    PartnershipKind,
    Programme,
    Qualifier,
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
MAX_COUNT = 2**63 - 1

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
#: Any character that UTF-8 can hold (no lone surrogates).
#: Any character a text field may hold: encodable as UTF-8, and no control character
#: (category Cc: line breaks, tabs, NUL, DEL, ...), which the text rule refuses.
_CHARACTERS = st.characters(codec="utf-8", exclude_categories=["Cc"])


@cache
def _claim(key: str) -> str:
    """What a key claims in a dataset: its normalised form without spaces (lookups
    also match keys that way, so two records may not share it)."""
    return normalize(key).replace(" ", "")


def slugs() -> st.SearchStrategy[str]:
    """Record ids: lowercase ASCII letters and digits in hyphen-separated words."""
    return st.lists(_WORD, min_size=1, max_size=4).map("-".join)


@cache
def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-empty one-line text with no leading or trailing whitespace (any Unicode but
    surrogates and control characters)."""
    return st.text(alphabet=_CHARACTERS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


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
    ).filter(lambda value: bool(normalize(value)) and value == value.strip())


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@cache
def _unique_texts(max_size: int = 4) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(texts(), max_size=max_size, unique=True).map(tuple)


@cache
def links() -> st.SearchStrategy[Link]:
    """:class:`~itu_tcb.Link` values, some with a lost target (``url=None``)."""
    return st.builds(Link, label=texts(), url=_optional(texts()))


@cache
def source_refs() -> st.SearchStrategy[SourceRef]:
    """:class:`~itu_tcb.SourceRef` values: a section (or none) and a few links."""
    return st.builds(
        SourceRef,
        section=_optional(texts()),
        links=st.lists(links(), max_size=3).map(tuple),
    )


@cache
def counts() -> st.SearchStrategy[Count]:
    """:class:`~itu_tcb.Count` values: zero or more, with any qualifier."""
    return st.builds(Count, value=st.integers(0, MAX_COUNT), qualifier=st.sampled_from(Qualifier))


@cache
def member_counts() -> st.SearchStrategy[MemberCount]:
    """:class:`~itu_tcb.MemberCount` values."""
    return st.builds(MemberCount, category=texts(), count=counts())


@cache
def target_groups() -> st.SearchStrategy[TargetGroup]:
    """:class:`~itu_tcb.TargetGroup` values."""
    return st.builds(TargetGroup, name=texts(), level=_optional(texts()))


@cache
def drivers_of_change() -> st.SearchStrategy[DriverOfChange]:
    """:class:`~itu_tcb.DriverOfChange` values."""
    return st.builds(DriverOfChange, name=texts(), period=st.sampled_from(DriverPeriod))


@cache
def sources() -> st.SearchStrategy[Source]:
    """:class:`~itu_tcb.Source` values (the document a dataset comes from)."""
    return st.builds(
        Source,
        title=texts(),
        publisher=texts(),
        url=_optional(texts()),
        date=_optional(texts()),
        content_as_of=_optional(texts()),
    )


@cache
def metadata() -> st.SearchStrategy[Metadata]:
    """:class:`~itu_tcb.Metadata` values."""
    return st.builds(
        Metadata, title=texts(), data_version=texts(), source=sources(), citation=texts()
    )


# ------------------------------------------------------------------ records

#: How the drawn values of each record kind are filled in.
_Fill = Callable[["_Draw"], dict[str, Any]]


class _Draw:
    """Draws the fields of records: keys, references and the shared fields.

    On its own (``pool=None``) any valid value goes: references are any slugs and
    names any text. Inside a dataset, ids and keys come out unique after
    normalisation and references point at records already drawn.
    """

    def __init__(self, draw: st.DrawFn, pool: _Pool | None) -> None:
        self.draw = draw
        self.pool = pool

    def __call__(self, strategy: st.SearchStrategy[T]) -> T:
        return self.draw(strategy)

    def key(self) -> str:
        """A name, code, acronym or alias."""
        if self.pool is None:
            return self.draw(texts())
        used = self.pool.keys
        value = self.draw(_key_texts().filter(lambda v: _claim(v) not in used))
        used.add(_claim(value))
        return value

    def optional_key(self) -> str | None:
        return self.key() if self.draw(st.booleans()) else None

    def ref(self, kind: RecordKind) -> str:
        """The id of a record of ``kind``."""
        if self.pool is None:
            return self.draw(slugs())
        return self.draw(st.sampled_from(self.pool.ids[kind]))

    def optional_ref(self, kind: RecordKind, agency: str | None = None) -> str | None:
        """Maybe the id of a record of ``kind``; in a dataset, of ``agency`` if given."""
        if self.pool is None:
            return self.ref(kind) if self.draw(st.booleans()) else None
        choices = [
            i for i in self.pool.ids[kind] if agency is None or self.pool.agency_of[i] == agency
        ]
        if not choices or not self.draw(st.booleans()):
            return None
        return self.draw(st.sampled_from(choices))

    def refs(self, kind: RecordKind) -> tuple[str, ...]:
        """Distinct ids of records of ``kind``, in any order."""
        if self.pool is None:
            return tuple(self.draw(st.lists(slugs(), max_size=4, unique=True)))
        choices = self.pool.ids[kind]
        if not choices:
            return ()
        return tuple(self.draw(st.lists(st.sampled_from(choices), max_size=4, unique=True)))

    def common(self, cls: type[Record]) -> dict[str, Any]:
        """The fields every record has."""
        if self.pool is None:
            record_id = self.draw(slugs())
        else:
            used = self.pool.keys
            record_id = self.draw(slugs().filter(lambda v: _claim(v) not in used))
            used.add(_claim(record_id))
        aliases = tuple(dict.fromkeys(self.key() for _ in range(self.draw(st.integers(0, 2)))))
        return {
            "id": record_id,
            "description": self.draw(_optional(texts(80))),
            "aliases": aliases,
            "note": self.draw(_optional(texts())),
            "external_fields": self.draw(_field_names(cls.kind)),
            "source": self.draw(source_refs()),
        }


@cache
def _field_names(kind: RecordKind) -> st.SearchStrategy[tuple[str, ...]]:
    """Distinct names of a record's own fields, for ``external_fields``."""
    own = [
        f.name
        for f in attrs.fields(RECORD_TYPES[kind])
        if f.name not in ("id", "external_fields", "source")
    ]
    return st.lists(st.sampled_from(own), unique=True).map(tuple)


@attrs.define
class _Pool:
    """What a dataset under construction already holds."""

    keys: set[str] = attrs.field(factory=set)
    ids: dict[RecordKind, list[str]] = attrs.field(factory=lambda: {k: [] for k in RecordKind})
    #: The agency of each record drawn that has one.
    agency_of: dict[str, str] = attrs.field(factory=dict)
    #: Agencies that have a membership already.
    members: set[str] = attrs.field(factory=set)


def _agency(d: _Draw) -> dict[str, Any]:
    return {
        "acronym": d.optional_key(),
        "name": d.optional_key(),
        "agency_kind": d(st.sampled_from(AgencyKind)),
        "years_active": d(_optional(counts())),
        "functions": d(_unique_texts()),
        "technology_areas": d(_unique_texts()),
        "technology_areas_restated": d(_unique_texts()),
        "global_challenges": d(_unique_texts()),
        "commitment": d(_optional(texts())),
    }


def _sector(d: _Draw) -> dict[str, Any]:
    return {"code": d.key(), "name": d.key(), "agency": d.ref(RecordKind.AGENCY)}


def _programme(d: _Draw) -> dict[str, Any]:
    return {
        "name": d.key(),
        "agency": d.ref(RecordKind.AGENCY),
        "focus": d(_optional(texts())),
        "drivers_of_change": tuple(d(st.lists(drivers_of_change(), max_size=3))),
        "target_groups": tuple(d(st.lists(target_groups(), max_size=3))),
    }


def _initiative(d: _Draw) -> dict[str, Any]:
    # In a dataset, an initiative belongs to its programme's agency.
    programme = d.optional_ref(RecordKind.PROGRAMME)
    if programme is not None and d.pool is not None:
        agency = d.pool.agency_of[programme]
    else:
        agency = d.ref(RecordKind.AGENCY)
    return {"name": d.key(), "agency": agency, "programme": programme}


def _partnership(d: _Draw) -> dict[str, Any]:
    agency = d.ref(RecordKind.AGENCY)
    return {
        "name": d.key(),
        "partnership_kind": d(st.sampled_from(PartnershipKind)),
        "agency": agency,
        "parties": d(_unique_texts()),
        # Not its own agency: in a dataset, that is a warning.
        "partners": tuple(p for p in d.refs(RecordKind.AGENCY) if p != agency),
        "open_ended": d(st.booleans()),
    }


def _membership(d: _Draw) -> dict[str, Any]:
    if d.pool is None:
        agency = d.ref(RecordKind.AGENCY)
    else:  # one membership per agency
        free = [a for a in d.pool.ids[RecordKind.AGENCY] if a not in d.pool.members]
        agency = d(st.sampled_from(free))
        d.pool.members.add(agency)
    return {
        "agency": agency,
        "counts": tuple(d(st.lists(member_counts(), max_size=3))),
        "member_kinds": d(_unique_texts()),
    }


def _event(d: _Draw) -> dict[str, Any]:
    # In a dataset, an event's sector and partnership belong to its agency.
    agency = d.ref(RecordKind.AGENCY)
    return {
        "name": d.key(),
        "event_kind": d(st.sampled_from(EventKind)),
        "agency": agency,
        "sector": d.optional_ref(RecordKind.SECTOR, agency),
        "partnership": d.optional_ref(RecordKind.PARTNERSHIP, agency),
        "participants": d(_unique_texts()),
    }


def _category(d: _Draw) -> dict[str, Any]:
    return {
        "agency": d.ref(RecordKind.AGENCY),
        "heading": d.optional_key(),
        "project_label": d.optional_key(),
    }


def _activity(d: _Draw) -> dict[str, Any]:
    return {
        "name": d.key(),
        "acronym": d.optional_key(),
        "category": d.ref(RecordKind.CATEGORY),
    }


_FILLS: dict[RecordKind, _Fill] = {
    RecordKind.AGENCY: _agency,
    RecordKind.SECTOR: _sector,
    RecordKind.PROGRAMME: _programme,
    RecordKind.INITIATIVE: _initiative,
    RecordKind.PARTNERSHIP: _partnership,
    RecordKind.MEMBERSHIP: _membership,
    RecordKind.EVENT: _event,
    RecordKind.CATEGORY: _category,
    RecordKind.ACTIVITY: _activity,
}


def _build(d: _Draw, kind: RecordKind) -> Record:
    cls = RECORD_TYPES[kind]
    return cls(**d.common(cls), **_FILLS[kind](d))


def records(kind: RecordKind | str) -> st.SearchStrategy[Record]:
    """Valid records of one kind (a :class:`~itu_tcb.RecordKind` or its name,
    such as ``"activities"``). References hold well-formed ids that point nowhere
    in particular; use :func:`datasets` for records whose references resolve."""
    record_kind = RecordKind(kind)

    @st.composite
    def strategy(draw: st.DrawFn) -> Record:
        return _build(_Draw(draw, None), record_kind)

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
    by any of its keys.
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
            if kind is RecordKind.ACTIVITY and not pool.ids[RecordKind.CATEGORY]:
                continue
            high = max_records
            if kind is RecordKind.MEMBERSHIP:  # at most one per agency
                high = min(high, len(pool.ids[RecordKind.AGENCY]))
            size = draw(st.integers(low, high))
            built = [_build(d, kind) for _ in range(size)]
            pool.ids[kind].extend(r.id for r in built)
            pool.agency_of.update((r.id, r.agency) for r in built if hasattr(r, "agency"))
            groups[kind] = built
        return Dataset.from_collections(
            groups, metadata=draw(metadata()), schema_version=SCHEMA_VERSIONS[-1]
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
            Dataset: datasets(),
        }
    )
    return registered
