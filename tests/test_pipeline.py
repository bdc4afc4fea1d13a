"""Combining parts (``itu_tcb._pipeline``): merges, replacements, clashes between
parts, part labels and origins, bases for validation, and each part's metadata
(provenance) through merges and saves."""

from __future__ import annotations

import copy
import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
import itu_tcb.cli
from helpers import BUNDLED, BUNDLED_BYTES, DATA
from itu_tcb import DataError, Dataset, ProblemKind, Qualifier, RecordKind, Severity
from itu_tcb import strategies as its
from profiles import (
    MERGED,
    copy_of,
    corrections,
    fictional_profile,
    headingless_profile,
    merged_document,
)

BUNDLED_LABEL = itu_tcb.load().origin

METADATA = {
    "title": "Corrections to the ITU profile",
    "data_version": "2025.1",
    "source": {"title": "A newer source", "publisher": "A user"},
    "citation": "A user's corrections.",
}


def document(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": "1.0", "metadata": copy.deepcopy(METADATA), **collections}


def membership(member_states: int) -> dict[str, Any]:
    return {
        "id": "itu-membership",
        "agency": "itu",
        "counts": [
            {"category": "Member States", "count": {"value": member_states, "qualifier": "exact"}},
            {
                "category": "Sector Members and Associates",
                "count": {"value": 700, "qualifier": "nearly"},
            },
        ],
    }


def other_agency() -> dict[str, Any]:
    """A small profile of another agency, complete on its own."""
    return document(
        agencies=[{"id": "upu-profile", "acronym": "UPU-P", "name": "Postal profile agency"}],
        categories=[
            {"id": "upu-group-1", "agency": "upu-profile", "project_label": "Postal courses"}
        ],
        activities=[
            {"id": "postal-training", "name": "Postal training", "category": "upu-group-1"}
        ],
    )


def clashes(exc: pytest.ExceptionInfo[DataError]) -> set[str]:
    report = exc.value.report
    assert all(p.kind is ProblemKind.CLASH for p in report.errors), str(report)
    return {p.path for p in report.errors}


# ------------------------------------------------------------- the use case


def test_bundled_data_plus_a_users_corrected_membership_count(tmp_path: Path) -> None:
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps(document(memberships=[membership(194)])), encoding="utf-8")
    bundled = itu_tcb.load()

    with pytest.raises(DataError) as caught:
        itu_tcb.merge(bundled, path)  # no silent overwrite
    assert clashes(caught) == {"$.memberships[0].id"}
    assert "replace=['itu-membership']" in (caught.value.report.problems[0].hint or "")

    merged = itu_tcb.merge(bundled, path, replace=["itu-membership"])
    count = merged.lookup("itu-membership").counts[0].count  # type: ignore[attr-defined]
    assert (count.value, count.qualifier) == (194, Qualifier.EXACT)
    assert merged.origin_of("itu-membership") == str(path)
    assert merged.origin_of("itu") == BUNDLED_LABEL
    assert merged.record_origins["itu-membership"] == str(path)
    assert merged.origin == f"{BUNDLED_LABEL} + {path}"
    # Everything else is the bundled data, in its order; the bundled dataset is untouched.
    assert len(merged) == len(bundled)
    assert [r.id for r in merged] == [r.id for r in bundled]
    assert bundled.lookup("itu-membership").counts[0].count.value == 193  # type: ignore[attr-defined]
    assert merged.metadata == bundled.metadata
    assert merged.agency_of(merged.memberships[0]).id == "itu"
    # The method form gives the same dataset.
    assert bundled.merge(path, replace="itu-membership") == merged


def test_a_document_part_is_fully_checked(tmp_path: Path) -> None:
    initiative = {"id": "new-initiative", "name": "New initiative", "agency": "nobody"}
    doc = document(memberships=[membership(-1)], initiatives=[initiative])
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(itu_tcb.load(), doc, replace=["itu-membership"])
    found = {(p.path, p.kind) for p in caught.value.report.problems}
    assert found == {
        ("$.memberships[0].counts[0].count.value", ProblemKind.VALUE),
        ("$.initiatives[0].agency", ProblemKind.REFERENCE),
    }
    assert all(p.source == "<mapping>" for p in caught.value.report.problems)
    assert all(
        line.startswith("<mapping>:$.") for line in str(caught.value.report).splitlines()[:-1]
    )


