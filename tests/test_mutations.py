"""Hypothesis mutates the bundled document; ``validate`` always answers with a Report.

Two kinds of property:

- whatever the mutation (odd unicode, flipped bytes, ...), ``validate`` returns a
  :class:`~itu_tcb.Report` and never raises, and ``load`` raises only ``DataError``;
- for mutations that certainly break the document (a required key dropped, a value
  of a type no field accepts, a duplicated id, a broken reference, a lone surrogate,
  a truncated file), the report is invalid and names the place that was broken.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import DataError, ProblemKind, RecordKind, Report
from itu_tcb._integrity import REFERENCES
from itu_tcb.models import RECORD_TYPES

BUNDLED_BYTES = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()
BASE: dict[str, Any] = json.loads(BUNDLED_BYTES)
#: (collection, index) of every record of the bundled document.
RECORDS = [(kind.collection, i) for kind in RecordKind for i in range(len(BASE[kind.collection]))]
#: Values that no field of the format accepts (there are no float fields).
NEVER_VALID: list[Any] = [1.5, {"unexpected": True}, [[1]], [{"unexpected": 1}]]


def required(kind: str) -> list[str]:
    cls = RECORD_TYPES[RecordKind(kind)]
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]


def fresh() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def check(source: Any) -> Report:
    """Validate and load ``source``; both must end in a report or ``DataError`` only."""
    report = itu_tcb.validate(source)
    assert isinstance(report, Report)
    str(report).encode("utf-8")  # always printable
    json.dumps(report.to_dict())
    if report.valid:
        assert itu_tcb.load(source).warnings == report.warnings
    else:
        with pytest.raises(DataError) as caught:
            itu_tcb.load(source)
        assert caught.value.report.problems == report.problems
    return report


def as_sources(doc: dict[str, Any]) -> list[Any]:
    """The same document as a mapping, JSON text and UTF-8 bytes."""
    text = json.dumps(doc)
    return [doc, text, text.encode("utf-8")]


record = st.sampled_from(RECORDS)


@given(record, st.data())
def test_dropping_a_required_key_is_reported(where: tuple[str, int], data: st.DataObject) -> None:
    kind, index = where
    key = data.draw(st.sampled_from(required(kind)))
    doc = fresh()
    del doc[kind][index][key]
    for source in as_sources(doc):
        report = check(source)
        assert not report.valid
        assert (f"$.{kind}[{index}].{key}", ProblemKind.MISSING) in {
            (p.path, p.kind) for p in report.problems
        }


@given(record, st.data(), st.sampled_from(NEVER_VALID))
def test_a_value_of_a_type_no_field_takes_is_reported(
    where: tuple[str, int], data: st.DataObject, value: Any
) -> None:
    kind, index = where
    key = data.draw(st.sampled_from(sorted(BASE[kind][index])))
    doc = fresh()
    doc[kind][index][key] = value
    for source in as_sources(doc):
        report = check(source)
        assert not report.valid
        assert any(p.path.startswith(f"$.{kind}[{index}].{key}") for p in report.errors)


@given(record, record)
def test_a_duplicated_id_is_reported(first: tuple[str, int], second: tuple[str, int]) -> None:
    if first == second:
        return
    doc = fresh()
    doc[second[0]][second[1]]["id"] = doc[first[0]][first[1]]["id"]
    report = check(doc)
    assert not report.valid
    kinds = {p.kind for p in report.errors}
    assert ProblemKind.DUPLICATE_ID in kinds


references = [
    (holder.collection, field, i)
    for holder, field, _ in REFERENCES
    for i, item in enumerate(BASE[holder.collection])
    if item.get(field)
]


@given(st.sampled_from(references), st.sampled_from(["no-such-record", "itu-x", "group-99"]))
def test_a_broken_reference_is_reported(where: tuple[str, str, int], target: str) -> None:
    kind, field, index = where
    doc = fresh()
    many = isinstance(doc[kind][index][field], list)
    doc[kind][index][field] = [target] if many else target
    report = check(doc)
    assert not report.valid
    path = f"$.{kind}[{index}].{field}" + ("[0]" if many else "")
    assert (path, ProblemKind.REFERENCE) in {(p.path, p.kind) for p in report.errors}


text_fields = [
    (kind.collection, i, key)
    for kind in RecordKind
    for i, item in enumerate(BASE[kind.collection])
    for key, value in item.items()
    if isinstance(value, str)
]


@given(st.sampled_from(text_fields), st.text(min_size=1, max_size=8), st.data())
def test_odd_unicode_never_crashes(
    where: tuple[str, int, str], insert: str, data: st.DataObject
) -> None:
    kind, index, key = where
    doc = fresh()
    value = doc[kind][index][key]
    at = data.draw(st.integers(0, len(value)))
    doc[kind][index][key] = value[:at] + insert + value[at:]
    for source in as_sources(doc):
        check(source)


@given(
    st.sampled_from(text_fields),
    st.integers(0xD800, 0xDFFF),
    st.sampled_from(["escaped", "raw-bytes"]),
)
def test_a_lone_surrogate_is_reported(where: tuple[str, int, str], code: int, how: str) -> None:
    kind, index, key = where
    doc = fresh()
    doc[kind][index][key] += chr(code)
    if how == "escaped":
        data = json.dumps(doc).encode("ascii")  # the surrogate as a \\uXXXX escape
        expected = (f"$.{kind}[{index}].{key}", ProblemKind.ENCODING)
    else:
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
        expected = ("$", ProblemKind.ENCODING)
    report = check(data)
    assert not report.valid
    assert expected in {(p.path, p.kind) for p in report.errors}


@given(st.integers(0, len(BUNDLED_BYTES.rstrip()) - 1))
def test_a_truncated_file_is_never_accepted(at: int) -> None:
    report = check(BUNDLED_BYTES[:at])
    assert not report.valid
    assert {p.kind for p in report.errors} <= {ProblemKind.SYNTAX, ProblemKind.ENCODING}


@given(st.data())
def test_flipped_bytes_never_crash(data: st.DataObject) -> None:
    raw = bytearray(BUNDLED_BYTES)
    for _ in range(data.draw(st.integers(1, 5))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    check(bytes(raw))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(record, st.data(), json_values)
def test_any_value_anywhere_never_crashes(
    where: tuple[str, int], data: st.DataObject, value: Any
) -> None:
    kind, index = where
    key = data.draw(st.sampled_from([*sorted(BASE[kind][index]), "extra"]))
    doc = fresh()
    doc[kind][index][key] = value
    check(doc)
    check(json.dumps(doc, allow_nan=True))


@given(st.binary(max_size=64) | st.text(max_size=64).map(lambda t: "{" + t))
def test_arbitrary_input_never_crashes(source: Any) -> None:
    check(source)
