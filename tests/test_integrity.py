"""Checks across records (``itu_tcb._integrity``): references, keys scoped to their
agency (errors within one, warnings across agencies that share a scope), hints that
stay within an agency, ``open_lists``, ``external_fields``, lost markers, one
membership per agency, and the warnings (empty categories, unreferenced agencies)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import itu_tcb
import itu_tcb.models
from helpers import BUNDLED, DATA, bundled, edited, only, path_kind_set, path_kinds
from itu_tcb import AmbiguousKeyError, DataError, ProblemKind, RecordKind, Severity, _integrity
from itu_tcb import strategies as its
from itu_tcb._integrity import REFERENCES, SAME_AGENCY, open_list_candidates
from itu_tcb._keys import key_texts, keys_of
from itu_tcb.models import RECORD_TYPES
from itu_tcb.report import format_path
from profiles import MERGED, candidates, copy_of, fictional_profile, headingless_profile

# -------------------------------------- references, agencies and warnings


def test_a_record_dropped_by_the_json_stage_raises_no_warning() -> None:
    """The only activity of a category has a lone surrogate: the record cannot load,
    so the category must not be called empty (the missing record may fill it)."""
    doc = bundled()
    counts: dict[str, list[int]] = {}
    for index, activity in enumerate(doc["activities"]):
        counts.setdefault(activity["category"], []).append(index)
    alone = min(counts.values(), key=len)
    assert len(alone) == 1
    index = alone[0]
    doc["activities"][index]["name"] = "@@"
    text = json.dumps(doc).replace('"@@"', '"Odd \\ud800 name"')
    for source in (text, json.loads(text)):
        problem = only(itu_tcb.validate(source))
        assert (problem.path, problem.kind) == (
            f"$.activities[{index}].name",
            ProblemKind.ENCODING,
        )


@pytest.mark.parametrize(
    ("holder", "field", "target_kind"),
    [
        (h.collection, f, t)
        for h, f, t in __import__("itu_tcb._integrity", fromlist=["x"]).REFERENCES
    ],
)
def test_every_reference_is_checked(
    holder: str, field: str, target_kind: itu_tcb.RecordKind
) -> None:
    """For each reference field: a missing id, and an id of the wrong kind, are reported."""
    doc = bundled()
    record = next(r for r in doc[holder] if r.get(field) not in (None, []))
    index = doc[holder].index(record)
    many = isinstance(record[field], list)
    wrong = "itu-membership" if target_kind is not itu_tcb.RecordKind.MEMBERSHIP else "itu"
    for target, words in (("no-such-record", "no "), (wrong, " is a")):
        record[field] = [target] if many else target
        report = itu_tcb.validate(copy.deepcopy(doc))
        path = f"$.{holder}[{index}].{field}" + ("[0]" if many else "")
        errors = [p for p in report.errors if p.path == path]
        assert len(errors) == 1, str(report)
        assert errors[0].kind is ProblemKind.REFERENCE
        assert words in errors[0].message


def test_references_to_a_record_that_failed_are_not_reported_twice() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["categories"][0]["heading"] = 5  # the category fails; its activities still point at it

    problem = only(edited(edit))
    assert (problem.path, problem.kind) == ("$.categories[0].heading", ProblemKind.TYPE)


def test_ambiguous_across_kinds() -> None:
    problem = only(edited(lambda d: d["activities"][0].__setitem__("aliases", ["ITU"])))
    assert (problem.path, problem.kind) == ("$.activities[0].aliases[0]", ProblemKind.AMBIGUOUS)
    assert "$.agencies[0]" in problem.message


def test_warnings_do_not_make_a_document_invalid() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["categories"].append({"id": "group-6", "agency": "itu", "project_label": "Spare"})
        d["agencies"].append({"id": "itc", "acronym": "ITC"})

    report = edited(edit)
    assert report.valid
    assert bool(report)
    assert path_kind_set(report) == {
        ("$.categories[5]", ProblemKind.EMPTY_CATEGORY),
        ("$.agencies[17]", ProblemKind.UNREFERENCED),
    }
    assert all(p.severity is Severity.WARNING for p in report.problems)


@pytest.mark.parametrize("kind", list(itu_tcb.RecordKind), ids=lambda k: k.collection)
def test_external_fields_name_fields_of_the_records_own_kind(kind: itu_tcb.RecordKind) -> None:
    """Every field but ``id``, ``external_fields``, ``open_lists`` and ``source`` may
    be named; any other name (a field of another kind, a typo, those four) is refused."""
    cls = itu_tcb.models.RECORD_TYPES[kind]
    own = [f.name for f in attrs.fields(cls)]
    meta = ("id", "external_fields", "open_lists", "source")
    allowed = [name for name in own if name not in meta]
    others = {f.name for c in itu_tcb.models.RECORD_TYPES.values() for f in attrs.fields(c)}
    refused = [*meta, "nmae", *sorted(others - set(own))]

    def edit(d: dict[str, Any]) -> None:
        d[kind.collection][0]["external_fields"] = allowed + refused

    report = edited(edit)
    assert len(report.problems) == len(refused), str(report)
    for offset, (name, problem) in enumerate(zip(refused, report.problems, strict=True)):
        position = len(allowed) + offset
        assert problem.path == f"$.{kind.collection}[0].external_fields[{position}]"
        assert problem.kind is ProblemKind.VALUE
        assert repr(name) in problem.message
        assert problem.hint is not None
        assert all(field in problem.hint for field in allowed)


def test_an_agency_has_one_membership() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["memberships"].append({"id": "more-members", "agency": "undp"})
        d["memberships"].append({"id": "itu-members-again", "agency": "itu"})

    problem = only(edited(edit))
    assert (problem.path, problem.kind) == ("$.memberships[2].agency", ProblemKind.VALUE)
    assert "$.memberships[0]" in problem.message
    assert problem.severity is Severity.ERROR


#: The references that must agree with their record's agency, by kind.
SAME_AGENCY_FIELDS = {"initiatives": ("programme",), "events": ("sector", "partnership")}
_TARGETS = {"programme": "programmes", "sector": "sectors", "partnership": "partnerships"}


@pytest.mark.parametrize(
    ("collection", "field"),
    [(collection, field) for collection, fields in SAME_AGENCY_FIELDS.items() for field in fields],
)
def test_references_agree_on_the_agency(collection: str, field: str) -> None:
    """A record's agency is the agency of the programme, sector or partnership it
    names: a mismatch is reported at the reference, whichever side changed."""
    doc = bundled()
    index, record = next((i, r) for i, r in enumerate(doc[collection]) if r.get(field))
    target = next(r for r in doc[_TARGETS[field]] if r["id"] == record[field])
    other = "undp" if target["agency"] != "undp" else "wto"
    # Moving the record breaks each of its references; moving the target breaks
    # this reference in every record that names the target.
    moved_record = {(index, name) for name in SAME_AGENCY_FIELDS[collection] if record.get(name)}
    moved_target = {
        (i, field) for i, r in enumerate(doc[collection]) if r.get(field) == target["id"]
    }
    for holder, broken in ((record, moved_record), (target, moved_target)):
        kept = holder["agency"]
        holder["agency"] = other
        report = itu_tcb.validate(copy.deepcopy(doc))
        holder["agency"] = kept
        expected = {(f"$.{collection}[{i}].{name}", ProblemKind.REFERENCE) for i, name in broken}
        assert path_kind_set(report) == expected, str(report)
        problem = next(p for p in report.problems if p.path.endswith(f".{field}"))
        assert repr(other) in problem.message
        assert repr(record[field]) in problem.message
    assert itu_tcb.validate(doc).valid


def test_a_dangling_agency_is_not_also_a_mismatch() -> None:
    problem = only(edited(lambda d: d["initiatives"][0].__setitem__("agency", "nobody")))
    assert (problem.path, problem.kind) == ("$.initiatives[0].agency", ProblemKind.REFERENCE)


def test_a_partnership_listing_its_own_agency_is_a_warning() -> None:
    doc = bundled()
    index, partnership = next(
        (i, p) for i, p in enumerate(doc["partnerships"]) if p.get("partners")
    )
    partnership["partners"].insert(1, partnership["agency"])
    report = itu_tcb.validate(doc)
    problem = only(report)
    assert (problem.path, problem.kind) == (
        f"$.partnerships[{index}].partners[1]",
        ProblemKind.SELF_REFERENCE,
    )
    assert problem.severity is Severity.WARNING
    assert report.valid
    assert itu_tcb.load(doc).warnings == (problem,)


@pytest.mark.parametrize(
    ("collection", "field", "text"),
    [
        ("activities", "name", "---"),
        ("agencies", "acronym", "\U0001f30d"),
        ("sectors", "code", "* *"),
        ("categories", "project_label", "\u200b"),
        ("programmes", ("aliases", 0), "!?"),
    ],
)
def test_a_key_no_lookup_can_find_is_refused(
    collection: str, field: str | tuple[str, int], text: str
) -> None:
    def edit(d: dict[str, Any]) -> None:
        if isinstance(field, tuple):
            d[collection][0][field[0]] = [text]
        else:
            d[collection][0][field] = text

    problem = only(edited(edit))
    step = f"{field[0]}[{field[1]}]" if isinstance(field, tuple) else field
    assert (problem.path, problem.kind) == (f"$.{collection}[0].{step}", ProblemKind.VALUE)
    assert repr(text) in problem.message


# ----------------------------------------- with the problems of structure


@given(st.sampled_from(["activities", "sectors", "agencies"]))
def test_integrity_errors_come_with_the_structure_errors(collection: str) -> None:
    document = itu_tcb.load().to_document()
    first = document[collection][0]
    document[collection].append(dict(first))
    document["metadata"]["title"] = ""
    report = itu_tcb.validate(document)
    kinds = {(p.path, p.kind.value) for p in report.errors}
    assert ("$.metadata.title", "value") in kinds
    index = len(document[collection]) - 1
    assert (f"$.{collection}[{index}].id", "duplicate-id") in kinds


def test_a_well_formed_document_with_broken_references_is_refused() -> None:
    document = itu_tcb.load().to_document()
    document["activities"][0]["category"] = "group-9"
    document["sectors"].append(dict(document["sectors"][0]))
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.load(document)
    found = {(p.path, p.kind.value) for p in caught.value.report.errors}
    assert found == {("$.activities[0].category", "reference"), ("$.sectors[3].id", "duplicate-id")}


# ------------------------------- keys no lookup can find, and keys shared


def test_a_name_of_punctuation_only_is_refused_as_it_could_never_be_looked_up() -> None:
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.Dataset.from_collections(
            {itu_tcb.RecordKind.AGENCY: [itu_tcb.Agency(id="dash", name="—", acronym="!!")]},
            metadata=DATA.metadata,
        )
    found = {(p.path, p.kind) for p in caught.value.report.errors}
    assert found == {
        ("$.agencies[0].name", itu_tcb.ProblemKind.VALUE),
        ("$.agencies[0].acronym", itu_tcb.ProblemKind.VALUE),
    }


# ----------------------------------------------------------- bounded work


SOURCE = {"section": "Fictional", "links": []}


def test_hints_for_near_miss_ids_among_many_still_find_the_id() -> None:
    categories = [
        {"id": f"group-{i:05d}", "agency": "itu", "heading": None, "source": SOURCE}
        for i in range(5_000)
    ]
    activities = [
        {"id": f"a-{i}", "name": f"A {i}", "category": f"grop-{i * 997:05d}", "source": SOURCE}
        for i in range(5)
    ]
    doc = {
        "schema_version": "1.0",
        "metadata": BUNDLED["metadata"],
        "agencies": [{"id": "itu", "name": "Fictional Union", "source": SOURCE}],
        "categories": categories,
        "activities": activities,
    }
    report = itu_tcb.validate(json.dumps(doc).encode())
    hints = [p.hint for p in report.errors if p.kind is itu_tcb.ProblemKind.REFERENCE]
    assert hints == [f"did you mean 'group-{i * 997:05d}'?" for i in range(5)]


@given(st.integers(min_value=1, max_value=60))
def test_records_sharing_many_aliases_get_one_problem_per_shared_alias(count: int) -> None:
    aliases = tuple(f"Shared name {i}" for i in range(count))
    first = itu_tcb.Agency(id="first", name="First", aliases=aliases)
    second = itu_tcb.Agency(id="second", name="Second", aliases=tuple(a.upper() for a in aliases))
    problems = _integrity.check(_integrity.placed({itu_tcb.RecordKind.AGENCY: [first, second]}))
    ambiguous = [p for p in problems if p.kind is itu_tcb.ProblemKind.AMBIGUOUS]
    assert len(ambiguous) == count
    for problem, alias in zip(ambiguous, aliases, strict=True):
        assert f"({alias!r})" in problem.message


# -------------------------------------------- keys scoped to their agency


def errors_on_top(doc: dict[str, Any]) -> list[tuple[str, ProblemKind]]:
    """The errors of ``doc`` merged on top of the bundled data, at its own paths."""
    with pytest.raises(DataError) as caught:
        itu_tcb.merge(DATA, doc)
    problems = caught.value.report.errors
    assert {p.source for p in problems} == {"<mapping>"}
    return [(p.path, p.kind) for p in problems]


# ----------------------------------------------------------------- the case


def taken(warnings: tuple[itu_tcb.Problem, ...]) -> list[str]:
    """The paths of the warnings that a key another agency's record had is shared."""
    return [w.path for w in warnings if w.message.endswith("lists both records")]