# -------------------------------------------------------------- combining


def test_merging_another_agency_profile() -> None:
    bundled = itu_tcb.load()
    other = itu_tcb.load(other_agency())
    merged = bundled.merge(other)
    assert len(merged) == len(bundled) + len(other)
    assert merged.lookup("Postal training").id == "postal-training"
    assert merged.origin_of("postal-training") == other.origin
    assert merged.origin_of("itu-d") == BUNDLED_LABEL
    assert merged.agencies[-1].id == "upu-profile"
    assert merged.activities_in(merged.lookup("upu-group-1")) == (  # type: ignore[arg-type]
        merged.lookup("postal-training"),
    )
    assert isinstance(merged, Dataset)
    assert merged.metadata == bundled.metadata  # the first part's metadata


def test_every_clash_is_listed() -> None:
    bundled = itu_tcb.load()
    with pytest.raises(DataError) as caught:
        bundled.merge(bundled)
    assert clashes(caught) == {
        f"$.{r.kind.collection}[{bundled.collection(r.kind).index(r)}].id" for r in bundled
    }


def test_a_name_shared_with_a_record_of_the_same_agency_is_a_clash() -> None:
    doc = document(
        categories=[{"id": "more-itu-groups", "agency": "itu", "project_label": "More"}],
        activities=[
            {
                "id": "more-workshops",
                "name": "Workshops and seminars",
                "category": "more-itu-groups",
            }
        ],
    )
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(itu_tcb.load(), doc)
    assert clashes(caught) == {"$.activities[0].name"}
    messages = " ".join(p.message for p in caught.value.report.problems)
    assert BUNDLED_LABEL in messages


def test_a_name_shared_with_another_agencys_record_is_no_clash_but_a_warning() -> None:
    doc = other_agency()
    doc["activities"][0]["name"] = "Workshops and seminars"
    merged = itu_tcb.merge(itu_tcb.load(), doc)
    (warning,) = merged.warnings
    assert (warning.path, warning.severity) == ("$.activities[0].name", Severity.WARNING)
    assert "'workshops-and-seminars'" in warning.message
    with pytest.raises(itu_tcb.AmbiguousKeyError):
        merged.lookup("Workshops and seminars")


def test_a_key_shared_by_two_agencies_is_a_warning() -> None:
    doc = other_agency()
    doc["agencies"][0]["aliases"] = ["ITU"]
    merged = itu_tcb.merge(itu_tcb.load(), doc)
    (warning,) = merged.warnings
    assert (warning.kind, warning.path, warning.source) == (
        ProblemKind.AMBIGUOUS,
        "$.agencies[0].aliases[0]",
        "<mapping>",
    )
    assert "agency 'itu'" in warning.message
    assert BUNDLED_LABEL in warning.message


def test_a_replacement_may_not_take_a_name_of_another_record() -> None:
    fix = membership(194)
    fix["aliases"] = ["ITU-D"]
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(itu_tcb.load(), document(memberships=[fix]), replace=["itu-membership"])
    assert clashes(caught) == {"$.memberships[0].aliases[0]"}


def test_replace_must_name_a_record_that_is_redefined() -> None:
    bundled = itu_tcb.load()
    other = itu_tcb.load(other_agency())
    with pytest.raises(DataError) as caught:
        bundled.merge(other, replace=["no-such-id", "itu"])
    messages = sorted(p.message for p in caught.value.report.problems)
    assert messages == [
        "replace names 'itu', but no later part redefines it",
        "replace names 'no-such-id', but no part defines it",
    ]
    assert clashes(caught) == {"$"}


def test_a_record_is_only_replaced_by_one_of_its_kind() -> None:
    doc = other_agency()
    doc["agencies"][0]["id"] = "itu-membership"
    doc["categories"][0]["agency"] = "itu-membership"
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(itu_tcb.load(), doc, replace=["itu-membership"])
    (problem,) = caught.value.report.problems
    assert problem.path == "$.agencies[0].id"
    assert "is an agency" in problem.message
    assert "is a membership" in problem.message


