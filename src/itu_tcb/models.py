"""The vocabulary of the format: enums and frozen attrs records.

Every record is frozen (assigning to a field raises), uses slots, compares by value
and is hashable. Collections are tuples. Cross references hold the ``id`` of the
record they point to; :class:`itu_tcb.Dataset` resolves them.

Field types and rules (ids in slug form, non-empty text, counts of zero or more)
are checked when a record is built (``_checked``); when a document is loaded, the
converter checks them instead, with the JSON path of each value. The rules live in
one place (``_rules``) and are attached to fields as metadata.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar

import attrs

from . import _rules
from ._checked import Checked as _Checked

__all__ = [
    "Activity",
    "ActivityCategory",
    "Agency",
    "AgencyKind",
    "Count",
    "DriverOfChange",
    "DriverPeriod",
    "Event",
    "EventKind",
    "Initiative",
    "Link",
    "MemberCount",
    "Membership",
    "Metadata",
    "Partnership",
    "PartnershipKind",
    "Programme",
    "Qualifier",
    "Record",
    "RecordKind",
    "Sector",
    "Source",
    "SourceRef",
    "TargetGroup",
]


# --------------------------------------------------------------------- enums


class Qualifier(enum.Enum):
    """How exactly the source states a number."""

    EXACT = "exact"
    NEARLY = "nearly"
    OVER = "over"
    ABOUT = "about"


class AgencyKind(enum.Enum):
    """Where an organization sits relative to the United Nations system."""

    SPECIALIZED_AGENCY = "specialized_agency"
    FUND_OR_PROGRAMME = "fund_or_programme"
    PRINCIPAL_ORGAN = "principal_organ"
    RELATED_ORGANIZATION = "related_organization"
    OTHER_UN_ENTITY = "other_un_entity"
    DEVELOPMENT_BANK = "development_bank"
    UNKNOWN = "unknown"


class PartnershipKind(enum.Enum):
    """Who the agency works with in a partnership."""

    PUBLIC_PRIVATE = "public_private"
    ACADEMIC = "academic"
    INTER_ORGANIZATIONAL = "inter_organizational"


class EventKind(enum.Enum):
    """What sort of gathering an event is."""

    EXHIBITION_AND_FORUM = "exhibition_and_forum"
    ACADEMIC_EVENT = "academic_event"


class DriverPeriod(enum.Enum):
    """Whether a driver of change is the earlier one or the one now dominant."""

    EARLIER = "earlier"
    CURRENT = "current"


class RecordKind(enum.Enum):
    """The kinds of record in a document, named as their collections are."""

    AGENCY = "agencies"
    SECTOR = "sectors"
    PROGRAMME = "programmes"
    INITIATIVE = "initiatives"
    PARTNERSHIP = "partnerships"
    MEMBERSHIP = "memberships"
    EVENT = "events"
    CATEGORY = "categories"
    ACTIVITY = "activities"

    @property
    def collection(self) -> str:
        """The name of the document key and :class:`~itu_tcb.Dataset` attribute."""
        return self.value

    @classmethod
    def parse(cls, kind: RecordKind | str) -> RecordKind:
        """A kind from itself, its collection name or its member name.

        ``"activities"``, ``"activity"``, ``"ACTIVITY"`` and ``RecordKind.ACTIVITY``
        are the same kind. Raises :class:`ValueError` listing the kinds for an
        unknown name, and :class:`TypeError` for anything but a string or a kind.
        """
        if isinstance(kind, RecordKind):
            return kind
        if not isinstance(kind, str):
            raise TypeError(f"kind must be a RecordKind or a string, not {type(kind).__name__}")
        wanted = kind.strip().lower().replace("-", "_")
        for member in cls:
            if wanted in (member.collection, member.name.lower()):
                return member
        names = ", ".join(k.collection for k in cls)
        raise ValueError(f"unknown kind {kind!r}; choose from: {names}")


# -------------------------------------------------------------- field helpers


def _field(rule: _rules.Rule, **kwargs: Any) -> Any:
    return attrs.field(metadata={_rules.RULE: rule}, **kwargs)


# ------------------------------------------------------------- small values


@attrs.frozen(kw_only=True)
class Link(_Checked):
    """A link on the source page. ``url`` is ``None`` when the target was lost."""

    label: str = _field(_rules.text)
    url: str | None = _field(_rules.optional_text, default=None)

    @property
    def target_lost(self) -> bool:
        """True when the source shows the link but its target is unknown."""
        return self.url is None


@attrs.frozen(kw_only=True)
class SourceRef(_Checked):
    """Where on the source page a record's facts come from.

    ``section`` is the heading of the page section, exactly as the page gives it,
    or ``None`` for the untitled opening paragraphs.
    """

    section: str | None = _field(_rules.optional_text, default=None)
    links: tuple[Link, ...] = ()


@attrs.frozen(kw_only=True)
class Count(_Checked):
    """A number as the source states it: ``value`` with its ``qualifier``.

    "193 Member States" is ``Count(value=193, qualifier=Qualifier.EXACT)``;
    "nearly 700" is ``Count(value=700, qualifier=Qualifier.NEARLY)``.
    """

    value: int = _field(_rules.non_negative)
    qualifier: Qualifier = Qualifier.EXACT

    def __str__(self) -> str:
        if self.qualifier is Qualifier.EXACT:
            return str(self.value)
        return f"{self.qualifier.value} {self.value}"


@attrs.frozen(kw_only=True)
class MemberCount(_Checked):
    """How many members of one category an agency has."""

    category: str = _field(_rules.text)
    count: Count


@attrs.frozen(kw_only=True)
class TargetGroup(_Checked):
    """A group that a programme serves first, and the level it works at."""

    name: str = _field(_rules.text)
    level: str | None = _field(_rules.optional_text, default=None)


@attrs.frozen(kw_only=True)
class DriverOfChange(_Checked):
    """A force that shapes a programme's work, earlier or current."""

    name: str = _field(_rules.text)
    period: DriverPeriod