def test_a_profile_reusing_the_guides_generic_names_merges_with_a_warning_for_each() -> None:
    """Sharing the guide's generic names is allowed; each shared name is a warning,
    since a lookup of it no longer answers the bundled record alone."""
    assert all(w.kind is ProblemKind.AMBIGUOUS for w in MERGED.warnings)
    assert taken(MERGED.warnings) == [w.path for w in MERGED.warnings]
    for warning in MERGED.warnings:
        with pytest.raises(AmbiguousKeyError):
            MERGED.lookup(warning.message.split("'")[1])
    assert [a.id for a in MERGED.profiles()] == ["itu", "fpca"]
    assert DATA.profiles() == (DATA.lookup("itu"),)


def test_a_name_shared_within_one_agency_is_still_refused() -> None:
    doc = fictional_profile()
    doc["activities"].append(
        {"id": "fpca-more", "name": "Workshops-and-Seminars", "category": "fpca-group-1"}
    )
    assert errors_on_top(doc) == [("$.activities[1].name", ProblemKind.AMBIGUOUS)]
    (error,) = itu_tcb.validate(doc, base=[DATA]).errors
    assert "$.activities[0]" in error.message


def test_agencies_share_one_scope_where_a_shared_key_is_a_warning() -> None:
    """Two banks may share "IDB": a warning (most often it is one organization
    written twice), and a lookup of it lists both."""
    doc = fictional_profile()
    doc["agencies"].append({"id": "imaginary-bank", "name": "Imaginary Bank", "acronym": "IDB"})
    doc["partnerships"][0]["partners"].append("imaginary-bank")
    merged = itu_tcb.merge(DATA, doc)
    (warning,) = [w for w in merged.warnings if w.path not in taken(merged.warnings)]
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
    merged = itu_tcb.merge(DATA, doc)
    assert "$.activities[0].aliases[0]" in taken(merged.warnings)  # it stops answering upu
    with pytest.raises(AmbiguousKeyError) as caught:
        merged.lookup("UPU")
    assert candidates(caught) == {("upu", "upu"), ("fpca-workshops", "fpca")}
    assert merged.lookup("upu").id == "upu"  # the id, exactly as written


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


