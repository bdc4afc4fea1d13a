"""Profiles of many agencies in one dataset (issue 10): keys scoped to their agency,
lookups that never guess, and agencies that share one scope (warnings only)."""

from __future__ import annotations

import copy
import io
import json
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
import itu_tcb.cli
from itu_tcb import (
    AmbiguousKeyError,
    DataError,
    NotFoundError,
    ProblemKind,
    RecordKind,
    Severity,
    _text,
)
from itu_tcb import strategies as its
from itu_tcb._integrity import REFERENCES, SAME_AGENCY
from itu_tcb._keys import UNPLACED, keys_of, scopes
from itu_tcb._normalize import claim
from itu_tcb.models import RECORD_TYPES

BUNDLED = itu_tcb.load()

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


MERGED = itu_tcb.merge(BUNDLED, fictional_profile())


def errors_on_top(doc: dict[str, Any]) -> list[tuple[str, ProblemKind]]:
    """The errors of ``doc`` merged on top of the bundled data, at its own paths."""
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(BUNDLED, doc)
    problems = caught.value.report.errors
    assert {p.source for p in problems} == {"<mapping>"}
    return [(p.path, p.kind) for p in problems]


def candidates(error: pytest.ExceptionInfo[AmbiguousKeyError]) -> set[tuple[str, str]]:
    return {(record.id, agency) for record, agency in error.value.candidates}


# ----------------------------------------------------------------- the case


def test_a_profile_reusing_the_guides_generic_names_merges_without_problems() -> None:
    assert MERGED.warnings == ()
    assert [a.id for a in MERGED.profiles()] == ["itu", "fpca"]
    assert BUNDLED.profiles() == (BUNDLED.lookup("itu"),)


@pytest.mark.parametrize(
    ("name", "ours", "theirs"),
    [
        (GENERIC[0], "itu-tcb-programme", "fpca-programme"),
        (GENERIC[1], "itu-organization-cooperation", "fpca-cooperation"),
        (GENERIC[2], "workshops-and-seminars", "fpca-workshops"),
        ("Events and training", "group-1", "fpca-group-1"),
    ],
)
def test_a_shared_name_lists_every_candidate_with_its_agency(
    name: str, ours: str, theirs: str
) -> None:
    for look in (MERGED.lookup, MERGED.get):
        with pytest.raises(AmbiguousKeyError) as caught:
            look(name)
        assert candidates(caught) == {(ours, "itu"), (theirs, "fpca")}
        message = str(caught.value)
        assert f"{ours!r} of agency 'itu'" in message
        assert f"{theirs!r} of agency 'fpca'" in message
    assert name in MERGED
    assert MERGED.lookup(name, agency="itu").id == ours
    assert MERGED.lookup(name, agency=MERGED.lookup("FPCA")).id == theirs  # type: ignore[call-overload]
    assert MERGED.get(name.upper(), agency="fpca").id == theirs  # type: ignore[union-attr]
    # Search lists both, each as an exact match.
    found = [(m.record.id, m.score) for m in MERGED.search(name)]
    assert found[:2] == [(ours, 1.0), (theirs, 1.0)]
    assert MERGED.search(name, agency="fpca")[0].record.id == theirs
    assert all(MERGED.agency_id_of(m.record) == "fpca" for m in MERGED.search(name, agency="fpca"))


def test_an_ambiguous_key_is_a_lookup_error_but_not_a_key_error() -> None:
    with pytest.raises(AmbiguousKeyError) as caught:
        MERGED.lookup(GENERIC[2])
    assert isinstance(caught.value, LookupError)
    assert not isinstance(caught.value, KeyError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.key, again.candidates, str(again)) == (
        caught.value.key,
        caught.value.candidates,
        str(caught.value),
    )


def test_a_scoped_lookup_finds_nothing_outside_its_agency() -> None:
    assert MERGED.get("ITU-D", agency="fpca") is None
    assert MERGED.get("ITU-D", "none", agency="fpca") == "none"
    with pytest.raises(NotFoundError):
        MERGED.lookup("ITU-D", agency="fpca")
    assert MERGED.lookup("ITU-D", agency="itu").id == "itu-d"


def test_the_agency_of_a_scope_must_be_an_agency_of_the_dataset() -> None:
    with pytest.raises(NotFoundError) as caught:
        MERGED.lookup("anything", agency="fcpa")
    assert str(caught.value) == "no agency matches 'fcpa'; closest: 'fpca'"
    assert caught.value.what == "agency"
    with pytest.raises(NotFoundError):
        MERGED.lookup("anything", agency="itu-d")  # a sector, not an agency
    with pytest.raises(NotFoundError):
        BUNDLED.search("workshops", agency=MERGED.lookup("fpca"))  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="agency must be an Agency or its id"):
        MERGED.lookup("ITU", agency=3)  # type: ignore[call-overload]
    error = pickle.loads(pickle.dumps(caught.value))
    assert (error.what, str(error)) == ("agency", str(caught.value))