@attrs.frozen(kw_only=True)
class Source(_Checked):
    """The document that a dataset's facts come from."""

    title: str = _field(_rules.text)
    publisher: str = _field(_rules.text)
    url: str | None = _field(_rules.optional_text, default=None)
    date: str | None = _field(_rules.optional_text, default=None)
    content_as_of: str | None = _field(_rules.optional_text, default=None)


@attrs.frozen(kw_only=True)
class Metadata(_Checked):
    """What a document is, which version of the data it holds, how to cite it and on
    what terms its data may be used."""

    title: str = _field(_rules.text)
    data_version: str = _field(_rules.text)
    source: Source
    citation: str = _field(_rules.text)
    terms: str | None = _field(_rules.optional_text, default=None)


# -------------------------------------------------------------------- records


@attrs.frozen(kw_only=True)
class Record(_Checked):
    """Fields that every record has.

    ``description`` and ``note`` are the project's own words. ``external_fields``
    names the fields whose values come from public knowledge beyond the source
    page (the full name behind an acronym, say); every other fact is the source's.
    """

    kind: ClassVar[RecordKind]
    #: Fields whose values are lookup keys, besides ``id`` and ``aliases``.
    key_fields: ClassVar[tuple[str, ...]] = ()

    id: str = _field(_rules.slug)
    description: str | None = _field(_rules.optional_text, default=None)
    aliases: tuple[str, ...] = _field(_rules.texts, default=())
    note: str | None = _field(_rules.optional_text, default=None)
    external_fields: tuple[str, ...] = _field(_rules.texts, default=())
    source: SourceRef = SourceRef()

    @property
    def title(self) -> str:
        """A short human name: the first key field that is set, else the id."""
        for name in self.key_fields:
            value = getattr(self, name)
            if value is not None:
                return str(value)
        return self.id

    def _repr_html_(self) -> str:
        """A small HTML table of the fields, for Jupyter (every text escaped)."""
        from ._html import record_html

        return record_html(self)


@attrs.frozen(kw_only=True)
class Agency(Record):
    """An organization: the profiled agency, or one it cooperates with."""

    kind: ClassVar[RecordKind] = RecordKind.AGENCY
    key_fields: ClassVar[tuple[str, ...]] = ("name", "acronym")

    acronym: str | None = _field(_rules.optional_text, default=None)
    name: str | None = _field(_rules.optional_text, default=None)
    agency_kind: AgencyKind = AgencyKind.UNKNOWN
    years_active: Count | None = None
    functions: tuple[str, ...] = _field(_rules.texts, default=())
    technology_areas: tuple[str, ...] = _field(_rules.texts, default=())
    #: The same fields listed again later in the source, in its own words and order.
    technology_areas_restated: tuple[str, ...] = _field(_rules.texts, default=())
    global_challenges: tuple[str, ...] = _field(_rules.texts, default=())
    commitment: str | None = _field(_rules.optional_text, default=None)


