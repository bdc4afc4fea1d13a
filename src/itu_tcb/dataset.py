"""``Dataset``, the immutable whole (checks, lookups, navigation, tables), and :func:`merge`.

Every dataset is built through the one pipeline (``_pipeline``), which runs the checks:
from a load's or a merge's outcome, or from records given in Python (``Dataset(...)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from attrs.exceptions import FrozenInstanceError

from . import _integrity, _pipeline
from ._lookup import Match
from ._lookups import Lookups, expect, kind_of
from ._rules import quote
from .errors import DataError
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

    from ._diff import Diff
    from ._input import Input

__all__ = ["Dataset", "Match", "diff", "merge"]

R = TypeVar("R", bound=Record)

_FIELDS = (
    "schema_version",
    "metadata",
    *(kind.collection for kind in RecordKind),
    "origin",
    "record_origins",
    "provenance",
    "warnings",
)


class Dataset(Lookups):
    """A whole, checked document: records by kind, in document order.

    Building one runs every integrity check; a dataset with an error raises
    :class:`~itu_tcb.DataError`, so any ``Dataset`` you hold is consistent. Warnings
    are kept in :attr:`warnings`. Lookups use maps and indexes built once, on first
    use. Two datasets are equal when their schema version, metadata, records and
    provenance are equal (where the data was read from, ``origin``, is not
    compared). A dataset is immutable: assigning to it raises
    :class:`attrs.exceptions.FrozenInstanceError`.
    """

    __slots__ = (*_FIELDS, "_records", "__dict__")

    schema_version: str
    metadata: Metadata
    agencies: tuple[Agency, ...]
    sectors: tuple[Sector, ...]
    programmes: tuple[Programme, ...]
    initiatives: tuple[Initiative, ...]
    partnerships: tuple[Partnership, ...]
    memberships: tuple[Membership, ...]
    events: tuple[Event, ...]
    categories: tuple[ActivityCategory, ...]
    activities: tuple[Activity, ...]
    #: Where the data came from (a file path, or a label such as ``<bundled>``).
    origin: str
    #: Where each record came from, by id, where that differs from ``origin``.
    record_origins: Mapping[str, str]
    #: The metadata of the document each record comes from, by id, where that is not
    #: :attr:`metadata` (the records a merge took from its later parts; see
    #: :meth:`metadata_of`).
    provenance: Mapping[str, Metadata]
    #: The problems of severity warning found when the dataset was checked.
    warnings: tuple[Problem, ...]

    def __init__(
        self,
        *,
        metadata: Metadata,
        schema_version: str = SCHEMA_VERSIONS[-1],
        agencies: Iterable[Agency] = (),
        sectors: Iterable[Sector] = (),
        programmes: Iterable[Programme] = (),
        initiatives: Iterable[Initiative] = (),
        partnerships: Iterable[Partnership] = (),
        memberships: Iterable[Membership] = (),
        events: Iterable[Event] = (),
        categories: Iterable[ActivityCategory] = (),
        activities: Iterable[Activity] = (),
        origin: str = "<memory>",
        record_origins: Mapping[str, str] | None = None,
        provenance: Mapping[str, Metadata] | None = None,
    ) -> None:
        """Build a dataset from records, running every check a load runs.

        Each collection is any iterable of its kind's records (kept as a tuple, in
        order). ``record_origins`` and ``provenance`` are as the attributes of the same
        names. Raises :class:`~itu_tcb.DataError` listing every problem, and
        :class:`TypeError` or :class:`ValueError` for an argument of the wrong kind.
        """
        given: tuple[Iterable[Record], ...] = (agencies, sectors, programmes, initiatives)
        given += (partnerships, memberships, events, categories, activities)
        collections = {k: _collection(k, g) for k, g in zip(RecordKind, given, strict=True)}
        expect(schema_version, str, "schema_version")
        if schema_version not in SCHEMA_VERSIONS:
            supported = ", ".join(repr(v) for v in SCHEMA_VERSIONS)
            raise ValueError(
                f"schema_version {quote(schema_version)} is not supported; "
                f"this library reads {supported}"
            )
        expect(metadata, Metadata, "metadata")
        expect(origin, str, "origin")
        origins = _mapping(record_origins, str, "record_origins")
        documents = _mapping(provenance, Metadata, "provenance")
        order = SCHEMA_VERSIONS.index
        if documents and order(schema_version) < order(PROVENANCE_VERSION):
            raise ValueError(
                f"provenance needs schema_version {PROVENANCE_VERSION!r} or later, "
                f"not {quote(schema_version)}"
            )
        part = _pipeline.Part(
            origin, schema_version, metadata, collections, origins=origins, provenance=documents
        )
        outcome = _pipeline.combine([part])
        if not outcome.buildable:
            raise DataError(Report(origin, outcome.problems))
        self._assemble(outcome)
        for name, held in (("record_origins", origins), ("provenance", documents)):
            unknown = [i for i in held if i not in self._by_id]
            if unknown:
                raise ValueError(f"{name} names {quote(unknown[0])}, which no record here has")

    @classmethod
    def _build(cls, outcome: _pipeline.Outcome) -> Dataset:
        """A dataset from an outcome that passed the checks (they do not run again)."""
        dataset = cls.__new__(cls)
        dataset._assemble(outcome)
        return dataset

    def _assemble(self, outcome: _pipeline.Outcome) -> None:
        label, metadata = outcome.label, outcome.metadata
        self._set(
            {
                "schema_version": outcome.schema_version,
                "metadata": metadata,
                **{kind.collection: outcome.collections[kind] for kind in RecordKind},
                "origin": label,
                "record_origins": {i: o for i, o in outcome.origins.items() if o != label},
                "provenance": {i: m for i, m in outcome.provenance.items() if m != metadata},
                "warnings": tuple(p for p in outcome.problems if p.severity is Severity.WARNING),
            }
        )

    def _set(self, values: Mapping[str, Any]) -> None:
        """Set every field from ``values`` (the two maps, dicts, seen read-only)."""
        for name in _FIELDS:
            value = values[name]
            if name in ("record_origins", "provenance"):
                value = MappingProxyType(value)
            object.__setattr__(self, name, value)
        records = tuple(r for kind in RecordKind for r in values[kind.collection])
        object.__setattr__(self, "_records", records)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError

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

        Each key is a :class:`RecordKind`, its name or its record class; each group is
        any iterable of that kind's records (the dataset checks their classes).
        """
        expect(collections, Mapping, "from_collections()")
        groups: dict[str, Any] = {}
        for kind, records in collections.items():
            name = kind_of(kind).collection
            if name in groups:
                raise ValueError(f"{name} is given twice (as {quote(kind)} and once before)")
            groups[name] = records
        return cls(
            schema_version=schema_version,
            metadata=metadata,
            origin=origin,
            record_origins=record_origins,
            provenance=provenance,
            **groups,
        )

    # ------------------------------------------------------------ whole

    @cached_property
    def _referrers(self) -> dict[tuple[RecordKind, str, str], list[Record]]:
        """The records that refer to each id, by their kind and the referring field."""
        referrers: dict[tuple[RecordKind, str, str], list[Record]] = {}
        for holder, field, _ in _integrity.REFERENCES:
            for record in self.collection(holder):
                for target in _integrity.targets(record, field):
                    referrers.setdefault((holder, field, target), []).append(record)
        return referrers

    def collection(self, kind: RecordKind | str | type[Record]) -> tuple[Record, ...]:
        """The records of one kind: a :class:`RecordKind`, its name or its class."""
        records: tuple[Record, ...] = getattr(self, kind_of(kind).collection)
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
        # Every attribute, as it is (the warnings keep their parts and paths); the
        # maps and indexes are built again on first use.
        state = {name: getattr(self, name) for name in _FIELDS}
        state.update(record_origins=dict(self.record_origins), provenance=dict(self.provenance))
        return (_restore, (state,))

    def __copy__(self) -> Dataset:
        return self  # immutable: a copy may be the dataset itself, as for a tuple

    def __deepcopy__(self, memo: dict[int, Any]) -> Dataset:
        return self  # immutable, and holds only immutable values

    def __repr__(self) -> str:
        from ._html import count  # only for a repr: not imported with the dataset

        counts = ", ".join(f"{k.collection}={len(self.collection(k))}" for k in RecordKind)
        warned = f"; {count(len(self.warnings), 'warning')}" if self.warnings else ""
        return f"<Dataset {self.metadata.title!r} from {self.origin}: {counts}{warned}>"

    def origin_of(self, record: Record | str) -> str:
        """The document a record (or id) of this dataset came from."""
        record_id = self._held(record, "origin_of")
        return self.record_origins.get(record_id, self.origin)

    def metadata_of(self, record: Record | str) -> Metadata:
        """The metadata of the document a record (or id) of this dataset comes from:
        its source, citation and data version. That is :attr:`metadata` except for
        the records a merge took from a document of other metadata (see
        :attr:`provenance`)."""
        return self.provenance.get(self._held(record, "metadata_of"), self.metadata)

    def documents(self) -> tuple[Metadata, ...]:
        """The metadata of every document the records come from, without repeats:
        :attr:`metadata` first, then the others in the order of their first record."""
        return (self.metadata, *self._documents())

    def _documents(self) -> dict[Metadata, list[str]]:
        """The ids of the records of each document other than :attr:`metadata`'s
        (which :attr:`provenance` never holds), in dataset order."""
        grouped: dict[Metadata, list[str]] = {}
        for record in self._records:
            if (given := self.provenance.get(record.id)) is not None:
                grouped.setdefault(given, []).append(record.id)
        return grouped

    def merge(self, *others: Dataset | Input, replace: Iterable[str] | str = ()) -> Dataset:
        """A new dataset: this one's records, then those of ``others`` (see
        :func:`itu_tcb.merge`)."""
        return merge(self, *others, replace=replace)

    def diff(self, other: Dataset) -> Diff:
        """What changed from this dataset to ``other``: the records added, removed and
        changed (matched by id; each changed field with its old and new value, and each
        key that stopped or started answering), and the changes of the schema version,
        the metadata and the documents records come from (see :class:`~itu_tcb.Diff`)."""
        return diff(self, other)

    def _part(self) -> _pipeline.Part:
        return _pipeline.Part(
            label=self.origin,
            schema_version=self.schema_version,
            metadata=self.metadata,
            collections=self.collections(),
            origins=self.record_origins,
            provenance=self.provenance,
        )

    # ------------------------------------------------------- navigation

    def _one(self, record_id: str | None, cls: type[R]) -> R | None:
        found = None if record_id is None else self._by_id.get(record_id)
        return found if isinstance(found, cls) else None

    def _many(self, cls: type[R], field: str, target: Record) -> tuple[R, ...]:
        found = self._referrers.get((cls.kind, field, target.id), ())
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
        record = self._own(record, _OWNED, "agency_of")
        if isinstance(record, Activity):
            record = self.category_of(record)
        found = self._one(record.agency, Agency)
        assert found is not None  # a dataset's references resolve
        return found

    def category_of(self, activity: Activity) -> ActivityCategory:
        """The category (group) an activity is listed in."""
        found = self._one(self._own(activity, Activity, "category_of").category, ActivityCategory)
        assert found is not None  # a dataset's references resolve
        return found

    def activities_in(self, category: ActivityCategory) -> tuple[Activity, ...]:
        """A category's activities, in document order."""
        held = self._own(category, ActivityCategory, "activities_in")
        return self._many(Activity, "category", held)

    def programme_of(self, initiative: Initiative) -> Programme | None:
        """The programme an initiative belongs to, if any."""
        return self._one(self._own(initiative, Initiative, "programme_of").programme, Programme)

    def sectors_of(self, agency: Agency) -> tuple[Sector, ...]:
        """An agency's sectors."""
        return self._many(Sector, "agency", self._own(agency, Agency, "sectors_of"))

    def programmes_of(self, agency: Agency) -> tuple[Programme, ...]:
        """An agency's programmes."""
        return self._many(Programme, "agency", self._own(agency, Agency, "programmes_of"))

    def initiatives_of(self, agency: Agency | Programme) -> tuple[Initiative, ...]:
        """The initiatives of an agency, or of a programme."""
        held = self._own(agency, (Agency, Programme), "initiatives_of")
        field = "programme" if isinstance(held, Programme) else "agency"
        return self._many(Initiative, field, held)

    def partnerships_of(self, agency: Agency) -> tuple[Partnership, ...]:
        """The partnerships of an agency (those whose ``agency`` it is)."""
        return self._many(Partnership, "agency", self._own(agency, Agency, "partnerships_of"))

    def partners_of(self, agency: Agency) -> tuple[Agency, ...]:
        """The agencies named as partners in an agency's partnerships, in order."""
        partnerships = self._many(Partnership, "agency", self._own(agency, Agency, "partners_of"))
        ids = dict.fromkeys(i for partnership in partnerships for i in partnership.partners)
        return tuple(a for i in ids if (a := self._one(i, Agency)) is not None)

    def membership_of(self, agency: Agency) -> Membership | None:
        """An agency's membership record, if the data has one."""
        found = self._many(Membership, "agency", self._own(agency, Agency, "membership_of"))
        return found[0] if found else None

    def events_of(self, record: Agency | Sector | Partnership) -> tuple[Event, ...]:
        """The events of an agency, a sector or a partnership."""
        held = self._own(record, (Agency, Sector, Partnership), "events_of")
        field = {Sector: "sector", Partnership: "partnership"}.get(type(held), "agency")
        return self._many(Event, field, held)

    def categories_of(self, agency: Agency) -> tuple[ActivityCategory, ...]:
        """An agency's activity categories, in order."""
        return self._many(ActivityCategory, "agency", self._own(agency, Agency, "categories_of"))

    # ----------------------------------------------------------- tables

    def to_document(self) -> dict[str, Any]:
        """The dataset in the document format: plain dicts, lists, strings, numbers,
        booleans and ``None``, keys in the order the format writes them.
        :func:`itu_tcb.load` reads it back to an equal dataset; ``json.dumps`` writes
        it as a document."""
        from ._convert import record_dict  # imports cattrs: only when a document is written

        document: dict[str, Any] = {
            "schema_version": self.schema_version,
            "metadata": record_dict(self.metadata),
            **{k.collection: [record_dict(r) for r in self.collection(k)] for k in RecordKind},
        }
        if self.provenance:  # one entry per document, in the order of documents()
            document["provenance"] = [
                record_dict(Provenance(metadata=m, records=tuple(ids)))
                for m, ids in self._documents().items()
            ]
        return document

    def to_records(self, kind: RecordKind | str) -> list[dict[str, Any]]:
        """One flat dict per row of a table, in document order: a kind's table
        (``"activities"``) or a list's (``"membership_counts"``); see
        :mod:`itu_tcb.tables` for every table and column rule."""
        from .tables import to_records

        return to_records(self, kind)

    def to_dataframe(self, kind: RecordKind | str) -> pandas.DataFrame:
        """A table as a pandas DataFrame with declared dtypes (the rows of
        :meth:`to_records`). Needs the optional extra: ``pip install 'itu-tcb[pandas]'``."""
        from .tables import to_dataframe

        return to_dataframe(self, kind)

    def to_dataframes(self) -> dict[str, pandas.DataFrame]:
        """Every table as a DataFrame, by table name (see :meth:`to_dataframe`)."""
        from .tables import to_dataframes

        return to_dataframes(self)

    def to_arrow(self, kind: RecordKind | str) -> pyarrow.Table:
        """A table as a :class:`pyarrow.Table` with an explicit schema. Needs the
        optional extra: ``pip install 'itu-tcb[arrow]'``."""
        from ._arrow import to_arrow

        return to_arrow(self, kind)

    def _repr_html_(self) -> str:
        """A compact HTML summary for Jupyter: title, records per kind, source."""
        from ._html import dataset_html

        return dataset_html(self)


