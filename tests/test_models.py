"""The records (``itu_tcb.models``): frozen, slotted, hashable, compared by value,
and the text forms of counts, links and titles."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from helpers import any_model
from itu_tcb import strategies as its
from itu_tcb.models import RECORD_TYPES


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
