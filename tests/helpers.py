"""Shared test helpers: the bundled document, generated models, mutations and JSON
values. Test files import from here, never from one another."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import attrs
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import strategies as its

#: The bundled document as parsed JSON (copy it before changing it).
BUNDLED: dict[str, Any] = json.loads(
    (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")
)


def bundled() -> dict[str, Any]:
    """A fresh copy of the bundled document, to change."""
    return copy.deepcopy(BUNDLED)


def found(report: itu_tcb.Report) -> list[tuple[str, str, str]]:
    """Each problem of a report as (path, kind, message)."""
    return [(p.path, p.kind.value, p.message) for p in report.problems]


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

#: Any value of any model.
any_model = st.sampled_from(MODELS).flatmap(lambda pair: pair[1])

#: Any JSON value, small.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def typed(value: Any) -> Any:
    """``value`` spelled out with the type of every part, so that ``1`` and ``True``,
    a list and a tuple, an enum member and its value all differ."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple((f.name, typed(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple | list):
        return (type(value), tuple(typed(item) for item in value))
    return (type(value), value)


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path inside a parsed value, containers (and the root) included."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += places(item, (*path, index))
    return out


def mutated_value(raw: Any, data: st.DataObject, values: st.SearchStrategy[Any]) -> Any:
    """``raw`` (changed in place) with one place replaced, dropped, or given an
    unknown key; the root may be replaced whole."""
    path = data.draw(st.sampled_from(places(raw)))
    how = data.draw(st.sampled_from(["replace", "drop", "add"]))
    new = data.draw(values)
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