def test_a_name_shared_within_one_agency_is_still_refused() -> None:
    doc = fictional_profile()
    doc["activities"].append(
        {"id": "fpca-more", "name": "Workshops-and-Seminars", "category": "fpca-group-1"}
    )
    assert errors_on_top(doc) == [("$.activities[1].name", ProblemKind.AMBIGUOUS)]
    (error,) = itu_tcb.validate(doc, base=[BUNDLED]).errors
    assert "$.activities[0]" in error.message


def test_agencies_share_one_scope_where_a_shared_key_is_a_warning() -> None:
    """Two banks may share "IDB": a warning (most often it is one organization
    written twice), and a lookup of it lists both."""
    doc = fictional_profile()
    doc["agencies"].append({"id": "imaginary-bank", "name": "Imaginary Bank", "acronym": "IDB"})
    doc["partnerships"][0]["partners"].append("imaginary-bank")
    merged = itu_tcb.merge(BUNDLED, doc)
    (warning,) = merged.warnings
    assert (warning.kind, warning.severity, warning.path) == (
        ProblemKind.AMBIGUOUS,
        Severity.WARNING,
        "$.agencies[1].acronym",
    )
    assert "agency 'idb'" in warning.message
    with pytest.raises(AmbiguousKeyError) as caught:
        merged.lookup("IDB")
    assert candidates(caught) == {("idb", "idb"), ("imaginary-bank", "imaginary-bank")}
    assert "agency 'idb'" in str(caught.value)
    # Agencies share one scope, so only an id tells them apart; as a scope, likewise.
    assert str(caught.value).endswith("; name one by its id")
    with pytest.raises(AmbiguousKeyError, match=r"name one by its id$"):
        merged.lookup("Workshops and seminars", agency="IDB")
    assert merged.lookup("imaginary-bank").id == "imaginary-bank"


def test_an_agency_and_a_record_of_its_own_may_not_share_a_key() -> None:
    doc = fictional_profile()
    doc["activities"][0]["aliases"] = ["FPCA"]
    assert errors_on_top(doc) == [("$.activities[0].aliases[0]", ProblemKind.AMBIGUOUS)]


def test_another_agencys_acronym_may_name_a_record_of_this_one() -> None:
    doc = fictional_profile()
    doc["activities"][0]["aliases"] = ["UPU"]  # the bundled agency upu's acronym
    merged = itu_tcb.merge(BUNDLED, doc)
    assert merged.warnings == ()
    with pytest.raises(AmbiguousKeyError) as caught:
        merged.lookup("UPU")
    assert candidates(caught) == {("upu", "upu"), ("fpca-workshops", "fpca")}
    assert merged.lookup("upu").id == "upu"  # the id, exactly as written


# ------------------------------------------------------------------------ scopes


def test_every_kind_but_agency_and_activity_names_its_agency() -> None:
    """What ``scopes`` relies on: the agency path of each kind."""
    for kind, cls in RECORD_TYPES.items():
        declared = {field for holder, field, target in REFERENCES if holder is kind}
        if kind is RecordKind.AGENCY:
            assert "agency" not in declared
        elif kind is RecordKind.ACTIVITY:
            assert declared == {"category"}
        else:
            assert ("agency" in declared, cls.kind) == (True, kind)


def test_a_record_with_a_broken_agency_path_is_scoped_by_the_id_it_names() -> None:
    records: list[itu_tcb.Record] = [
        itu_tcb.Agency(id="a"),
        itu_tcb.ActivityCategory(id="c", agency="nowhere"),
        itu_tcb.Activity(id="x", name="X", category="c"),
        itu_tcb.Activity(id="y", name="Y", category="lost"),
    ]
    assert scopes(records) == ["a", "nowhere", "nowhere", UNPLACED + "lost"]


def test_activities_of_one_missing_category_are_checked_together() -> None:
    doc = fictional_profile()
    doc["activities"] = [
        {"id": "lost-1", "name": "Lost", "category": "missing"},
        {"id": "lost-2", "name": "LOST", "category": "missing"},
    ]
    assert sorted(errors_on_top(doc)) == [
        ("$.activities[0].category", ProblemKind.REFERENCE),
        ("$.activities[1].category", ProblemKind.REFERENCE),
        ("$.activities[1].name", ProblemKind.AMBIGUOUS),
    ]


# ---------------------------------------------------------------- property tests


def _copy_of(dataset: itu_tcb.Dataset) -> tuple[dict[str, Any], str]:
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


