"""The vocabulary of the format: enums and frozen attrs records.

Records are frozen, slotted, compared by value and hashable; collections are tuples;
cross references hold the ``id`` of their target (:class:`itu_tcb.Dataset` resolves
them). Each field is declared once, as ``attrs.field(metadata=spec(...))`` (see
``_fields``), and everything else derives from the declarations. No ``from __future__
import annotations``: the annotations are real types, read without evaluating strings.
"""

import enum
import functools
from typing import ClassVar

import attrs

from ._fields import Checked as _Checked
from ._fields import spec, specs
from ._rules import COUNT, SLUG, SLUGS, TEXT, TEXTS, quote

__all__ = [
    "SCHEMA_VERSIONS",
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
    "Provenance",
    "Qualifier",
    "Record",
    "RecordKind",
    "Sector",
    "Source",
    "SourceRef",
    "TargetGroup",
]


#: The ``schema_version`` values this library reads, oldest first. A document of an
#: earlier version is read with the meaning it had (see "Versions" in the format page).
SCHEMA_VERSIONS = ("1.0", "1.1", "1.2", "1.3")
#: The first version in which a record without ``source`` says nothing of its place
#: on the page (before, it was read as the untitled opening paragraphs).
SOURCE_NOT_GIVEN_VERSION = "1.3"
#: The first version whose documents may hold ``provenance``.
PROVENANCE_VERSION = "1.2"
#: The root key of a document that editors read to find its JSON Schema: a string,
#: accepted and ignored by the loader.
EDITOR_SCHEMA = "$schema"


class Qualifier(enum.Enum):
    """How exactly the source states a number."""

    EXACT = "exact"
    NEARLY = "nearly"
    OVER = "over"
    ABOUT = "about"


class AgencyKind(enum.Enum):
    """Where an organization sits relative to the United Nations system.

    One axis only: the organization's place in (or outside) the UN system, not
    what sort of institution it is. A development bank, for one, may be a
    specialized agency (the World Bank) or outside the system; a record's ``note``
    says so where an organization is both.
    """

    SPECIALIZED_AGENCY = "specialized_agency"
    FUND_OR_PROGRAMME = "fund_or_programme"
    PRINCIPAL_ORGAN = "principal_organ"
    RELATED_ORGANIZATION = "related_organization"
    OTHER_UN_ENTITY = "other_un_entity"
    OUTSIDE_UN_SYSTEM = "outside_un_system"
    UNKNOWN = "unknown"


class PartnershipKind(enum.Enum):
    """Who the agency works with in a partnership."""

    PUBLIC_PRIVATE = "public_private"
    ACADEMIC = "academic"
    INTER_ORGANIZATIONAL = "inter_organizational"
    #: Recorded, and none of the kinds above (since schema 1.1).
    OTHER = "other"


class EventKind(enum.Enum):
    """What sort of gathering an event is."""

    EXHIBITION_AND_FORUM = "exhibition_and_forum"
    ACADEMIC_EVENT = "academic_event"
    #: Recorded, and none of the kinds above (a congress, say; since schema 1.1).
    OTHER = "other"


class DriverPeriod(enum.Enum):
    """Whether the page gives a challenge as the one that drove the work at first, or
    as one of those it says now overshadow it."""

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
    def parse(cls, kind: "RecordKind | str") -> "RecordKind":
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
        raise ValueError(f"unknown kind {quote(kind)}; choose from: {names}")


@attrs.frozen(kw_only=True)
class Link(_Checked):
    """A link on the source page. ``url`` is `null` when the document gives no
    target; ``target_lost`` says the source had one and lost it."""

    label: str = attrs.field(metadata=spec("The link's text on the page.", TEXT))
    url: str | None = attrs.field(
        default=None, metadata=spec("Its address; null when the document gives none.", TEXT)
    )
    target_lost: bool = attrs.field(
        default=False,
        metadata=spec(
            "True when the source had a target here and lost it (`url` is then null); false "
            "when the target is simply not given (since schema 1.1).",
            lost="url",
        ),
    )

    def __str__(self) -> str:
        if self.url is not None:
            return f"{self.label}: {self.url}"
        return f"{self.label}: {'(target lost)' if self.target_lost else '(no target given)'}"


