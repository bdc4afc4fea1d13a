"""Records: valid by construction, frozen, hashable, compared by value, strict rules."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import strategies as its
from itu_tcb.models import RECORD_TYPES

#: A strategy for every model, with the class it must produce.
MODELS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (itu_tcb.Link, its.links()),
    (itu_tcb.SourceRef, its.source_refs()),
    (itu_tcb.Count, its.counts()),
    (itu_tcb.MemberCount, its.member_counts()),
    (itu_tcb.TargetGroup, its.target_groups()),
    (itu_tcb.DriverOfChange, its.drivers_of_change()),
    (itu_tcb.Source, its.sources()),
    (itu_tcb.Metadata, its.metadata()),
    (itu_tcb.Agency, its.agencies()),
    (itu_tcb.Sector, its.sectors()),
    (itu_tcb.Programme, its.programmes()),
    (itu_tcb.Initiative, its.initiatives()),
    (itu_tcb.Partnership, its.partnerships()),
    (itu_tcb.Membership, its.memberships()),
    (itu_tcb.Event, its.events()),
    (itu_tcb.ActivityCategory, its.activity_categories()),
    (itu_tcb.Activity, its.activities()),
]

any_model = st.sampled_from(MODELS).flatmap(lambda pair: pair[1])


def test_there_is_a_strategy_for_every_model() -> None:
    covered = {cls for cls, _ in MODELS}
    assert set(RECORD_TYPES.values()) <= covered
    assert len(covered) == len(MODELS) == 17


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=[c.__name__ for c, _ in MODELS])
@given(data=st.data())
def test_strategies_give_instances_of_their_model(
    cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    value = data.draw(strategy)
    assert type(value) is cls
    # Rebuilding from the fields runs every field rule again: the value is valid.
    assert cls(**attrs.asdict(value, recurse=False)) == value


@pytest.mark.parametrize("kind", list(itu_tcb.RecordKind))
@given(data=st.data())
def test_records_accepts_a_kind_or_its_name(kind: itu_tcb.RecordKind, data: st.DataObject) -> None:
    record = data.draw(its.records(kind.collection))
    assert type(record) is RECORD_TYPES[kind]
    assert record.kind is kind


@given(any_model, st.sampled_from(["id", "name", "value", "label", "title", "anything"]))
def test_assigning_to_a_field_raises(value: Any, name: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, name, "changed")
    # Slots: no instance dict to smuggle a new attribute into.
    assert not hasattr(value, "__dict__")


@given(any_model)
def test_evolve_returns_a_new_equal_object_and_leaves_the_original(value: Any) -> None:
    before = attrs.asdict(value, recurse=False)
    copy = attrs.evolve(value)
    assert copy is not value
    assert copy == value
    assert hash(copy) == hash(value)
    assert attrs.asdict(value, recurse=False) == before


@given(its.records("agencies"), its.texts())
def test_evolve_with_a_change_gives_a_different_record(agency: itu_tcb.Agency, note: str) -> None:
    before = agency.note
    changed = attrs.evolve(agency, note=note)
    assert changed.note == note
    assert agency.note == before
    assert (changed == agency) is (before == note)


@given(any_model, any_model)
def test_records_compare_by_value(a: Any, b: Any) -> None:
    same_fields = type(a) is type(b) and attrs.asdict(a) == attrs.asdict(b)
    assert (a == b) is same_fields
    if a == b:
        assert hash(a) == hash(b)
    assert len({a, b}) == (1 if same_fields else 2)


def test_bundled_records_are_hashable_and_frozen(data: itu_tcb.Dataset) -> None:
    records = list(data)
    assert len(set(records)) == len(records)
    for record in records:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.id = "other"  # type: ignore[misc]


# ------------------------------------------------------------------- rules


def sector(**changes: Any) -> itu_tcb.Sector:
    fields: dict[str, Any] = {"id": "s", "code": "S", "name": "Sector", "agency": "a"}
    return itu_tcb.Sector(**{**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"id": "Not A Slug"}, "id", "not an id"),
        ({"id": "a--b"}, "id", "not an id"),
        ({"id": "-a"}, "id", "not an id"),
        ({"name": ""}, "name", "empty"),
        ({"name": "   "}, "name", "empty"),
        ({"name": " padded"}, "name", "whitespace"),
        ({"description": "trailing\n"}, "description", "whitespace"),
        ({"aliases": ("ok", "")}, "aliases", "item 1"),
        ({"aliases": ("twice", "twice")}, "aliases", "listed twice"),
        ({"agency": "UPPER"}, "agency", "not an id"),
    ],
)
def test_field_rules_reject_bad_values(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        sector(**changes)
    assert caught.value.kind == "Sector"
    assert [name for name, _ in caught.value.problems] == [field]
    assert words in caught.value.problems[0][1]
    assert str(caught.value).startswith(f"invalid Sector: {field}: ")
    assert isinstance(caught.value, ValueError)


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        sector(id="BAD", code="", name=" x", agency="?")
    assert [name for name, _ in caught.value.problems] == ["id", "code", "name", "agency"]


@pytest.mark.parametrize(
    ("partners", "words"),
    [(("a", "B"), "item 1"), (("a", "a"), "listed twice")],
)
def test_reference_lists_must_be_distinct_slugs(partners: tuple[str, ...], words: str) -> None:
    with pytest.raises(itu_tcb.RecordError, match=words):
        itu_tcb.Partnership(
            id="p",
            name="P",
            partnership_kind=itu_tcb.PartnershipKind.ACADEMIC,
            agency="a",
            partners=partners,
        )


def test_optional_references_must_be_slugs_when_given() -> None:
    assert itu_tcb.Initiative(id="i", name="I", agency="a").programme is None
    with pytest.raises(itu_tcb.RecordError, match="programme"):
        itu_tcb.Initiative(id="i", name="I", agency="a", programme="Not Slug")


@given(st.integers(min_value=-(2**63 - 1), max_value=-1))
def test_counts_are_zero_or_more(value: int) -> None:
    with pytest.raises(itu_tcb.RecordError, match="negative"):
        itu_tcb.Count(value=value)


@given(st.integers(min_value=2**63) | st.integers(max_value=-(2**63)))
def test_counts_beyond_64_bits_are_refused_as_the_loader_refuses_them(value: int) -> None:
    with pytest.raises(itu_tcb.RecordError, match="beyond the 64-bit limit"):
        itu_tcb.Count(value=value)


@given(its.counts())
def test_count_text_keeps_the_qualifier(count: itu_tcb.Count) -> None:
    text = str(count)
    assert text.endswith(str(count.value))
    if count.qualifier is itu_tcb.Qualifier.EXACT:
        assert text == str(count.value)
    else:
        assert text == f"{count.qualifier.value} {count.value}"


@given(its.links())
def test_a_link_says_lost_only_without_a_url(link: itu_tcb.Link) -> None:
    # Drawn links are valid: a target marked lost is never also given.
    assert not (link.target_lost and link.url is not None)
    missing = "(target lost)" if link.target_lost else "(no target given)"
    assert str(link) == f"{link.label}: {link.url if link.url is not None else missing}"


@given(its.agencies())
def test_title_is_the_first_key_field_that_is_set(agency: itu_tcb.Agency) -> None:
    expected = agency.name or agency.acronym or agency.id
    assert agency.title == expected


def test_record_kinds_name_their_collections(data: itu_tcb.Dataset) -> None:
    for kind, cls in RECORD_TYPES.items():
        assert cls.kind is kind
        assert kind.collection == kind.value
        assert isinstance(getattr(data, kind.collection), tuple)


def test_datasets_needs_room_for_an_agency() -> None:
    with pytest.raises(ValueError, match="max_records must be 1 or more, not 0"):
        its.datasets(max_records=0)


# ------------------------------------------------------------------- types


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (
            lambda: itu_tcb.Count(value=5, qualifier="nearly"),  # type: ignore[arg-type]
            "qualifier",
            "expected a Qualifier, got a string 'nearly' (use Qualifier.NEARLY)",
        ),
        (lambda: itu_tcb.Count(value="5"), "value", "expected an integer, got a string"),  # type: ignore[arg-type]
        (lambda: itu_tcb.Count(value=True), "value", "expected an integer, got true or false"),
        (lambda: sector(aliases=["a", "b"]), "aliases", "expected a tuple, got a list"),
        (lambda: sector(aliases="ab"), "aliases", "expected a tuple, got a string"),
        (lambda: sector(aliases=("a", 3)), "aliases", "item 1: expected a string, got an integer"),
        (lambda: sector(code=1), "code", "expected a string, got an integer"),
        (lambda: sector(description=1.5), "description", "expected a string, got a number"),
        (lambda: sector(source="s"), "source", "expected a SourceRef, got a string"),
        (
            lambda: itu_tcb.Agency(id="a", years_active=3),  # type: ignore[arg-type]
            "years_active",
            "expected a Count, got an integer",
        ),
        (
            lambda: itu_tcb.SourceRef(links=({"label": "x"},)),  # type: ignore[arg-type]
            "links",
            "item 0: expected a Link, got an object",
        ),
        (
            lambda: itu_tcb.Partnership(id="p", name="P", partnership_kind="academic", agency="a"),  # type: ignore[arg-type]
            "partnership_kind",
            "expected a PartnershipKind, got a string 'academic' (use PartnershipKind.ACADEMIC)",
        ),
    ],
)
def test_fields_of_the_wrong_type_are_record_errors(build: Any, field: str, message: str) -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        build()
    assert caught.value.problems[0] == (field, message)


def test_a_flag_must_be_true_or_false_not_a_number() -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        itu_tcb.Partnership(
            id="p",
            name="P",
            partnership_kind=itu_tcb.PartnershipKind.ACADEMIC,
            agency="a",
            open_ended=1,  # type: ignore[arg-type]
        )
    assert caught.value.problems == (("open_ended", "expected true or false, got an integer"),)


def test_a_field_of_the_wrong_type_skips_its_rule_and_others_are_still_checked() -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        sector(id=7, aliases=["twice", "twice"], name=" padded")
    assert caught.value.problems == (
        ("id", "expected a string, got an integer"),
        ("aliases", "expected a tuple, got a list"),
        ("name", "' padded' has leading or trailing whitespace"),
    )


class _Other:
    """A value of a type that no field holds."""


@given(any_model, st.data())
def test_every_field_of_every_model_checks_its_type(value: Any, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(attrs.fields(type(value))))
    with pytest.raises(itu_tcb.RecordError) as caught:
        attrs.evolve(value, **{field.name: _Other()})
    assert [name for name, _ in caught.value.problems] == [field.name]
    assert caught.value.problems[0][1].endswith(", got _Other")
    if isinstance(getattr(value, field.name), tuple):
        # A list of the same (valid) items is the wrong container, whatever the items.
        with pytest.raises(itu_tcb.RecordError, match="expected a tuple"):
            attrs.evolve(value, **{field.name: list(getattr(value, field.name))})


def test_the_package_exceptions_survive_pickling() -> None:
    import pickle

    data = itu_tcb.load()
    with pytest.raises(itu_tcb.NotFoundError) as not_found:
        data.lookup("ITU-X")
    with pytest.raises(itu_tcb.RecordError) as record_error:
        itu_tcb.Count(value=-1)
    with pytest.raises(itu_tcb.DataError) as data_error:
        itu_tcb.load(b"{}")
    for caught in (not_found.value, record_error.value, data_error.value):
        back = pickle.loads(pickle.dumps(caught))
        assert type(back) is type(caught)
        assert str(back) == str(caught)
        assert vars(back) == vars(caught)
