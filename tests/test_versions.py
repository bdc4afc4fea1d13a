"""Schema 1.1 (issue 10, points 5 and 6): documents of 1.0 load as before, values
marked lost are said to be lost only where the data says so, and the kinds gain an
explicit ``other``."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import itu_tcb
from itu_tcb import DataError, ProblemKind, RecordKind
from itu_tcb import strategies as its
from itu_tcb._text import detail, summary

#: The bundled document as released in data version 0.1 (schema 1.0): commit 50d7673.
EARLIER = Path(__file__).parent / "earlier" / "itu-data-0.1-schema-1.0.json"

#: Wording true of ITU's page only, which no other profile's text may carry unless
#: its data says so.
ITU_ONLY = re.compile(r"\bITU\b|\blost\b|\bflagship", re.IGNORECASE)


def earlier() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EARLIER.read_text(encoding="utf-8"))
    return document


def holds(read: Any, given: Any) -> bool:
    """``read`` holds everything ``given`` does (and may add fields at defaults)."""
    if isinstance(given, dict):
        return isinstance(read, dict) and all(
            k in read and holds(read[k], v) for k, v in given.items()
        )
    if isinstance(given, list):
        return (
            isinstance(read, list)
            and len(read) == len(given)
            and all(holds(r, g) for r, g in zip(read, given, strict=True))
        )
    return bool(read == given)


def fictional(version: str = "1.1") -> dict[str, Any]:
    """A clearly fictional agency whose one category has no heading."""
    return {
        "schema_version": version,
        "metadata": {
            "title": "Fictional Postal Cooperation Agency: an invented profile",
            "data_version": "0.1",
            "source": {"title": "An invented page", "publisher": "Nobody"},
            "citation": "Invented for the tests of itu_tcb.",
        },
        "agencies": [
            {
                "id": "fpca",
                "name": "Fictional Postal Cooperation Agency",
                "acronym": "FPCA",
                "source": {"links": [{"label": "Read more"}]},
            }
        ],
        "partnerships": [
            {
                "id": "fpca-cooperation",
                "name": "Cooperation with other organizations",
                "partnership_kind": "other",
                "agency": "fpca",
            }
        ],
        "events": [
            {
                "id": "fpca-congress",
                "name": "Postal Congress",
                "event_kind": "other",
                "agency": "fpca",
            }
        ],
        "categories": [{"id": "fpca-group-1", "agency": "fpca", "project_label": "Courses"}],
        "activities": [{"id": "fpca-course", "name": "Sorting course", "category": "fpca-group-1"}],
    }


# --------------------------------------------------------------- schema 1.0


def test_the_earlier_bundled_document_is_refused_only_for_development_bank() -> None:
    with pytest.raises(DataError) as caught:
        itu_tcb.load(earlier())
    (problem,) = caught.value.report.problems
    assert problem.path.endswith(".agency_kind")
    assert "'development_bank'" in problem.message


def test_the_earlier_bundled_document_loads_as_1_0() -> None:
    document = earlier()
    assert document["schema_version"] == "1.0"
    for agency in document["agencies"]:
        if agency.get("agency_kind") == "development_bank":
            agency["agency_kind"] = "outside_un_system"
    data = itu_tcb.load(document)
    assert data.schema_version == "1.0"
    # 1.0 could not say that a value was lost: nothing loaded from it says so.
    assert all(c.heading is None and not c.heading_lost for c in data.categories)
    links = [link for r in data for link in r.source.links]
    assert links
    assert all(not link.target_lost for link in links)
    # Every field the earlier document gives is read back as it was given.
    written = data.to_document()
    for kind in RecordKind:
        for given_record, read in zip(
            document.get(kind.collection, []), written.get(kind.collection, []), strict=True
        ):
            assert holds(read, given_record), (kind, given_record["id"])


def test_a_1_0_document_may_use_the_additions_of_1_1() -> None:
    document = fictional("1.0")
    document["categories"][0]["heading_lost"] = True
    document["agencies"][0]["source"]["links"][0]["target_lost"] = True
    data = itu_tcb.load(document)
    assert data.schema_version == "1.0"
    (event,) = data.events
    assert event.event_kind is itu_tcb.EventKind.OTHER
    assert itu_tcb.load(data.to_document()) == data
    assert itu_tcb.validate(document).valid


@pytest.mark.slow
@given(its.datasets())
def test_documents_of_every_version_round_trip(data: itu_tcb.Dataset) -> None:
    assert data.schema_version in itu_tcb.SCHEMA_VERSIONS
    document = data.to_document()
    assert document["schema_version"] == data.schema_version
    assert itu_tcb.load(document) == data


@pytest.mark.parametrize("order", [("1.0", "1.1"), ("1.1", "1.0")])
def test_a_merge_is_of_the_latest_version_of_its_parts(order: tuple[str, str]) -> None:
    first, second = (fictional(v) for v in order)
    for key in ("partnerships", "events", "categories", "activities"):
        del second[key]
    second["agencies"] = [{"id": "fpcb", "name": "Fictional Parcel Cooperation Bureau"}]
    merged = itu_tcb.merge(first, second)
    assert merged.schema_version == "1.1"
    assert itu_tcb.load(merged.to_document()) == merged


def test_the_bundled_data_is_of_the_latest_version_and_says_what_was_lost() -> None:
    data = itu_tcb.load()
    assert data.schema_version == itu_tcb.SCHEMA_VERSIONS[-1] == "1.2"
    assert all(c.heading is None and c.heading_lost for c in data.categories)
    links = [link for r in data for link in r.source.links]
    assert all(link.target_lost is (link.url is None) for link in links)
    assert sum(link.target_lost for link in links) == 4


# ------------------------------------------------------------------- lost


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (
            lambda d: d["categories"][0].update(heading="Courses", heading_lost=True),
            "$.categories[0].heading_lost",
        ),
        (
            lambda d: d["agencies"][0]["source"]["links"][0].update(
                url="https://example.org", target_lost=True
            ),
            "$.agencies[0].source.links[0].target_lost",
        ),
    ],
    ids=["heading", "link"],
)
def test_a_value_cannot_be_given_and_lost(edit: Any, path: str) -> None:
    document = fictional()
    edit(document)
    report = itu_tcb.validate(document)
    assert [(p.path, p.kind) for p in report.errors] == [(path, ProblemKind.VALUE)]


def test_the_summary_of_a_fictional_agency_says_nothing_of_itu() -> None:
    data = itu_tcb.load(fictional())
    text = summary(data, width=200)
    assert "Group 1 (no heading in the document; project label: Courses)" in text
    assert "Read more -> no target in the document" in text
    assert ITU_ONLY.search(text) is None
    for record in data:
        assert ITU_ONLY.search(detail(data, record, width=200)) is None
        shown = re.sub(r"<[^>]*>", " ", record._repr_html_())  # the text, not the markup
        assert ITU_ONLY.search(shown) is None


def test_the_summary_says_lost_where_the_data_does() -> None:
    document = fictional()
    document["categories"][0]["heading_lost"] = True
    document["agencies"][0]["source"]["links"][0]["target_lost"] = True
    data = itu_tcb.load(document)
    text = summary(data, width=200)
    assert "Group 1 (heading lost in the source; project label: Courses)" in text
    assert "Read more -> target lost in the source" in text
    assert "heading_lost: yes" in detail(data, data.lookup("fpca-group-1"), width=200)


@pytest.mark.slow
@given(its.datasets())
def test_no_text_output_says_more_than_its_data(data: itu_tcb.Dataset) -> None:
    document = data.to_document()
    unmarked = copy.deepcopy(document)
    for category in unmarked.get("categories", []):
        category["heading_lost"] = False
    for kind in RecordKind:
        for record in unmarked.get(kind.collection, []):
            for link in record["source"]["links"]:
                link["target_lost"] = False
    plain = itu_tcb.load(unmarked)
    if ITU_ONLY.search(json.dumps(unmarked, ensure_ascii=False)) is None:
        # Nothing in the data speaks of ITU, flagships or loss: nor does the text.
        assert ITU_ONLY.search(summary(plain, width=200)) is None
        for record in plain:
            assert ITU_ONLY.search(detail(plain, record, width=200)) is None