def test_later_parts_may_refer_to_earlier_ones_and_replace_in_turn() -> None:
    first = document(memberships=[membership(194)])
    second = document(memberships=[membership(195)])
    merged = itu_tcb.merge(itu_tcb.load(), first, second, replace=["itu-membership"])
    assert merged.memberships[0].counts[0].count.value == 195
    assert merged.origin_of("itu-membership") == "<mapping> (part 3)"
    assert merged.origin == f"{BUNDLED_LABEL} + <mapping> + <mapping> (part 3)"


def test_origins_survive_a_merge_of_merges() -> None:
    merged = itu_tcb.load().merge(itu_tcb.load(other_agency()))
    fix = document(memberships=[membership(194)])
    again = itu_tcb.merge(merged, fix, replace=["itu-membership"])
    assert again.origin_of("postal-training") == "<mapping>"
    assert again.origin_of("itu") == BUNDLED_LABEL
    assert again.origin_of("itu-membership") == "<mapping> (part 2)"


def test_warnings_are_judged_on_the_whole() -> None:
    doc = other_agency()
    doc["activities"] = []  # an empty category on its own ...
    merged = itu_tcb.load().merge(itu_tcb.load(doc))
    # Reported at the part's own path, under the part's own label.
    assert {(p.source, p.path, p.kind) for p in merged.warnings} == {
        ("<mapping>", "$.categories[0]", ProblemKind.EMPTY_CATEGORY),
    }


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="at least one"):
        itu_tcb.merge()
    with pytest.raises(TypeError, match="record ids"):
        itu_tcb.merge(itu_tcb.load(), replace=[1])  # type: ignore[list-item]
    for odd in (None, 3):
        with pytest.raises(TypeError, match="replace must be a record id or a list of them"):
            itu_tcb.merge(itu_tcb.load(), replace=odd)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="replace must be a record id or a list of them"):
            itu_tcb.validate("{}", base=itu_tcb.load(), replace=odd)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        itu_tcb.merge(itu_tcb.load(), 3)  # type: ignore[arg-type]


def test_a_single_part_is_an_equal_copy() -> None:
    bundled = itu_tcb.load()
    assert itu_tcb.merge(bundled) == bundled
    assert itu_tcb.merge(BUNDLED_BYTES) == bundled


# ------------------------------------------- one pipeline: paths, labels, kinds


def test_a_key_clash_between_parts_is_a_clash_at_the_parts_own_path() -> None:
    """Keys that differ only in spacing ("PostalTraining" and "Postal training"
    claim the same) in one agency's records are a clash between parts, reported at
    the later part's path under its label, and the message names the earlier part
    and its path."""
    first = other_agency()
    second = document(
        categories=[{"id": "other-group", "agency": "upu-profile", "project_label": "Other"}],
        activities=[{"id": "other-activity", "name": "PostalTraining", "category": "other-group"}],
    )
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(itu_tcb.load(), first, second)
    (problem,) = caught.value.report.problems
    assert (problem.kind, problem.path, problem.source) == (
        ProblemKind.CLASH,
        "$.activities[0].name",
        "<mapping> (part 3)",
    )
    assert "$.activities[0] of <mapping>" in problem.message
    assert str(caught.value.report).splitlines()[0].startswith("<mapping> (part 3):$.activities[0]")


def test_a_parts_structure_problems_keep_the_parts_own_paths() -> None:
    broken = other_agency()
    broken["activities"][0]["category"] = 7
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(itu_tcb.load(), broken)
    assert [(p.source, p.path, p.kind) for p in caught.value.report.problems] == [
        ("<mapping>", "$.activities[0].category", ProblemKind.TYPE)
    ]


