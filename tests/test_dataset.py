"""``Dataset`` (``itu_tcb.dataset``): construction and its checks, the whole,
navigation, pickling and copying, equality, and what its repr says."""

from __future__ import annotations

import copy
import inspect
import pickle
import pydoc
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import itu_tcb
from helpers import DATA, LONG, assert_bounded, path_kind_set
from itu_tcb import DataError, NotFoundError, ProblemKind
from itu_tcb import strategies as its
from profiles import MERGED, copy_of, fictional_profile

K = itu_tcb.RecordKind


# ------------------------------------------------------------ navigation


def test_sector_to_agency(data: itu_tcb.Dataset) -> None:
    itu = data.lookup("ITU")
    assert isinstance(itu, itu_tcb.Agency)
    for sector in data.sectors:
        assert data.agency_of(sector) is itu
    assert data.sectors_of(itu) == data.sectors


def test_activity_to_category_and_back(data: itu_tcb.Dataset) -> None:
    for activity in data.activities:
        category = data.category_of(activity)
        assert category.id == activity.category
        assert activity in data.activities_in(category)
        assert data.agency_of(activity) is data.agency_of(category)
    assert sum(len(data.activities_in(c)) for c in data.categories) == len(data.activities)
    assert data.lookup("GSR") in data.activities_in(data.lookup("group-2"))  # type: ignore[arg-type]


def test_agency_to_sectors_initiatives_partners_and_the_rest(data: itu_tcb.Dataset) -> None:
    itu = data.lookup("ITU")
    assert isinstance(itu, itu_tcb.Agency)
    assert data.initiatives_of(itu) == data.initiatives
    assert data.programmes_of(itu) == data.programmes
    assert data.partnerships_of(itu) == data.partnerships
    assert data.categories_of(itu) == data.categories
    assert data.events_of(itu) == data.events
    assert data.membership_of(itu) is data.memberships[0]
    partners = data.partners_of(itu)
    assert partners == data.agencies[1:]
    assert itu not in partners
    for partner in partners:
        assert data.sectors_of(partner) == ()
        assert data.membership_of(partner) is None
        assert data.partners_of(partner) == ()


def test_programme_and_initiatives(data: itu_tcb.Dataset) -> None:
    (programme,) = data.programmes
    for initiative in data.initiatives:
        assert data.programme_of(initiative) is programme
    assert data.initiatives_of(programme) == data.initiatives
    with pytest.raises(itu_tcb.NotFoundError, match="does not hold the Initiative record 'x'"):
        data.programme_of(itu_tcb.Initiative(id="x", name="X", agency="itu"))


def test_events_of_a_sector_and_a_partnership(data: itu_tcb.Dataset) -> None:
    kaleidoscope = data.lookup("Kaleidoscope")
    itu_t = data.lookup("ITU-T")
    universities = data.lookup("Cooperation with universities")
    assert data.events_of(itu_t) == (kaleidoscope,)  # type: ignore[arg-type]
    assert data.events_of(universities) == (kaleidoscope,)  # type: ignore[arg-type]
    assert data.events_of(data.lookup("ITU-R")) == ()  # type: ignore[arg-type]


