"""A parsed document's top level (``itu_tcb._document``): the root, schema versions
(documents of 1.0 and 1.1), the metadata and its terms, provenance entries, and
``"$schema"``, which editors use and the loader accepts and ignores."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import itu_tcb
from helpers import BUNDLED, LONG, MESSAGE_BOUND, assert_bounded, edited, mutated_document, only
from itu_tcb import AgencyKind, ProblemKind, RecordKind
from itu_tcb import strategies as its
from itu_tcb.report import format_path
from profiles import MERGED, headingless_profile, merged_document

# ---------------------------------------- the root and its schema version


@pytest.mark.parametrize(
    ("data", "kind"), [(b"[]", "a list"), (b"1", "an integer"), (b"true", "true or false")]
)
def test_root_must_be_an_object(data: bytes, kind: str) -> None:
    problem = only(itu_tcb.validate(data))
    assert (problem.path, problem.kind) == ("$", ProblemKind.TYPE)
    assert kind in problem.message


def test_root_nan_is_reported_once() -> None:
    problem = only(itu_tcb.validate(b"NaN"))
    assert (problem.path, problem.kind) == ("$", ProblemKind.SYNTAX)


def test_unsupported_schema_version_names_the_supported_ones() -> None:
    problem = only(edited(lambda d: d.__setitem__("schema_version", "0.9")))
    assert problem.kind is ProblemKind.SCHEMA_VERSION
    for version in itu_tcb.SCHEMA_VERSIONS:
        assert repr(version) in problem.message


def test_the_missing_version_hint_is_json() -> None:
    problem = itu_tcb.validate(b'{"metadata": {}}').problems[0]
    assert problem.hint == f'add "schema_version": "{itu_tcb.SCHEMA_VERSIONS[-1]}"'


# ------------------------------------------------ documents of schema 1.0


#: The bundled document as released in data version 0.1 (schema 1.0): commit 50d7673.
EARLIER = Path(__file__).parent / "earlier" / "itu-data-0.1-schema-1.0.json"


def earlier() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EARLIER.read_text(encoding="utf-8"))
    return document


def unheld(read: Any, given: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    """The paths where ``read`` does not hold what ``given`` does (it may add fields
    at defaults): a value that differs, a key it lacks, a list of another length."""
    if isinstance(given, dict) and isinstance(read, dict):
        return [
            found
            for key, value in given.items()
            for found in (
                unheld(read[key], value, (*path, key))
                if key in read
                else [format_path((*path, key))]
            )
        ]
    if isinstance(given, list) and isinstance(read, list) and len(read) == len(given):
        return [
            found
            for index, (r, g) in enumerate(zip(read, given, strict=True))
            for found in unheld(r, g, (*path, index))
        ]
    return [] if read == given and type(read) is type(given) else [format_path(path)]


def holds(read: Any, given: Any) -> bool:
    """``read`` holds everything ``given`` does (and may add fields at defaults)."""
    return not unheld(read, given)


def test_a_value_removed_from_a_vocabulary_loads_as_unknown_with_a_warning() -> None:
    document = earlier()
    banks = [
        i for i, a in enumerate(document["agencies"]) if a.get("agency_kind") == "development_bank"
    ]
    assert banks
    given = json.dumps(document)
    data = itu_tcb.load(document)
    assert json.dumps(document) == given  # the caller's document is not changed
    assert [w.path for w in data.warnings] == [f"$.agencies[{i}].agency_kind" for i in banks]
    for warning in data.warnings:
        assert warning.kind is ProblemKind.ENUM
        assert "'development_bank' is a value of schema 1.0" in warning.message
        assert f'"schema_version": "{itu_tcb.SCHEMA_VERSIONS[-1]}"' in (warning.hint or "")
    for i in banks:
        assert data.agencies[i].agency_kind is AgencyKind.UNKNOWN


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
    links = [link for r in data if r.source for link in r.source.links]
    assert links
    assert all(not link.target_lost for link in links)
    # Every field the earlier document gives is read back as it was given.
    written = data.to_document()
    for kind in RecordKind:
        for given_record, read in zip(
            document.get(kind.collection, []), written.get(kind.collection, []), strict=True
        ):
            assert holds(read, given_record), (kind, given_record["id"])


#: The bundled document of every earlier release and schema version (see the README
#: of tests/earlier/ for the commit each comes from).
EARLIER_DOCUMENTS = sorted((Path(__file__).parent / "earlier").glob("*.json"))


def test_there_is_an_earlier_document_of_every_earlier_schema_version() -> None:
    versions = [
        json.loads(p.read_text(encoding="utf-8"))["schema_version"] for p in EARLIER_DOCUMENTS
    ]
    assert sorted(versions) == list(itu_tcb.SCHEMA_VERSIONS[:-1])


@pytest.mark.parametrize("path", EARLIER_DOCUMENTS, ids=[p.stem for p in EARLIER_DOCUMENTS])
def test_every_earlier_document_loads_and_reads_back_as_given_but_what_it_warns_of(
    path: Path,
) -> None:
    """Each loads as its own schema version; each warning names the value it was
    given and how to write it now; every other field reads back as it was given."""
    document = json.loads(path.read_text(encoding="utf-8"))
    data = itu_tcb.load(path)
    assert data.schema_version == document["schema_version"]
    warned = set()
    for warning in data.warnings:
        node: Any = document
        for step in re.findall(r"\.(\w+)|\[(\d+)\]", warning.path):
            node = node[step[0]] if step[0] else node[int(step[1])]
        assert repr(node) in warning.message, warning  # the old value
        assert "write" in (warning.hint or ""), warning  # how to write it now
        assert f'"schema_version": "{itu_tcb.SCHEMA_VERSIONS[-1]}"' in (warning.hint or "")
        warned.add(warning.path)
    written = data.to_document()
    assert unheld(written["metadata"], document["metadata"], ("metadata",)) == []
    changed = [
        found
        for kind in RecordKind
        for index, (read, given) in enumerate(
            zip(written[kind.collection], document.get(kind.collection, []), strict=True)
        )
        for found in unheld(read, given, (kind.collection, index))
    ]
    assert sorted(changed) == sorted(warned)


def test_a_1_0_document_may_use_the_additions_of_1_1() -> None:
    document = headingless_profile("1.0")
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


# --------------------------------------------------- the metadata's terms


VALIDATOR = Draft202012Validator(itu_tcb.json_schema())


@given(dataset=its.datasets(max_records=1), terms=st.none() | its.texts())
def test_terms_survive_the_document_round_trip(dataset: itu_tcb.Dataset, terms: str | None) -> None:
    metadata = attrs.evolve(dataset.metadata, terms=terms)
    changed = itu_tcb.Dataset.from_collections(
        dataset.collections(),
        metadata=metadata,
        schema_version=dataset.schema_version,
        provenance=dataset.provenance,
    )
    document = changed.to_document()
    assert VALIDATOR.is_valid(document)
    loaded = itu_tcb.load(json.dumps(document))
    assert loaded.metadata.terms == terms


def _bundled_with_terms(value: Any) -> dict[str, Any]:
    document = itu_tcb.load().to_document()
    document["metadata"]["terms"] = value
    return document


@pytest.mark.parametrize("value", [42, "", " padded ", "two\nlines", ["MIT"]])
def test_bad_terms_are_refused_with_their_path(value: Any) -> None:
    document = _bundled_with_terms(value)
    report = itu_tcb.validate(json.dumps(document))
    assert not report.valid
    assert {p.path for p in report.errors} == {format_path(["metadata", "terms"])}
    assert not VALIDATOR.is_valid(document)


def test_a_document_without_terms_is_valid() -> None:
    document = itu_tcb.load().to_document()
    del document["metadata"]["terms"]
    report = itu_tcb.validate(json.dumps(document))
    assert report.valid, str(report)
    assert itu_tcb.load(document).metadata.terms is None


# ---------------------------------------------------------------- $schema


SCHEMA = itu_tcb.json_schema()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63) + 1, 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)


def with_schema(value: object) -> dict[str, Any]:
    return {"$schema": value, **BUNDLED}


@given(st.text())
def test_any_string_is_accepted_and_ignored(value: str) -> None:
    document = with_schema(value)
    assert itu_tcb.validate(document).problems == ()
    assert list(VALIDATOR.iter_errors(document)) == []
    loaded = itu_tcb.load(json.dumps(document))
    assert loaded == itu_tcb.load()
    assert "$schema" not in loaded.to_document()


@given(JSON_VALUES.filter(lambda v: not isinstance(v, str)))
def test_anything_else_is_refused_by_the_loader_and_the_schema_alike(value: object) -> None:
    document = with_schema(value)
    found = [(p.path, p.kind) for p in itu_tcb.validate(document).problems]
    assert found == [("$['$schema']", ProblemKind.TYPE)]
    assert [list(e.absolute_path) for e in VALIDATOR.iter_errors(document)] == [["$schema"]]


def test_a_near_miss_of_the_key_is_an_unknown_field_with_a_hint() -> None:
    document = {"$schemas": "x", **BUNDLED}
    (problem,) = itu_tcb.validate(document).problems
    assert (problem.path, problem.kind) == ("$['$schemas']", ProblemKind.UNKNOWN_FIELD)
    assert problem.hint is not None
    assert "'$schema'" in problem.hint


@given(
    st.sampled_from(["NaN", "Infinity", "-Infinity", str(2**64), '"\\ud800"', "1e999"]),
    st.booleans(),
)
def test_a_value_json_itself_refuses_is_one_problem_not_two(text: str, as_mapping: bool) -> None:
    """A ``$schema`` that breaks JSON's own rules gets that one problem (its kind as
    for any field), never a second one about a type of the library's own."""
    document = json.dumps(BUNDLED)[:-1] + f', "$schema": {text}}}'
    source: object = document
    if as_mapping:
        source = json.loads(document)  # Python reads NaN, Infinity and big integers
    found = itu_tcb.validate(source).problems  # type: ignore[arg-type]
    assert len(found) == 1, found
    assert found[0].path == "$['$schema']"
    assert "NotJson" not in found[0].message


