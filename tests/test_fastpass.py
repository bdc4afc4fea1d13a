"""The fast pass (``itu_tcb._fastpass``): for any parsed object, it builds exactly the
record the strict converter builds, and refuses exactly what the converter refuses
(so it can pass neither by refusing everything nor by taking too much); documents
read with it and without it give the same records and the same problems, in the
same order."""

from __future__ import annotations

import json
import threading
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _document, _fastpass, _hookgen
from itu_tcb._convert import CONVERTER, problems_of
from itu_tcb.models import RECORD_TYPES, Activity, Link, RecordKind
from test_hooks import _mutated
from test_models import MODELS, any_model
from test_parity import found, mutated

CLASSES = _hookgen.classes()


def _strict(raw: Any, cls: type) -> tuple[str, Any]:
    try:
        return "value", CONVERTER.structure(raw, cls)
    except Exception as exc:  # noqa: BLE001 - the problems are what is compared
        return "problems", problems_of(exc, ())


def _fast(raw: Any, cls: type) -> Any:
    """The fast pass's record, or ``None`` when it refuses."""
    build = _fastpass.builder(cls)
    assert build is not None
    try:
        return build(raw)
    except _fastpass.Refused:
        return None


def typed(value: Any) -> Any:
    """``value`` spelled out with the type of every part, so that ``1`` and ``True``,
    a list and a tuple, an enum member and its value all differ."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple((f.name, typed(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple | list):
        return (type(value), tuple(typed(item) for item in value))
    return (type(value), value)


def _raw(value: Any) -> Any:
    """A model's value as a parsed document holds it."""
    return json.loads(json.dumps(CONVERTER.unstructure(value)))


def test_every_class_of_a_document_has_a_fast_pass() -> None:
    for cls in CLASSES:
        assert _fastpass.builder(cls) is not None, cls


@pytest.mark.equivalence
@given(any_model)
def test_the_fast_pass_builds_every_valid_record_as_the_converter_does(value: Any) -> None:
    """It accepts every valid record (so the equivalence below cannot hold by
    refusing everything), and builds exactly the converter's record."""
    cls = type(value)
    built = _fast(_raw(value), cls)
    assert built is not None
    assert typed(built) == typed(CONVERTER.structure(_raw(value), cls)) == typed(value)


@pytest.mark.equivalence
@given(any_model, st.data())
def test_the_fast_pass_builds_what_the_converter_builds_and_refuses_what_it_refuses(
    value: Any, data: st.DataObject
) -> None:
    cls = type(value)
    raw = _mutated(_raw(value), data)
    built = _fast(json.loads(json.dumps(raw)), cls)
    strict = _strict(json.loads(json.dumps(raw)), cls)
    assert (built is None) is (strict[0] == "problems"), strict
    if built is not None:
        assert typed(built) == typed(strict[1])


#: Values at the edges of what the fast pass tells apart, each tried in every field:
#: each type of JSON, text with spaces, controls, line separators, a lone surrogate or
#: non-ASCII letters, slugs and near-slugs, integers at the 64-bit limits and around
#: zero, booleans for integers, enum values and near ones, lists with repeats.
EDGES: list[Any] = [
    *["", " ", "a", "a ", " a", "a\tb", "a\x00", "a\x7f", "a\x85b", "a\u2028b", "\ud800"],
    *["é", "a\xa0", "\xa0", "Ab", "a-b", "a--b", "-a", "a-", "a_b", "itu", "a1"],
    *["exact", "nearly", "over", "earlier", "current", "EXACT", "exact ", "specialized_agency"],
    *[-(2**63) - 1, -(2**63), -(2**63) + 1, -2, -1, 0, 1, 2**63 - 1, 2**63, 10**30],
    *[True, False, None, 1.0, -0.0, float("inf")],
    *[[], ["a"], ["a", "a"], ["a", "b"], [" a"], ["\ud800"], [1], [None], [[]], [{}]],
    *[{}, {"label": "a"}, {"value": 1}, {"section": "a", "links": []}],
]

#: More of the same kinds, drawn.
edgy = st.one_of(
    st.text(alphabet="ab- \t\n\x00\x7f\x85\xa0\u2028\ud800Aé_", max_size=5),
    st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z"),
    st.integers(),
    st.lists(st.sampled_from(["a", "a", "b", " c", "é", 1, None]), max_size=3),
)

#: Every (class, its strategy, field name) of the classes a document is structured into.
FIELDS = [
    pytest.param(cls, strategy, field.name, id=f"{cls.__name__}.{field.name}")
    for cls, strategy in MODELS
    for field in attrs.fields(cls)
]