@pytest.mark.slow
@given(its.datasets())
def test_navigation_follows_the_references_of_generated_data(dataset: itu_tcb.Dataset) -> None:
    by_id = {r.id: r for r in dataset}
    for record in dataset:
        if isinstance(record, itu_tcb.Activity):
            assert dataset.category_of(record) is by_id[record.category]
            assert record in dataset.activities_in(dataset.category_of(record))
            owner = dataset.category_of(record).agency
            assert dataset.agency_of(record) is by_id[owner]
        elif not isinstance(record, itu_tcb.Agency):
            assert dataset.agency_of(record) is by_id[record.agency]  # type: ignore[arg-type, attr-defined]
        if isinstance(record, itu_tcb.Initiative):
            expected = None if record.programme is None else by_id[record.programme]
            assert dataset.programme_of(record) is expected
    for agency in dataset.agencies:
        assert dataset.sectors_of(agency) == tuple(
            s for s in dataset.sectors if s.agency == agency.id
        )
        assert dataset.initiatives_of(agency) == tuple(
            i for i in dataset.initiatives if i.agency == agency.id
        )
        partner_ids = [p for s in dataset.partnerships_of(agency) for p in s.partners]
        assert [p.id for p in dataset.partners_of(agency)] == list(dict.fromkeys(partner_ids))
        memberships = [m for m in dataset.memberships if m.agency == agency.id]
        assert dataset.membership_of(agency) is (memberships[0] if memberships else None)
        assert dataset.events_of(agency) == tuple(
            e for e in dataset.events if e.agency == agency.id
        )
    for sector in dataset.sectors:
        assert dataset.events_of(sector) == tuple(
            e for e in dataset.events if e.sector == sector.id
        )
    for programme in dataset.programmes:
        assert dataset.initiatives_of(programme) == tuple(
            i for i in dataset.initiatives if i.programme == programme.id
        )


# ------------------------------------------------------------- the whole


def test_collections_in_document_order(data: itu_tcb.Dataset) -> None:
    groups = data.collections()
    assert list(groups) == list(K)
    assert list(data) == [r for kind in K for r in groups[kind]]
    assert len(data) == sum(len(g) for g in groups.values())
    for kind in K:
        assert data.collection(kind) is getattr(data, kind.collection)
        assert data.collection(kind.value) == data.collection(kind)
    with pytest.raises(ValueError, match=r"unknown kind 'nothing'; choose from: agencies"):
        data.collection("nothing")