# ------------------------------------------------------------- provenance


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
    doc = merged_document()
    edit(doc)
    report = itu_tcb.validate(doc)
    assert [(p.path, p.kind) for p in report.errors] == problems
    for problem in report.errors:
        assert "\n" not in str(problem)
        assert problem.message


def test_a_provenance_entry_that_repeats_the_documents_metadata_says_nothing_more() -> None:
    doc = merged_document()
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


# ------------------------------- a parsed document, structured and let go


@settings(deadline=None)
@given(data=st.data())
def test_a_document_the_library_parsed_is_structured_alike_and_let_go(
    data: st.DataObject,
) -> None:
    """Structuring a parsed document that the library owns drops each record's parsed
    object from its list (so that the tree and the records are not alive together),
    and gives exactly what structuring a caller's mapping gives."""
    from itu_tcb import _document, _json

    text = json.dumps(mutated_document(data))
    kept, _, _ = _json.parse(text)
    owned, _, _ = _json.parse(text)
    assume(type(kept) is dict)
    as_kept = _document.structure(kept)
    as_owned = _document.structure(owned, owned=True)
    assert as_owned == as_kept
    if as_kept.schema_version is None:
        return  # a document of another version is not read past its version
    for kind in RecordKind:
        items = owned.get(kind.collection)
        if type(items) is list:
            assert items == [None] * len(items)