@pytest.mark.parametrize("depth", [2, 3, 4])
def test_every_part_of_nested_merges_has_a_label_of_its_own(depth: int) -> None:
    """Parts with the same label (bytes, say) stay apart however merges nest."""

    def part(number: int) -> bytes:
        doc = other_agency()
        for kind in ("agencies", "categories", "activities"):
            for record in doc[kind]:
                record["id"] = f"{record['id']}-{number}"
                for field in ("agency", "category"):
                    if field in record:
                        record[field] = f"{record[field]}-{number}"
                for field in ("acronym", "name", "project_label"):
                    if field in record:
                        record[field] = f"{record[field]} {number}"
        return json.dumps(doc).encode()

    merged = itu_tcb.merge(part(0), part(1))
    for number in range(2, depth + 1):
        merged = itu_tcb.merge(merged, part(number))
    origins = {merged.origin_of(f"postal-training-{n}") for n in range(depth + 1)}
    assert len(origins) == depth + 1, origins


def test_the_same_fault_in_a_part_is_reported_alike_from_bytes_text_and_mapping() -> None:
    broken = other_agency()
    broken["activities"][0]["name"] = "two\u2028lines"
    reports = []
    for source in (broken, json.dumps(broken), json.dumps(broken).encode()):
        with pytest.raises(DataError) as caught:
            itu_tcb.merge(itu_tcb.load(), source)
        reports.append([(p.path, p.kind, p.message) for p in caught.value.report.problems])
    assert reports[0] == reports[1] == reports[2]
    assert reports[0][0][:2] == ("$.activities[0].name", ProblemKind.VALUE)


# ------------------------------------------- labels and versions of parts


def test_a_clash_from_a_replacement_is_blamed_on_the_later_part() -> None:
    def agency_doc(suffix: str, activity_name: str, activity_id: str) -> dict[str, Any]:
        return {
            "schema_version": "1.0",
            "metadata": BUNDLED["metadata"],
            "agencies": [{"id": f"zorblax-{suffix}", "name": f"Zorblax {suffix}"}],
            "categories": [{"id": f"zg-{suffix}", "agency": f"zorblax-{suffix}"}],
            "activities": [{"id": activity_id, "name": activity_name, "category": f"zg-{suffix}"}],
        }

    first = agency_doc("one", "First act", "zorblax-a1")
    second = agency_doc("two", "Quux Org Act", "quux-a1")
    third = agency_doc("three", "Quux Org Act", "zorblax-a1")
    third["activities"][0]["category"] = "zg-two"  # of the second agency, as "Quux Org Act"
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.merge(first, second, third, replace=["zorblax-a1"])
    clashes = [p for p in caught.value.report.problems if p.kind is itu_tcb.ProblemKind.CLASH]
    assert [(p.source, p.path) for p in clashes] == [("<mapping> (part 3)", "$.activities[0].name")]


def test_nested_merge_labels_count_on() -> None:
    def doc(n: int) -> bytes:
        return json.dumps(
            {
                "schema_version": "1.0",
                "metadata": BUNDLED["metadata"],
                "agencies": [{"id": f"fictional-{n}", "name": f"Fictional agency {n}"}],
            }
        ).encode()

    inner = itu_tcb.merge(doc(1), doc(2))
    outer = itu_tcb.merge(inner, doc(3))
    assert outer.origin_of("fictional-3") == "<bytes> (part 3)"


def test_a_merge_error_names_the_part_of_its_first_problem() -> None:
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(DATA, b'{"schema_version": "1.2"}')
    assert ": <bytes>:$.metadata: error: required field is missing" in str(caught.value)


@given(st.permutations(range(4)), st.sampled_from(["first", "middle", "last", "both"]))
def test_every_document_of_a_nested_merge_has_a_name_of_its_own(
    order: list[int], shape: str
) -> None:
    docs = []
    for n in order:
        doc = fictional_profile()
        doc = {k: doc[k] for k in ("schema_version", "metadata", "agencies")}
        doc["agencies"] = [{"id": f"agency-{n}", "name": f"Fictional agency {n}"}]
        docs.append(json.dumps(doc).encode("utf-8"))
    merge = itu_tcb.merge
    a, b, c, d = docs
    merged = {
        "first": lambda: merge(merge(a, b), c, d),
        "middle": lambda: merge(a, merge(b, c), d),
        "last": lambda: merge(a, b, merge(c, d)),
        "both": lambda: merge(merge(a, b), merge(c, d)),
    }[shape]()
    names = [merged.origin_of(f"agency-{n}") for n in order]  # in document order
    assert len(set(names)) == 4
    # The origin names each document once, in order, by the name origin_of gives.
    assert merged.origin.split(" + ") == names


