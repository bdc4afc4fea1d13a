"""The structure functions written ahead of time (``itu_tcb._hooks``): current, used,
and giving exactly what cattrs' own functions, generated at run time, give."""

from __future__ import annotations

import json
import types
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itu_tcb import _hookgen, _hooks
from itu_tcb._convert import CONVERTER, _Strict, problems_of
from itu_tcb.models import Link, Metadata
from test_import import run
from test_models import any_model
from test_mutations import json_values

#: A converter without functions written ahead of time (cattrs generates each one)
#: and without the field hooks' shortcuts.
AT_RUN_TIME = _Strict({}, shortcuts=False)

HOOKS = Path(__file__).parent.parent / "src" / "itu_tcb" / "_hooks.py"


def test_the_hooks_written_ahead_of_time_are_current() -> None:
    if not HOOKS.exists():  # pragma: no cover - a wheel without the sources beside it
        pytest.skip("src/ is not beside the tests")
    installed = version("cattrs")
    if installed != _hooks.CATTRS:  # pragma: no cover - another cattrs writes other text
        # The equivalence tests below still hold the functions to this cattrs' own.
        pytest.skip(f"_hooks.py was written with cattrs {_hooks.CATTRS}, not {installed}")
    assert HOOKS.read_text(encoding="utf-8") == _hookgen.render(), (
        "src/itu_tcb/_hooks.py is stale: regenerate it with 'python -m itu_tcb._generate'"
    )


def test_every_class_of_a_document_has_a_hook_written_ahead_of_time() -> None:
    assert set(_hooks.FACTORIES) == {cls.__qualname__ for cls in _hookgen.classes()}


@pytest.mark.parametrize("cls", _hookgen.classes(), ids=lambda cls: cls.__qualname__)
def test_the_converter_gives_each_factory_what_cattrs_binds(cls: type) -> None:
    # cattrs' own function, generated now, against the names the factory takes.
    _hookgen.check(CONVERTER, cls, AT_RUN_TIME.generated(cls))
    code = _hooks.FACTORIES[cls.__qualname__].__code__
    assert set(code.co_varnames[: code.co_argcount]) == set(CONVERTER.namespace(cls, {}))


def test_a_check_against_other_names_or_values_fails() -> None:
    function = AT_RUN_TIME.generated(Link)
    with pytest.raises(RuntimeError, match="reads"):
        _hookgen.check(CONVERTER, Metadata, function)

    class Other(_Strict):
        def namespace(self, cls: type, ruled: Any) -> dict[str, Any]:
            found = super().namespace(cls, ruled)
            found["__c_type_label"] = int
            return found

    with pytest.raises(RuntimeError, match="binds __c_type_label"):
        _hookgen.check(Other({}), Link, function)


def test_a_field_that_cattrs_structures_by_calling_its_type_is_refused() -> None:
    function = AT_RUN_TIME.generated(Link)
    # What cattrs binds for a field whose hook is the converter's own call of the type.
    calls_type = types.FunctionType(
        function.__code__, {**function.__globals__, "__c_structure_label": str}
    )
    with pytest.raises(RuntimeError, match="binds no hook for label"):
        _hookgen.check(CONVERTER, Link, calls_type)


def test_a_stale_factory_is_refused_by_name() -> None:
    def _Link(__cl: Any, __c_type_label: Any) -> Any:  # a field set that changed since
        raise AssertionError("never called")

    with pytest.raises(RuntimeError, match=r"_hooks\.py is stale for Link"):
        _Strict({"Link": _Link}).generated(Link)


def test_a_class_without_a_factory_gets_cattrs_function_at_run_time() -> None:
    function = _Strict({}).generated(Link)
    assert function.__code__.co_filename.startswith("<cattrs generated structure")
    assert CONVERTER.generated(Link).__code__.co_filename == _hooks.__file__


# ----------------------------------------- the same results as cattrs' own


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value (the root included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_places(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_places(item, (*path, index)))
    return found


def _mutated(raw: Any, data: st.DataObject) -> Any:
    """``raw`` with one place replaced, dropped, or given an unknown key."""
    path = data.draw(st.sampled_from(_places(raw)))
    how = data.draw(st.sampled_from(["replace", "drop", "add"]))
    new = data.draw(json_values)
    if not path:
        return new if how == "replace" else raw
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = new
    elif how == "drop":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][data.draw(st.text(max_size=8))] = new
    return raw


def _outcome(converter: _Strict, raw: Any, cls: type) -> tuple[str, Any]:
    try:
        return "value", converter.structure(raw, cls)
    except Exception as exc:  # noqa: BLE001 - the problems are what is compared
        return "problems", problems_of(exc, ())


@pytest.mark.equivalence
@given(any_model, st.data())
def test_written_hooks_give_what_cattrs_run_time_hooks_give(
    value: Any, data: st.DataObject
) -> None:
    raw = _mutated(CONVERTER.unstructure(value), data)
    cls = type(value)
    written = _outcome(CONVERTER, json.loads(json.dumps(raw)), cls)
    assert written == _outcome(AT_RUN_TIME, json.loads(json.dumps(raw)), cls)


# ------------------------------------------------- nothing resolved at run time

BAD_DOCUMENTS = [
    {"schema_version": "1.1"},
    {"schema_version": "1.1", "metadata": {"title": 1, "extra": True}, "agencies": [{}]},
    {
        "schema_version": "1.1",
        "metadata": {"title": "t", "data_version": "1", "citation": "c", "source": {}},
        "sectors": [{"id": "Bad Id", "code": 1, "agency": "a", "source": {"links": [3]}}],
        "activities": [{"id": "a", "category": None, "nope": 1}],
        "agencies": [{"id": "a", "agency_kind": "specialised_agency", "years_active": {}}],
    },
]


#: Counts, in a fresh process, the hints resolved on the package's own classes and
#: functions and the functions cattrs compiles; ``REPORT`` prints both. Only the
#: package's objects count: on Python 3.10 cattrs imports exceptiongroup, whose
#: singledispatch registrations resolve the hints of exceptiongroup's functions.
COUNTING = """
import builtins, json, typing
hints, compiled = [], []
real_hints, real_compile = typing.get_type_hints, builtins.compile
def count_hints(*args, **kwargs):
    if str(getattr(args[0], "__module__", "")).startswith("itu_tcb"):
        hints.append(repr(args[0]))
    return real_hints(*args, **kwargs)
def count_compile(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return real_compile(source, filename, *args, **kwargs)
typing.get_type_hints, builtins.compile = count_hints, count_compile
"""
REPORT = """
print(json.dumps([hints, [f for f in compiled if f.startswith("<cattrs")]]))
"""


def test_a_cold_load_resolves_no_type_hints_and_compiles_no_hook() -> None:
    load = f"""
import itu_tcb
assert itu_tcb.load().lookup("ITU-D").code == "ITU-D"
for document in {BAD_DOCUMENTS!r}:
    assert not itu_tcb.validate(document)
"""
    assert json.loads(run(COUNTING + load + REPORT)) == [[], []]


def test_the_counting_above_sees_run_time_generation() -> None:
    # The same counting catches cattrs' own generation, and the resolving of string
    # annotations that cattrs asks of attrs (the models hold real types, so generation
    # alone resolves none), so the test above can fail.
    generate = """
import attrs
from itu_tcb._convert import _Strict
from itu_tcb.models import Link
_Strict({}).generated(Link)
attrs.resolve_types(Link)
"""
    hints, compiled = json.loads(run(COUNTING + generate + REPORT))
    assert any("Link" in hint for hint in hints), hints
    assert any(f.startswith("<cattrs generated structure") for f in compiled), compiled
