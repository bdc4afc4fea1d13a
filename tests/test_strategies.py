"""The Hypothesis strategies (``itu_tcb.strategies``): one for every model, each
drawing valid values, and the extra named when Hypothesis is missing."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from helpers import MODELS, run_python
from itu_tcb import strategies as its
from itu_tcb.models import RECORD_TYPES


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


def test_datasets_needs_room_for_an_agency() -> None:
    with pytest.raises(ValueError, match="max_records must be 1 or more, not 0"):
        its.datasets(max_records=0)


def test_strategies_without_hypothesis_name_the_extra() -> None:
    out = run_python(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "hypothesis" or name.startswith("hypothesis."):
                    raise ImportError(f"No module named {name!r}")
                return None
        sys.meta_path.insert(0, Block())
        try:
            import itu_tcb.strategies
        except ImportError as exc:
            print(exc)
        """
    )
    assert "pip install 'itu-tcb[hypothesis]'" in out