#: The records that belong to an agency (what :meth:`Dataset.agency_of` takes).
_OWNED = (Sector, Programme, Initiative, Partnership, Membership, Event, ActivityCategory, Activity)


def _collection(kind: RecordKind, records: object) -> tuple[Record, ...]:
    """``records`` as a tuple, if they are all ``kind``'s (else TypeError)."""
    expected = RECORD_TYPES[kind]
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise TypeError(
            f"{kind.collection} must be a tuple of {expected.__name__} records, "
            f"not {type(records).__name__}"
        )
    found = tuple(records)
    for position, record in enumerate(found):
        if not isinstance(record, expected):
            raise TypeError(
                f"{kind.collection} holds {type(record).__name__}, not {expected.__name__}, "
                f"at position {position}"
            )
    return found


def _mapping(given: object, value: type, name: str) -> dict[str, Any]:
    """A mapping of record ids to values of one type (else TypeError)."""
    if given is None:
        return {}
    expect(given, Mapping, name)
    out: dict[str, Any] = dict(given)  # type: ignore[call-overload]
    for record_id, item in out.items():
        if not isinstance(record_id, str):
            raise TypeError(f"{name} keys are record ids (strings), not {quote(record_id)}")
        if not isinstance(item, value):
            what = "a string" if value is str else f"a {value.__name__}"
            raise TypeError(f"{name}[{quote(record_id)}] must be {what}, not {quote(item)}")
    return out


