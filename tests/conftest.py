"""Shared fixtures and Hypothesis settings for the test suite.

Hypothesis profiles: ``default`` (used locally and in CI) keeps the suite fast on a
shared machine; ``thorough`` (``HYPOTHESIS_PROFILE=thorough``) runs ten times as many
examples. There is no deadline: the machine's load, not the code, decides timings.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import itu_tcb

settings.register_profile(
    "default",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def data() -> itu_tcb.Dataset:
    """The bundled ITU dataset."""
    return itu_tcb.load()
