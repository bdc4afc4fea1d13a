"""``Dataset``: the immutable whole, with its integrity checks, indexes and lookups.

A dataset is built in one of two ways, both through the one pipeline
(``_pipeline``): from an :class:`~._pipeline.Outcome` that has passed the checks
already (loading and merging), or directly in Python (``Dataset(...)``), which runs
the same checks on the records given. Merging (:func:`merge`) lives here, since
its result is a dataset; reading documents is the pipeline's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, overload

import attrs

from . import _integrity, _pipeline
from ._keys import key_texts, scopes, texts_of
from ._lookup import MIN_SCORE, Index, Match, check_min_score
from ._normalize import normalize
from .errors import AmbiguousKeyError, DataError, NotFoundError
from .models import (
    PROVENANCE_VERSION,
    RECORD_TYPES,
    SCHEMA_VERSIONS,
    Activity,
    ActivityCategory,
    Agency,
    Event,
    Initiative,
    Membership,
    Metadata,
    Partnership,
    Programme,
    Provenance,
    Record,
    RecordKind,
    Sector,
)
from .report import Problem, Report, Severity

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from ._input import Input

__all__ = ["Dataset", "Match", "merge"]

T = TypeVar("T")
R = TypeVar("R", bound=Record)


def _require_str(key: object, what: str) -> str:
    if not isinstance(key, str):
        raise TypeError(f"{what} must be a string, not {type(key).__name__}")
    return key


def _read_only(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


def _read_only_metadata(mapping: Mapping[str, Metadata]) -> Mapping[str, Metadata]:
    return MappingProxyType(dict(mapping))


def _check_collection(kind: RecordKind, records: object) -> None:
    """Raise :class:`TypeError` unless ``records`` is a tuple of ``kind``'s records."""
    expected = RECORD_TYPES[kind]
    if not isinstance(records, tuple):
        raise TypeError(
            f"{kind.collection} must be a tuple of {expected.__name__} records, "
            f"not {type(records).__name__}"
        )
    for position, record in enumerate(records):
        if not isinstance(record, expected):
            raise TypeError(
                f"{kind.collection} holds {type(record).__name__}, not {expected.__name__}, "
                f"at position {position}"
            )


def _a(cls: type) -> str:
    name = cls.__name__
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def _require(value: object, accepted: tuple[type, ...], method: str) -> None:
    """Raise :class:`TypeError` naming the accepted types unless ``value`` is one."""
    if not isinstance(value, accepted):
        names = [_a(cls) for cls in accepted]
        choices = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        raise TypeError(f"{method}() takes {choices}, not {type(value).__name__}")


#: The records that belong to an agency (what :meth:`Dataset.agency_of` takes).
_OWNED = (Sector, Programme, Initiative, Partnership, Membership, Event, ActivityCategory, Activity)


def _restore(
    schema_version: str,
    metadata: Metadata,
    collections: dict[str, Any],
    origin: str,
    record_origins: dict[str, str],
    provenance: dict[str, Metadata] | None = None,
) -> Dataset:
    """Rebuild a pickled or copied :class:`Dataset` (its checks run again)."""
    return Dataset(
        schema_version=schema_version,
        metadata=metadata,
        origin=origin,
        record_origins=record_origins,
        provenance=provenance or {},
        **collections,
    )


