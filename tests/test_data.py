"""The bundled data (``itu_tcb/data/itu.json``) agrees with the source page: names,
numbers, groups and order; it is of the latest schema version, valid without a
warning, and states its terms of use.

The expected facts are written here once (``FACTS``). When the source page is
present (``<repo>/../shared/source/itu-multilateral-summary.txt``, as on the
project's machines and in CI) the same facts are also read out of it, and must
equal ``FACTS``; without it the data is still checked against ``FACTS``.

Every name and list item the data takes from the page must appear in it verbatim
(``names_to_find``); the lists the page gives as examples only must be the ones the
data names in ``open_lists`` (``OPEN_LISTS``), no more and no fewer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import itu_tcb
from helpers import BUNDLED_BYTES
from itu_tcb._keys import key_texts, keys_of

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "source" / "itu-multilateral-summary.txt"

FACTS: dict[str, Any] = {
    "activity_groups": [
        ["Exhibitions and forums", "Workshops and seminars"],
        [
            "ICT Eye",
            "Global Industry Leaders' Forum (GILF)",
            "Global Symposium for Regulators (GSR)",
            "The ICT Regulation Toolkit",
            "Tariff Policies Database",
        ],
        ["ITU technologies infrastructures and applications"],
        ["Accessibility", "Cybersecurity", "Standardization"],
        ["Environment and climate change"],
    ],
    "partners": [
        "UNDP",
        "WTO",
        "UNCTAD",
        "UPU",
        "UNESCO",
        "UNIDO",
        "WHO",
        "ILO",
        "WMO",
        "UNEP",
        "UN-Habitat",
        "ICAO",
        "FAO",
        "ECOSOC",
        "IDB",
        "World Bank",
    ],
    "sectors": [
        ("ITU-R", "Radiocommunication Sector"),
        ("ITU-T", "Telecommunication Standardization Sector"),
        ("ITU-D", "Telecommunication Development Sector"),
    ],
    "initiatives": [
        "Centres of Excellence",
        "The ITU e-Learning Centre",
        "The Internet Training Centres Initiative",
    ],
    "member_states": 193,
    "sector_members": ("nearly", 700),
    "member_kinds": [
        "telecommunication policy-makers",
        "regulators",
        "network operators",
        "equipment manufacturers",
        "hardware and software developers",
        "regional standard bodies",
        "telecommunications organizations",
        "financing institutions",
    ],
    "target_groups": [
        ("policy-makers and regulators", "governmental level"),
        ("corporate executives and senior managers", "service-provision level"),
    ],
    "years": ("over", 145),
    "lost_links": {"See": 1, "For more information": 3},
    "drivers_of_change": [
        ("ever-evolving telecommunication technology", "earlier"),
        ("restructuring of the telecommunication sector", "current"),
        (
            "convergence of telecommunications with information technologies and multimedia",
            "current",
        ),
        ("transition towards competition, liberalization and globalization", "current"),
    ],
    "global_challenges": ["mitigating climate change", "strengthening cybersecurity"],
    # How the page qualifies each list it gives as examples only.
    "qualifiers": {
        "global challenges": "such as",
        "exhibitions and forums": "such as",
        "flagship initiatives": "include",
        "partner organizations": "e.g. ... etc.",
        "cooperation with universities": "one of the key examples",
    },
}

#: The record and list that hold each list of ``FACTS["qualifiers"]``: these, and
#: only these, are named in ``open_lists``.
OPEN_LISTS: dict[str, tuple[str, str]] = {
    "global challenges": ("itu", "global_challenges"),
    "exhibitions and forums": ("itu", "events"),
    "flagship initiatives": ("itu-tcb-programme", "initiatives"),
    "partner organizations": ("itu-organization-cooperation", "partners"),
    "cooperation with universities": ("itu-university-cooperation", "events"),
}

#: List items that split one phrase of the page in two, each with that phrase: the
#: page says "regional and international organizations".
SPLIT_ITEMS: dict[str, str] = {
    "regional organizations": "regional and international organizations",
    "international organizations": "regional and international organizations",
}

#: The two lists of technology areas, each as the page gives it (one sentence each).
TECHNOLOGY: dict[str, list[str]] = {
    "technology_areas": [
        "broadband networks",
        "new-generation wireless technologies",
        "aeronautical and maritime navigation",
        "radio astronomy",
        "satellite-based meteorology",
        "converging fixed-mobile phone, Internet and broadcasting technologies",
    ],
    "technology_areas_restated": [
        "broadband Internet",
        "latest-generation wireless technologies",
        "aeronautical and maritime navigation",
        "radio astronomy",
        "satellite-based meteorology",
        "convergence in fixed-mobile phone, Internet access, data, voice and TV broadcasting",
        "next-generation networks",
    ],
}


def apostrophes(text: str) -> str:
    """The source writes the apostrophe as U+2019 and has a no-break space in one
    heading; compare with a plain apostrophe and a plain space."""
    return text.replace("\u2019", "'").replace("\u00a0", " ")


def bullets(block: str) -> list[str]:
    return [line.strip()[1:].strip() for line in block.splitlines() if line.strip()[:1] == "•"]


def listed(phrase: str) -> list[str]:
    """``"a, b, c and d"`` as ``["a", "b", "c", "d"]``."""
    items = phrase.split(", ")
    return [*items[:-1], *items[-1].rsplit(" and ", 1)]


def facts_of(text: str) -> dict[str, Any]:
    """The facts of ``FACTS``, read out of the source page."""
    text = apostrophes(text)
    activities = text.split("TCB activities in this guide", 1)[1]
    groups = [bullets(block) for block in re.split(r"\n\s*\n\s*\n", activities)]
    partners = re.search(r"\(e\.g\. (.*?), etc\.\)", text)
    members = re.search(r"(\d+) Member States and (\w+) (\d+) Sector Members", text)
    kinds = re.search(r"membership encompasses (.*?)\.", text)
    targets = re.search(r"(Policy-makers.*?level), as well as (.*?level),", text)
    years = re.search(r"For (\w+) (\d+) years", text)
    flagship = text.split("flagship initiatives include:", 1)[1].split("For more", 1)[0]
    earlier = re.search(r"challenges were driven by the (.*?)\.", text)
    current = re.search(r"challenges emanating from the (.*?)\.", text)
    challenges = re.search(r"global challenges of our times, such as (.*?)\.", text)
    example = re.search(r"One of the key examples of ([a-z ]+?) is the ITU-T Kaleidoscope", text)
    qualifiers = {
        "global challenges": "such as" if challenges else None,
        "exhibitions and forums": "such as" if "exhibitions and forums, such as" in text else None,
        "flagship initiatives": "include" if "flagship initiatives include:" in text else None,
        "partner organizations": "e.g. ... etc." if partners else None,
        "cooperation with universities": (
            "one of the key examples"
            if example and example[1] == "cooperation with universities"
            else None
        ),
    }
    assert earlier
    assert current
    assert challenges
    assert partners
    assert members
    assert kinds
    assert targets
    assert years
    return {
        "activity_groups": [group for group in groups if group],
        "partners": partners[1].split(", "),
        "sectors": [
            (code, name)
            for name, code in re.findall(r"[Tt]he (\w+ (?:\w+ )?Sector) \((ITU-\w)\)", text)
        ],
        "initiatives": [item.rstrip(";.") for item in bullets(flagship)],
        "member_states": int(members[1]),
        "sector_members": (members[2], int(members[3])),
        "member_kinds": listed(kinds[1]),
        "target_groups": [
            tuple(part.lower().split(" at the ")) for part in (targets[1], targets[2])
        ],
        "years": (years[1], int(years[2])),
        "drivers_of_change": [
            (earlier[1], "earlier"),
            *((name, "current") for name in re.split(r",(?: and)? the ", current[1])),
        ],
        "global_challenges": listed(challenges[1]),
        "qualifiers": qualifiers,
        "lost_links": {
            "See": len(re.findall(r"\bSee\s*$", text.split("\n\n", 2)[1])),
            "For more information": text.count("For more information:"),
        },
    }


@pytest.fixture(scope="module")
def source_text() -> str | None:
    return SOURCE.read_text(encoding="utf-8") if SOURCE.is_file() else None


@pytest.fixture(scope="module")
def facts(source_text: str | None) -> dict[str, Any]:
    return FACTS if source_text is None else facts_of(source_text)


def test_the_written_facts_are_the_source_facts(source_text: str | None) -> None:
    if source_text is None:
        pytest.skip(f"source page not found at {SOURCE}; the data is checked against FACTS")
    assert facts_of(source_text) == FACTS


def test_the_twelve_activities_in_five_groups_in_order(
    data: itu_tcb.Dataset, facts: dict[str, Any]
) -> None:
    groups = [
        [
            apostrophes(f"{a.name} ({a.acronym})" if a.acronym else a.name)
            for a in data.activities_in(category)
        ]
        for category in data.categories
    ]
    assert groups == facts["activity_groups"]
    assert [len(g) for g in groups] == [2, 5, 1, 3, 1]
    flat = [name for group in groups for name in group]
    assert len(flat) == len(data.activities) == 12
    assert [a.id for a in data.activities] == [
        a.id for c in data.categories for a in data.activities_in(c)
    ]


def test_lost_group_headings_are_null_and_labels_are_marked(data: itu_tcb.Dataset) -> None:
    assert len(data.categories) == 5
    for category in data.categories:
        assert category.heading is None
        assert category.project_label is not None
        assert category.note is not None
        assert "own wording" in category.note


def test_the_sixteen_partners_in_order(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    itu = data.lookup("ITU")
    assert isinstance(itu, itu_tcb.Agency)
    partners = data.partners_of(itu)
    assert [p.acronym or p.name for p in partners] == facts["partners"]
    assert len(partners) == 16
    (cooperation,) = [p for p in data.partnerships_of(itu) if p.partners]
    assert cooperation.open_ended is True


def test_the_three_sectors(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    assert [(s.code, s.name) for s in data.sectors] == facts["sectors"]
    assert {data.agency_of(s).acronym for s in data.sectors} == {"ITU"}


def test_the_flagship_initiatives_named(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    assert [i.name for i in data.initiatives] == facts["initiatives"]
    (programme,) = data.programmes
    assert [i.name for i in data.initiatives_of(programme)] == facts["initiatives"]
    # The page's list of flagships is open ("include"): no record may say "the three".
    for initiative in data.initiatives:
        assert initiative.description is not None
        assert "three" not in initiative.description.lower()


def test_the_drivers_of_change_verbatim_and_in_order(
    data: itu_tcb.Dataset, facts: dict[str, Any]
) -> None:
    (programme,) = data.programmes
    drivers = [(d.name, d.period.value) for d in programme.drivers_of_change]
    assert drivers == facts["drivers_of_change"]


def test_the_global_challenges_verbatim(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    itu = data.lookup("itu")
    assert isinstance(itu, itu_tcb.Agency)
    assert list(itu.global_challenges) == facts["global_challenges"]


def test_lists_given_as_examples_are_exactly_the_open_lists(
    data: itu_tcb.Dataset, facts: dict[str, Any]
) -> None:
    """Each list the page qualifies is named in its record's ``open_lists``; no
    other list is (the page gives every other list whole)."""
    assert set(facts["qualifiers"]) == set(OPEN_LISTS)
    assert all(wording is not None for wording in facts["qualifiers"].values())
    named = {(record.id, name) for record in data for name in record.open_lists}
    assert named == set(OPEN_LISTS.values())
    # Each qualified list holds the items the page gives for it.
    itu = data.lookup("itu")
    assert isinstance(itu, itu_tcb.Agency)
    assert "ITU TELECOM WORLD" in {e.name for e in data.events if e.agency == itu.id}
    university = data.lookup("itu-university-cooperation")
    assert [e.name for e in data.events if e.partnership == university.id] == [
        "ITU-T Kaleidoscope Events"
    ]
    # The older flag of the partners' list agrees.
    cooperation = data.lookup("itu-organization-cooperation")
    assert isinstance(cooperation, itu_tcb.Partnership)
    assert cooperation.open_ended is True


def test_membership_counts_keep_their_qualifiers(
    data: itu_tcb.Dataset, facts: dict[str, Any]
) -> None:
    membership = data.membership_of(data.lookup("ITU"))  # type: ignore[arg-type]
    assert membership is not None
    states, sector_members = (c.count for c in membership.counts)
    assert (states.value, states.qualifier) == (facts["member_states"], itu_tcb.Qualifier.EXACT)
    qualifier, value = facts["sector_members"]
    assert (sector_members.qualifier.value, sector_members.value) == (qualifier, value)
    assert str(states) == "193"
    assert str(sector_members) == "nearly 700"


def test_the_eight_kinds_of_member(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    (membership,) = data.memberships
    assert list(membership.member_kinds) == facts["member_kinds"]
    assert len(membership.member_kinds) == 8


def test_the_two_target_groups(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    (programme,) = data.programmes
    assert [(g.name, g.level) for g in programme.target_groups] == facts["target_groups"]


def test_over_145_years(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    years = data.agencies[0].years_active
    assert years is not None
    assert (years.qualifier.value, years.value) == facts["years"]


def test_lost_links_have_no_url(data: itu_tcb.Dataset, facts: dict[str, Any]) -> None:
    links = [link for record in data if record.source for link in record.source.links]
    assert links
    assert all(link.url is None and link.target_lost for link in links)
    labels = {
        label: [link.label for link in links].count(label) for label in {*facts["lost_links"]}
    }
    assert labels == facts["lost_links"]


def names_to_find(data: itu_tcb.Dataset) -> list[tuple[str, str]]:
    """``(where, name)`` of every name the data takes from the source page.

    Aliases are left out: they are other spellings a lookup accepts, not the source's.
    So are an agency's ``functions``: short summaries in the project's words of the
    page's long phrases (carried over whole, they would copy its sentences).
    """
    found: list[tuple[str, str]] = []
    for record in data:
        for field in (
            str(k.path[0]) for k in keys_of(record) if k.path[0] not in ("id", "aliases")
        ):
            value = getattr(record, field)
            if value is None or field in record.external_fields or field == "project_label":
                continue
            found.append((f"{record.id}.{field}", value))
    for record in data.memberships:
        found += [(f"{record.id}.member_kinds", kind) for kind in record.member_kinds]
        found += [(f"{record.id}.counts", count.category) for count in record.counts]
    for agency in data.agencies:
        for field in ("technology_areas", "technology_areas_restated", "global_challenges"):
            found += [(f"{agency.id}.{field}", v) for v in getattr(agency, field)]
        if agency.commitment:
            found.append((f"{agency.id}.commitment", agency.commitment))
    for programme in data.programmes:
        for group in programme.target_groups:
            found.append((f"{programme.id}.target_groups", group.name))
            if group.level is not None:
                found.append((f"{programme.id}.target_groups.level", group.level))
        found += [(f"{programme.id}.drivers", d.name) for d in programme.drivers_of_change]
        if programme.focus is not None:
            found.append((f"{programme.id}.focus", programme.focus))
    for partnership in data.partnerships:
        found += [(f"{partnership.id}.parties", party) for party in partnership.parties]
    for event in data.events:
        found += [(f"{event.id}.participants", who) for who in event.participants]
    sections = sorted({r.source.section for r in data if r.source and r.source.section is not None})
    found += [("source.section", s) for s in sections]
    return found


def test_both_lists_of_technology_areas_whole_and_in_order(
    data: itu_tcb.Dataset, source_text: str | None
) -> None:
    itu = data.lookup("itu")
    assert isinstance(itu, itu_tcb.Agency)
    assert list(itu.technology_areas) == TECHNOLOGY["technology_areas"]
    assert list(itu.technology_areas_restated) == TECHNOLOGY["technology_areas_restated"]
    if source_text is None:
        pytest.skip(f"source page not found at {SOURCE}; lists checked through FACTS only")
    # Each list is one sentence of the page, starting "From broadband ...": the
    # items must appear there one after the other, in the data's order.
    sentences = re.findall(r"From broadband.*?ITU is committed", source_text)
    assert len(sentences) == 2
    for sentence, items in zip(
        sentences,
        (TECHNOLOGY["technology_areas"], TECHNOLOGY["technology_areas_restated"]),
        strict=True,
    ):
        position = 0
        for item in items:
            found = sentence.find(item, position)
            assert found >= 0, f"{item!r} is not where the page lists it"
            position = found + len(item)


def test_every_listed_name_appears_verbatim_in_the_source(
    data: itu_tcb.Dataset, source_text: str | None
) -> None:
    if source_text is None:
        pytest.skip(f"source page not found at {SOURCE}; names checked through FACTS only")
    text = apostrophes(source_text)
    names = names_to_find(data)
    assert len(names) > 60
    missing = [(where, name) for where, name in names if apostrophes(name) not in text]
    # An item that splits one phrase of the page must come from that phrase.
    for where, name in list(missing):
        phrase = SPLIT_ITEMS.get(name)
        if phrase is not None and phrase in text and set(name.split()) <= set(phrase.split()):
            missing.remove((where, name))
    # Target groups begin a sentence in the source, so compare them without case.
    missing = [
        (where, name)
        for where, name in missing
        if not (where.endswith("target_groups") and name.lower() in text.lower())
    ]
    assert missing == []


# -------------------------------------------- version, validity and terms


def test_the_bundled_data_is_of_the_latest_version_and_says_what_was_lost() -> None:
    data = itu_tcb.load()
    assert data.schema_version == itu_tcb.SCHEMA_VERSIONS[-1] == "1.3"
    assert all(r.source is not None for r in data)  # every record says where on the page
    assert all(c.heading is None and c.heading_lost for c in data.categories)
    links = [link for r in data if r.source for link in r.source.links]
    assert all(link.target_lost is (link.url is None) for link in links)
    assert sum(link.target_lost for link in links) == 4


def test_bundled_data_has_no_error_and_no_warning() -> None:
    report = itu_tcb.validate(BUNDLED_BYTES)
    assert report.problems == (), str(report)
    assert itu_tcb.load().warnings == ()


def test_bundled_terms_cover_code_descriptions_and_facts(data: itu_tcb.Dataset) -> None:
    terms = data.metadata.terms
    assert terms is not None
    assert "MIT License" in terms  # the code, and the project's own descriptions
    assert "project's own words" in terms
    assert data.metadata.source.publisher in terms  # the facts, credited to the guide
    assert "citation" in terms


def test_readme_states_the_same_terms() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Terms of use", 1)[1].split("\n## ", 1)[0]
    terms = " ".join(section.split())
    for words in ("MIT", "own words", "UN Trade Capacity Building (TCB) Resource Guide"):
        assert words in terms
    assert "metadata.terms" in terms


# ------------------------------------------ answers that survive an upgrade

#: The bundled document of the 0.1 release (data 2026.11.0; tests/earlier/README.md).
RELEASE_0_1 = Path(__file__).parent / "earlier" / "itu-data-0.1-schema-1.0.json"


def answers(dataset: itu_tcb.Dataset) -> list[tuple[str, str]]:
    """Every (key, record id) of ``dataset`` where a lookup of the key (an id, name,
    code, acronym or alias) returns the record."""
    found = []
    for record in dataset:
        for text in key_texts(record):
            try:
                if dataset.lookup(text) == record:
                    found.append((text, record.id))
            except itu_tcb.AmbiguousKeyError:
                continue
    return found


def test_every_key_that_answered_in_the_0_1_release_answers_the_same_record_now(
    data: itu_tcb.Dataset,
) -> None:
    """No record was withdrawn or merged since 0.1: each id, name, code, acronym and
    alias that a lookup answered there answers the record of the same id now."""
    earlier = answers(itu_tcb.load(RELEASE_0_1))
    assert len(earlier) > len(data)  # ids, and more
    now = []
    for text, _ in earlier:
        try:
            now.append((text, data.lookup(text).id))
        except LookupError as error:  # NotFoundError and AmbiguousKeyError alike
            now.append((text, f"no answer: {error}"))
    assert now == earlier


# ------------------------------------------- the changelog's data section

CHANGELOG = REPO / "CHANGELOG.md"


def data_sections(text: str) -> str:
    """The text under every "### Data" heading of the Unreleased section and of the
    versions after 0.1.0."""
    kept = []
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading = section.split("\n", 1)[0]
        version = re.match(r"\[(\d+)\.(\d+)\.(\d+)\]", heading)
        if heading.startswith("[Unreleased]") or (
            version is not None and tuple(map(int, version.groups())) > (0, 1, 0)
        ):
            for part in re.split(r"^### ", section, flags=re.MULTILINE)[1:]:
                if part.split("\n", 1)[0].strip() == "Data":
                    kept.append(part)
    return "\n".join(kept)


def test_the_changelog_names_every_record_the_data_changed_since_0_1(
    data: itu_tcb.Dataset,
) -> None:
    found = itu_tcb.load(RELEASE_0_1).diff(data)
    changed = [r.id for r in (*found.added, *found.removed)] + [c.id for c in found.changed]
    assert changed  # the diff is not empty: the check can fail
    named = set(re.findall(r"`([^`\n]+)`", data_sections(CHANGELOG.read_text(encoding="utf-8"))))
    assert [i for i in changed if i not in named] == []


def test_the_changelog_sections_are_found() -> None:
    sections = data_sections(
        "## [Unreleased]\n### Data\n- `a`\n### Fixed\n- `b`\n"
        "## [0.2.0]\n### Data\n- `c`\n## [0.1.0]\n### Data\n- `d`\n"
    )
    assert re.findall(r"`(\w)`", sections) == ["a", "c"]
