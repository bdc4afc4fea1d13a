"""Plain-text rendering: the profile summary and one record in detail."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import cast

import attrs

from .dataset import Dataset
from .models import Agency, Count, Link, Programme, Record, SourceRef

_WIDTH = 78


def _bullets(items: tuple[str, ...] | list[str], indent: str = "  ") -> Iterator[str]:
    for item in items:
        yield f"{indent}- {item}"


def _links(source: SourceRef) -> str:
    if not source.links:
        return ""
    shown = [f"{link.label} -> {link.url or 'target lost in the source'}" for link in source.links]
    return "  (links: " + "; ".join(shown) + ")"


def summary(dataset: Dataset) -> str:
    """A readable profile of the data: every agency that anything belongs to in full,
    with all its records; any other agency by name."""
    lines: list[str] = [dataset.metadata.title, "=" * len(dataset.metadata.title)]
    profiled = [a for a in dataset.agencies if _is_profiled(dataset, a)]
    for agency in profiled:
        lines += ["", *_agency(dataset, agency)]
    # Every agency is shown: profiled above, named among a profile's partners, or here.
    partners = {p.id for a in profiled for p in dataset.partners_of(a)}
    others = [a for a in dataset.agencies if a not in profiled and a.id not in partners]
    if others:
        lines += ["", f"Other agencies ({len(others)}):"]
        lines += [
            f"  - {a.title}" + (f": {a.description}" if a.description else "") for a in others
        ]
    source = dataset.metadata.source
    lines += [
        "",
        f"Source: {source.title}, {source.publisher}",
        f"        {source.url or 'no URL'} (date: {source.date or 'undated'}"
        + (f"; content as of {source.content_as_of})" if source.content_as_of else ")"),
        f"Data version {dataset.metadata.data_version}; schema {dataset.schema_version}.",
    ]
    return "\n".join(lines)


def _is_profiled(dataset: Dataset, agency: Agency) -> bool:
    return bool(
        dataset.sectors_of(agency)
        or dataset.programmes_of(agency)
        or dataset.categories_of(agency)
        or dataset.membership_of(agency)
        or dataset.partnerships_of(agency)
        or dataset.events_of(agency)
        or dataset.initiatives_of(agency)
    )


def _open(record: Record, name: str) -> str:
    """A remark after a list's title when the source gives that list as examples."""
    return " (examples; the list is open)" if name in record.open_lists else ""


def _agency(dataset: Dataset, agency: Agency) -> Iterator[str]:
    yield f"{agency.name or agency.acronym or agency.id} ({agency.acronym or agency.id})"
    if agency.description:
        yield agency.description
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
    if agency.source.links:
        yield _links(agency.source).strip()
    sectors = dataset.sectors_of(agency)
    if sectors:
        yield ""
        yield f"Sectors ({len(sectors)}):"
        yield from _bullets([f"{s.code}: {s.name}" for s in sectors])
    for event in dataset.events_of(agency):
        yield ""
        sector = f" ({dataset.lookup(event.sector).title})" if event.sector else ""
        yield f"Event: {event.name}{sector}"
        if event.description:
            yield f"  {event.description}"
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
        yield "Membership:"
        yield from _bullets([f"{c.count} {c.category}" for c in membership.counts])
        if membership.member_kinds:
            yield "  Kinds of member: " + ", ".join(membership.member_kinds)
    for partnership in dataset.partnerships_of(agency):
        yield ""
        yield f"Partnership: {partnership.name}{_links(partnership.source)}"
        if partnership.description:
            yield f"  {partnership.description}"
        if partnership.parties:
            yield "  Parties: " + ", ".join(partnership.parties)
        if partnership.partners:
            named = [dataset.lookup(p).title for p in partnership.partners]
            is_open = partnership.open_ended or "partners" in partnership.open_lists
            more = ", and others (the list is open)" if is_open else ""
            yield f"  Partner organizations ({len(named)}): " + ", ".join(named) + more
    categories = dataset.categories_of(agency)
    if categories:
        total = sum(len(dataset.activities_in(c)) for c in categories)
        yield ""
        yield f"TCB activities ({len(categories)} groups, {total} activities):"
        for position, category in enumerate(categories, 1):
            heading = category.heading or "heading lost in the source"
            label = f"; project label: {category.project_label}" if category.project_label else ""
            yield f"  Group {position} ({heading}{label})"
            yield from _bullets([a.title for a in dataset.activities_in(category)], "    ")


def _programme(dataset: Dataset, programme: Programme) -> Iterator[str]:
    yield ""
    yield f"Programme: {programme.name}{_links(programme.source)}"
    if programme.description:
        yield f"  {programme.description}"
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


def _value(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Count):
        return str(value)
    if isinstance(value, Link):
        return f"{value.label} ({value.url or 'target lost in the source'})"
    if attrs.has(type(value)):
        return ", ".join(
            f"{k}={_value(v)}"
            for k, v in attrs.asdict(cast("attrs.AttrsInstance", value), recurse=False).items()
        )
    if isinstance(value, tuple):
        return "; ".join(_value(v) for v in value) or "(none)"
    return "(none)" if value is None else str(value)


def detail(dataset: Dataset, record: Record) -> str:
    """Every field of one record, one per line, with its kind and origin."""
    lines = [f"{record.title} [{record.kind.name.lower()} {record.id}]"]
    for field in attrs.fields(type(record)):
        lines.append(f"  {field.name}: {_value(getattr(record, field.name))}")
    lines.append(f"  (from {dataset.origin_of(record)})")
    return "\n".join(lines)