@attrs.frozen(kw_only=True, eq=False)
class Dataset:
    """A whole, checked document: records by kind, in document order.

    Building one runs every integrity check; a dataset with an error raises
    :class:`~itu_tcb.DataError`, so any ``Dataset`` you hold is consistent.
    Warnings are kept in :attr:`warnings`. Lookups use maps and indexes built once,
    on first use. Two datasets are equal when their schema version, metadata, records
    and provenance are equal (where the data was read from, ``origin``, is not
    compared).
    """

    schema_version: str = SCHEMA_VERSIONS[-1]
    metadata: Metadata
    agencies: tuple[Agency, ...] = ()
    sectors: tuple[Sector, ...] = ()
    programmes: tuple[Programme, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    partnerships: tuple[Partnership, ...] = ()
    memberships: tuple[Membership, ...] = ()
    events: tuple[Event, ...] = ()
    categories: tuple[ActivityCategory, ...] = ()
    activities: tuple[Activity, ...] = ()
    #: Where the data came from (a file path, or a label such as ``<bundled>``).
    origin: str = "<memory>"
    #: Where each record came from, by id, where that differs from ``origin``.
    record_origins: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only)
    #: The metadata of the document each record comes from, by id, where that is not
    #: :attr:`metadata` (the records a merge took from its later parts; see
    #: :meth:`metadata_of`). An entry equal to :attr:`metadata` is dropped.
    provenance: Mapping[str, Metadata] = attrs.field(factory=dict, converter=_read_only_metadata)
    warnings: tuple[Problem, ...] = attrs.field(init=False)
    _records: tuple[Record, ...] = attrs.field(init=False, repr=False)
    _index: Index[Record] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Check a dataset built directly: the same pipeline checks as a load."""
        if not isinstance(self.schema_version, str):
            raise TypeError(
                f"schema_version must be a string, not {type(self.schema_version).__name__}"
            )
        if self.schema_version not in SCHEMA_VERSIONS:
            supported = ", ".join(repr(v) for v in SCHEMA_VERSIONS)
            raise ValueError(
                f"schema_version {self.schema_version!r} is not supported; "
                f"this library reads {supported}"
            )
        if not isinstance(self.metadata, Metadata):
            raise TypeError(f"metadata must be a Metadata, not {type(self.metadata).__name__}")
        if not isinstance(self.origin, str):
            raise TypeError(f"origin must be a string, not {type(self.origin).__name__}")
        order = SCHEMA_VERSIONS.index
        if self.provenance and order(self.schema_version) < order(PROVENANCE_VERSION):
            raise ValueError(
                f"provenance needs schema_version {PROVENANCE_VERSION!r} or later, "
                f"not {self.schema_version!r}"
            )
        for kind in RecordKind:
            _check_collection(kind, self.collection(kind))
        outcome = _pipeline.combine([self._part()])
        if not outcome.buildable:
            raise DataError(Report(self.origin, outcome.problems))
        self._finish(outcome.problems)

    @classmethod
    def _build(cls, outcome: _pipeline.Outcome) -> Dataset:
        """A dataset from an outcome that passed the checks (they do not run again)."""
        if not outcome.buildable:  # pragma: no cover - the callers check first
            raise DataError(Report(outcome.label, outcome.problems))
        dataset = cls.__new__(cls)
        setter = object.__setattr__
        setter(dataset, "schema_version", outcome.schema_version)
        setter(dataset, "metadata", outcome.metadata)
        for kind, records in outcome.collections.items():
            setter(dataset, kind.collection, records)
        setter(dataset, "origin", outcome.label)
        origins = {i: where for i, where in outcome.origins.items() if where != outcome.label}
        setter(dataset, "record_origins", _read_only(origins))
        setter(dataset, "provenance", _read_only_metadata(outcome.provenance))
        dataset._finish(outcome.problems)
        return dataset

    def _part(self) -> _pipeline.Part:
        """This dataset as a part of the pipeline (to check it, or to merge it)."""
        return _pipeline.Part(
            label=self.origin,
            schema_version=self.schema_version,
            metadata=self.metadata,
            collections=self.collections(),
            origins=self.record_origins,
            provenance=self.provenance,
        )

    def _finish(self, warnings: tuple[Problem, ...]) -> None:
        """Set the derived fields: warnings, records in order and the index (built
        on first use, as are the maps below)."""
        records = tuple(r for kind in RecordKind for r in self.collection(kind))
        setter = object.__setattr__
        setter(self, "warnings", tuple(p for p in warnings if p.severity is Severity.WARNING))
        setter(self, "_records", records)
        for record_id, where in self.record_origins.items():
            if not isinstance(where, str):
                raise TypeError(f"record_origins[{record_id!r}] must be a string, not {where!r}")
            if record_id not in self._by_id:
                raise ValueError(f"record_origins names {record_id!r}, which no record here has")
        for record_id, metadata in self.provenance.items():
            if not isinstance(record_id, str):
                raise TypeError(f"provenance keys are record ids (strings), not {record_id!r}")
            if not isinstance(metadata, Metadata):
                raise TypeError(
                    f"provenance[{record_id!r}] must be a Metadata, not {type(metadata).__name__}"
                )
            if record_id not in self._by_id:
                raise ValueError(f"provenance names {record_id!r}, which no record here has")
        if any(m == self.metadata for m in self.provenance.values()):
            kept = {i: m for i, m in self.provenance.items() if m != self.metadata}
            setter(self, "provenance", _read_only_metadata(kept))
        setter(self, "_index", Index(records, key_texts, texts_of))

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self._records}

    @cached_property
    def _referrers(self) -> dict[tuple[RecordKind, str, str], tuple[Record, ...]]:
        referrers: dict[tuple[RecordKind, str, str], list[Record]] = {}
        for holder, field, _ in _integrity.REFERENCES:
            for record in self.collection(holder):
                for target in _integrity.targets(record, field):
                    referrers.setdefault((holder, field, target), []).append(record)
        return {k: tuple(v) for k, v in referrers.items()}

    @cached_property
    def _scopes(self) -> list[str]:
        """The agency id of each record, in the order of ``_records`` (``_keys.scopes``)."""
        return scopes(self._records)

    @classmethod
    def from_collections(
        cls,
        collections: Mapping[Any, Iterable[Record]],
        *,
        metadata: Metadata,
        schema_version: str = SCHEMA_VERSIONS[-1],
        origin: str = "<memory>",
        record_origins: Mapping[str, str] | None = None,
        provenance: Mapping[str, Metadata] | None = None,
    ) -> Dataset:
        """Build a dataset from records grouped by kind (missing kinds are empty).

        ``kind`` keys are :class:`RecordKind` values or their names; each group is
        any iterable of that kind's records (the dataset checks their classes).
        """
        groups: dict[str, Any] = {}
        for kind, records in collections.items():
            name = RecordKind.parse(kind).collection
            if name in groups:
                raise ValueError(f"{name} is given twice (as {kind!r} and once before)")
            groups[name] = tuple(records)
        return cls(
            schema_version=schema_version,
            metadata=metadata,
            origin=origin,
            record_origins=record_origins or {},
            provenance=provenance or {},
            **groups,
        )

    # ------------------------------------------------------------ whole

    def collection(self, kind: RecordKind | str) -> tuple[Record, ...]:
        """The records of one kind, by :class:`RecordKind` or its name (see
        :meth:`RecordKind.parse`)."""
        records: tuple[Record, ...] = getattr(self, RecordKind.parse(kind).collection)
        return records

    def collections(self) -> dict[RecordKind, tuple[Record, ...]]:
        """Every kind's records, in the order of :class:`RecordKind`."""
        return {kind: self.collection(kind) for kind in RecordKind}

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, item: object) -> bool:
        """A key that some record answers to, or a record of this dataset."""
        if isinstance(item, Record):
            return self._by_id.get(item.id) == item
        return isinstance(item, str) and self._index.resolve(item) is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self.schema_version == other.schema_version
            and self.metadata == other.metadata
            and self._records == other._records
            and self.provenance == other.provenance
        )

    def __hash__(self) -> int:
        provenance = frozenset(self.provenance.items())
        return hash((self.schema_version, self.metadata, self._records, provenance))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (and deepcopy) the fields only: the rebuilt dataset runs its checks
        # again and builds its own indexes (which hold a lock) when first used.
        collections = {kind.collection: self.collection(kind) for kind in RecordKind}
        fields = (
            self.metadata,
            collections,
            self.origin,
            dict(self.record_origins),
            dict(self.provenance),
        )
        return (_restore, (self.schema_version, *fields))

    def __copy__(self) -> Dataset:
        return self  # immutable: a shallow copy may be the dataset itself, as for a tuple

    def __repr__(self) -> str:
        from ._html import count  # only for a repr: not imported with the dataset

        counts = ", ".join(f"{k.collection}={len(self.collection(k))}" for k in RecordKind)
        warned = f"; {count(len(self.warnings), 'warning')}" if self.warnings else ""
        return f"<Dataset {self.metadata.title!r} from {self.origin}: {counts}{warned}>"

    def origin_of(self, record: Record | str) -> str:
        """The document a record (or id) came from."""
        _require(record, (Record, str), "origin_of")
        record_id = record if isinstance(record, str) else record.id
        if record_id not in self._by_id:
            raise NotFoundError(record_id)
        return self.record_origins.get(record_id, self.origin)

    def metadata_of(self, record: Record | str) -> Metadata:
        """The metadata of the document a record (or id) comes from: its source,
        citation and data version. That is :attr:`metadata` except for the records
        a merge took from a document of other metadata (see :attr:`provenance`)."""
        _require(record, (Record, str), "metadata_of")
        record_id = record if isinstance(record, str) else record.id
        if record_id not in self._by_id:
            raise NotFoundError(record_id)
        return self.provenance.get(record_id, self.metadata)

    def documents(self) -> tuple[Metadata, ...]:
        """The metadata of every document the records come from, without repeats:
        :attr:`metadata` first, then the others in the order of their first record."""
        found = dict.fromkeys([self.metadata])
        for record in self._records:
            if (given := self.provenance.get(record.id)) is not None:
                found.setdefault(given)
        return tuple(found)

    def merge(self, *others: Dataset | Input, replace: Iterable[str] | str = ()) -> Dataset:
        """A new dataset: this one's records, then those of ``others``.

        A clash (an id, or a name or alias, defined twice) raises
        :class:`~itu_tcb.DataError` listing every one; ``replace`` names the ids
        that a later part may redefine. See :func:`itu_tcb.merge`.
        """
        return merge(self, *others, replace=replace)

    # ---------------------------------------------------------- lookups

    @overload
    def get(self, key: str, *, agency: Agency | str | None = None) -> Record | None: ...
    @overload
    def get(self, key: str, default: T, *, agency: Agency | str | None = None) -> Record | T: ...

    def get(self, key: str, default: Any = None, *, agency: Agency | str | None = None) -> Any:
        """The record answering to ``key`` (an id, code, acronym, name or alias).

        Case, accents, apostrophes, hyphens, extra spaces and a leading "the" are
        ignored. Returns ``default`` when no record answers. A key that several
        records share (records of different agencies may) raises
        :class:`~itu_tcb.AmbiguousKeyError` listing them, as :meth:`lookup` does:
        returning one would be a guess, and returning ``default`` would say that
        none answers. A record's id, exactly as written, always names that record,
        even where another record's name or alias reads the same (ids are unique
        across a dataset). ``agency`` (an :class:`~itu_tcb.Agency` of this dataset, its
        id, or its acronym or name) looks only among that agency's records: the agency itself, its
        sectors, programmes, initiatives, partnerships, membership, events,
        categories and their activities; an agency this dataset does not hold
        raises :class:`~itu_tcb.NotFoundError` (its ``what`` is ``"agency"``).
        """
        if agency is None and type(key) is str:  # the common case, kept cheap
            position = self._index.resolve(key)
            if type(position) is int:
                return self._records[position]
            if position is None:
                return default
        found = self._find(_require_str(key, "key"), self._scope(agency))
        return default if found is None else found

    def lookup(self, key: str, *, agency: Agency | str | None = None) -> Record:
        """Like :meth:`get`, but raises :class:`~itu_tcb.NotFoundError` naming
        the closest records when nothing answers."""
        if agency is None and type(key) is str:  # the common case, kept cheap (as in get)
            position = self._index.resolve(key)
            if type(position) is int:
                return self._records[position]
        scope = self._scope(agency)
        found = self._find(_require_str(key, "key"), scope)
        if found is not None:
            return found
        close = self._index.search(key, 3, keep=self._keep(scope)) if key.strip() else []
        titles = tuple(m.record.title for m in close)
        if scope is None:
            raise NotFoundError(key, titles)
        resolved = self._index.resolve(key)
        positions = [resolved] if isinstance(resolved, int) else list(resolved or ())
        agencies = [self._scopes[i] for i in positions]
        if (exact := self._by_id.get(key)) is not None:
            agencies.insert(0, self.agency_id_of(exact))
        elsewhere = tuple(dict.fromkeys(agencies))
        raise NotFoundError(key, titles, scope=scope, elsewhere=elsewhere)

    def _find(self, key: str, scope: str | None) -> Record | None:
        """The one record answering to ``key`` (in ``scope``, if given), ``None`` if
        none does; :class:`AmbiguousKeyError` if several do. An id, exactly as
        written, names its record: ids are unique across a dataset, so another
        record's name or alias that reads the same never makes it ambiguous."""
        exact = self._by_id.get(key)
        if exact is not None and (scope is None or self.agency_id_of(exact) == scope):
            return exact
        found = self._index.resolve(key)
        if found is None:
            return None
        if isinstance(found, int):
            return self._records[found] if scope is None or self._scopes[found] == scope else None
        owners = [i for i in found if scope is None or self._scopes[i] == scope]
        if not owners:
            return None
        if len(owners) == 1:
            return self._records[owners[0]]
        raise AmbiguousKeyError(key, tuple((self._records[i], self._scopes[i]) for i in owners))

    def _scope(self, agency: Agency | str | None) -> str | None:
        """The agency id a lookup is scoped to (``None``: the whole dataset)."""
        if agency is None:
            return None
        if not isinstance(agency, (Agency, str)):
            raise TypeError(f"agency must be an Agency or its id, not {type(agency).__name__}")
        if isinstance(agency, Agency):
            if self._by_id.get(agency.id) != agency:
                error = NotFoundError(agency.id, (), "agency")
                error.args = (f"this dataset does not hold the agency record {agency.id!r} given",)
                raise error
            return agency.id
        agency_id = agency
        held = self._by_id.get(agency_id)
        if held is None and agency_id.strip():
            # Not an id: the agency's acronym or name (among agencies only; a key that
            # two agencies share raises AmbiguousKeyError, listing both).
            held = self._agency_by_key(agency_id)
        if isinstance(held, Agency):
            return held.id
        ids = Index([a.id for a in self.agencies], _itself, _nothing)
        close = ids.search(agency_id, 3) if agency_id.strip() else []
        raise NotFoundError(agency_id, tuple(m.record for m in close), "agency")

    def _agency_by_key(self, key: str) -> Agency | None:
        """The one agency answering to ``key`` (an acronym or a name), ``None`` if no
        agency does; :class:`AmbiguousKeyError` if several do."""
        found = self._index.resolve(key)
        positions = (found,) if isinstance(found, int) else (found or ())
        agencies = [r for i in positions if isinstance(r := self._records[i], Agency)]
        if len(agencies) > 1:
            raise AmbiguousKeyError(key, tuple((a, a.id) for a in agencies))
        return agencies[0] if agencies else None

    def _keep(self, scope: str | None) -> Callable[[int], bool] | None:
        if scope is None:
            return None
        of = self._scopes
        return lambda position: of[position] == scope

    def agency_id_of(self, record: Record) -> str:
        """The id of the agency whose records ``record`` is among: an agency's own
        id, else that of :meth:`agency_of`. Keys are unambiguous among one agency's
        records; records of different agencies may share them."""
        _require(record, (Record,), "agency_id_of")
        if isinstance(record, Agency):
            if self._by_id.get(record.id) != record:
                error = NotFoundError(record.id)
                error.args = (f"this dataset does not hold the agency record {record.id!r} given",)
                raise error
            return record.id
        return self.agency_of(record).id  # type: ignore[arg-type]

    def profiles(self) -> tuple[Agency, ...]:
        """The agencies whose profiles the dataset holds, in order: those with
        records of their own (sectors, programmes, categories, ...), not only named
        as partners. The bundled data holds one, ITU's; a merge may hold several."""
        owning = {
            scope
            for scope, record in zip(self._scopes, self._records, strict=True)
            if not isinstance(record, Agency)
        }
        return tuple(a for a in self.agencies if a.id in owning)

    def search(
        self,
        text: str,
        limit: int = 10,
        *,
        agency: Agency | str | None = None,
        min_score: float = MIN_SCORE,
    ) -> list[Match[Record]]:
        """Records ranked by how well they match ``text``, best first.

        Names, codes, acronyms and aliases are matched with tolerance for typos;
        descriptions and other text fields by whole words. Each :class:`Match`
        has a ``score`` from 0 to 1; an exact match scores 1 and comes first (every
        record that shares the key, when several do). ``agency`` keeps the results
        to that agency's records (see :meth:`get`). Matches scoring below
        ``min_score`` (from 0 to 1) are left out, and up to ``limit`` of the others
        are returned. The default floor keeps names with a typo or two and a single
        word found in a description, and drops names that merely share some letters
        with the query; ``min_score=0`` keeps every match.
        """
        _require_str(text, "search text")
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an integer, not {type(limit).__name__}")
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        floor = check_min_score(min_score)
        scope = self._scope(agency)
        if not normalize(text):  # what the index compares: nothing left to match
            raise ValueError("search text is empty: give at least one letter or digit")
        return self._index.search(text, limit, keep=self._keep(scope), min_score=floor)

    # ------------------------------------------------------- navigation

    def _one(self, record_id: str | None, cls: type[R]) -> R | None:
        found = None if record_id is None else self._by_id.get(record_id)
        return found if isinstance(found, cls) else None

    def _many(self, kind: RecordKind, field: str, target: Record, cls: type[R]) -> tuple[R, ...]:
        found = self._referrers.get((kind, field, target.id), ())
        return tuple(r for r in found if isinstance(r, cls))

    def agency_of(
        self,
        record: Sector
        | Programme
        | Initiative
        | Partnership
        | Membership
        | Event
        | ActivityCategory
        | Activity,
    ) -> Agency:
        """The agency a record belongs to (an activity's through its category)."""
        _require(record, _OWNED, "agency_of")
        if isinstance(record, Activity):
            record = self.category_of(record)
        found = self._one(record.agency, Agency)
        if found is None:
            raise self._foreign(record, "agency", record.agency)
        return found

    def category_of(self, activity: Activity) -> ActivityCategory:
        """The category (group) an activity is listed in."""
        _require(activity, (Activity,), "category_of")
        found = self._one(activity.category, ActivityCategory)
        if found is None:
            raise self._foreign(activity, "category", activity.category)
        return found

    @staticmethod
    def _foreign(record: Record, field: str, target: str) -> NotFoundError:
        """For a record from elsewhere whose reference this dataset cannot resolve."""
        error = NotFoundError(target)
        error.args = (
            f"{type(record).__name__} {record.id!r} refers to {field} {target!r}, "
            "which this dataset does not hold",
        )
        return error

    def activities_in(self, category: ActivityCategory) -> tuple[Activity, ...]:
        """A category's activities, in document order."""
        _require(category, (ActivityCategory,), "activities_in")
        return self._many(RecordKind.ACTIVITY, "category", category, Activity)

    def programme_of(self, initiative: Initiative) -> Programme | None:
        """The programme an initiative belongs to, if any."""
        _require(initiative, (Initiative,), "programme_of")
        return self._one(initiative.programme, Programme)

    def sectors_of(self, agency: Agency) -> tuple[Sector, ...]:
        """An agency's sectors."""
        _require(agency, (Agency,), "sectors_of")
        return self._many(RecordKind.SECTOR, "agency", agency, Sector)

    def programmes_of(self, agency: Agency) -> tuple[Programme, ...]:
        """An agency's programmes."""
        _require(agency, (Agency,), "programmes_of")
        return self._many(RecordKind.PROGRAMME, "agency", agency, Programme)

    def initiatives_of(self, agency: Agency | Programme) -> tuple[Initiative, ...]:
        """The initiatives of an agency, or of a programme."""
        _require(agency, (Agency, Programme), "initiatives_of")
        field = "programme" if isinstance(agency, Programme) else "agency"
        return self._many(RecordKind.INITIATIVE, field, agency, Initiative)

    def partnerships_of(self, agency: Agency) -> tuple[Partnership, ...]:
        """The partnerships an agency leads."""
        _require(agency, (Agency,), "partnerships_of")
        return self._many(RecordKind.PARTNERSHIP, "agency", agency, Partnership)

    def partners_of(self, agency: Agency) -> tuple[Agency, ...]:
        """The agencies named as partners in an agency's partnerships, in order."""
        _require(agency, (Agency,), "partners_of")
        seen: dict[str, Agency] = {}
        for partnership in self.partnerships_of(agency):
            for partner_id in partnership.partners:
                partner = self._one(partner_id, Agency)
                if partner is not None:
                    seen.setdefault(partner_id, partner)
        return tuple(seen.values())

    def membership_of(self, agency: Agency) -> Membership | None:
        """An agency's membership record, if the data has one."""
        _require(agency, (Agency,), "membership_of")
        found = self._many(RecordKind.MEMBERSHIP, "agency", agency, Membership)
        return found[0] if found else None

    def events_of(self, record: Agency | Sector | Partnership) -> tuple[Event, ...]:
        """The events of an agency, a sector or a partnership."""
        _require(record, (Agency, Sector, Partnership), "events_of")
        field = "sector" if isinstance(record, Sector) else "agency"
        if isinstance(record, Partnership):
            field = "partnership"
        return self._many(RecordKind.EVENT, field, record, Event)

    def categories_of(self, agency: Agency) -> tuple[ActivityCategory, ...]:
        """An agency's activity categories, in order."""
        _require(agency, (Agency,), "categories_of")
        return self._many(RecordKind.CATEGORY, "agency", agency, ActivityCategory)

    # ----------------------------------------------------------- tables

    def to_document(self) -> dict[str, Any]:
        """The dataset in the document format: plain dicts, lists, strings, numbers,
        booleans and ``None``, keys in the order the format writes them (the kinds in
        the order of :class:`RecordKind`, each record's fields in the order the model
        declares them). :func:`itu_tcb.load` reads it back to an equal dataset;
        ``json.dumps`` writes it as a document."""
        from ._convert import CONVERTER  # imports cattrs: only when a document is written

        document: dict[str, Any] = {
            "schema_version": self.schema_version,
            "metadata": CONVERTER.unstructure(self.metadata),
        }
        for kind in RecordKind:
            document[kind.collection] = [CONVERTER.unstructure(r) for r in self.collection(kind)]
        if self.provenance:
            document["provenance"] = [CONVERTER.unstructure(p) for p in self._provenance()]
        return document

    def _provenance(self) -> list[Provenance]:
        """:attr:`provenance` as the document writes it: one entry per document, in the
        order of :meth:`documents`, each with its records' ids in dataset order."""
        grouped: dict[Metadata, list[str]] = {}
        for record in self._records:
            if (given := self.provenance.get(record.id)) is not None:
                grouped.setdefault(given, []).append(record.id)
        return [Provenance(metadata=m, records=tuple(ids)) for m, ids in grouped.items()]

    def to_records(self, kind: RecordKind | str) -> list[dict[str, Any]]:
        """One flat dict per row of a table, in document order.

        ``kind`` names a table: a kind's (a :class:`RecordKind` or its name,
        ``"activities"``) or a list's (``"membership_counts"``). Enums are plain
        strings, references also carry the name of what they point to, and list
        fields are lists: see :mod:`itu_tcb.tables` for every table and column rule.
        """
        from .tables import to_records

        return to_records(self, kind)

    def to_dataframe(self, kind: RecordKind | str) -> pandas.DataFrame:
        """A table as a pandas DataFrame with declared dtypes (the rows of
        :meth:`to_records`; integers ``Int64``, text ``string``, enums ``category``).

        Needs the optional extra: ``pip install 'itu-tcb[pandas]'``.
        """
        from .tables import to_dataframe

        return to_dataframe(self, kind)

    def to_dataframes(self) -> dict[str, pandas.DataFrame]:
        """Every table as a DataFrame, by table name (see :meth:`to_dataframe`)."""
        from .tables import to_dataframes

        return to_dataframes(self)

    def to_arrow(self, kind: RecordKind | str) -> pyarrow.Table:
        """A table as a :class:`pyarrow.Table` with an explicit schema.

        Needs the optional extra: ``pip install 'itu-tcb[arrow]'``.
        """
        from ._arrow import to_arrow

        return to_arrow(self, kind)

    def _repr_html_(self) -> str:
        """A compact HTML summary for Jupyter: title, records per kind, source."""
        from ._html import dataset_html

        return dataset_html(self)


