"""Flat rows: the position of each activity's category, worked out once per table."""

from __future__ import annotations

import pytest
from hypothesis import given

import itu_tcb
from itu_tcb import strategies as its


def expected_position(dataset: itu_tcb.Dataset, activity: itu_tcb.Activity) -> int:
    """The documented meaning: 1 for the first category of its agency, and so on."""
    category = dataset.category_of(activity)
    return dataset.categories_of(dataset.agency_of(category)).index(category) + 1


def test_bundled_activity_rows_give_their_category_position(data: itu_tcb.Dataset) -> None:
    rows = data.to_records("activities")
    assert [row["id"] for row in rows] == [a.id for a in data.activities]
    for row, activity in zip(rows, data.activities, strict=True):
        assert row["category"] == activity.category
        assert row["category_position"] == expected_position(data, activity)
    # The five ITU groups are numbered in document order.
    assert sorted({row["category_position"] for row in rows}) == [1, 2, 3, 4, 5]


@pytest.mark.slow
@given(its.datasets())
def test_generated_activity_rows_give_their_category_position(dataset: itu_tcb.Dataset) -> None:
    for row, activity in zip(dataset.to_records("activities"), dataset.activities, strict=True):
        assert row["category_position"] == expected_position(dataset, activity)


def many_categories(
    metadata: itu_tcb.Metadata, categories: int, agencies: int = 3
) -> itu_tcb.Dataset:
    """``categories`` categories spread over ``agencies`` agencies, two activities each."""
    owners = tuple(itu_tcb.Agency(id=f"agency-{i}", name=f"Agency {i}") for i in range(agencies))
    groups = tuple(
        itu_tcb.ActivityCategory(
            id=f"group-{i}", agency=owners[i % agencies].id, project_label=f"Group {i}"
        )
        for i in range(categories)
    )
    activities = tuple(
        itu_tcb.Activity(id=f"activity-{i}-{j}", name=f"Activity {i} {j}", category=f"group-{i}")
        for i in range(categories)
        for j in range(2)
    )
    return itu_tcb.Dataset(
        metadata=metadata, agencies=owners, categories=groups, activities=activities
    )


def navigation_calls(dataset: itu_tcb.Dataset, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many navigation calls one ``to_records("activities")`` makes (rows checked)."""
    calls = 0
    for name in ("categories_of", "agency_of", "category_of"):
        original = getattr(itu_tcb.Dataset, name)

        def counted(self: itu_tcb.Dataset, record: object, _original: object = original) -> object:
            nonlocal calls
            calls += 1
            return _original(self, record)  # type: ignore[operator]

        monkeypatch.setattr(itu_tcb.Dataset, name, counted)
    rows = dataset.to_records("activities")
    monkeypatch.undo()
    for row, activity in zip(rows, dataset.activities, strict=True):
        assert row["category_position"] == expected_position(dataset, activity)
    return calls


def test_category_positions_cost_one_pass_not_one_per_row(
    data: itu_tcb.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = many_categories(data.metadata, 100)
    large = many_categories(data.metadata, 1000)
    assert len(large.activities) == 10 * len(small.activities)
    # One call per agency, however many categories and activities there are.
    assert navigation_calls(small, monkeypatch) == len(small.agencies)
    assert navigation_calls(large, monkeypatch) == len(large.agencies)