@attrs.frozen(kw_only=True)
class SourceRef(_Checked):
    """Where on the source page a record's facts come from."""

    section: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The heading of the page section, exactly as the page gives it; null for the untitled "
            "opening paragraphs.",
            TEXT,
        ),
    )
    links: tuple[Link, ...] = attrs.field(default=(), metadata=spec("The links the section shows."))

    def __str__(self) -> str:
        section = self.section if self.section is not None else "opening paragraphs"
        if not self.links:
            return section
        return f"{section} (links: {'; '.join(str(link) for link in self.links)})"


@functools.total_ordering
@attrs.frozen(kw_only=True)
class Count(_Checked):
    """A number as the source states it: ``value`` with its ``qualifier``.

    "193 Member States" is ``Count(value=193, qualifier=Qualifier.EXACT)``;
    "nearly 700" is ``Count(value=700, qualifier=Qualifier.NEARLY)``. ``int()`` gives the
    number. Counts order where their qualifiers settle it, a qualified number read as
    within a factor of two of its own (``nearly 700 < 700 < over 700``, ``193 <
    nearly 700``), and equal counts are equal under ``<=`` and ``>=`` too (``nearly 700
    <= nearly 700``); comparing two they do not settle (``about 700`` and ``700``) is a
    :class:`TypeError`.
    """

    value: int = attrs.field(metadata=spec("The number, zero or more.", COUNT))
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        metadata=spec("How exact the page is about it; `exact` by default."),
    )

    def __str__(self) -> str:
        if self.qualifier is Qualifier.EXACT:
            return str(self.value)
        return f"{self.qualifier.value} {self.value}"

    def __int__(self) -> int:
        """The number as the page states it, its qualifier aside."""
        return self.value

    def _span(self) -> tuple[float, bool, float, bool]:
        """The numbers the count may stand for: (low, low left out, high, high left out).
        A qualified count is read as within a factor of two of its number, the number
        left out but for "about": "nearly 700" is 350 to 700, "about 700" 350 to 1400."""
        v = self.value
        if self.qualifier is Qualifier.EXACT or v == 0:
            return v, False, (v if self.qualifier is not Qualifier.OVER else float("inf")), False
        if self.qualifier is Qualifier.NEARLY:
            return v / 2, True, v, True
        if self.qualifier is Qualifier.OVER:
            return v, True, v * 2, True
        return v / 2, True, v * 2, True

    def __lt__(self, other: object) -> bool:
        # The other comparisons follow (total_ordering): where this raises, they do too,
        # and only an equal count compares neither below nor above.
        if not isinstance(other, Count):
            raise TypeError(f"a Count compares with a Count, not {type(other).__name__}")
        if self == other:
            return False
        mine, theirs = self._span(), other._span()
        if mine[2] < theirs[0] or (mine[2] == theirs[0] and (mine[3] or theirs[1])):
            return True
        if theirs[2] < mine[0] or (theirs[2] == mine[0] and (theirs[3] or mine[1])):
            return False
        raise TypeError(f"the page does not say how {str(self)!r} and {str(other)!r} compare")


@attrs.frozen(kw_only=True)
class MemberCount(_Checked):
    """How many members of one category an agency has."""

    category: str = attrs.field(
        metadata=spec("The category of member, such as 'Member States'.", TEXT)
    )
    count: Count = attrs.field(metadata=spec("How many there are."))

    def __str__(self) -> str:
        return f"{self.category}: {self.count}"


@attrs.frozen(kw_only=True)
class TargetGroup(_Checked):
    """A group that a programme's training puts first, and the level it works at."""

    name: str = attrs.field(
        metadata=spec("The group, such as 'policy-makers and regulators'.", TEXT)
    )
    level: str | None = attrs.field(
        default=None, metadata=spec("The level it works at, when the page says.", TEXT)
    )

    def __str__(self) -> str:
        return self.name if self.level is None else f"{self.name} ({self.level})"


@attrs.frozen(kw_only=True)
class DriverOfChange(_Checked):
    """A challenge that the page says drives a programme's work: the earlier one, or
    one of those that now overshadow it."""

    name: str = attrs.field(metadata=spec("The challenge, as the page names it.", TEXT))
    period: DriverPeriod = attrs.field(
        metadata=spec(
            "`earlier` for the challenge that drove the work at first; `current` for one "
            "that the page says now overshadows it."
        )
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.period.value})"


@attrs.frozen(kw_only=True)
class Source(_Checked):
    """The document that a dataset's facts come from."""

    title: str = attrs.field(metadata=spec("The source page's title.", TEXT))
    publisher: str = attrs.field(metadata=spec("Who publishes it.", TEXT))
    url: str | None = attrs.field(default=None, metadata=spec("Its address.", TEXT))
    date: str | None = attrs.field(
        default=None,
        metadata=spec(
            "Its date; null when the document gives none (the bundled page is undated).", TEXT
        ),
    )
    content_as_of: str | None = attrs.field(
        default=None, metadata=spec("When the content appears to date from, and why.", TEXT)
    )


