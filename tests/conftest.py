"""Shared fixtures and Hypothesis settings for the test suite.

Hypothesis profiles: ``dev`` (chosen when ``HYPOTHESIS_PROFILE`` is unset, locally and
in CI) keeps the whole suite within a few minutes on a shared two-core machine;
``thorough`` (``HYPOTHESIS_PROFILE=thorough``) runs ten times as many examples.
Hypothesis's own ``default`` profile is left as it is. There is no deadline: the
machine's load, not the code, decides timings. No health check is suppressed here,
as none is in a user's tests: a test whose own strategy needs that says so itself.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import itu_tcb

#: Examples per property test in the ``dev`` profile (``thorough``: ten times as many).
DEV_EXAMPLES = 10

settings.register_profile("dev", max_examples=DEV_EXAMPLES, deadline=None)
settings.register_profile("thorough", max_examples=10 * DEV_EXAMPLES, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def data() -> itu_tcb.Dataset:
    """The bundled ITU dataset."""
    return itu_tcb.load()
