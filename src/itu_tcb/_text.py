"""Plain text: the profile summary and one record in detail, wrapped to a width (the
terminal's, by default) at spaces only: a word longer than the line (a long URL) stands
alone on its line, never cut.
"""

from __future__ import annotations

import enum
import shutil
import textwrap
from collections.abc import Iterable, Iterator

from ._fields import FieldSpec, specs
from ._html import count
from .dataset import Dataset
from .models import Agency, Metadata, Programme, Record, SourceRef

__all__ = ["MIN_WIDTH", "detail", "summary", "terminal_width"]

#: Text is never wrapped narrower than this (a width below it is taken as it).
MIN_WIDTH = 40


def terminal_width() -> int:
    """The width to wrap to: ``COLUMNS``, else the terminal's, else 80; at least
    :data:`MIN_WIDTH`."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def _width(width: int | None) -> int:
    return terminal_width() if width is None else max(MIN_WIDTH, width)


def _fill(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """``text`` wrapped after ``first``; later lines start with ``rest`` (by default
    as many spaces as ``first`` has characters, or four more than its indent where
    ``first`` takes more than half the line)."""
    if rest is None:
        indent = len(first) - len(first.lstrip(" "))
        rest = " " * (len(first) if len(first) <= width // 2 else indent + 4)
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapper.wrap(text) or [first.rstrip()]


class _Prose(str):
    """A line of running text: wrapped, it continues at its own indent."""

    __slots__ = ()


def _wrapped(lines: Iterable[str], width: int) -> Iterator[str]:
    """Each line wrapped: a bullet's text continues under its text, prose at its
    indent, any other line (a label and its value) two spaces further in."""
    for line in lines:
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        if not body:
            yield ""
        elif body.startswith("- "):
            yield from _fill(body[2:], width, f"{indent}- ", f"{indent}  ")
        else:
            rest = indent if isinstance(line, _Prose) else f"{indent}  "
            yield from _fill(body, width, indent, rest)


#: How a value from outside the source page is marked (see ``external_fields``).
ELSEWHERE = "not from the page"


def _marked(record: Record, field: str, text: str) -> str:
    """``text``, marked when the record's ``field`` comes from outside the page."""
    return f"{text} [{ELSEWHERE}]" if field in record.external_fields else text


def _agency_name(agency: Agency) -> str:
    """An agency as the page names it, by acronym, with its full name beside it."""
    if agency.acronym is None:
        return _marked(agency, "name", agency.name or agency.id)
    if agency.name is None:
        return f"{agency.acronym} (no full name in the data)"
    return f"{agency.acronym} ({_marked(agency, 'name', agency.name)})"


def _bullets(items: Iterable[str], indent: str = "  ") -> Iterator[str]:
    for item in items:
        yield f"{indent}- {item}"


def _missing(lost: bool, what: str) -> str:
    """A value the document does not give, worded as the data records it: lost from
    the source only when the data says so."""
    return f"{what} lost in the source" if lost else f"no {what} in the document"


def _links(source: SourceRef | None) -> str:
    if source is None or not source.links:
        return ""
    shown = [
        f"{link.label} -> {link.url or _missing(link.target_lost, 'target')}"
        for link in source.links
    ]
    return "  (links: " + "; ".join(shown) + ")"


def summary(dataset: Dataset, width: int | None = None) -> str:
    """A readable profile of the data: every agency that anything belongs to in full,
    with all its records; any other agency by name. Wrapped to ``width`` (by default
    :func:`terminal_width`)."""
    lines: list[str] = [dataset.metadata.title, "=" * len(dataset.metadata.title)]
    owners = {getattr(record, "agency", None) for record in dataset}  # records name their agency
    profiled = [a for a in dataset.agencies if a.id in owners]
    for agency in profiled:
        lines += ["", *_agency(dataset, agency)]
    # Every agency is shown: profiled above, named among a profile's partners, or here.
    partners = {p.id for a in profiled for p in dataset.partners_of(a)}
    others = [a for a in dataset.agencies if a not in profiled and a.id not in partners]
    if others:
        lines += ["", f"Other agencies ({len(others)}):"]
        lines += [
            f"  - {_agency_name(a)}" + (f": {a.description}" if a.description else "")
            for a in others
        ]
    documents = dataset.documents()
    for metadata in documents:
        lines += ["", *_source(metadata, len(documents) > 1)]
    if any(r.external_fields for r in dataset):
        lines.append(f"[{ELSEWHERE}]: a value from public knowledge, not from the source page.")
    lines.append(f"Schema {dataset.schema_version}.")
    return "\n".join(_wrapped(lines, _width(width)))