@pytest.mark.slow
@given(its.datasets())
def test_a_copy_under_other_agencies_merges_and_its_keys_list_both_records(
    dataset: itu_tcb.Dataset,
) -> None:
    doc, prefix = _copy_of(dataset)
    merged = itu_tcb.merge(dataset, doc)  # no error: only agencies share a scope
    assert len(merged) == 2 * len(dataset)
    agency_paths = {f"$.agencies[{i}]" for i in range(len(dataset.agencies))}
    for warning in merged.warnings:
        if warning.kind is ProblemKind.AMBIGUOUS:
            assert warning.path.rsplit(".", 1)[0].split("[")[0] == "$.agencies"
            assert any(warning.path.startswith(p) for p in agency_paths)
    for record in dataset:
        scope = dataset.agency_id_of(record)
        for key in keys_of(record)[:-1]:  # its names, not its id
            with pytest.raises(AmbiguousKeyError) as caught:
                merged.lookup(key.text)
            assert candidates(caught) == {
                (record.id, scope),
                (prefix + record.id, prefix + scope),
            }
            assert merged.lookup(key.text, agency=scope) == record
            assert merged.lookup(key.text, agency=prefix + scope).id == prefix + record.id
        assert merged.lookup(record.id) == record


def _answer(ask: Any, text: str) -> Any:
    """What a lookup answers: the record, or the error's class and message."""
    try:
        return ask(text)
    except (AmbiguousKeyError, itu_tcb.NotFoundError) as error:
        return type(error), str(error)


@pytest.mark.slow
@given(its.datasets(), st.data())
def test_lookup_and_get_answer_every_key_as_the_full_path_does(
    dataset: itu_tcb.Dataset, data: st.DataObject
) -> None:
    """``lookup`` and ``get`` take a cheap path first (the key resolves to one
    record); they answer as the full path, ``_find``, does: by id first, then the
    one record of a key, else ambiguous, else not found (``get``: ``None``)."""
    doc, _ = _copy_of(dataset)
    merged = itu_tcb.merge(dataset, doc)  # every name shared by two agencies' records
    for record in merged:
        for key in keys_of(record):
            text = data.draw(
                st.sampled_from([key.text, key.text.upper(), f" {key.text} ", key.text + "x"])
            )
            full = _answer(lambda t: merged._find(t, None, None, {}), text)
            assert _answer(merged.get, text) == full
            if full is None:
                assert _answer(merged.lookup, text)[0] is itu_tcb.NotFoundError
            else:
                assert _answer(merged.lookup, text) == full


@pytest.mark.slow
@given(its.datasets(), st.data())
def test_a_key_taken_from_a_record_of_the_same_agency_is_refused(
    dataset: itu_tcb.Dataset, data: st.DataObject
) -> None:
    """An alias that repeats a key of another record of the same agency is an error
    at the alias's path, naming the other record's path; of another agency's record
    (not both agencies) it is no problem at all."""
    records = list(dataset)
    owner = data.draw(st.sampled_from(records))
    scope = dataset.agency_id_of(owner)
    others = [r for r in records if r.id != owner.id]
    if not others:
        return
    other = data.draw(st.sampled_from(others))
    key = data.draw(st.sampled_from(keys_of(other)))
    doc = dataset.to_document()
    index = dataset.collection(owner.kind).index(owner)
    target = doc[owner.kind.collection][index]
    target["aliases"] = [*target["aliases"], key.text]
    report = itu_tcb.validate(copy.deepcopy(doc))
    alias_path = f"$.{owner.kind.collection}[{index}].aliases[{len(owner.aliases)}]"
    owner_path = f"$.{owner.kind.collection}[{index}]"
    other_path = f"$.{other.kind.collection}[{dataset.collection(other.kind).index(other)}]"
    same = dataset.agency_id_of(other) == scope
    both_agencies = owner.kind is other.kind is RecordKind.AGENCY
    ambiguous = [p for p in report.problems if p.kind is ProblemKind.AMBIGUOUS]
    if not same and not both_agencies:
        assert ambiguous == []
        loaded = itu_tcb.load(doc)
        if key.text == other.id:  # an id, exactly as written, names its record
            assert loaded.lookup(key.text).id == other.id
            return
        with pytest.raises(AmbiguousKeyError) as caught:
            loaded.lookup(key.text)
        assert candidates(caught) == {(owner.id, scope), (other.id, dataset.agency_id_of(other))}
        return
    # One problem, at the later of the two records' keys, naming the other record.
    (problem,) = ambiguous
    assert problem.severity is (Severity.ERROR if same else Severity.WARNING)
    assert (problem.path == alias_path and other_path in problem.message) or (
        problem.path.startswith(other_path + ".") and owner_path in problem.message
    )
    if same:
        with pytest.raises(DataError):
            itu_tcb.load(doc)


