"""The optional msgspec parse gives exactly what the strict parser gives (issue 13, point 6).

:func:`itu_tcb._fastjson.parse` answers a value only where it is proven to be the
strict parser's, with no problem; otherwise ``None``, and the strict parser reads
the document. Here, on generated JSON texts with the faults it must not let through
(repeated keys, also spelled with escapes, integers past 64 bits, fractions,
surrogate escapes, colons inside strings and written as escapes, byte order marks,
deep nesting, broken bytes): its value is the strict parser's, to the type and
order of every item, whenever it gives one; and it does give one for every text
that only the checks it cannot make cheaply would refuse. End to end, reports and
datasets are the same with msgspec and with msgspec blocked.

Marked ``equivalence``: CI runs them with many examples too,
``HYPOTHESIS_PROFILE=thorough python -m pytest -m equivalence``.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _fastjson, _json
from itu_tcb._json import INT_LIMIT
from test_parity import found, mutated  # the same mutated documents

pytest.importorskip("msgspec", reason="msgspec (the 'fast' extra) is not installed")

pytestmark = pytest.mark.equivalence

BUNDLED_BYTES = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast parse for documents of any size (it is only tried on large ones)."""
    monkeypatch.setattr(_fastjson, "SMALL", 0)


@contextlib.contextmanager
def _blocked() -> Iterator[None]:
    """msgspec as if it were not installed."""
    saved, built = sys.modules.get("msgspec"), list(_fastjson._built)
    sys.modules["msgspec"] = None  # type: ignore[assignment]
    _fastjson._built.clear()
    try:
        yield
    finally:
        sys.modules["msgspec"] = saved  # type: ignore[assignment]
        _fastjson._built[:] = built


# ------------------------------------------------------------- JSON texts

_TEXT = st.text(st.sampled_from('ab:"\\\x00\x1f é\u2028\U0001f600'), max_size=6)
_KEY = st.text(st.sampled_from("ab:é\\"), max_size=3)
_INTEGER = st.one_of(
    st.integers(-1000, 1000),
    st.sampled_from([INT_LIMIT, -INT_LIMIT, INT_LIMIT + 1, -INT_LIMIT - 1, 2**64, -(2**70)]),
)
_NUMBER = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1.0", "-0.0", "1e5", "1E400", "-1e-400", "0.1000000000000000055"]),
)

#: A value as (kind, content): objects keep their pairs, so keys may repeat.
_Value = tuple[str, Any]

_LEAF: st.SearchStrategy[_Value] = st.one_of(
    st.tuples(st.just("text"), _TEXT),
    st.tuples(st.just("int"), _INTEGER),
    st.tuples(st.just("number"), _NUMBER),
    st.tuples(st.just("literal"), st.sampled_from(["true", "false", "null"])),
)


def _containers(children: st.SearchStrategy[_Value]) -> st.SearchStrategy[_Value]:
    return st.one_of(
        st.tuples(st.just("list"), st.lists(children, max_size=4)),
        st.tuples(st.just("object"), st.lists(st.tuples(_KEY, children), max_size=4)),
    )


_VALUE = st.recursive(_LEAF, _containers, max_leaves=12)
_DOCUMENT = st.tuples(st.just("object"), st.lists(st.tuples(_KEY, _VALUE), max_size=5))


def _deep(levels: int) -> _Value:
    value: _Value = ("int", 1)
    for i in range(levels):
        value = ("list", [value]) if i % 2 else ("object", [("a", value)])
    return value


def render(value: _Value, draw: st.DrawFn) -> str:
    """JSON text of ``value``, each string spelled plainly or with escapes."""
    kind, content = value
    if kind == "text":
        return _string(content, draw)
    if kind in ("int", "number", "literal"):
        return str(content)
    space = draw(st.sampled_from(["", " ", "\n  "]))
    if kind == "list":
        return "[" + f",{space}".join(render(item, draw) for item in content) + "]"
    members = (
        f"{_string(key, draw)}{draw(st.sampled_from(['', ' ']))}:{space}{render(item, draw)}"
        for key, item in content
    )
    return "{" + f",{space}".join(members) + "}"


def _string(text: str, draw: st.DrawFn) -> str:
    written = json.dumps(text, ensure_ascii=draw(st.booleans()))  # astral: a surrogate pair
    if ":" in written and draw(st.booleans()):
        written = written.replace(":", draw(st.sampled_from(["\\u003a", "\\u003A"])))
    if "a" in written and draw(st.booleans()):
        written = written.replace("a", "\\u0061", 1)  # a repeated key may hide behind one
    return written


@st.composite
def texts(draw: st.DrawFn) -> bytes:
    document = draw(st.one_of(_DOCUMENT, st.builds(_deep, st.integers(6, 12))))
    data = render(document, draw).encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" * draw(st.integers(1, 2)) + data
    if draw(st.integers(0, 5)) == 0 and data:  # a broken byte, or a cut
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"", b",", b"\x00"])) + data[at + 1 :]
    return data + draw(st.sampled_from([b"", b" \n", b"\t"]))