@attrs.frozen(kw_only=True)
class Metadata(_Checked):
    """What a document is, which version of the data it holds, how to cite it and on
    what terms its data may be used."""

    title: str = attrs.field(metadata=spec("The document's title.", TEXT))
    data_version: str = attrs.field(
        metadata=spec("The version of the data (not of the package or the format).", TEXT)
    )
    source: Source = attrs.field(metadata=spec("The document the facts come from."))
    citation: str = attrs.field(metadata=spec("How to cite the data.", TEXT))
    terms: str | None = attrs.field(
        default=None,
        metadata=spec(
            "On what terms the data may be used: for the bundled data, the code's licence, "
            "the project's descriptions and the source's facts with their attribution; "
            "null when a document does not say.",
            TEXT,
        ),
    )


@attrs.frozen(kw_only=True)
class Provenance(_Checked):
    """One more document that a merged document was made from: its metadata, and the
    ids of the records that come from it. A record that no provenance entry names
    comes from the document described by the document's own ``metadata``."""

    metadata: Metadata = attrs.field(metadata=spec("That document's metadata, as it gave it."))
    records: tuple[str, ...] = attrs.field(
        metadata=spec("The ids of the records that come from that document.", SLUGS)
    )


@attrs.frozen(kw_only=True)
class Record(_Checked):
    """Fields that every record has.

    ``description`` and ``note`` are the document author's words, never the source's
    sentences; every fact is the source's but those that ``external_fields`` names,
    from public knowledge beyond the page (the full name behind an acronym, say), and
    ``open_lists`` the lists that the page gives as examples only.
    """

    kind: ClassVar[RecordKind]

    id: str = attrs.field(
        metadata=spec(
            "A stable slug (lower case letters, digits and hyphens), unique in the dataset. Other "
            "records refer to this one by it.",
            SLUG,
            housekeeping=True,
        )
    )
    description: str | None = attrs.field(
        default=None,
        metadata=spec(
            "What the record is, in the document author's own words (for the bundled data, "
            "the project's).",
            TEXT,
        ),
    )
    aliases: tuple[str, ...] = attrs.field(
        default=(), metadata=spec("Other names the record answers to in lookups.", TEXTS, key=True)
    )
    note: str | None = attrs.field(
        default=None,
        metadata=spec(
            "A caveat about the record's data, in the document author's own words.", TEXT
        ),
    )
    external_fields: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The names of the fields whose values come from outside the source page.",
            TEXTS,
            housekeeping=True,
        ),
    )
    open_lists: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The lists of this record that the page gives as examples only ('such as', 'include', "
            "'e.g. ... etc.'): the record's own list fields, or the collections of the kinds that "
            "point to it ('initiatives' on a programme). Any other list is given whole.",
            TEXTS,
            housekeeping=True,
        ),
    )
    source: SourceRef | None = attrs.field(
        default=None,
        metadata=spec(
            "Where on the source page the record's facts are; null when the document does "
            "not say (from schema 1.3: in earlier documents a record without it is read as "
            "the untitled opening paragraphs, as those versions meant).",
            housekeeping=True,
        ),
    )

    def __str__(self) -> str:
        """The record's title, kind and id: ``ITU-D [sector itu-d]``."""
        return f"{self.title} [{self.kind.name.lower()} {self.id}]"

    @property
    def title(self) -> str:
        """A short human name: the first key field that is set; for a record that is
        the one of its kind for its agency (a membership), ``"membership of itu"``;
        else the id."""
        for name in _key_specs(type(self)):
            value = getattr(self, name)
            if isinstance(value, str):
                return value
        for declared in specs(type(self)):
            if declared.one_per_target:
                return f"{self.kind.name.lower()} of {getattr(self, declared.name)}"
        return self.id

    def _repr_html_(self) -> str:
        """A small HTML table of the fields, for Jupyter (every text escaped)."""
        from ._html import record_html  # for notebooks only: not imported with the models

        return record_html(self)


_KEY_SPECS: dict[type, tuple[str, ...]] = {}