@pytest.mark.equivalence
@pytest.mark.parametrize(("cls", "strategy", "name"), FIELDS)
@settings(max_examples=max(2, settings().max_examples // 10))  # x 146 fields x 70 edges
@given(data=st.data())
def test_an_edgy_value_in_any_field_is_refused_or_taken_as_the_converter_takes_it(
    cls: type, strategy: st.SearchStrategy[Any], name: str, data: st.DataObject
) -> None:
    record = _raw(data.draw(strategy))
    for value in [*EDGES, data.draw(edgy)]:
        raw = {**record, name: value}
        built = _fast(raw, cls)
        strict = _strict(raw, cls)
        # Refused exactly when the converter has a problem; else the same record.
        assert (built is None) is (strict[0] == "problems"), (value, strict)
        if built is not None:
            assert typed(built) == typed(strict[1]), value


def test_equal_small_values_are_built_once_and_unequal_ones_apart() -> None:
    build = _fastpass.builder(Link)
    assert build is not None
    first = build({"label": "Details", "url": "https://example.org/a"})
    again = build({"url": "https://example.org/a", "label": "Details"})
    other = build({"label": "Details", "url": "https://example.org/a", "target_lost": False})
    lost = build({"label": "Details", "url": None, "target_lost": True})
    assert first is again is other
    assert lost == Link(label="Details", target_lost=True)
    assert lost is not first


@pytest.mark.parametrize(
    "raw",
    [
        [],
        {"id": "a", "name": "A", "category": "c", "extra": 1},
        {"id": "a", "name": "A"},
        {"id": "a", "name": "A", "category": "c", "aliases": ["x", "x"]},
        {"id": "a", "name": "A", "category": "c", "aliases": ("x",)},
        {"id": "a", "name": "A ", "category": "c"},
        {"id": "a", "name": "A\ud800", "category": "c"},
        {"id": "A", "name": "A", "category": "c"},
        {"id": "a", "name": "A", "category": "c", "source": {"links": [{"label": 1}]}},
        {"id": "a", "name": "A", "category": "c", "acronym": None, "note": ""},
    ],
)
def test_a_record_with_any_problem_is_refused(raw: Any) -> None:
    assert _strict(raw, Activity)[0] == "problems"
    assert _fast(raw, Activity) is None


# ------------------------------------------------------------------- documents


@pytest.fixture
def everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every collection, however small, through the fast pass first."""
    monkeypatch.setattr(_document, "FAST_FROM", 0)


def _read(document: Any) -> tuple[Any, ...]:
    report = itu_tcb.validate(document)
    if not report.valid:
        return ("problems", found(report))
    dataset = itu_tcb.load(document)
    return ("records", tuple(typed(dataset.collection(kind)) for kind in RecordKind))


@pytest.mark.equivalence
@settings(max_examples=settings().max_examples)
@given(data=st.data())
def test_a_mutated_document_reads_alike_with_and_without_the_fast_pass(
    data: st.DataObject,
) -> None:
    document = mutated(data)
    text = json.dumps(document, ensure_ascii=False)
    for given_as in (document, text, text.encode("utf-8", "surrogatepass")):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_document, "FAST_FROM", 10**9)
            strict = _read(given_as)
            patch.setattr(_document, "FAST_FROM", 0)
            assert _read(given_as) == strict


def test_a_large_collection_goes_through_the_fast_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default threshold engages on a document of many activities, and the
    pass builds every valid one (none is left to the strict way)."""
    document = json.loads(json.dumps(itu_tcb.load().to_document()))
    template = document["activities"][0]
    many = [
        {**template, "id": f"activity-{n}", "name": f"Activity {n}"}
        for n in range(_document.FAST_FROM)
    ]
    document["activities"] += many
    calls: list[Any] = []
    build = _fastpass.builder(Activity)
    assert build is not None

    def counted(raw: Any) -> Any:
        calls.append(raw)
        return build(raw)

    real = _fastpass.builder
    monkeypatch.setattr(_fastpass, "builder", lambda cls: counted if cls is Activity else real(cls))
    dataset = itu_tcb.load(document)
    assert len(calls) == len(document["activities"])
    assert len(dataset.activities) == len(document["activities"])


def test_a_refusal_never_escapes_and_the_record_takes_the_strict_way(
    everywhere: None,
) -> None:
    document = json.loads(json.dumps(itu_tcb.load().to_document()))
    document["activities"][3]["name"] = " padded"
    document["activities"][5]["extra"] = True
    report = itu_tcb.validate(document)
    assert [(p.path, p.kind.value) for p in report.errors] == [
        ("$.activities[3].name", "value"),
        ("$.activities[5].extra", "unknown-field"),
    ]


def test_the_fast_pass_is_written_once_per_class_across_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_fastpass, "_built", {})  # none written yet
    made: list[Any] = []
    cls = RECORD_TYPES[RecordKind.PROGRAMME]
    start = threading.Barrier(8)

    def get() -> None:
        start.wait()
        made.append(_fastpass.builder(cls))

    threads = [threading.Thread(target=get) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 8
    assert made[0] is not None
    assert all(m is made[0] for m in made)