def _source(metadata: Metadata, several: bool) -> list[str]:
    """Where one document's facts come from, and its data version; with its title
    where the dataset holds the records of several documents."""
    source = metadata.source
    return [
        *([f"From {metadata.title}:"] if several else []),
        f"Source: {source.title}, {source.publisher}",
        f"  {source.url or 'no URL'}",
        f"  (date: {source.date or 'none given'}"
        + (f"; content as of {source.content_as_of})" if source.content_as_of else ")"),
        f"Data version {metadata.data_version}.",
        _Prose(f"Cite: {metadata.citation}"),
        *([_Prose(f"Terms: {metadata.terms}")] if metadata.terms else []),
    ]


def _open(record: Record, name: str) -> str:
    """A remark after a list's title when the source gives that list as examples."""
    return " (examples; the list is open)" if name in record.open_lists else ""


def _agency(dataset: Dataset, agency: Agency) -> Iterator[str]:
    yield f"{agency.name or agency.acronym or agency.id} ({agency.acronym or agency.id})"
    if agency.description:
        yield _Prose(agency.description)
    if agency.years_active:
        yield f"Active for {agency.years_active} years."
    if agency.commitment:
        yield f"Commitment: {agency.commitment}."
    for name, title in (
        ("functions", "What it does"),
        ("technology_areas", "Areas of technology"),
        ("technology_areas_restated", "Areas of technology, as listed a second time in the source"),
        ("global_challenges", "Global challenges"),
    ):
        items = getattr(agency, name)
        if items:
            yield f"{title}{_open(agency, name)}:"
            yield from _bullets(items)
    if links := _links(agency.source):
        yield links.strip()
    sectors = dataset.sectors_of(agency)
    if sectors:
        yield ""
        yield f"Sectors ({len(sectors)}):"
        yield from _bullets([f"{s.code}: {s.name}" for s in sectors])
    for event in dataset.events_of(agency):
        yield ""
        sector = ""
        if event.sector:
            sector = f" ({_marked(event, 'sector', dataset.lookup(event.sector).title)})"
        yield f"Event: {event.name}{sector}"
        if event.description:
            yield _Prose(f"  {event.description}")
    for programme in dataset.programmes_of(agency):
        yield from _programme(dataset, programme)
    loose = [i.name for i in dataset.initiatives_of(agency) if i.programme is None]
    if loose:
        yield ""
        yield f"Initiatives outside any programme ({len(loose)}):"
        yield from _bullets(loose)
    membership = dataset.membership_of(agency)
    if membership is not None:
        yield ""
        yield f"Membership ({membership.id}):"
        yield from _bullets([f"{c.count} {c.category}" for c in membership.counts])
        if membership.member_kinds:
            yield "  Kinds of member: " + ", ".join(membership.member_kinds)
    for partnership in dataset.partnerships_of(agency):
        yield ""
        yield f"Partnership: {partnership.name}{_links(partnership.source)}"
        if partnership.description:
            yield _Prose(f"  {partnership.description}")
        if partnership.parties:
            yield "  Parties: " + ", ".join(partnership.parties)
        if partnership.partners:
            partners = [dataset.lookup(p) for p in partnership.partners]
            is_open = partnership.open_ended or "partners" in partnership.open_lists
            more = "; examples, the list is open" if is_open else ""
            yield f"  Partner organizations ({len(partners)}{more}):"
            yield from _bullets(
                [_agency_name(p) if isinstance(p, Agency) else p.title for p in partners], "    "
            )
    categories = dataset.categories_of(agency)
    if categories:
        total = sum(len(dataset.activities_in(c)) for c in categories)
        yield ""
        groups, activities = count(len(categories), "group"), count(total, "activity", "activities")
        yield f"TCB activities ({groups}, {activities}):"
        for position, category in enumerate(categories, 1):
            heading = category.heading or _missing(category.heading_lost, "heading")
            label = f"; project label: {category.project_label}" if category.project_label else ""
            yield f"  Group {position} ({heading}{label})"
            named = [
                f"{a.name} ({a.acronym})" if a.acronym else a.name
                for a in dataset.activities_in(category)
            ]
            yield from _bullets(named, "    ")