def _itself(text: str) -> tuple[str]:
    return (text,)


def _nothing(_: str) -> tuple[str, ...]:
    return ()


def merge(*parts: Dataset | Input, replace: Iterable[str] | str = ()) -> Dataset:
    """Combine datasets (or documents) into a new :class:`Dataset`.

    - Parts are combined in order; each record keeps its position in the first part
      that defines its id, and records of later parts follow.
    - A clash is an error, never a silent overwrite: an id that two parts define, or
      a name, code, acronym or alias that would then resolve to two records. Each is
      a :attr:`~itu_tcb.ProblemKind.CLASH` at the later part's own path, naming its
      part (``Problem.source``) and the other part and path in its message.
    - ``replace`` names the ids that a later part may redefine: the later record
      then takes the earlier one's place (same kind only). Each id named must be
      defined by an earlier part and redefined by a later one, else that too is an
      error.
    - A part may be a ``Dataset`` or a document (a path, bytes, text or mapping, as
      :func:`itu_tcb.load` takes); a document's problems are reported at its own
      paths under its own label. References may point at records of other parts.
    - Every part gets a distinct label (``"<bytes> (part 2)"`` where two would be
      alike), nested merges included. The merged dataset takes the ``metadata`` of
      the first part and the latest ``schema_version`` of all parts (at least
      ``"1.2"`` when it keeps provenance); its ``origin`` names all parts
      (``"a + b"``), and :meth:`Dataset.origin_of` gives each record's document.
    - Provenance is kept: each record of a part whose metadata differs from the
      first's keeps that metadata (:meth:`Dataset.metadata_of`,
      :meth:`Dataset.documents`), through nested merges and
      :meth:`Dataset.to_document`, which writes it as the document's ``provenance``.

    Raises :class:`~itu_tcb.DataError` listing every problem, and
    :class:`TypeError` for no parts or a part of the wrong type.
    """
    if not parts:
        raise TypeError("merge() needs at least one dataset")
    replaceable = _ids(replace)
    taken = [p._part() if isinstance(p, Dataset) else _pipeline.read(p) for p in parts]
    outcome = _pipeline.combine(taken, replaceable)
    if not outcome.buildable:
        raise DataError(Report(outcome.label, outcome.problems))
    return Dataset._build(outcome)


def _ids(replace: Iterable[str] | str) -> frozenset[str]:
    if not isinstance(replace, (str, Iterable)):
        raise TypeError(
            f"replace must be a record id or a list of them, not {type(replace).__name__}"
        )
    items = (replace,) if isinstance(replace, str) else tuple(replace)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"replace must hold record ids (strings), not {type(item).__name__}")
    return frozenset(items)