@pytest.mark.parametrize("order", [("1.0", "1.1"), ("1.1", "1.0")])
def test_a_merge_is_of_the_latest_version_of_its_parts(order: tuple[str, str]) -> None:
    first, second = (headingless_profile(v) for v in order)
    for key in ("partnerships", "events", "categories", "activities"):
        del second[key]
    second["agencies"] = [{"id": "fpcb", "name": "Fictional Parcel Cooperation Bureau"}]
    merged = itu_tcb.merge(first, second)
    assert merged.schema_version == "1.1"
    assert itu_tcb.load(merged.to_document()) == merged


@pytest.mark.slow
@settings(deadline=None)
@given(first=its.datasets(max_records=2), second=its.datasets(max_records=2))
def test_a_dataset_and_a_merged_one_load_back_from_their_documents(
    first: itu_tcb.Dataset, second: itu_tcb.Dataset
) -> None:
    assert itu_tcb.load(json.dumps(first.to_document())) == first
    try:
        merged = itu_tcb.merge(first, second)
    except itu_tcb.DataError:
        assume(False)
        raise
    assert itu_tcb.load(merged.to_document()) == merged


# --------------------------------------- the profiles of several agencies


@pytest.mark.slow
@given(its.datasets())
def test_a_dataset_and_a_merge_of_two_profiles_load_back_equal(dataset: itu_tcb.Dataset) -> None:
    assert itu_tcb.load(dataset.to_document()) == dataset
    doc, _ = copy_of(dataset)
    merged = itu_tcb.merge(dataset, doc)
    document = merged.to_document()
    again = itu_tcb.load(json.dumps(document))
    assert again == merged
    assert again.to_document() == document
    assert [a.id for a in again.profiles()] == [a.id for a in merged.profiles()]


# ------------------------------------------------------------------ bases


def test_a_document_of_corrections_validates_on_its_base_with_replace(tmp_path: Path) -> None:
    clash = itu_tcb.validate(corrections(), base=DATA)
    assert [p.kind for p in clash.errors] == [ProblemKind.CLASH]
    assert itu_tcb.validate(corrections(), base=DATA, replace=["itu-membership"]).valid
    assert itu_tcb.validate(corrections(), base=DATA, replace="itu-membership").valid
    with pytest.raises(ValueError, match="base"):
        itu_tcb.validate(corrections(), replace=["itu-membership"])
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps(corrections()), encoding="utf-8")
    run = itu_tcb.cli.run
    out = io.StringIO()
    assert run(["validate", "--with-bundled", str(path)], out=out) == 1
    out = io.StringIO()
    status = run(["validate", "--with-bundled", "--replace", "itu-membership", str(path)], out=out)
    assert status == 0, out.getvalue()
    assert run(["validate", "--replace", "itu-membership", str(path)], out=io.StringIO()) == 2


def test_the_bases_own_warnings_are_not_the_documents(tmp_path: Path) -> None:
    base = fictional_profile()
    base["categories"].append({"id": "fpca-empty", "agency": "fpca"})  # a warning of the base
    report = itu_tcb.validate(corrections(), base=[DATA, base], replace="itu-membership")
    assert report.valid
    assert report.problems == ()
    assert itu_tcb.validate(base, base=DATA).warnings  # the base's, checked on its own


def test_validate_on_an_empty_base_keeps_the_documents_warnings() -> None:
    doc = fictional_profile()
    doc["categories"].append({"id": "fpca-empty", "agency": "fpca"})
    alone = itu_tcb.validate(doc, base=DATA)
    shared = [p for p in alone.warnings if p.message.endswith("lists both records")]
    assert [p.kind for p in alone.warnings if p not in shared] == [ProblemKind.EMPTY_CATEGORY]
    assert itu_tcb.validate(copy.deepcopy(DATA.to_document()), base=[]).problems == ()
    assert itu_tcb.validate(doc, base=[DATA]).warnings == alone.warnings