def _key_specs(cls: type[Record]) -> tuple[str, ...]:
    """The names of a class's single-text key fields, in order (worked out once)."""
    if cls not in _KEY_SPECS:
        _KEY_SPECS[cls] = tuple(s.name for s in specs(cls) if s.key and s.shape.kind == "str")
    return _KEY_SPECS[cls]


@attrs.frozen(kw_only=True)
class Agency(Record):
    """An organization: the profiled agency, or one it cooperates with."""

    kind: ClassVar[RecordKind] = RecordKind.AGENCY

    name: str | None = attrs.field(
        default=None,
        metadata=spec("The full name; null when it is not known (IDB).", TEXT, key=True),
    )
    acronym: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The short name, such as 'ITU' or 'UNDP'; null when the page gives none (World Bank).",
            TEXT,
            key=True,
        ),
    )
    agency_kind: AgencyKind = attrs.field(
        default=AgencyKind.UNKNOWN,
        metadata=spec(
            "Where the organization sits relative to the UN system (that axis only); `unknown` "
            "when not recorded."
        ),
    )
    years_active: Count | None = attrs.field(
        default=None, metadata=spec("How long the organization has worked, as the page states it.")
    )
    functions: tuple[str, ...] = attrs.field(
        default=(), metadata=spec("What the organization does, one short phrase each.", TEXTS)
    )
    technology_areas: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The fields of technology the page names in its opening paragraph, in its order.", TEXTS
        ),
    )
    technology_areas_restated: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The areas of technology as the page lists them a second time, in the same order: "
            "some worded otherwise, three word for word, and one more at the end (see the "
            "caveats).",
            TEXTS,
        ),
    )
    global_challenges: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The global challenges the page says it takes on, as examples when `open_lists` names "
            "them.",
            TEXTS,
        ),
    )
    commitment: str | None = attrs.field(
        default=None, metadata=spec("The commitment the page states for it.", TEXT)
    )


@attrs.frozen(kw_only=True)
class Sector(Record):
    """A sector of an agency, such as ITU-D."""

    kind: ClassVar[RecordKind] = RecordKind.SECTOR

    code: str = attrs.field(metadata=spec("The sector's code, such as 'ITU-D'.", TEXT, key=True))
    name: str = attrs.field(metadata=spec("The sector's full name.", TEXT, key=True))
    agency: str = attrs.field(
        metadata=spec("The agency the sector belongs to.", SLUG, refers_to="agencies")
    )


@attrs.frozen(kw_only=True)
class Programme(Record):
    """A capacity-building programme of an agency."""

    kind: ClassVar[RecordKind] = RecordKind.PROGRAMME

    name: str = attrs.field(
        metadata=spec(
            "The programme's name, as the page's section heading gives it.", TEXT, key=True
        )
    )
    agency: str = attrs.field(metadata=spec("The agency that runs it.", SLUG, refers_to="agencies"))
    focus: str | None = attrs.field(
        default=None, metadata=spec("What the programme concentrates on.", TEXT)
    )
    drivers_of_change: tuple[DriverOfChange, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The challenges the page names as driving the work: the earlier one, and those "
            "it says now overshadow it."
        ),
    )
    target_groups: tuple[TargetGroup, ...] = attrs.field(
        default=(), metadata=spec("The groups the page names as the priority of its training.")
    )


@attrs.frozen(kw_only=True)
class Initiative(Record):
    """A named initiative, such as one of the flagship initiatives an agency's page lists."""

    kind: ClassVar[RecordKind] = RecordKind.INITIATIVE

    name: str = attrs.field(metadata=spec("The initiative's name.", TEXT, key=True))
    agency: str = attrs.field(metadata=spec("The agency behind it.", SLUG, refers_to="agencies"))
    programme: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The programme it belongs to, if any.", SLUG, refers_to="programmes", same_agency=True
        ),
    )


@attrs.frozen(kw_only=True)
class Partnership(Record):
    """A way the agency works with others: partners by id, or kinds of party."""

    kind: ClassVar[RecordKind] = RecordKind.PARTNERSHIP

    name: str = attrs.field(metadata=spec("The partnership's name.", TEXT, key=True))
    partnership_kind: PartnershipKind = attrs.field(
        metadata=spec("Public-private, academic, or with other organizations.")
    )
    agency: str = attrs.field(
        metadata=spec(
            "The agency whose partnership it is (the page does not say who leads it).",
            SLUG,
            refers_to="agencies",
        )
    )
    parties: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The kinds of party involved, such as 'governments' or 'universities'.", TEXTS
        ),
    )
    partners: tuple[str, ...] = attrs.field(
        default=(),
        metadata=spec(
            "The organizations named as partners, in the page's order.", SLUGS, refers_to="agencies"
        ),
    )
    open_ended: bool = attrs.field(
        default=False,
        metadata=spec(
            "True when the page's list of partners is open ('etc.'): the named partners are "
            "examples. The same as 'partners' in `open_lists`; the two must agree (a partnership "
            "with no `open_lists` may set this alone)."
        ),
    )


