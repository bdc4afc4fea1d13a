"""``st.from_type`` draws valid itu_tcb values, through Hypothesis's ``hypothesis``
entry point (``itu_tcb._hypothesis``).

The installed package declares ``itu_tcb._hypothesis:_hypothesis_setup_hook`` as an
entry point in the ``hypothesis`` group, so Hypothesis registers the package's
strategies when it is imported. The tests check the declaration; that a fresh
interpreter gets the registration whichever is imported first, Hypothesis or
``itu_tcb.strategies`` (which imports Hypothesis, so runs the hook in mid-import),
and not with ``HYPOTHESIS_NO_PLUGINS``; and that what ``from_type`` draws is valid:
each record rebuilds with its checks, a dataset passes ``validate`` and loads back
equal."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _hypothesis
from itu_tcb import strategies as its

HOOK = "itu_tcb._hypothesis:_hypothesis_setup_hook"
VALUE_TYPES = (
    itu_tcb.Link,
    itu_tcb.SourceRef,
    itu_tcb.Count,
    itu_tcb.MemberCount,
    itu_tcb.TargetGroup,
    itu_tcb.DriverOfChange,
    itu_tcb.Source,
    itu_tcb.Metadata,
    itu_tcb.Provenance,
)
RECORD_TYPES = tuple(itu_tcb.models.RECORD_TYPES.values())


@pytest.fixture(scope="module", autouse=True)
def _registered() -> None:
    """Register directly too, so these tests do not depend on how the package is installed
    (the subprocess test below checks the entry point itself)."""
    _hypothesis._hypothesis_setup_hook()


def test_the_entry_point_is_declared() -> None:
    points = importlib.metadata.distribution("itu-tcb").entry_points
    hooks = [point for point in points if point.group == "hypothesis"]
    assert [point.value for point in hooks] == [HOOK]
    assert hooks[0].load() is _hypothesis._hypothesis_setup_hook


def test_every_type_of_the_package_is_registered() -> None:
    expected = {*RECORD_TYPES, *VALUE_TYPES, itu_tcb.Record, itu_tcb.Dataset}
    assert set(_hypothesis.REGISTERED_TYPES) == expected
    assert set(its._type_strategies()) == expected


def _rebuilt(value: Any) -> Any:
    """The value built again from its fields: the constructor runs every field check."""
    return type(value)(**{f.name: getattr(value, f.name) for f in attrs.fields(type(value))})


@pytest.mark.parametrize("cls", RECORD_TYPES + VALUE_TYPES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_from_type_draws_valid_values(cls: type[Any], data: st.DataObject) -> None:
    value = data.draw(st.from_type(cls))
    assert type(value) is cls
    assert _rebuilt(value) == value


@given(st.from_type(itu_tcb.Record))
def test_from_type_of_the_base_draws_records_of_every_kind(record: itu_tcb.Record) -> None:
    assert type(record) in RECORD_TYPES
    assert _rebuilt(record) == record


@pytest.mark.slow
@given(st.from_type(itu_tcb.Dataset))
def test_from_type_draws_datasets_that_validate_and_load_back(dataset: itu_tcb.Dataset) -> None:
    document = json.dumps(dataset.to_document())
    report = itu_tcb.validate(document)
    assert report.valid, str(report)
    assert itu_tcb.load(document) == dataset


def _report(agency: itu_tcb.Agency, count: itu_tcb.Count) -> tuple[itu_tcb.Agency, itu_tcb.Count]:
    """A user's function whose arguments ``builds`` infers from their annotations."""
    return agency, count


@given(st.builds(_report))
def test_builds_infers_arguments_from_the_registry(
    pair: tuple[itu_tcb.Agency, itu_tcb.Count],
) -> None:
    agency, count = pair
    assert _rebuilt(agency) == agency
    assert count.value >= 0


_PROBE = """
import json, sys
{first}
loaded = "itu_tcb._hypothesis" in sys.modules
import itu_tcb
from hypothesis import strategies as st
found = {{"loaded": loaded}}
if loaded:
    found["drawn"] = [
        type(st.from_type(cls).example()).__name__ for cls in (itu_tcb.Agency, itu_tcb.Count)
    ]
print(json.dumps(found))
"""


@pytest.mark.parametrize(
    ("first", "no_plugins", "expected"),
    [
        pytest.param(
            "import hypothesis",
            False,
            {"loaded": True, "drawn": ["Agency", "Count"]},
            id="hypothesis-first",
        ),
        pytest.param(
            "from itu_tcb import strategies",
            False,
            {"loaded": True, "drawn": ["Agency", "Count"]},
            id="strategies-first",
        ),
        pytest.param("import hypothesis", True, {"loaded": False}, id="no-plugins"),
    ],
)
def test_a_fresh_interpreter_registers_on_import(
    first: str, no_plugins: bool, expected: dict[str, Any]
) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    if no_plugins:
        environment["HYPOTHESIS_NO_PLUGINS"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(first=first)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == expected
