"""Fictional profiles of other agencies, for the tests of many agencies in one
dataset (issue 10): one that reuses the guide's generic names and names bundled
agencies as its partners, its merge with the bundled data, a document of corrections,
a profile whose one category has no heading, and copies of a dataset under other
agencies."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import itu_tcb
from helpers import BUNDLED, DATA
from itu_tcb import AmbiguousKeyError, RecordKind
from itu_tcb._integrity import REFERENCES
from itu_tcb._keys import keys_of
from itu_tcb._normalize import claim

#: The guide's generic names, which a profile of any agency may use as ITU's does.
GENERIC = (
    "TCB-related programme",
    "Cooperation with other organizations",
    "Workshops and seminars",
)


def fictional_profile() -> dict[str, Any]:
    """A clearly fictional second agency that reuses the guide's generic names and
    names bundled agencies (UPU, ITU) as its partners."""
    return {
        "schema_version": "1.0",
        "metadata": {
            "title": "Fictional Postal Cooperation Agency: an invented profile",
            "data_version": "0.1",
            "source": {"title": "An invented page", "publisher": "Nobody"},
            "citation": "Invented for the tests of itu_tcb.",
        },
        "agencies": [
            {"id": "fpca", "name": "Fictional Postal Cooperation Agency", "acronym": "FPCA"}
        ],
        "programmes": [{"id": "fpca-programme", "name": GENERIC[0], "agency": "fpca"}],
        "partnerships": [
            {
                "id": "fpca-cooperation",
                "name": GENERIC[1],
                "partnership_kind": "inter_organizational",
                "agency": "fpca",
                "partners": ["upu", "itu"],
            }
        ],
        "categories": [{"id": "fpca-group-1", "agency": "fpca", "heading": "Events and training"}],
        "activities": [{"id": "fpca-workshops", "name": GENERIC[2], "category": "fpca-group-1"}],
    }


#: The bundled data and the fictional profile, merged.
MERGED = itu_tcb.merge(DATA, fictional_profile())


def merged_document() -> dict[str, Any]:
    """The document of ``MERGED``, with its provenance."""
    return MERGED.to_document()


def candidates(error: pytest.ExceptionInfo[AmbiguousKeyError]) -> set[tuple[str, str]]:
    """The candidates of an ambiguous key, as (record id, agency id)."""
    return {(record.id, agency) for record, agency in error.value.candidates}


def copy_of(dataset: itu_tcb.Dataset) -> tuple[dict[str, Any], str]:
    """The document of ``dataset`` as another agency's profile: every id (and
    reference) prefixed so that no id, and no id's claim, is one of the dataset's;
    every name, code, acronym and alias the same."""
    taken = {key.claim for record in dataset for key in keys_of(record)}
    number = 0
    while True:
        prefix = f"copy{number}-"
        if not any(claim(prefix + record.id) in taken for record in dataset):
            break
        number += 1
    doc = dataset.to_document()
    for kind in RecordKind:
        for record in doc[kind.collection]:
            record["id"] = prefix + record["id"]
    for holder, field, _ in REFERENCES:
        for record in doc[holder.collection]:
            value = record.get(field)
            if isinstance(value, str):
                record[field] = prefix + value
            elif isinstance(value, list):
                record[field] = [prefix + v for v in value]
    for entry in doc.get("provenance", []):
        entry["records"] = [prefix + v for v in entry["records"]]
    return doc, prefix


def corrections() -> dict[str, Any]:
    """A document of corrections to the bundled data: ITU's membership, redefined
    whole with one count changed (it clashes unless replaced)."""
    membership = copy.deepcopy(BUNDLED["memberships"][0])
    membership["counts"][0]["count"]["value"] = 194
    return {
        "schema_version": "1.0",
        "metadata": {
            "title": "Corrections",
            "data_version": "1",
            "source": {"title": "A fictional newer source", "publisher": "Nobody"},
            "citation": "Invented corrections.",
        },
        "memberships": [membership],
    }


def headingless_profile(version: str = "1.1") -> dict[str, Any]:
    """A clearly fictional agency whose one category has no heading (schema 1.1)."""
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