# -------------------------------------------- hints stay within an agency


def _suggested(hint: str | None) -> str | None:
    if hint is None or not hint.startswith("did you mean "):
        return None
    return str(hint.removeprefix("did you mean ").removesuffix("?").strip("'"))


@pytest.mark.slow
@given(its.datasets())
def test_a_hint_never_suggests_a_record_of_another_agency_where_it_must_be_its_own(
    dataset: itu_tcb.Dataset,
) -> None:
    copied, prefix = copy_of(dataset)
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
    report = itu_tcb.validate(doc, base=DATA)
    hints = [(p.path, p.hint) for p in report.errors]
    assert hints == [
        ("$.initiatives[0].programme", None),
        ("$.initiatives[1].programme", "did you mean 'fpca-programme'?"),
    ]


@pytest.mark.parametrize("constant_hash", [False, True])
def test_ambiguous_keys_are_found_whatever_the_claims_hash_to(
    constant_hash: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims are held by their hash; equal hashes of different claims (forced here:
    every claim hashes alike) are told apart by the claims themselves."""
    from itu_tcb import _integrity

    doc = copy.deepcopy(BUNDLED)
    doc["activities"][1]["aliases"] = ["ITU D", "Exhibitions and forums"]
    doc["activities"][2]["aliases"] = ["exhibitions-and-FORUMS"]
    expected = [
        ("$.activities[1].aliases[0]", "ambiguous"),
        ("$.activities[1].aliases[1]", "ambiguous"),
        ("$.activities[2].aliases[0]", "ambiguous"),
    ]
    if constant_hash:
        monkeypatch.setattr(_integrity, "hash", lambda _: 0, raising=False)
    report = itu_tcb.validate(doc)
    assert path_kinds(report) == expected
    assert itu_tcb.validate(BUNDLED).valid


# ------------------------------------------------------------- open_lists


SCHEMA = json.loads((resources.files("itu_tcb") / "data" / "schema.json").read_bytes())
EVERY_FIELD = sorted({f.name for cls in RECORD_TYPES.values() for f in attrs.fields(cls)})
#: Fields of every record that hold lists but not lists of the source's.
NOT_LISTS = ("aliases", "external_fields", "open_lists")


def expected_lists(kind: RecordKind) -> list[str]:
    """Written out from the models, independently of ``open_list_candidates``."""
    cls = RECORD_TYPES[kind]
    blank = {f.name: f.default for f in attrs.fields(cls)}
    own = [name for name, default in blank.items() if default == () and name not in NOT_LISTS]
    pointing = [holder.collection for holder, _, target in REFERENCES if target is kind]
    return [*own, *dict.fromkeys(pointing)]


def test_the_lists_each_kind_can_name() -> None:
    assert open_list_candidates(RECORD_TYPES[RecordKind.PROGRAMME]) == (
        "drivers_of_change",
        "target_groups",
        "initiatives",
    )
    assert open_list_candidates(RECORD_TYPES[RecordKind.CATEGORY]) == ("activities",)
    assert open_list_candidates(RECORD_TYPES[RecordKind.ACTIVITY]) == ()
    for kind in RecordKind:
        assert list(open_list_candidates(RECORD_TYPES[kind])) == expected_lists(kind)


@pytest.mark.parametrize("kind", list(RecordKind), ids=lambda k: k.collection)
def test_open_lists_name_lists_of_the_record(kind: RecordKind) -> None:
    allowed = expected_lists(kind)
    refused = [*NOT_LISTS, "id", "nmae", *(n for n in EVERY_FIELD if n not in allowed)]
    refused = list(dict.fromkeys(refused))
    doc = bundled()
    record = doc[kind.collection][0]
    record["open_lists"] = allowed + refused
    if kind is RecordKind.PARTNERSHIP:
        record["open_ended"] = "partners" in allowed
    report = itu_tcb.validate(doc)
    assert len(report.problems) == len(refused), str(report)
    for offset, (name, problem) in enumerate(zip(refused, report.problems, strict=True)):
        position = len(allowed) + offset
        assert problem.path == format_path((kind.collection, 0, "open_lists", position))
        assert problem.kind is ProblemKind.VALUE
        assert repr(name) in problem.message
        assert problem.hint is not None
        assert all(name in problem.hint for name in allowed)


@settings(deadline=None)
@given(
    kind=st.sampled_from(list(RecordKind)),
    name=st.one_of(st.sampled_from([*EVERY_FIELD, *(k.collection for k in RecordKind)]), st.text()),
)
def test_loader_and_schema_agree_on_every_name(kind: RecordKind, name: str) -> None:
    """Any name: valid exactly when it is a list of the record, for the loader and
    for the shipped JSON Schema."""
    doc = bundled()
    record = doc[kind.collection][-1]
    record["open_lists"] = [name]
    if kind is RecordKind.PARTNERSHIP:
        record["open_ended"] = name == "partners"
    report = itu_tcb.validate(doc)
    where = format_path((kind.collection, len(doc[kind.collection]) - 1, "open_lists"))
    fits = name in expected_lists(kind)
    assert report.valid is fits, str(report)
    assert all(p.path.startswith(where) for p in report.problems), str(report)
    assert Draft202012Validator(SCHEMA).is_valid(doc) is fits


@pytest.mark.parametrize(
    ("open_lists", "open_ended", "agree"),
    [
        (["partners"], True, True),
        ([], False, True),
        ([], True, True),  # a document written for 0.1: open_ended alone
        (["parties"], False, True),
        (["partners"], False, False),
        (["parties"], True, False),
    ],
)
def test_open_ended_agrees_with_open_lists(
    open_lists: list[str], open_ended: bool, agree: bool
) -> None:
    doc = bundled()
    (index,) = [i for i, p in enumerate(doc["partnerships"]) if p.get("open_ended")]
    record = doc["partnerships"][index]
    record["open_lists"] = open_lists
    record["open_ended"] = open_ended
    report = itu_tcb.validate(doc)
    if agree:
        assert report.problems == (), str(report)
        loaded = itu_tcb.load(doc).partnerships[index]
        assert (loaded.open_lists, loaded.open_ended) == (tuple(open_lists), open_ended)
    else:
        (problem,) = report.problems
        assert problem.path == format_path(("partnerships", index, "open_ended"))
        assert problem.kind is ProblemKind.VALUE
        assert "partners" in problem.message


# ----------------------------------------------------------- lost markers


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
    document = headingless_profile()
    edit(document)
    report = itu_tcb.validate(document)
    assert [(p.path, p.kind) for p in report.errors] == [(path, ProblemKind.VALUE)]


# ------------------------------------------- a part that takes another's key

KEYS_OF_BUNDLED = [
    (kind, record.id, text)
    for kind in RecordKind
    for record in DATA.collection(kind)
    for text in key_texts(record)
    if text != record.id and DATA.get(text) is record
]


@pytest.mark.parametrize(("kind", "record_id", "text"), KEYS_OF_BUNDLED)
@pytest.mark.parametrize("first", ["bundled", "profile"])
def test_a_key_that_answered_one_record_and_that_a_part_takes_is_a_warning(
    kind: RecordKind, record_id: str, text: str, first: str
) -> None:
    """Every key of every bundled record, given to a record of another agency's
    profile (as an alias): a warning at the later part's record, naming the other,
    whichever part comes first; the lookup of it then lists both."""
    doc = {
        "schema_version": "1.3",
        "metadata": BUNDLED["metadata"],
        "agencies": [{"id": "fpca", "name": "Fictional Postal Cooperation Agency"}],
        "categories": [{"id": "fpca-group", "agency": "fpca"}],
        "activities": [
            {
                "id": "fpca-thing",
                "name": "Fictional thing",
                "aliases": [text],
                "category": "fpca-group",
            }
        ],
    }
    parts = (DATA, doc) if first == "bundled" else (doc, DATA)
    merged = itu_tcb.merge(*parts)
    later, other = ("<mapping>", record_id) if first == "bundled" else (DATA.origin, "fpca-thing")
    found = [w for w in merged.warnings if w.source == later and repr(other) in w.message]
    assert [w.message.endswith("lists both records") for w in found] == [True], merged.warnings
    with pytest.raises(AmbiguousKeyError):
        merged.lookup(text)


# ------------------------------------- an oracle: ids and references, found naively

#: The format's references written out by hand: for each collection, each reference
#: field and the collection its ids point into.
NAIVE_REFERENCES = {
    "sectors": {"agency": "agencies"},
    "programmes": {"agency": "agencies"},
    "initiatives": {"agency": "agencies", "programme": "programmes"},
    "partnerships": {"agency": "agencies", "partners": "agencies"},
    "memberships": {"agency": "agencies"},
    "events": {"agency": "agencies", "sector": "sectors", "partnership": "partnerships"},
    "categories": {"agency": "agencies"},
    "activities": {"category": "categories"},
}
#: The references whose target must be of the holder's own agency.
NAIVE_SAME_AGENCY = {("initiatives", "programme"), ("events", "sector"), ("events", "partnership")}
#: A record of each collection, in words.
A_RECORD = {
    "agencies": "an agency",
    "sectors": "a sector",
    "programmes": "a programme",
    "initiatives": "an initiative",
    "partnerships": "a partnership",
    "memberships": "a membership",
    "events": "an event",
    "categories": "a category",
    "activities": "an activity",
}


def test_the_oracle_knows_every_reference_of_the_format() -> None:
    assert {(h.collection, f, t.collection) for h, f, t in REFERENCES} == {
        (holder, field, target)
        for holder, fields in NAIVE_REFERENCES.items()
        for field, target in fields.items()
    }
    assert {(h.collection, f) for h, f, _ in SAME_AGENCY} == NAIVE_SAME_AGENCY
    assert list(A_RECORD) == [kind.collection for kind in RecordKind]


def naive_checks(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path, kind, message) of each duplicate id, each reference to no record, to a
    record of the wrong kind or to one of another agency, and each id that the
    ``provenance`` names twice or that no record has, found the obvious way: every
    record in turn, kind by kind, the first record of an id being its owner."""
    records = [
        (collection, index, record)
        for collection in A_RECORD
        for index, record in enumerate(doc.get(collection, []))
    ]
    owner: dict[str, tuple[str, int, dict[str, Any]]] = {}
    out = []
    for collection, index, record in records:
        if record["id"] in owner:
            first, at, _ = owner[record["id"]]
            message = f"id {record['id']!r} is already used by $.{first}[{at}]"
            out.append((f"$.{collection}[{index}].id", "duplicate-id", message))
        else:
            owner[record["id"]] = (collection, index, record)
    for collection, index, record in records:
        for field, wanted in NAIVE_REFERENCES.get(collection, {}).items():
            value = record.get(field)
            for position, target in enumerate(value if isinstance(value, list) else [value]):
                if target is None:
                    continue
                path = f"$.{collection}[{index}].{field}"
                path += f"[{position}]" if isinstance(value, list) else ""
                if target not in owner:
                    message = f"no {A_RECORD[wanted].split()[1]} has id {target!r}"
                    out.append((path, "reference", message))
                    continue
                kind, _, found = owner[target]
                if kind != wanted:
                    message = f"{target!r} is {A_RECORD[kind]}, not {A_RECORD[wanted]}"
                    out.append((path, "reference", message))
                    continue
                mine, theirs = record.get("agency"), found.get("agency")
                agencies = all(
                    isinstance(a, str) and a in owner and owner[a][0] == "agencies"
                    for a in (mine, theirs)
                )
                if (collection, field) in NAIVE_SAME_AGENCY and mine != theirs and agencies:
                    message = (
                        f"{field} {target!r} belongs to agency {theirs!r}, but this "
                        f"{A_RECORD[collection].split()[1]} belongs to agency {mine!r}"
                    )
                    out.append((path, "reference", message))
    listed: dict[str, int] = {}
    for index, entry in enumerate(doc.get("provenance", [])):
        for position, record_id in enumerate(entry["records"]):
            path = f"$.provenance[{index}].records[{position}]"
            if record_id in listed:
                message = f"{record_id!r} is listed by $.provenance[{listed[record_id]}] already"
                out.append((path, "duplicate-id", message))
            elif record_id not in owner:
                message = f"{record_id!r} is the id of no record in this document"
                out.append((path, "reference", message))
            else:
                listed[record_id] = index
    return out


@st.composite
def ids_and_references_changed(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document (the bundled one, or a drawn dataset's) with one to four ids
    or references set to another record's id (of any kind) or to a new id."""
    dataset = draw(st.just(DATA) | its.datasets())
    doc = dataset.to_document()
    ids = [record.id for record in dataset]
    for _ in range(draw(st.integers(1, 4))):
        collection = draw(st.sampled_from([c for c in A_RECORD if doc[c]]))
        record = draw(st.sampled_from(doc[collection]))
        field = draw(st.sampled_from(["id", *NAIVE_REFERENCES.get(collection, {})]))
        target = draw(st.sampled_from(ids) | its.slugs())
        if field != "partners":
            record[field] = target
        elif target not in record.get("partners", []):  # a partner listed twice: no record
            partners = record.get("partners", [])
            at = draw(st.integers(0, len(partners)))
            record["partners"] = [*partners[:at], target, *partners[at + 1 :]]
    return doc


@given(ids_and_references_changed())
def test_ids_and_references_are_reported_as_a_naive_check_finds_them(doc: dict[str, Any]) -> None:
    """Issue 22, point 2: the one integrity pass reports duplicate ids and broken
    references (to no record, to one of the wrong kind, to one of another agency)
    exactly where, and as, the obvious record-by-record checks do."""
    report = itu_tcb.validate(doc)
    shown = [
        (p.path, p.kind.value, p.message)
        for p in report.problems
        if p.kind in (ProblemKind.DUPLICATE_ID, ProblemKind.REFERENCE)
    ]
    assert sorted(shown) == sorted(naive_checks(doc))
    event(f"{len(shown)} problems" if len(shown) < 3 else "3 or more problems")