def _programme(dataset: Dataset, programme: Programme) -> Iterator[str]:
    yield ""
    yield f"Programme: {programme.name}{_links(programme.source)}"
    if programme.description:
        yield _Prose(f"  {programme.description}")
    if programme.focus:
        yield f"  Focus: {programme.focus}"
    for driver in programme.drivers_of_change:
        yield f"  Driver of change ({driver.period.value}): {driver.name}"
    for group in programme.target_groups:
        yield f"  Target group: {group.name}" + (f", at the {group.level}" if group.level else "")
    initiatives = [i.name for i in dataset.initiatives_of(programme)]
    if initiatives:
        yield f"  Initiatives ({len(initiatives)}){_open(programme, 'initiatives')}:"
        yield from _bullets(initiatives, "    ")


def _item(dataset: Dataset, spec: FieldSpec, value: object) -> str:
    """One value (or one item of a list) as text; a reference with its target's name."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if spec.refers_to is not None and isinstance(value, str):
        name = dataset.lookup(value).title  # a dataset's references resolve, by id
        return value if name == value else f"{value} ({name})"
    return str(value)


def _order(cls: type[Record]) -> list[FieldSpec]:
    """A record's fields as :func:`detail` shows them (the id is in its heading): the
    names first (the fields its title comes from), then the others as declared, its
    aliases, and the housekeeping last."""
    fields = [s for s in specs(cls) if s.name != "id"]
    names = [s for s in fields if s.key and s.shape.kind != "tuple"]
    aliases = [s for s in fields if s.key and s.shape.kind == "tuple"]
    last = [s for s in fields if s.housekeeping]
    rest = [s for s in fields if s not in names and s not in aliases and s not in last]
    return names + rest + aliases + last


def detail(dataset: Dataset, record: Record, width: int | None = None) -> str:
    """One record: a heading with its kind and id, then each field that has a value,
    one per line (a list's items one per line), wrapped to ``width``; references name
    their target (``agency: itu (International Telecommunication Union)``)."""
    width = _width(width)
    lines = _fill(str(record), width, "", "    ")  # the heading: deeper than a field's label
    for spec in _order(type(record)):
        value = getattr(record, spec.name)
        # A lost marker is shown only where it says something was lost.
        if value in (None, "", ()) or (spec.lost is not None and not value):
            if value is None and spec.shape.kind == "record" and spec.housekeeping:
                lines += _fill("not given", width, f"  {spec.name}: ")  # its source, say
        elif isinstance(value, tuple):  # a list, even of one item, is one item per line
            lines.append(f"  {spec.name}:")
            for item in value:
                lines += _fill(_item(dataset, spec, item), width, "    - ", "      ")
        else:
            lines += _fill(_item(dataset, spec, value), width, f"  {spec.name}: ")
    where = dataset.origin_of(record)
    if len(dataset.documents()) > 1:  # which of the documents it comes from
        metadata = dataset.metadata_of(record)
        where += f"; {metadata.title}, data version {metadata.data_version}"
    if len(dataset.profiles()) > 1:  # whose record it is
        where += f"; agency {dataset.agency_id_of(record)}"
    lines += _fill(f"(from {where})", width, "  ", "   ")
    return "\n".join(lines)
