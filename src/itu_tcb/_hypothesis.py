"""The package's ``hypothesis`` entry point: ``st.from_type`` draws valid itu_tcb values.

Hypothesis calls :func:`_hypothesis_setup_hook` while it is being imported (unless
``HYPOTHESIS_NO_PLUGINS`` is set), maybe from :mod:`itu_tcb.strategies`' own import of
it: so the hook imports only ``hypothesis.strategies``, and each resolver looks its
strategy up on first use, when every module is whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .dataset import Dataset
from .models import RECORD_TYPES, VALUE_TYPES, Record

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["REGISTERED_TYPES"]

#: The types that ``st.from_type`` draws with :mod:`itu_tcb.strategies`.
REGISTERED_TYPES: tuple[type[Any], ...] = (*RECORD_TYPES.values(), Record, *VALUE_TYPES, Dataset)


def _strategy_for(cls: type[Any]) -> SearchStrategy[Any]:
    """The strategy of :mod:`itu_tcb.strategies` for one registered type."""
    from . import strategies

    return strategies._type_strategies()[cls]


def _hypothesis_setup_hook() -> None:
    """Register the package's strategies with Hypothesis; calling it again changes nothing."""
    from hypothesis import strategies as st

    for cls in REGISTERED_TYPES:
        st.register_type_strategy(cls, _strategy_for)