# ---------------------------------------------------------- bounded messages

#: Edits that put :data:`~helpers.LONG` (or its lowercase, an id) where a problem
#: shows it: each with the value the problem must show the start of.
LONG_EDITS: dict[str, tuple[Any, str]] = {
    "an id": (lambda d: d["sectors"][0].update(id=LONG), LONG),
    "a name with a trailing space": (lambda d: d["sectors"][0].update(name=f"{LONG} "), LONG),
    "a field name": (lambda d: d["sectors"][0].update({LONG: 1}), LONG),
    "a root key": (lambda d: d.update({LONG: 1}), LONG),
    "an external_fields entry": (lambda d: d["agencies"][0].update(external_fields=[LONG]), LONG),
    "an enum value": (lambda d: d["agencies"][0].update(agency_kind=LONG), LONG),
    "a schema version": (lambda d: d.update(schema_version=LONG), LONG),
    "a reference": (lambda d: d["sectors"][0].update(agency=LONG.lower()), LONG.lower()),
    "a repeated id": (
        lambda d: [s.update(id=LONG.lower()) for s in d["sectors"][:2]],
        LONG.lower(),
    ),
}


@pytest.mark.parametrize("name", LONG_EDITS)
def test_a_very_long_value_gives_bounded_problems_that_show_its_start(name: str) -> None:
    """Every problem (path, message and hint) stays short however long the value,
    and one shows its start, cut as :func:`~itu_tcb._rules.quote` cuts it."""
    edit, value = LONG_EDITS[name]
    report = edited(edit)
    assert report.problems
    for problem in report.problems:
        assert len(str(problem)) < MESSAGE_BOUND, str(problem)[:300]
    assert_bounded(" ".join(map(str, report.problems)), value)


def test_a_long_field_name_is_cut_in_its_path_and_a_normal_one_is_not() -> None:
    """The path stays a JSON path to the place: the name cut as a message quotes it,
    its full length stated; a name of normal length is in it whole."""
    report = edited(lambda d: d["sectors"][1].update({LONG: 1, "colour": 2}))
    assert [p.path for p in report.problems] == [
        f"$.sectors[1]['{LONG[:77]}... (100,000 characters)']",
        "$.sectors[1].colour",
    ]