@attrs.frozen(kw_only=True)
class Membership(Record):
    """An agency's membership: counts by category and the kinds of member."""

    kind: ClassVar[RecordKind] = RecordKind.MEMBERSHIP

    agency: str = attrs.field(
        metadata=spec(
            "The agency whose members these are.", SLUG, refers_to="agencies", one_per_target=True
        )
    )
    counts: tuple[MemberCount, ...] = attrs.field(
        default=(), metadata=spec("How many members each category has, as the page states it.")
    )
    member_kinds: tuple[str, ...] = attrs.field(
        default=(), metadata=spec("The kinds of body among the members.", TEXTS)
    )


@attrs.frozen(kw_only=True)
class Event(Record):
    """An event, or a series of events, that an agency or one of its sectors organizes."""

    kind: ClassVar[RecordKind] = RecordKind.EVENT

    name: str = attrs.field(metadata=spec("The event's name.", TEXT, key=True))
    event_kind: EventKind = attrs.field(metadata=spec("What sort of gathering it is."))
    agency: str = attrs.field(
        metadata=spec("The agency that organizes it.", SLUG, refers_to="agencies")
    )
    sector: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The sector that holds it, if known; `external_fields` says when that comes from "
            "outside the page (as for the Kaleidoscope events).",
            SLUG,
            refers_to="sectors",
            same_agency=True,
        ),
    )
    partnership: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The partnership it is an example of, if any.",
            SLUG,
            refers_to="partnerships",
            same_agency=True,
        ),
    )
    participants: tuple[str, ...] = attrs.field(default=(), metadata=spec("Who takes part.", TEXTS))


@attrs.frozen(kw_only=True)
class ActivityCategory(Record):
    """One group of TCB activities, in source order.

    ``heading_lost`` says the source had a heading and lost it (all five ITU groups);
    ``project_label`` is this project's label to tell the groups apart, never the
    source's wording.
    """

    kind: ClassVar[RecordKind] = RecordKind.CATEGORY

    agency: str = attrs.field(
        metadata=spec("The agency whose activities these are.", SLUG, refers_to="agencies")
    )
    heading: str | None = attrs.field(
        default=None,
        metadata=spec(
            "The group's heading in the source; null when the document gives none.", TEXT, key=True
        ),
    )
    heading_lost: bool = attrs.field(
        default=False,
        metadata=spec(
            "True when the source had a heading here and lost it (`heading` is then null); false "
            "when the group simply has none (since schema 1.1).",
            lost="heading",
        ),
    )
    project_label: str | None = attrs.field(
        default=None,
        metadata=spec(
            "A label written by this project, never the source's wording.", TEXT, key=True
        ),
    )


@attrs.frozen(kw_only=True)
class Activity(Record):
    """A TCB activity listed in the guide, in its category."""

    kind: ClassVar[RecordKind] = RecordKind.ACTIVITY

    name: str = attrs.field(metadata=spec("The activity's name, as listed.", TEXT, key=True))
    acronym: str | None = attrs.field(
        default=None, metadata=spec("Its acronym, when the page gives one ('GSR').", TEXT, key=True)
    )
    category: str = attrs.field(
        metadata=spec("The group it is listed in.", SLUG, refers_to="categories")
    )


#: The record class of each kind, in the kinds' order (the order of the classes above).
RECORD_TYPES: dict[RecordKind, type[Record]] = {cls.kind: cls for cls in Record.__subclasses__()}


def key_field_names() -> tuple[str, ...]:
    """The names of the fields that records answer to in lookups (``key=True``), of
    every kind, in the order of the kinds and their fields: what a lookup by field
    (``get(code="ITU-D")``) takes."""
    names = (s.name for cls in RECORD_TYPES.values() for s in specs(cls) if s.key)
    return tuple(dict.fromkeys(names))


#: The value classes that records (and a document's metadata) hold.
VALUE_TYPES: tuple[type, ...] = (
    SourceRef,
    Link,
    Count,
    MemberCount,
    TargetGroup,
    DriverOfChange,
    Metadata,
    Source,
    Provenance,
)
