"""The records (``itu_tcb.models``): frozen, slotted, hashable, compared by value,
and the text forms of counts, links and titles."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import itu_tcb
from helpers import any_model
from itu_tcb import strategies as its
from itu_tcb.models import RECORD_TYPES

EXACT, OVER = itu_tcb.Qualifier.EXACT, itu_tcb.Qualifier.OVER


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


#: Counts of any size, and small ones, so that values meet, halve and double.
counts = its.counts() | st.builds(
    itu_tcb.Count,
    value=st.integers(0, 12) | st.sampled_from([350, 700, 1400]),
    qualifier=st.sampled_from(itu_tcb.Qualifier),
)
#: The four orderings, by the operator each stands for.
ORDERINGS = [operator.lt, operator.le, operator.gt, operator.ge]


def outcome(compare: Callable[[Any, Any], bool], a: Any, b: Any) -> bool | str:
    """What ``compare(a, b)`` gives: its answer, or the message of its TypeError."""
    try:
        return compare(a, b)
    except TypeError as exc:
        return str(exc)


@given(counts)
def test_int_of_a_count_is_its_value(count: itu_tcb.Count) -> None:
    assert int(count) == count.value
    assert type(int(count)) is int


@given(counts, counts)
def test_exact_counts_order_as_their_values(a: itu_tcb.Count, b: itu_tcb.Count) -> None:
    a, b = attrs.evolve(a, qualifier=EXACT), attrs.evolve(b, qualifier=EXACT)
    for compare in ORDERINGS:
        assert compare(a, b) is compare(a.value, b.value)
    assert sorted([b, a]) == sorted([a, b], key=int)


@given(counts)
def test_an_equal_count_is_neither_below_nor_above(count: itu_tcb.Count) -> None:
    copy = attrs.evolve(count)
    assert copy <= count
    assert copy >= count
    assert not copy < count
    assert not copy > count
    assert sorted([count, copy, count]) == [count] * 3


@given(counts, counts)
def test_counts_order_agrees_with_their_values(a: itu_tcb.Count, b: itu_tcb.Count) -> None:
    found = {compare: outcome(compare, a, b) for compare in ORDERINGS}
    if isinstance(found[operator.lt], str):
        # Not settled by the qualifiers: every ordering says so, in the same words.
        message = f"the page does not say how {str(a)!r} and {str(b)!r} compare"
        assert set(found.values()) == {message}
        assert a != b
        return
    lt, le, gt, ge = (found[compare] for compare in ORDERINGS)
    assert (lt, le, gt, ge) == (b > a, b >= a, b < a, b <= a)
    assert le is (lt or a == b)
    assert ge is (gt or a == b)
    assert [lt, gt, a == b].count(True) == 1  # exactly one of below, above, equal
    if lt:
        assert a.value <= b.value
    if gt:
        assert a.value >= b.value


@given(counts, counts)
def test_a_count_far_below_another_is_below_it_whatever_the_qualifiers(
    a: itu_tcb.Count, b: itu_tcb.Count
) -> None:
    """A qualified number is read as within a factor of two of its own: four times
    as much is more, whatever the qualifiers ("over 0" aside, which has no top)."""
    assume(4 * a.value < b.value and not (a.value == 0 and a.qualifier is OVER))
    assert a < b
    assert a <= b
    assert b > a
    assert not b < a


def stated(text: str) -> itu_tcb.Count:
    """A count from its text: ``"nearly 700"``, ``"193"``."""
    *qualifier, value = text.split()
    return itu_tcb.Count(value=int(value), qualifier=itu_tcb.Qualifier(*qualifier or ["exact"]))


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("193", "nearly 700"),
        ("nearly 700", "700"),
        ("700", "over 700"),
        ("nearly 700", "over 700"),
        ("349", "nearly 700"),
        ("350", "nearly 700"),
        ("nearly 700", "nearly 1400"),
        ("about 350", "over 700"),
    ],
)
def test_counts_the_qualifiers_settle(lower: str, higher: str) -> None:
    low, high = stated(lower), stated(higher)
    assert (low < high, low <= high, low > high, low >= high) == (True, True, False, False)
    assert (high > low, high >= low, high < low, high <= low) == (True, True, False, False)
    assert sorted([high, low]) == [low, high]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("about 700", "700"),
        ("about 700", "nearly 700"),
        ("about 700", "over 700"),
        ("about 10", "about 12"),
        ("nearly 700", "500"),
        ("over 700", "1000"),
        ("nearly 700", "nearly 600"),
    ],
)
@pytest.mark.parametrize("compare", ORDERINGS, ids=lambda c: c.__name__)
def test_counts_the_qualifiers_leave_unsettled_raise(
    a: str, b: str, compare: Callable[[Any, Any], bool]
) -> None:
    for left, right in ((stated(a), stated(b)), (stated(b), stated(a))):
        message = f"the page does not say how {str(left)!r} and {str(right)!r} compare"
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            compare(left, right)


@pytest.mark.parametrize("compare", ORDERINGS, ids=lambda c: c.__name__)
def test_a_count_compares_only_with_a_count(compare: Callable[[Any, Any], bool]) -> None:
    with pytest.raises(TypeError, match=r"^a Count compares with a Count, not int$"):
        compare(itu_tcb.Count(value=700), 700)


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