def strict(data: bytes) -> tuple[Any, list[itu_tcb.Problem]]:
    """What the pipeline reads without the fast parse."""
    text, problems = _json.decode(data)
    if text is None:
        return None, problems
    return _json.parse(text, decoded=True)


def typed(value: Any) -> Any:
    """``value`` with the type of every item and the order of every object kept
    (``1 == True`` and dictionaries compare without order)."""
    if type(value) is dict:
        return ("object", [(key, typed(item)) for key, item in value.items()])
    if type(value) is list:
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, value)


def _depth(value: Any) -> int:
    if type(value) is dict:
        return 1 + max(map(_depth, value.values()), default=0)
    if type(value) is list:
        return 1 + max(map(_depth, value), default=0)
    return 0


def _has_number(value: Any) -> bool:
    if type(value) is float:
        return True
    if type(value) is dict:
        return any(map(_has_number, value.values()))
    return type(value) is list and any(map(_has_number, value))


@settings(max_examples=10 * settings().max_examples)  # cheap examples: many of them
@given(texts())
def test_the_fast_parse_gives_the_strict_value_or_nothing(data: bytes) -> None:
    fast = _fastjson.parse(data)
    value, problems = strict(data)
    if fast is not None:
        assert problems == []
        assert typed(fast) == typed(value)
        return
    # Refused: only for what it cannot prove cheaply (and so never for all texts).
    engaged = (
        not problems
        and type(value) is dict
        and not _has_number(value)
        and _depth(value) <= _fastjson.DEPTH + 1
        and b"\\u003" not in data
        and b"\\ud" not in data.lower()
    )
    assert not engaged, "a text the fast parse should have read went the strict way"


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": 1, "\\u0061": 1}',
        '{"x": [{"k": ":", "k": "::"}]}',
        '{"a": 1, "a": "\\u003a"}',  # the escape's colon stands in for the dropped one
        '{"a": 1, "a": {"\\u003A": 1}}',
        f'{{"a": {INT_LIMIT + 1}}}',
        f'{{"a": {-INT_LIMIT - 1}}}',
        '{"a": 1.5}',
        '{"a": NaN}',
        '{"a": "\\ud800"}',
        '{"a": "\\udc00x"}',
        "\ufeff\ufeff{}",
        "[]",
        '{"a": ' + "[" * 40 + "]" * 40 + "}",
    ],
)
def test_a_text_with_a_fault_the_checks_see_goes_the_strict_way(text: str) -> None:
    assert _fastjson.parse(text.encode("utf-8")) is None


def test_a_text_the_checks_accept_is_read_fast() -> None:
    data = '\ufeff{"a": "x:y", "b": [1, true, null, {"c": "é"}], "d": {}}'.encode()
    assert _fastjson.parse(data) == {"a": "x:y", "b": [1, True, None, {"c": "é"}], "d": {}}


def test_without_msgspec_every_text_goes_the_strict_way() -> None:
    with _blocked():
        assert _fastjson.codec() is None
        assert _fastjson.parse(b'{"a": 1}') is None
    assert _fastjson.parse(b'{"a": 1}') == {"a": 1}


# ------------------------------------------------------------- end to end


@given(data=st.data())
def test_a_document_reports_alike_with_and_without_msgspec(data: st.DataObject) -> None:
    document = json.dumps(mutated(data), ensure_ascii=data.draw(st.booleans())).encode(
        "utf-8", "surrogatepass"
    )
    with_fast = found(itu_tcb.validate(document))
    with _blocked():
        without = found(itu_tcb.validate(document))
    assert with_fast == without


def test_the_bundled_document_loads_alike_and_fast() -> None:
    """The bundled document is read by the fast parse, and loads the same without it."""
    assert _fastjson.parse(BUNDLED_BYTES) is not None
    with_fast = itu_tcb.load(BUNDLED_BYTES)
    with _blocked():
        without = itu_tcb.load(BUNDLED_BYTES)
    assert with_fast == without
    assert with_fast.activities == itu_tcb.load().activities


class _NoStackLeft:
    """Stands in for msgspec when called with little stack left: every use fails."""

    def __getattr__(self, name: str) -> Any:
        raise RecursionError("maximum recursion depth exceeded")


def test_no_stack_left_for_msgspec_means_the_strict_way_and_a_later_try() -> None:
    saved = sys.modules.get("msgspec")
    sys.modules["msgspec"] = _NoStackLeft()  # type: ignore[assignment]
    _fastjson._built.clear()
    try:
        assert _fastjson.codec() is None
        assert found(itu_tcb.validate(BUNDLED_BYTES)) == []
    finally:
        sys.modules["msgspec"] = saved  # type: ignore[assignment]
    assert _fastjson.codec() is not None  # built now: a failure is not kept


def test_a_failure_while_counting_colons_means_the_strict_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_stack(value: Any, encoder: Any) -> int:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(_fastjson, "_colons", no_stack)
    assert _fastjson.parse(BUNDLED_BYTES) is None
    assert itu_tcb.load(BUNDLED_BYTES) == itu_tcb.load()