def test_dataset_and_its_tuples_cannot_be_changed(data: itu_tcb.Dataset) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        data.agencies = ()
    with pytest.raises(TypeError):
        data.agencies[0] = data.agencies[1]  # type: ignore[index]
    with pytest.raises(AttributeError):
        data.activities.append(data.activities[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        data.record_origins["itu"] = "elsewhere"  # type: ignore[index]
    assert len(data.agencies) == 17


def test_equal_datasets_hash_alike(data: itu_tcb.Dataset) -> None:
    copy = itu_tcb.Dataset.from_collections(data.collections(), metadata=data.metadata)
    assert copy == data
    assert hash(copy) == hash(data)
    assert copy != "a dataset"
    other = attrs.evolve(data.metadata, title="Other")
    changed = itu_tcb.Dataset.from_collections(data.collections(), metadata=other)
    assert changed != data


def test_repr_and_origin(data: itu_tcb.Dataset) -> None:
    text = repr(data)
    assert text.startswith(f"<Dataset {data.metadata.title!r} from ")
    assert "activities=12" in text
    assert data.origin_of("itu") == data.origin
    assert data.origin_of(data.sectors[0]) == data.origin
    with pytest.raises(itu_tcb.NotFoundError):
        data.origin_of("nowhere")
    own = itu_tcb.Dataset.from_collections(
        data.collections(), metadata=data.metadata, record_origins={"itu": "mine.json"}
    )
    assert own.origin_of("itu") == "mine.json"
    assert own.origin_of("itu-d") == "<memory>"


def test_from_collections_checks_record_types(data: itu_tcb.Dataset) -> None:
    with pytest.raises(TypeError, match="sectors holds Agency, not Sector"):
        itu_tcb.Dataset.from_collections(
            {K.AGENCY: data.agencies, K.SECTOR: data.agencies}, metadata=data.metadata
        )


def test_an_unsupported_schema_version_is_refused(data: itu_tcb.Dataset) -> None:
    with pytest.raises(ValueError, match=r"schema_version '0\.1' is not supported"):
        itu_tcb.Dataset(schema_version="0.1", metadata=data.metadata)


def agency(record_id: str, **fields: Any) -> itu_tcb.Agency:
    return itu_tcb.Agency(id=record_id, **fields)


@pytest.mark.parametrize(
    ("groups", "path", "kind"),
    [
        ({K.AGENCY: [agency("a"), agency("a")]}, "$.agencies[1].id", "duplicate-id"),
        (
            {
                K.AGENCY: [agency("a")],
                K.SECTOR: [itu_tcb.Sector(id="s", code="S", name="N", agency="b")],
            },
            "$.sectors[0].agency",
            "reference",
        ),
        (
            {
                K.AGENCY: [agency("a")],
                K.CATEGORY: [itu_tcb.ActivityCategory(id="c", agency="a")],
                K.ACTIVITY: [itu_tcb.Activity(id="x", name="X", category="a")],
            },
            "$.activities[0].category",
            "reference",
        ),
        (
            {
                K.AGENCY: [agency("a", name="Same")],
                K.SECTOR: [itu_tcb.Sector(id="s", code="SAME", name="N", agency="a")],
            },
            "$.sectors[0].code",
            "ambiguous",
        ),
    ],
)
def test_integrity_errors_raise_data_error(
    data: itu_tcb.Dataset, groups: Any, path: str, kind: str
) -> None:
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.Dataset.from_collections(groups, metadata=data.metadata)
    errors = caught.value.report.errors
    assert [(p.path, p.kind.value) for p in errors] == [(path, kind)]
    assert str(caught.value).startswith("<memory> is not a valid itu_tcb document: " + path)


def test_oddities_are_warnings(data: itu_tcb.Dataset) -> None:
    odd = itu_tcb.Dataset.from_collections(
        {
            K.AGENCY: [agency("a"), agency("lonely")],
            K.CATEGORY: [itu_tcb.ActivityCategory(id="empty", agency="a")],
        },
        metadata=data.metadata,
    )
    assert [(w.path, w.kind.value) for w in odd.warnings] == [
        ("$.categories[0]", "empty-category"),
        ("$.agencies[1]", "unreferenced"),
    ]
    assert all(w.severity is itu_tcb.Severity.WARNING for w in odd.warnings)


# --------------------------------------------------- types at the boundary


def test_collections_are_sequences_of_their_records_kept_as_tuples(
    data: itu_tcb.Dataset,
) -> None:
    built = itu_tcb.Dataset(
        metadata=data.metadata, agencies=data.agencies, sectors=list(data.sectors)
    )
    assert built.sectors == data.sectors
    assert type(built.sectors) is tuple
    with pytest.raises(TypeError, match=r"^sectors must be a tuple of Sector records, not str$"):
        itu_tcb.Dataset(metadata=data.metadata, sectors="ITU-D")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^activities holds Sector, not Activity, at position 0$"):
        itu_tcb.Dataset(metadata=data.metadata, agencies=data.agencies, activities=data.sectors)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^metadata must be a Metadata, not dict$"):
        itu_tcb.Dataset(metadata={"title": "x"})  # type: ignore[arg-type]


def test_from_collections_takes_any_iterables_and_kind_names(data: itu_tcb.Dataset) -> None:
    groups = {kind.collection: iter(records) for kind, records in data.collections().items()}
    rebuilt = itu_tcb.Dataset.from_collections(groups, metadata=data.metadata)
    assert rebuilt == data
    assert rebuilt.sectors == data.sectors


LONG_ARGUMENTS: dict[str, dict[str, Any]] = {
    "schema_version": {"schema_version": LONG},
    "an origin of no record": {"record_origins": {LONG: "a.json"}},
    "an origin not a string": {"record_origins": {"itu": LONG.encode()}},
    "a key not a string": {"provenance": {(LONG,): DATA.metadata}},
    "an external_fields entry": {
        "agencies": [attrs.evolve(DATA.agencies[0], external_fields=(LONG,))],
        "sectors": DATA.sectors,
    },
}


@pytest.mark.parametrize("name", LONG_ARGUMENTS)
def test_a_very_long_value_given_in_python_gets_a_bounded_message(name: str) -> None:
    arguments: dict[str, Any] = {"metadata": DATA.metadata, "agencies": DATA.agencies}
    arguments |= LONG_ARGUMENTS[name]
    with pytest.raises((TypeError, ValueError)) as caught:  # DataError is a ValueError
        itu_tcb.Dataset(**arguments)
    assert_bounded(str(caught.value))


# ---------------------------------------------------------- pickle, copy


def same_dataset(copied: itu_tcb.Dataset, original: itu_tcb.Dataset) -> None:
    assert copied == original
    assert copied.origin == original.origin
    assert dict(copied.record_origins) == dict(original.record_origins)
    assert copied.warnings == original.warnings
    for record in original:
        assert copied.lookup(record.id) == record
        assert copied.origin_of(record.id) == original.origin_of(record.id)


def test_the_bundled_dataset_pickles_and_deep_copies(data: itu_tcb.Dataset) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        same_dataset(pickle.loads(pickle.dumps(data, protocol)), data)
    same_dataset(copy.deepcopy(data), data)
    assert copy.copy(data) is data  # immutable, so a shallow copy is itself
    restored = pickle.loads(pickle.dumps(data))
    assert restored.lookup("ITU-D") == data.lookup("ITU-D")
    assert [m.record for m in restored.search("e-learning")] == [
        m.record for m in data.search("e-learning")
    ]
    assert restored.agency_of(restored.sectors[0]) == data.agency_of(data.sectors[0])


def test_record_origins_survive_a_pickle(data: itu_tcb.Dataset) -> None:
    own = itu_tcb.Dataset.from_collections(
        data.collections(),
        metadata=data.metadata,
        origin="a.json",
        record_origins={"itu": "b.json"},
    )
    restored = pickle.loads(pickle.dumps(own))
    same_dataset(restored, own)
    assert restored.origin_of("itu") == "b.json"
    assert restored.origin_of("itu-d") == "a.json"
    with pytest.raises(TypeError):
        restored.record_origins["itu"] = "c.json"


@pytest.mark.slow
@given(its.datasets())
def test_generated_datasets_pickle_and_deep_copy(dataset: itu_tcb.Dataset) -> None:
    same_dataset(pickle.loads(pickle.dumps(dataset)), dataset)
    same_dataset(copy.deepcopy(dataset), dataset)


def test_a_merge_of_one_dataset_keeps_every_attribute() -> None:
    """A merged dataset's warnings name their parts and paths; merging it alone (or as
    ``Dataset.merge()``) has nothing to combine and keeps them, as pickle does."""
    profile = fictional_profile()
    second = {**profile, "agencies": [{"id": "fpcb", "name": "Fictional B Agency"}]}
    second |= {"programmes": [], "partnerships": [], "categories": [], "activities": []}
    merged = itu_tcb.merge(itu_tcb.load(), profile, second)
    assert {w.source for w in merged.warnings} == {"<mapping>", "<mapping> (part 3)"}
    for again in (itu_tcb.merge(merged), merged.merge()):
        same_dataset(again, merged)
        assert [(w.source, w.path) for w in again.warnings] == [
            (w.source, w.path) for w in merged.warnings
        ]


@given(its.datasets())
def test_a_merge_of_one_merged_dataset_is_that_dataset(dataset: itu_tcb.Dataset) -> None:
    """A dataset merged with a copy of itself under other agencies (its keys shared,
    so with warnings of both parts), merged again alone."""
    merged = itu_tcb.merge(dataset, copy_of(dataset)[0])
    same_dataset(itu_tcb.merge(merged), merged)


# ----------------------------------------------- navigation with bad input


NAVIGATION = [
    ("agency_of", "agencies", "agency_of() takes a Sector, a Programme, an Initiative, "),
    ("category_of", "sectors", "category_of() takes an Activity, not Sector"),
    ("activities_in", "sectors", "activities_in() takes an ActivityCategory, not Sector"),
    ("programme_of", "programmes", "programme_of() takes an Initiative, not Programme"),
    ("sectors_of", "sectors", "sectors_of() takes an Agency, not Sector"),
    ("programmes_of", "activities", "programmes_of() takes an Agency, not Activity"),
    ("initiatives_of", "sectors", "initiatives_of() takes an Agency or a Programme, not Sector"),
    ("partnerships_of", "events", "partnerships_of() takes an Agency, not Event"),
    ("partners_of", "partnerships", "partners_of() takes an Agency, not Partnership"),
    ("membership_of", "memberships", "membership_of() takes an Agency, not Membership"),
    (
        "events_of",
        "activities",
        "events_of() takes an Agency, a Sector or a Partnership, not Activity",
    ),
    ("categories_of", "categories", "categories_of() takes an Agency, not ActivityCategory"),
]


@pytest.mark.parametrize(("method", "collection", "message"), NAVIGATION)
def test_navigation_with_the_wrong_record_is_a_type_error(
    data: itu_tcb.Dataset, method: str, collection: str, message: str
) -> None:
    wrong = getattr(data, collection)[0]
    with pytest.raises(TypeError) as caught:
        getattr(data, method)(wrong)
    assert str(caught.value).startswith(message)
    assert str(caught.value).endswith(f", not {type(wrong).__name__}")
    for value in (None, "itu", 5):
        with pytest.raises(
            TypeError, match=rf"^{method}\(\) takes .*, not {type(value).__name__}$"
        ):
            getattr(data, method)(value)


@pytest.mark.parametrize("value", [5, None, b"itu", ["itu"]])
def test_origin_of_takes_a_record_or_an_id(data: itu_tcb.Dataset, value: object) -> None:
    name = type(value).__name__
    with pytest.raises(TypeError, match=rf"^origin_of\(\) takes a Record or a string, not {name}$"):
        data.origin_of(value)  # type: ignore[arg-type]


def test_records_from_elsewhere_and_odd_construction_get_clear_errors(
    data: itu_tcb.Dataset,
) -> None:
    gsr = data.lookup("GSR")
    assert isinstance(gsr, itu_tcb.Activity)
    assert gsr in data
    stray = attrs.evolve(gsr, category="group-9")
    assert stray not in data
    for method in (data.category_of, data.agency_of, data.origin_of, data.metadata_of):
        with pytest.raises(itu_tcb.NotFoundError, match="does not hold the Activity record 'glo"):
            method(stray)
    with pytest.raises(ValueError, match="sectors is given twice"):
        itu_tcb.Dataset.from_collections(
            {"sectors": data.sectors, itu_tcb.RecordKind.SECTOR: ()}, metadata=data.metadata
        )
    with pytest.raises(TypeError, match="origin must be a string"):
        itu_tcb.Dataset(metadata=data.metadata, origin=1)  # type: ignore[arg-type]
    agencies = data.agencies[:1]
    with pytest.raises(TypeError, match="must be a string"):
        itu_tcb.Dataset(metadata=data.metadata, agencies=agencies, record_origins={"itu": 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="no record here has"):
        itu_tcb.Dataset(metadata=data.metadata, agencies=agencies, record_origins={"nope": "x"})


# -------------------------------------------------------- built in Python


def test_records_built_in_python_get_the_same_checks() -> None:
    """``Dataset.from_collections`` runs the checks across records too."""
    data = itu_tcb.load()
    collections = dict(data.collections())
    membership = collections[itu_tcb.RecordKind.MEMBERSHIP][0]
    second = attrs.evolve(membership, id="itu-membership-2", external_fields=("wrong",))
    collections[itu_tcb.RecordKind.MEMBERSHIP] = (membership, second)
    with pytest.raises(DataError) as caught:
        itu_tcb.Dataset.from_collections(
            collections, metadata=data.metadata, schema_version=data.schema_version
        )
    assert path_kind_set(caught.value.report) == {
        ("$.memberships[1].agency", ProblemKind.VALUE),
        ("$.memberships[1].external_fields[0]", ProblemKind.VALUE),
    }


def test_a_dataset_built_in_python_names_the_versions_as_the_loader_does() -> None:
    meta = itu_tcb.load().metadata
    with pytest.raises(ValueError, match=r"this library reads '1\.0'"):
        itu_tcb.Dataset(metadata=meta, schema_version="2.0")
    with pytest.raises(TypeError, match="schema_version must be a string"):
        itu_tcb.Dataset(metadata=meta, schema_version=1)  # type: ignore[arg-type]


def test_a_dataset_built_in_python_checks_its_provenance() -> None:
    other = MERGED.metadata_of("fpca")
    collections = DATA.collections()
    built = itu_tcb.Dataset.from_collections(
        collections, metadata=DATA.metadata, provenance={"itu-d": other}
    )
    assert built.metadata_of("itu-d") == other
    assert built != DATA
    assert hash(built) != hash(DATA)
    same = itu_tcb.Dataset.from_collections(
        collections, metadata=DATA.metadata, provenance={"itu-d": DATA.metadata}
    )
    assert same.provenance == {}
    assert same == DATA
    with pytest.raises(ValueError, match="provenance names 'nope'"):
        itu_tcb.Dataset.from_collections(
            collections, metadata=DATA.metadata, provenance={"nope": other}
        )
    with pytest.raises(TypeError, match=r"provenance\['itu-d'\] must be a Metadata"):
        itu_tcb.Dataset.from_collections(
            collections,
            metadata=DATA.metadata,
            provenance={"itu-d": "x"},  # type: ignore[dict-item]
        )
    with pytest.raises(TypeError, match="provenance keys are record ids"):
        itu_tcb.Dataset.from_collections(
            collections,
            metadata=DATA.metadata,
            provenance={5: other},  # type: ignore[dict-item]
        )
    with pytest.raises(NotFoundError):
        DATA.metadata_of("nope")
    with pytest.raises(TypeError):
        DATA.metadata_of(3)  # type: ignore[arg-type]


# --------------------------------------------------- warnings in the repr


@pytest.mark.slow
@given(its.datasets())
def test_repr_and_html_count_the_warnings(dataset: itu_tcb.Dataset) -> None:
    count = len(dataset.warnings)
    said = f"; {count} warning{'' if count == 1 else 's'}>"
    assert repr(dataset).endswith(said) == (count > 0)
    assert (f"{count} warning" in dataset._repr_html_()) == (count > 0)


def test_the_repr_and_html_say_how_many_warnings(warned_file: Path, data: itu_tcb.Dataset) -> None:
    loaded = itu_tcb.load(warned_file)
    assert repr(loaded).endswith("activities=12; 1 warning>")
    assert "; 1 warning (see <code>.warnings</code>)" in loaded._repr_html_()
    assert "warning" not in repr(data)
    assert "warning" not in data._repr_html_()


# ------------------------------------------------------------------ help()


def help_text() -> str:
    """``help(Dataset)`` as a user reads it (issue 23)."""
    return pydoc.plain(pydoc.render_doc(itu_tcb.Dataset))


def listed(text: str) -> set[str]:
    """The names of the members that a class's help lists, one entry each."""
    return set(re.findall(r"^ \|  (\w+)(?:\(| = |$)", text, re.MULTILINE))


#: The names a user of a dataset reaches for: its fields and methods.
PUBLIC = sorted(name for name in dir(itu_tcb.Dataset) if not name.startswith("_"))


def test_help_lists_every_public_field_and_method_with_its_summary() -> None:
    text = help_text()
    assert set(PUBLIC) <= listed(text)
    assert {"get", "lookup", "search", "merge", "to_document", "warnings"} <= set(PUBLIC)
    for name in PUBLIC:
        member = getattr(itu_tcb.Dataset, name)
        if callable(member):
            summary = (inspect.getdoc(member) or "").split("\n")[0]
            assert summary, f"{name} has no docstring"
            assert summary in text, name


def test_help_shows_no_internals() -> None:
    text = help_text()
    # No attrs machinery, and nothing private (the lookup tables, the record tuple):
    # a leading underscore is allowed only in a dotted module path.
    assert [name for name in listed(text) if "attrs" in name or name == "__match_args__"] == []
    assert re.findall(r"(?<![\w.])_(?!_)\w+", text) == []
    assert "cached_property" not in text