# ------------------------------------------------------------------ command line


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = itu_tcb.cli.run(list(argv), out=out)
    return status, out.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    profile = tmp_path / "fpca.json"
    profile.write_text(json.dumps(fictional_profile()), encoding="utf-8")
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps(MERGED.to_document()), encoding="utf-8")
    return {"profile": profile, "merged": merged}


def test_show_lists_the_candidates_of_a_shared_name_and_takes_an_agency(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(files["merged"])
    assert cli("--data", data, "show", GENERIC[2]) == (1, "")
    err = capsys.readouterr().err
    assert "'workshops-and-seminars' of agency 'itu'" in err
    assert "'fpca-workshops' of agency 'fpca'" in err
    status, text = cli("--data", data, "--json", "show", GENERIC[2], "--agency", "fpca")
    assert (status, json.loads(text)["id"]) == (0, "fpca-workshops")
    assert cli("--data", data, "show", GENERIC[2], "--agency", "fcpa") == (1, "")
    assert "no agency matches 'fcpa'; closest: 'fpca'" in capsys.readouterr().err


def test_search_shows_each_matchs_agency_when_there_are_several_profiles(
    files: dict[str, Path],
) -> None:
    status, text = cli("--data", str(files["merged"]), "search", GENERIC[2], "--limit", "2")
    assert status == 0
    assert [line.split("\t")[1:2] + line.split("\t")[-1:] for line in text.splitlines()] == [
        ["workshops-and-seminars", "[itu]"],
        ["fpca-workshops", "[fpca]"],
    ]
    status, text = cli("--data", str(files["merged"]), "search", "workshops", "--agency", "fpca")
    assert [line.split("\t")[1] for line in text.splitlines()] == ["fpca-workshops"]
    status, text = cli("search", GENERIC[2], "--limit", "1")  # one profile: no column
    assert not text.rstrip("\n").endswith("]")


def test_validate_with_bundled_accepts_a_profile_naming_bundled_agencies(
    files: dict[str, Path], tmp_path: Path
) -> None:
    profile = str(files["profile"])
    status, text = cli("validate", profile)
    assert status == 1
    assert "no agency has id 'upu'" in text
    assert cli("validate", "--with-bundled", profile) == (
        0,
        f"{profile}: valid (0 error(s), 0 warning(s))\n",
    )
    broken = fictional_profile()
    broken["activities"][0]["aliases"] = ["FPCA"]
    broken["partnerships"][0]["partners"] = ["upu", "fpcb"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    status, text = cli("validate", "--with-bundled", str(path))
    assert status == 1
    lines = text.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{path}:$.partnerships[0].partners[1]",
        f"{path}:$.activities[0].aliases[0]",
    ]
    assert "did you mean 'fpca'" not in text  # never the partnership's own agency


def test_validate_on_a_base_file(files: dict[str, Path], tmp_path: Path) -> None:
    more = {
        **fictional_profile(),
        "agencies": [],
        "programmes": [],
        "partnerships": [],
        "categories": [],
        "activities": [
            {"id": "fpca-more", "name": "More workshops", "category": "fpca-group-1"},
            {"id": "fpca-other", "name": "Workshops and seminars", "category": "fpca-group-1"},
        ],
    }
    path = tmp_path / "more.json"
    path.write_text(json.dumps(more), encoding="utf-8")
    args = ("validate", "--with-bundled", "--base", str(files["profile"]), str(path))
    status, text = cli(*args)
    assert status == 1
    (problem, verdict) = text.splitlines()
    assert problem.startswith(f"{path}:$.activities[1].name: error: ")
    assert f"$.activities[0] of {files['profile']}" in problem
    assert verdict.startswith(f"{path}: invalid")
    status, _ = cli("validate", "--base", str(files["profile"]), str(path))
    assert status == 2  # without the bundled data, the base's partners are missing
    assert cli("validate", "--base", "-", str(path))[0] == 2


# ------------------------------------------------------- writing back, merging


@pytest.mark.slow
@given(its.datasets())
def test_a_dataset_and_a_merge_of_two_profiles_load_back_equal(dataset: itu_tcb.Dataset) -> None:
    assert itu_tcb.load(dataset.to_document()) == dataset
    doc, _ = _copy_of(dataset)
    merged = itu_tcb.merge(dataset, doc)
    document = merged.to_document()
    again = itu_tcb.load(json.dumps(document))
    assert again == merged
    assert again.to_document() == document
    assert [a.id for a in again.profiles()] == [a.id for a in merged.profiles()]


def test_merge_writes_a_document_that_loads_back_equal(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert cli("merge", "--with-bundled", str(files["profile"]), "-o", str(out)) == (0, "")
    assert f"to {out}" in capsys.readouterr().err
    assert itu_tcb.load(out) == MERGED
    status, text = cli("merge", "--with-bundled", str(files["profile"]))
    assert (status, json.loads(text)) == (0, MERGED.to_document())
    # An existing file is kept unless --force; then replaced whole.
    out.write_text("keep me", encoding="utf-8")
    assert cli("merge", "--with-bundled", str(files["profile"]), "-o", str(out))[0] == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "add --force" in capsys.readouterr().err
    args = ("merge", "--with-bundled", str(files["profile"]), "-o", str(out), "--force")
    assert cli(*args)[0] == 0
    assert itu_tcb.load(out) == MERGED
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_merge_reports_every_clash_and_writes_nothing(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    profile = str(files["profile"])
    capsys.readouterr()
    status, text = cli("merge", "--with-bundled", profile, profile, "-o", str(out))
    assert (status, text) == (1, "")  # standard output is the data channel: problems on stderr
    assert not out.exists()
    lines = capsys.readouterr().err.splitlines()
    clashes = [line for line in lines if "is already used by" in line]
    assert len(clashes) == 5  # every record of the profile
    assert all(line.startswith(f"{profile} (part 3):$.") for line in clashes)
    assert lines[-1].endswith("invalid (5 error(s), 0 warning(s))")
    fix = fictional_profile()
    fix["activities"][0]["description"] = "Invented courses."
    fix_path = tmp_path / "fix.json"
    fix_path.write_text(
        json.dumps({**fix, "agencies": [], "programmes": [], "partnerships": [], "categories": []}),
        encoding="utf-8",
    )
    args = ("merge", "--with-bundled", profile, str(fix_path), "--replace", "fpca-workshops")
    status, text = cli(*args)
    assert status == 0
    merged = itu_tcb.load(text)
    assert merged.lookup("fpca-workshops").description == "Invented courses."
    assert cli("merge", str(tmp_path / "missing.json"))[0] == 2
    assert cli("merge", "-")[0] == 2


# ---------------------------------------------------- an id names its record


@settings(deadline=None)
@given(data=st.data())
def test_an_id_names_its_record_whatever_other_records_are_called(data: st.DataObject) -> None:
    """A record's id, exactly as written, names it, even when a record of another
    agency takes that id as its alias (ids are unique; keys are scoped per agency)."""
    bundled = itu_tcb.load()
    target = data.draw(st.sampled_from([r for r in bundled if not isinstance(r, itu_tcb.Agency)]))
    profile = {
        "schema_version": "1.0",
        "metadata": {
            "title": "Fictional profile",
            "data_version": "0.1",
            "source": {"title": "An invented page", "publisher": "Nobody"},
            "citation": "Invented.",
        },
        "agencies": [{"id": "fpca", "name": "Fictional Postal Cooperation Agency"}],
        "categories": [{"id": "fpca-group-1", "agency": "fpca", "heading": "Courses"}],
        "activities": [
            {
                "id": "fpca-a",
                "name": "A fictional course",
                "aliases": [target.id],
                "category": "fpca-group-1",
            }
        ],
    }
    both = itu_tcb.merge(bundled, profile)
    assert both.lookup(target.id) == target
    assert both.get(target.id) == target
    assert both.lookup(target.id, agency="itu") == target
    # Within the other agency, the id is not that agency's record: its alias answers.
    assert both.lookup(target.id, agency="fpca").id == "fpca-a"
    # Text output resolves references by id: it renders, and names the target.
    assert "fpca" not in _text.summary(bundled)
    text = _text.summary(both, width=1000)
    assert "Fictional Postal Cooperation Agency" in text
    for record in both:
        _text.detail(both, record, width=1000)  # no AmbiguousKeyError from a reference


@settings(deadline=None)
@given(data=st.data())
def test_a_scope_names_its_agency_by_id_acronym_or_name(data: st.DataObject) -> None:
    bundled = itu_tcb.load()
    record = data.draw(st.sampled_from(list(bundled)))
    agency = bundled.lookup(bundled.agency_id_of(record))
    assert isinstance(agency, itu_tcb.Agency)
    by_id = bundled.lookup(record.id, agency=agency.id)
    for key in (agency.acronym, agency.name):
        if key is not None:
            assert bundled.lookup(record.id, agency=key) == by_id
    # An agency record the dataset does not hold (an equal id is not enough) is refused.
    stranger = attrs.evolve(agency, description="A different record with the same id.")
    with pytest.raises(NotFoundError, match="does not hold"):
        bundled.lookup(record.id, agency=stranger)
    with pytest.raises(NotFoundError, match="does not hold"):
        bundled.agency_id_of(stranger)


# ------------------------------------------- validate a document of corrections


def corrections() -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "metadata": {
            "title": "Corrections",
            "data_version": "1",
            "source": {"title": "A fictional newer source", "publisher": "Nobody"},
            "citation": "Invented corrections.",
        },
        "memberships": [
            {
                "id": "itu-membership",
                "agency": "itu",
                "counts": [{"category": "Member States", "count": {"value": 194}}],
            }
        ],
    }


def test_a_document_of_corrections_validates_on_its_base_with_replace(tmp_path: Path) -> None:
    clash = itu_tcb.validate(corrections(), base=BUNDLED)
    assert [p.kind for p in clash.errors] == [ProblemKind.CLASH]
    assert itu_tcb.validate(corrections(), base=BUNDLED, replace=["itu-membership"]).valid
    assert itu_tcb.validate(corrections(), base=BUNDLED, replace="itu-membership").valid
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
        doc, _ = _copy_of(itu_tcb.load(docs[-1]))
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
    assert merged.schema_version == "1.2"
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
    merged = itu_tcb.merge(BUNDLED, doc, replace=["itu-membership"])
    newer = merged.metadata_of("itu-membership")
    assert (newer.title, newer.citation) == (doc["metadata"]["title"], doc["metadata"]["citation"])
    assert merged.metadata_of(merged.lookup("itu")) == BUNDLED.metadata
    assert merged.documents() == (BUNDLED.metadata, newer)
    assert dict(merged.provenance) == {"itu-membership": newer}
    # Replaced back by a part of the first part's metadata: no provenance left.
    original = BUNDLED.to_document()
    only = {k: original[k] for k in ("schema_version", "metadata", "memberships")}
    back = itu_tcb.merge(merged, only, replace=BUNDLED.memberships[0].id)
    assert back.provenance == {}
    assert back.documents() == (BUNDLED.metadata,)


def test_parts_of_equal_metadata_need_no_provenance_and_keep_their_version() -> None:
    doc, _ = _copy_of(BUNDLED)
    doc["schema_version"] = "1.1"
    first = BUNDLED.to_document() | {"schema_version": "1.1"}
    merged = itu_tcb.merge(first, doc)
    assert merged.provenance == {}
    assert merged.schema_version == "1.1"  # nothing of 1.2 to write
    assert "provenance" not in merged.to_document()


def _with_provenance() -> dict[str, Any]:
    return MERGED.to_document()


def test_a_saved_merge_names_the_records_of_each_later_document() -> None:
    saved = _with_provenance()
    (entry,) = saved["provenance"]
    given = fictional_profile()["metadata"]
    assert {k: entry["metadata"][k] for k in given} == given | {
        "source": entry["metadata"]["source"] | given["source"]
    }
    own = [r["id"] for kind in RecordKind for r in fictional_profile().get(kind.collection, [])]
    assert entry["records"] == own
    assert MERGED.metadata_of("fpca").title.startswith("Fictional Postal")


@pytest.mark.parametrize(
    ("edit", "problems"),
    [
        (
            lambda d: d["provenance"][0]["records"].append("no-such-record"),
            [("$.provenance[0].records[5]", ProblemKind.REFERENCE)],
        ),
        (
            lambda d: d["provenance"].append(copy.deepcopy(d["provenance"][0])),
            [(f"$.provenance[1].records[{i}]", ProblemKind.DUPLICATE_ID) for i in range(5)],
        ),
        (
            lambda d: d["provenance"][0]["records"].append("fpca"),
            [("$.provenance[0].records", ProblemKind.VALUE)],
        ),
        (lambda d: d.update(provenance={}), [("$.provenance", ProblemKind.TYPE)]),
        (lambda d: d["provenance"].append(3), [("$.provenance[1]", ProblemKind.TYPE)]),
        (
            lambda d: d["provenance"][0].pop("metadata"),
            [("$.provenance[0].metadata", ProblemKind.MISSING)],
        ),
        (
            lambda d: d["provenance"][0].update(extra=1),
            [("$.provenance[0].extra", ProblemKind.UNKNOWN_FIELD)],
        ),
    ],
)
def test_a_bad_provenance_is_reported_where_it_is(
    edit: Any, problems: list[tuple[str, ProblemKind]]
) -> None:
    doc = _with_provenance()
    edit(doc)
    report = itu_tcb.validate(doc)
    assert [(p.path, p.kind) for p in report.errors] == problems
    for problem in report.errors:
        assert "\n" not in str(problem)
        assert problem.message


def test_a_provenance_entry_that_repeats_the_documents_metadata_says_nothing_more() -> None:
    doc = _with_provenance()
    doc["provenance"].append({"metadata": doc["metadata"], "records": ["itu"]})
    data = itu_tcb.load(doc)
    assert data == MERGED
    assert data.metadata_of("itu") == data.metadata
    # Only 1.2 and later can say where records come from: the version must say so.
    for version in ("1.0", "1.1"):
        (problem,) = itu_tcb.validate(doc | {"schema_version": version}).errors
        assert (problem.path, problem.kind) == ("$.provenance", ProblemKind.VALUE)
        assert problem.hint == 'write "schema_version": "1.2"'
    with pytest.raises(ValueError, match=r"provenance needs schema_version '1\.2'"):
        itu_tcb.Dataset.from_collections(
            MERGED.collections(),
            metadata=MERGED.metadata,
            provenance=MERGED.provenance,
            schema_version="1.1",
        )


def test_a_dataset_built_in_python_checks_its_provenance() -> None:
    other = MERGED.metadata_of("fpca")
    collections = BUNDLED.collections()
    built = itu_tcb.Dataset.from_collections(
        collections, metadata=BUNDLED.metadata, provenance={"itu-d": other}
    )
    assert built.metadata_of("itu-d") == other
    assert built != BUNDLED
    assert hash(built) != hash(BUNDLED)
    same = itu_tcb.Dataset.from_collections(
        collections, metadata=BUNDLED.metadata, provenance={"itu-d": BUNDLED.metadata}
    )
    assert same.provenance == {}
    assert same == BUNDLED
    with pytest.raises(ValueError, match="provenance names 'nope'"):
        itu_tcb.Dataset.from_collections(
            collections, metadata=BUNDLED.metadata, provenance={"nope": other}
        )
    with pytest.raises(TypeError, match=r"provenance\['itu-d'\] must be a Metadata"):
        itu_tcb.Dataset.from_collections(
            collections,
            metadata=BUNDLED.metadata,
            provenance={"itu-d": "x"},  # type: ignore[dict-item]
        )
    with pytest.raises(TypeError, match="provenance keys are record ids"):
        itu_tcb.Dataset.from_collections(
            collections,
            metadata=BUNDLED.metadata,
            provenance={5: other},  # type: ignore[dict-item]
        )
    with pytest.raises(NotFoundError):
        BUNDLED.metadata_of("nope")
    with pytest.raises(TypeError):
        BUNDLED.metadata_of(3)  # type: ignore[arg-type]


def test_merge_o_writes_every_parts_metadata(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "saved.json"
    assert cli("merge", "--with-bundled", str(files["profile"]), "-o", str(out))[0] == 0
    saved = itu_tcb.load(out)
    assert saved.documents() == MERGED.documents()
    assert [m.citation for m in saved.documents()] == [
        BUNDLED.metadata.citation,
        fictional_profile()["metadata"]["citation"],
    ]


# ------------------------------------------------- hints and bases of other agencies


def _suggested(hint: str | None) -> str | None:
    if hint is None or not hint.startswith("did you mean "):
        return None
    return str(hint.removeprefix("did you mean ").removesuffix("?").strip("'"))


@pytest.mark.slow
@given(its.datasets())
def test_a_hint_never_suggests_a_record_of_another_agency_where_it_must_be_its_own(
    dataset: itu_tcb.Dataset,
) -> None:
    copied, prefix = _copy_of(dataset)
    document = itu_tcb.merge(dataset, copied).to_document()
    agencies = {r["id"]: r.get("agency") for kind in RecordKind for r in document[kind.collection]}
    for holder, field, _ in SAME_AGENCY:
        for index, record in enumerate(document[holder.collection]):
            target = record.get(field)
            if not (record["id"].startswith(prefix) and isinstance(target, str)):
                continue
            # A typo of the other agency's record: the closest id is that record.
            broken = copy.deepcopy(document)
            broken[holder.collection][index][field] = target.removeprefix(prefix) + "x"
            (problem,) = itu_tcb.validate(broken).errors
            suggested = _suggested(problem.hint)
            assert suggested is None or agencies[suggested] == record["agency"]


def test_a_hint_for_an_initiatives_programme_stays_within_its_agency() -> None:
    doc = fictional_profile()
    doc["initiatives"] = [
        {"id": "fpca-i1", "name": "I1", "agency": "fpca", "programme": "itu-tcb-programm"},
        {"id": "fpca-i2", "name": "I2", "agency": "fpca", "programme": "fpca-programm"},
    ]
    report = itu_tcb.validate(doc, base=BUNDLED)
    hints = [(p.path, p.hint) for p in report.errors]
    assert hints == [
        ("$.initiatives[0].programme", None),
        ("$.initiatives[1].programme", "did you mean 'fpca-programme'?"),
    ]


def test_the_bases_own_warnings_are_not_the_documents(tmp_path: Path) -> None:
    base = fictional_profile()
    base["categories"].append({"id": "fpca-empty", "agency": "fpca"})  # a warning of the base
    report = itu_tcb.validate(corrections(), base=[BUNDLED, base], replace="itu-membership")
    assert report.valid
    assert report.problems == ()
    assert itu_tcb.validate(base, base=BUNDLED).warnings  # the base's, checked on its own


def test_a_broken_base_is_reported_as_the_base_and_no_file_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "1.2"', encoding="utf-8")
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(corrections()), encoding="utf-8")
    for extra in ((), ("--json",)):
        assert cli("validate", *extra, "--base", str(broken), str(mine)) == (2, "")
        err = capsys.readouterr().err
        assert str(broken) in err
        assert "the base is not valid; no file was checked against it" in err
        assert str(mine) not in err
    # In Python the report is invalid and its errors name the base, not the document.
    report = itu_tcb.validate(mine, base=broken)
    assert not report.valid
    assert report.errors[0].source == str(broken)


def test_a_lookup_within_an_agency_says_which_agency_has_the_key() -> None:
    with pytest.raises(NotFoundError) as caught:
        MERGED.lookup("GSR", agency="fpca")
    error = caught.value
    assert (error.scope, error.elsewhere) == ("fpca", ("itu",))
    assert str(error).startswith("no record of agency 'fpca' matches 'GSR' (a record of")
    assert pickle.loads(pickle.dumps(error)).elsewhere == ("itu",)
    with pytest.raises(NotFoundError, match=r"^no record of agency 'fpca' matches 'zzz'$"):
        MERGED.lookup("zzz", agency="fpca")
    with pytest.raises(NotFoundError, match=r"^no record matches 'zzz'$"):
        MERGED.lookup("zzz")


@given(its.datasets(max_records=2))
def test_every_key_of_one_agency_is_not_found_within_another_and_says_whose(
    dataset: itu_tcb.Dataset,
) -> None:
    copied, prefix = _copy_of(dataset)
    merged = itu_tcb.merge(dataset, copied)
    first = dataset.agencies[0]
    other = f"{prefix}{first.id}"
    for record in dataset:
        if dataset.agency_id_of(record) != first.id:
            continue
        with pytest.raises(NotFoundError) as caught:
            merged.lookup(record.id, agency=other)  # ids are unique: only the original has it
        assert caught.value.elsewhere == (first.id,)
        assert f"agency {other!r}" in str(caught.value)


def test_a_base_that_needs_replace_is_checked_with_it(
    files: dict[str, Path], tmp_path: Path
) -> None:
    fixes = tmp_path / "corrections.json"
    fixes.write_text(json.dumps(corrections()), encoding="utf-8")
    args = ("--with-bundled", "--base", str(fixes), "--replace", "itu-membership")
    status, text = cli("validate", *args, str(files["profile"]))
    assert status == 0, text
    # Without --replace the base's clash is the base's: no file is checked.
    assert cli("validate", "--with-bundled", "--base", str(fixes), str(files["profile"]))[0] == 2


def test_validate_on_an_empty_base_keeps_the_documents_warnings() -> None:
    doc = fictional_profile()
    doc["categories"].append({"id": "fpca-empty", "agency": "fpca"})
    alone = itu_tcb.validate(doc, base=BUNDLED)
    assert [p.kind for p in alone.warnings] == [ProblemKind.EMPTY_CATEGORY]
    assert itu_tcb.validate(copy.deepcopy(BUNDLED.to_document()), base=[]).problems == ()
    assert [p.kind for p in itu_tcb.validate(doc, base=[BUNDLED]).warnings] == [
        ProblemKind.EMPTY_CATEGORY
    ]


def test_data_is_refused_by_the_commands_that_do_not_read_it(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (
        ("validate", str(files["profile"])),
        ("merge", str(files["profile"])),
        ("schema",),
    ):
        assert cli("--data", str(files["merged"]), *command) == (2, "")
        assert f"{command[0]} does not read --data" in capsys.readouterr().err


def test_a_merge_error_names_the_part_of_its_first_problem() -> None:
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(BUNDLED, b'{"schema_version": "1.2"}')
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


def test_the_data_package_of_a_merge_credits_every_document() -> None:
    from itu_tcb.datapackage import package_descriptor

    descriptor = package_descriptor(MERGED)
    titles = [s["title"] for s in descriptor["sources"]]
    assert titles == [f"{m.source.publisher}: {m.source.title}" for m in MERGED.documents()]
    for metadata in MERGED.documents():
        assert metadata.citation in descriptor["citation"]
    alone = package_descriptor(BUNDLED)
    assert "the itu_tcb project's own words" in alone["description"]
    assert "project" not in package_descriptor(MERGED)["description"]