def _restore(state: dict[str, Any]) -> Dataset:
    """Rebuild a pickled :class:`Dataset`, every attribute as it was."""
    dataset = Dataset.__new__(Dataset)
    dataset._set(state)
    return dataset


def merge(*parts: Dataset | Input, replace: Iterable[str] | str = ()) -> Dataset:
    """Combine datasets (or documents) into a new :class:`Dataset`.

    - Parts are combined in order; each record keeps its position in the first part
      that defines its id, and records of later parts follow.
    - A clash is an error, never a silent overwrite: an id that two parts define, or
      a name, code, acronym or alias that would then resolve to two records of one
      agency. Each is a :attr:`~itu_tcb.ProblemKind.CLASH` at the later part's own
      path, naming its part (``Problem.source``) and the other part and path.
    - ``replace`` names the ids that a later part may redefine (same kind only): the
      later record takes the earlier one's place. Each id named must be defined by an
      earlier part and redefined by a later one, else that too is an error.
    - A part may be a ``Dataset`` or a document (as :func:`itu_tcb.load` takes); a
      document's problems are reported at its own paths under its own label.
      References may point at records of other parts.
    - Every part gets a distinct label (``"<bytes> (part 2)"`` where two would be
      alike), nested merges included. The result takes the first part's
      ``metadata`` and the latest ``schema_version`` of all; its ``origin`` names all
      parts (``"a + b"``); :meth:`Dataset.origin_of` and :meth:`Dataset.metadata_of`
      give each record's document and its metadata (kept through nested merges and
      :meth:`Dataset.to_document`).
    - A merge of one dataset is that dataset, with its warnings at their parts' paths.

    Raises :class:`~itu_tcb.DataError` listing every problem, and
    :class:`TypeError` for no parts or a part of the wrong type.
    """
    if not parts:
        raise TypeError("merge() needs at least one dataset")
    replaceable = _ids(replace)
    if len(parts) == 1 and isinstance(parts[0], Dataset) and not replaceable:
        return parts[0]  # already checked as a whole: its warnings keep their parts and paths
    taken = [p._part() if isinstance(p, Dataset) else _pipeline.read(p) for p in parts]
    outcome = _pipeline.combine(taken, replaceable)
    if not outcome.buildable:
        raise DataError.of(Report(outcome.label, outcome.problems))
    return Dataset._build(outcome)


def diff(old: Dataset, new: Dataset) -> Diff:
    """What changed from ``old`` to ``new``: the records added, removed and changed
    (matched by id), and the changes of the schema version, the metadata and the
    documents records come from (see :class:`~itu_tcb.Diff`). :class:`TypeError`
    unless both are datasets (load a document first)."""
    from . import _diff

    expect(old, Dataset, "diff()")
    expect(new, Dataset, "diff()")
    return _diff.diff(old, new)


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