@attrs.frozen(kw_only=True)
class Sector(Record):
    """A sector of an agency, such as ITU-D."""

    kind: ClassVar[RecordKind] = RecordKind.SECTOR
    key_fields: ClassVar[tuple[str, ...]] = ("code", "name")

    code: str = _field(_rules.text)
    name: str = _field(_rules.text)
    agency: str = _field(_rules.slug)


@attrs.frozen(kw_only=True)
class Programme(Record):
    """A capacity-building programme of an agency."""

    kind: ClassVar[RecordKind] = RecordKind.PROGRAMME
    key_fields: ClassVar[tuple[str, ...]] = ("name",)

    name: str = _field(_rules.text)
    agency: str = _field(_rules.slug)
    focus: str | None = _field(_rules.optional_text, default=None)
    drivers_of_change: tuple[DriverOfChange, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()


@attrs.frozen(kw_only=True)
class Initiative(Record):
    """A named initiative, usually one of a programme's flagships."""

    kind: ClassVar[RecordKind] = RecordKind.INITIATIVE
    key_fields: ClassVar[tuple[str, ...]] = ("name",)

    name: str = _field(_rules.text)
    agency: str = _field(_rules.slug)
    programme: str | None = _field(_rules.optional_slug, default=None)


@attrs.frozen(kw_only=True)
class Partnership(Record):
    """A way the agency works with others: partners by id, or kinds of party.

    ``open_ended`` is true when the source's list of partners ends in "etc.":
    the named partners are examples, not the whole list.
    """

    kind: ClassVar[RecordKind] = RecordKind.PARTNERSHIP
    key_fields: ClassVar[tuple[str, ...]] = ("name",)

    name: str = _field(_rules.text)
    partnership_kind: PartnershipKind
    agency: str = _field(_rules.slug)
    parties: tuple[str, ...] = _field(_rules.texts, default=())
    partners: tuple[str, ...] = _field(_rules.slugs, default=())
    open_ended: bool = False


@attrs.frozen(kw_only=True)
class Membership(Record):
    """An agency's membership: counts by category and the kinds of member."""

    kind: ClassVar[RecordKind] = RecordKind.MEMBERSHIP

    agency: str = _field(_rules.slug)
    counts: tuple[MemberCount, ...] = ()
    member_kinds: tuple[str, ...] = _field(_rules.texts, default=())


@attrs.frozen(kw_only=True)
class Event(Record):
    """A recurring event that an agency or one of its sectors organizes."""

    kind: ClassVar[RecordKind] = RecordKind.EVENT
    key_fields: ClassVar[tuple[str, ...]] = ("name",)

    name: str = _field(_rules.text)
    event_kind: EventKind
    agency: str = _field(_rules.slug)
    sector: str | None = _field(_rules.optional_slug, default=None)
    partnership: str | None = _field(_rules.optional_slug, default=None)
    participants: tuple[str, ...] = _field(_rules.texts, default=())


@attrs.frozen(kw_only=True)
class ActivityCategory(Record):
    """One group of TCB activities, in source order.

    ``heading`` is the group's heading in the source, or ``None`` where the source
    lost it (all five ITU groups). ``project_label`` is a label written by this
    project to tell the groups apart; it is never the source's wording.
    """

    kind: ClassVar[RecordKind] = RecordKind.CATEGORY
    key_fields: ClassVar[tuple[str, ...]] = ("heading", "project_label")

    agency: str = _field(_rules.slug)
    heading: str | None = _field(_rules.optional_text, default=None)
    project_label: str | None = _field(_rules.optional_text, default=None)


@attrs.frozen(kw_only=True)
class Activity(Record):
    """A TCB activity listed in the guide, in its category."""

    kind: ClassVar[RecordKind] = RecordKind.ACTIVITY
    key_fields: ClassVar[tuple[str, ...]] = ("name", "acronym")

    name: str = _field(_rules.text)
    acronym: str | None = _field(_rules.optional_text, default=None)
    category: str = _field(_rules.slug)


#: The record class of each kind.
RECORD_TYPES: dict[RecordKind, type[Record]] = {
    cls.kind: cls
    for cls in (
        Agency,
        Sector,
        Programme,
        Initiative,
        Partnership,
        Membership,
        Event,
        ActivityCategory,
        Activity,
    )
}
