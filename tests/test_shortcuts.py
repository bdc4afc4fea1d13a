"""The shortcuts of the ruled field hooks (``_convert._shortcut``): for any value,
a field's hook with its shortcut gives exactly what it gives without one, the
same value or the same problems."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itu_tcb import _hookgen
from itu_tcb._convert import CONVERTER, _Strict, problems_of
from itu_tcb._fields import specs
from test_mutations import json_values

PLAIN = _Strict({}, shortcuts=False)

#: Every (class, field name, field type) that has a rule.
RULED = [
    (cls, spec.name, spec.annotation)
    for cls in _hookgen.classes()
    for spec in specs(cls)
    if spec.rule
]

#: Strings at the edges of the rules: ASCII and not, spaces at either end, controls,
#: line separators, lone surrogates, slugs and near-slugs.
edgy_text = st.one_of(
    st.text(alphabet="ab- \t\n\x00\x7f\x85\xa0\u2028\ud800Aé_", max_size=6),
    st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z"),
    st.text(max_size=6),
)
edgy_int = st.one_of(
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**30]),
    st.booleans(),
)
values = st.one_of(
    edgy_text,
    edgy_int,
    st.lists(edgy_text, max_size=4),
    st.lists(st.sampled_from(["a", "b", "a "]), max_size=4),
    st.lists(st.one_of(edgy_text, edgy_int, st.none()), max_size=3),
    json_values,
)


def _outcome(hook: Any, value: Any, target: Any) -> tuple[str, Any]:
    try:
        return "value", hook(value, target)
    except Exception as exc:  # noqa: BLE001 - the problems are what is compared
        return "problems", problems_of(exc, ())


def test_every_shortcut_kind_is_in_use() -> None:
    # The text, integer and list shortcuts each stand in front of some field.
    names = {CONVERTER._ruled(cls)[name].__name__ for cls, name, _ in RULED}
    assert {"text", "integer", "texts"} <= names


@pytest.mark.equivalence
@pytest.mark.parametrize(
    ("cls", "name", "target"), RULED, ids=[f"{c.__qualname__}.{n}" for c, n, _ in RULED]
)
@given(value=values)
def test_a_shortcut_gives_what_the_plain_hook_gives(
    cls: type, name: str, target: Any, value: Any
) -> None:
    fast = CONVERTER._ruled(cls)[name]
    plain = PLAIN._ruled(cls)[name]
    assert _outcome(fast, value, target) == _outcome(plain, value, target)