# ------------------------------------------------------------------- provenance


def _part_metadata(base: itu_tcb.Metadata, n: int) -> dict[str, Any]:
    """Metadata of another (fictional) document, unlike ``base``."""
    return {
        "title": f"{base.title} (part {n})",
        "data_version": f"{base.data_version}.{n}",
        "source": {"title": f"An invented page {n}", "publisher": "Nobody"},
        "citation": f"Invented for the tests, part {n}.",
    }


@pytest.mark.slow
@given(its.datasets(max_records=3), st.integers(2, 3), st.booleans())
def test_every_part_keeps_its_metadata_through_merges_and_saves(
    dataset: itu_tcb.Dataset, count: int, nested: bool
) -> None:
    first = dataset.to_document()
    first.pop("provenance", None)  # each part here is one document: its records are its own
    dataset = itu_tcb.load(first)
    docs = [first]
    for n in range(1, count):
        doc, _ = copy_of(itu_tcb.load(docs[-1]))
        doc["metadata"] = _part_metadata(dataset.metadata, n)
        docs.append(doc)
    # Nested, (a + b) + c: the inner merge's provenance carries on.
    parts = [itu_tcb.merge(*docs[:2]), *docs[2:]] if nested else docs
    merged = itu_tcb.merge(*parts)
    assert merged.metadata == dataset.metadata
    expected = [dataset.metadata, *(itu_tcb.load(d).metadata for d in docs[1:])]
    assert merged.documents() == tuple(expected)
    for doc, metadata in zip(docs, expected, strict=True):
        for kind in RecordKind:
            for record in doc[kind.collection]:
                assert merged.metadata_of(record["id"]) == metadata
    assert merged.schema_version == max(dataset.schema_version, "1.2")
    saved = merged.to_document()
    assert list(saved)[-1] == "provenance"
    assert len(saved["provenance"]) == count - 1
    again = itu_tcb.load(json.dumps(saved))
    assert again == merged
    assert again.documents() == merged.documents()
    assert again.to_document() == saved
    assert pickle.loads(pickle.dumps(merged)) == merged


def test_a_replaced_record_takes_the_metadata_of_the_part_that_replaces_it() -> None:
    doc = corrections()
    merged = itu_tcb.merge(DATA, doc, replace=["itu-membership"])
    newer = merged.metadata_of("itu-membership")
    assert (newer.title, newer.citation) == (doc["metadata"]["title"], doc["metadata"]["citation"])
    assert merged.metadata_of(merged.lookup("itu")) == DATA.metadata
    assert merged.documents() == (DATA.metadata, newer)
    assert dict(merged.provenance) == {"itu-membership": newer}
    # Replaced back by a part of the first part's metadata: no provenance left.
    original = DATA.to_document()
    only = {k: original[k] for k in ("schema_version", "metadata", "memberships")}
    back = itu_tcb.merge(merged, only, replace=DATA.memberships[0].id)
    assert back.provenance == {}
    assert back.documents() == (DATA.metadata,)


def test_parts_of_equal_metadata_need_no_provenance_and_keep_their_version() -> None:
    doc, _ = copy_of(DATA)
    doc["schema_version"] = "1.1"
    first = DATA.to_document() | {"schema_version": "1.1"}
    merged = itu_tcb.merge(first, doc)
    assert merged.provenance == {}
    assert merged.schema_version == "1.1"  # nothing of 1.2 to write
    assert "provenance" not in merged.to_document()


def test_a_saved_merge_names_the_records_of_each_later_document() -> None:
    saved = merged_document()
    (entry,) = saved["provenance"]
    given = fictional_profile()["metadata"]
    assert {k: entry["metadata"][k] for k in given} == given | {
        "source": entry["metadata"]["source"] | given["source"]
    }
    own = [r["id"] for kind in RecordKind for r in fictional_profile().get(kind.collection, [])]
    assert entry["records"] == own
    assert MERGED.metadata_of("fpca").title.startswith("Fictional Postal")
