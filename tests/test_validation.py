"""``validate`` and ``load`` on user documents: every failure class, with its path and kind.

The one-defect-per-file cases live in ``tests/corpus`` (see ``test_corpus.py``); this
module covers what a file cannot show well: sources of each type, unreadable paths,
limits, the report's API and the 100 MB document.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
import itu_tcb.models
from itu_tcb import DataError, Problem, ProblemKind, Report, Severity, _json
from itu_tcb.report import format_path

BUNDLED_BYTES = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()


def bundled() -> dict[str, Any]:
    """A fresh, editable copy of the bundled document."""
    value: dict[str, Any] = json.loads(BUNDLED_BYTES)
    return value


def found(report: Report) -> set[tuple[str, ProblemKind]]:
    return {(p.path, p.kind) for p in report.problems}


def only(report: Report) -> Problem:
    assert len(report.problems) == 1, str(report)
    return report.problems[0]


# ------------------------------------------------------------------ sources


def test_bundled_document_is_valid_from_every_kind_of_source(tmp_path: Path) -> None:
    path = tmp_path / "itu.json"
    path.write_bytes(BUNDLED_BYTES)
    text = BUNDLED_BYTES.decode("utf-8")
    for source in (
        path,
        str(path),
        BUNDLED_BYTES,
        bytearray(BUNDLED_BYTES),
        memoryview(BUNDLED_BYTES),
        text,
        bundled(),
        MappingProxyType(bundled()),
    ):
        report = itu_tcb.validate(source)
        assert report.valid, str(report)
        assert report.problems == ()
        assert itu_tcb.load(source) == itu_tcb.load()


def test_labels_name_the_source(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(b"[]")
    assert itu_tcb.validate(path).source == str(path)
    assert itu_tcb.validate(b"[]").source == "<bytes>"
    assert itu_tcb.validate("[]").source == "<string>"
    assert itu_tcb.validate({}).source == "<mapping>"
    assert itu_tcb.load(BUNDLED_BYTES).origin == "<bytes>"


def test_str_is_json_text_only_when_it_starts_like_json(tmp_path: Path) -> None:
    """A str is JSON text when its first non-blank character is '{' or '[', else a path."""
    assert only(itu_tcb.validate('  \n {"x": 1')).kind is ProblemKind.SYNTAX
    assert only(itu_tcb.validate("\ufeff[]")).kind is ProblemKind.TYPE
    problem = only(itu_tcb.validate("null"))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "'null'" in problem.message
    # A file named like JSON text is still reachable as a Path.
    odd = tmp_path / "[odd].json"
    odd.write_bytes(BUNDLED_BYTES)
    assert itu_tcb.validate(odd).valid


def test_a_source_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="path, bytes, str or mapping"):
        itu_tcb.validate(42)  # type: ignore[arg-type]


# ---------------------------------------------------------------- unreadable


def test_missing_file() -> None:
    problem = only(itu_tcb.validate(Path("/nonexistent/dir/doc.json")))
    assert (problem.path, problem.kind) == ("$", ProblemKind.UNREADABLE)
    assert "No such file" in problem.message


def test_directory(tmp_path: Path) -> None:
    problem = only(itu_tcb.validate(tmp_path))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "directory" in problem.message


def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    """A loop of links cannot be opened by anyone, root included."""
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    problem = only(itu_tcb.validate(loop))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "symbolic links" in problem.message


def test_path_with_a_nul_byte_is_unreadable() -> None:
    problem = only(itu_tcb.validate("bad\x00name.json"))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "null byte" in problem.message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a file whatever its mode; the symlink-loop and /proc cases cover root",
)
def test_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_bytes(BUNDLED_BYTES)
    path.chmod(0)
    problem = only(itu_tcb.validate(path))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "Permission denied" in problem.message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_while_reading() -> None:
    """Reading /proc/self/mem from offset 0 fails with an I/O error, even for root."""
    problem = only(itu_tcb.validate(Path("/proc/self/mem")))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "/proc/self/mem" in problem.message


# ------------------------------------------------------------ bytes and syntax


def test_invalid_utf8_gives_the_byte_offset() -> None:
    data = b'{"schema_version": "1.0", "x": "caf\xe9"}'
    problem = only(itu_tcb.validate(data))
    assert problem.kind is ProblemKind.ENCODING
    offset = data.index(b"\xe9")
    assert f"byte offset {offset}:" in problem.message


def test_utf8_bom_is_accepted() -> None:
    assert itu_tcb.validate(b"\xef\xbb\xbf" + BUNDLED_BYTES).valid
    assert itu_tcb.validate("\ufeff" + BUNDLED_BYTES.decode()).valid


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_and_blank_documents(data: bytes) -> None:
    problem = only(itu_tcb.validate(data))
    assert (problem.path, problem.kind) == ("$", ProblemKind.SYNTAX)
    assert "empty" in problem.message or "whitespace" in problem.message


@given(
    st.text(alphabet='{}[]":,\\ ab1\x01\n', max_size=24).filter(lambda t: t.strip()),
    st.sampled_from(["", '{"a": "abc', '{"a": "\x01"}', '{"a": 1,}', '{"a" 1}', "[1 2]"]),
)
def test_a_syntax_error_says_once_where_it_is(noise: str, start: str) -> None:
    """Every message of json's parser reads well after ours: "... at line 1, column
    7", never "starting at at line" (some of its messages end in "at")."""
    try:
        json.loads(start + noise)
    except ValueError:
        pass
    else:
        return  # valid JSON: another test's business
    problem = only(itu_tcb.validate((start + noise).encode()))
    assert (problem.path, problem.kind) == ("$", ProblemKind.SYNTAX)
    assert re.fullmatch(r"not valid JSON: \S.* at line \d+, column \d+", problem.message)
    assert " at at " not in problem.message


@pytest.mark.parametrize(
    ("data", "kind"), [(b"[]", "a list"), (b"1", "an integer"), (b"true", "true or false")]
)
def test_root_must_be_an_object(data: bytes, kind: str) -> None:
    problem = only(itu_tcb.validate(data))
    assert (problem.path, problem.kind) == ("$", ProblemKind.TYPE)
    assert kind in problem.message


def test_root_nan_is_reported_once() -> None:
    problem = only(itu_tcb.validate(b"NaN"))
    assert (problem.path, problem.kind) == ("$", ProblemKind.SYNTAX)


def test_duplicate_keys_at_every_depth() -> None:
    text = BUNDLED_BYTES.decode()
    version = f'"schema_version": "{itu_tcb.SCHEMA_VERSIONS[-1]}",'
    assert version in text
    text = text.replace(version, version + " " + version)
    text = text.replace('"value": 193,', '"value": 193, "value": 194,')
    text = text.replace('"label": "See",', '"label": "See", "label": "See",')
    report = itu_tcb.validate(text)
    assert found(report) == {
        ("$.schema_version", ProblemKind.DUPLICATE_KEY),
        ("$.memberships[0].counts[0].count.value", ProblemKind.DUPLICATE_KEY),
        ("$.agencies[0].source.links[0].label", ProblemKind.DUPLICATE_KEY),
    }


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants(constant: str) -> None:
    text = BUNDLED_BYTES.decode().replace('"value": 700,', f'"value": {constant},')
    problem = only(itu_tcb.validate(text))
    assert problem.path == "$.memberships[0].counts[1].count.value"
    assert problem.kind is ProblemKind.SYNTAX
    assert constant in problem.message


@pytest.mark.parametrize("number", ["9223372036854775808", "-9223372036854775808", "1" * 5000])
def test_integers_beyond_64_bits(number: str) -> None:
    text = BUNDLED_BYTES.decode().replace('"value": 193,', f'"value": {number},')
    problem = only(itu_tcb.validate(text))
    assert (problem.path, problem.kind) == (
        "$.memberships[0].counts[0].count.value",
        ProblemKind.LIMIT,
    )


def test_largest_64_bit_integer_is_only_a_range_problem() -> None:
    text = BUNDLED_BYTES.decode().replace('"value": 193,', f'"value": {2**63 - 1},')
    assert itu_tcb.validate(text).valid
    text = BUNDLED_BYTES.decode().replace('"value": 193,', f'"value": {-(2**63) + 1},')
    problem = only(itu_tcb.validate(text))
    assert problem.kind is ProblemKind.VALUE  # negative, not too large


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b'{"metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["open-lists", "closed-lists", "objects", "inside-a-field"],
)
def test_deep_nesting_is_a_problem_not_a_recursion_error(data: bytes) -> None:
    problem = only(itu_tcb.validate(data))
    assert (problem.path, problem.kind) == ("$", ProblemKind.LIMIT)
    with pytest.raises(DataError):
        itu_tcb.load(data)


@pytest.mark.parametrize("depth", [100, 500, 900])
def test_nesting_that_parses_is_checked_without_recursion(depth: int) -> None:
    """Deep but parsable values inside fields pass every later stage without a RecursionError."""
    doc = bundled()
    nested: Any = "x"
    for _ in range(depth):
        nested = [nested]
    doc["agencies"][0]["functions"] = nested
    doc["agencies"][0]["extra"] = {"a": nested}
    doc["metadata"]["source"]["title"] = nested
    text = json.dumps(doc)
    for source in (text, doc):
        report = itu_tcb.validate(source)
        assert found(report) == {
            ("$.agencies[0].functions[0]", ProblemKind.TYPE),
            ("$.agencies[0].extra", ProblemKind.UNKNOWN_FIELD),
            ("$.metadata.source.title", ProblemKind.TYPE),
        }, str(report)


def test_deeply_nested_mapping_source_is_not_walked() -> None:
    doc = bundled()
    nested: dict[str, Any] = {}
    for _ in range(100_000):
        nested = {"a": nested}
    doc["metadata"]["source"] = nested
    assert found(itu_tcb.validate(doc)) == {
        ("$.metadata.source.a", ProblemKind.UNKNOWN_FIELD),
        ("$.metadata.source.title", ProblemKind.MISSING),
        ("$.metadata.source.publisher", ProblemKind.MISSING),
    }


def test_lone_surrogates_in_values_and_keys() -> None:
    text = BUNDLED_BYTES.decode().replace(
        '"name": "Radiocommunication Sector"', '"name": "R\\udc00"'
    )
    text = text.replace('"code": "ITU-T",', '"code": "ITU-T", "\\ud800x": 1,')
    report = itu_tcb.validate(text)
    assert found(report) == {
        ("$.sectors[0].name", ProblemKind.ENCODING),
        ("$.sectors[1]['\\ud800x']", ProblemKind.ENCODING),
        ("$.sectors[1]['\\ud800x']", ProblemKind.UNKNOWN_FIELD),
    }
    str(report).encode("utf-8")  # printable: the surrogate is escaped in the path


def test_surrogate_pairs_are_characters() -> None:
    text = BUNDLED_BYTES.decode().replace(
        '"commitment": "connecting the world"',
        '"commitment": "connecting the world \\ud83c\\udf0d"',
    )
    assert itu_tcb.validate(text).valid
    assert itu_tcb.load(text).lookup("itu").commitment.endswith("\U0001f30d")  # type: ignore[attr-defined]


def test_duplicate_keys_are_blamed_on_their_own_objects() -> None:
    """An object dropped by a repeated key is freed; a later object reusing its
    address (its ``id``) must not inherit its repeated keys."""
    item = '{"source": {"q": 1, "q": 2}, "source": 3, "n": {"a": INDEX}}'
    items = ",".join(item.replace("INDEX", str(i)) for i in range(2000))
    value, problems, _ = _json.parse('{"s": [' + items + "]}")
    assert value["s"][0] == {"source": 3, "n": {"a": 0}}
    assert sorted(p.path for p in problems) == sorted(f"$.s[{i}].source" for i in range(2000))
    assert all(p.kind is ProblemKind.DUPLICATE_KEY for p in problems)


# Values that only a mapping given directly can hold: JSON text never yields them
# (the JSON stage refuses them first), so the converter must refuse them itself.
_MAPPING_ONLY = [
    (("sectors", 0, "name"), "R\ud800", ProblemKind.ENCODING),
    (("sectors", 0, "description"), "\udfff", ProblemKind.ENCODING),
    (("agencies", 0, "functions", 1), "x\udc00y", ProblemKind.ENCODING),
    (("agencies", 0, "agency_kind"), "\ud800", ProblemKind.ENCODING),
    (("memberships", 0, "counts", 0, "count", "value"), 2**63, ProblemKind.LIMIT),
    (("memberships", 0, "counts", 0, "count", "value"), -(2**63), ProblemKind.LIMIT),
    (("agencies", 0, "years_active", "value"), 10**5000, ProblemKind.LIMIT),
]


def _put(doc: Any, where: tuple[str | int, ...], value: Any) -> None:
    for step in where[:-1]:
        doc = doc[step]
    doc[where[-1]] = value


@pytest.mark.parametrize(
    ("where", "value", "kind"),
    _MAPPING_ONLY,
    ids=["name", "optional", "list-item", "enum", "2**63", "-2**63", "5001-digits"],
)
def test_a_mapping_is_held_to_the_json_limits(
    where: tuple[str | int, ...], value: Any, kind: ProblemKind
) -> None:
    """A lone surrogate or an integer beyond 64 bits: the same one problem, and the
    same message, whether the document is a mapping or JSON text."""
    doc = bundled()
    _put(doc, where, value)
    from_mapping = only(itu_tcb.validate(doc))
    _put(doc, where, "@@")
    token = '"@@"'
    if isinstance(value, str):
        raw = json.dumps(value)  # ASCII escapes: the surrogate stays an escape
    elif abs(value) < 10**4000:
        raw = str(value)
    else:  # str() refuses so many digits on Python 3.11 and later
        raw = "1" + "0" * 5000
    text = json.dumps(doc).replace(token, raw)
    from_json = only(itu_tcb.validate(text))
    assert from_mapping.path == from_json.path == format_path(where)
    assert from_mapping.kind is from_json.kind is kind
    assert from_mapping.message == from_json.message
    if kind is ProblemKind.LIMIT:  # the message gives the bound itself
        assert "9223372036854775807" in from_mapping.message


def test_the_largest_integers_pass_from_a_mapping() -> None:
    doc = bundled()
    doc["memberships"][0]["counts"][0]["count"]["value"] = 2**63 - 1
    assert itu_tcb.validate(doc).valid
    assert itu_tcb.load(doc).lookup("itu-membership").counts[0].count.value == 2**63 - 1  # type: ignore[attr-defined]


def test_a_record_dropped_by_the_json_stage_raises_no_warning() -> None:
    """The only activity of a category has a lone surrogate: the record cannot load,
    so the category must not be called empty (the missing record may fill it)."""
    doc = bundled()
    counts: dict[str, list[int]] = {}
    for index, activity in enumerate(doc["activities"]):
        counts.setdefault(activity["category"], []).append(index)
    alone = min(counts.values(), key=len)
    assert len(alone) == 1
    index = alone[0]
    doc["activities"][index]["name"] = "@@"
    text = json.dumps(doc).replace('"@@"', '"Odd \\ud800 name"')
    for source in (text, json.loads(text)):
        problem = only(itu_tcb.validate(source))
        assert (problem.path, problem.kind) == (
            f"$.activities[{index}].name",
            ProblemKind.ENCODING,
        )


# ---------------------------------------------------------------- structure
# ---------------------------------------------------------------- structure


def edited(edit: Callable[[dict[str, Any]], None]) -> Report:
    doc = bundled()
    edit(doc)
    return itu_tcb.validate(doc)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("code", 1, "expected a string, got an integer"),
        ("code", None, "expected a string, got null"),
        ("aliases", "ab", "expected a list, got a string"),
        ("aliases", [1], "expected a string, got an integer"),
        ("name", ["Radiocommunication Sector"], "expected a string, got a list"),
        ("source", "none", "expected an object (SourceRef), got a string"),
    ],
)
def test_wrong_types_are_never_coerced(field: str, value: Any, expected: str) -> None:
    report = edited(lambda d: d["sectors"][0].__setitem__(field, value))
    problem = only(report)
    assert problem.kind is ProblemKind.TYPE
    assert problem.path.startswith(f"$.sectors[0].{field}")
    assert expected in problem.message


@pytest.mark.parametrize("value", ["false", 0, 1, None])
def test_booleans_are_only_true_or_false(value: Any) -> None:
    problem = only(edited(lambda d: d["partnerships"][1].__setitem__("open_ended", value)))
    assert (problem.path, problem.kind) == ("$.partnerships[1].open_ended", ProblemKind.TYPE)


@pytest.mark.parametrize("value", ["193", 193.0, True, None])
def test_counts_are_only_integers(value: Any) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["memberships"][0]["counts"][0]["count"]["value"] = value

    problem = only(edited(edit))
    assert problem.path == "$.memberships[0].counts[0].count.value"
    assert problem.kind is ProblemKind.TYPE


def test_unknown_field_hint() -> None:
    problem = only(edited(lambda d: d["sectors"][0].__setitem__("agncy", "itu")))
    assert (problem.path, problem.kind) == ("$.sectors[0].agncy", ProblemKind.UNKNOWN_FIELD)
    assert problem.hint == "did you mean 'agency'?"


def test_odd_keys_get_quoted_paths() -> None:
    problem = only(edited(lambda d: d["sectors"][0].__setitem__("a.b c", 1)))
    assert problem.path == "$.sectors[0]['a.b c']"


def test_enum_lists_the_allowed_values() -> None:
    problem = only(edited(lambda d: d["events"][0].__setitem__("event_kind", "exhibition")))
    assert (problem.path, problem.kind) == ("$.events[0].event_kind", ProblemKind.ENUM)
    for allowed in ("'exhibition_and_forum'", "'academic_event'"):
        assert allowed in problem.message


def test_qualifier_lists_the_allowed_values() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["memberships"][0]["counts"][1]["count"]["qualifier"] = "Nearly"

    problem = only(edited(edit))
    assert problem.kind is ProblemKind.ENUM
    assert "'exact', 'nearly', 'over', 'about'" in problem.message
    assert problem.hint == "did you mean 'nearly'?"


@pytest.mark.parametrize("name", ["", " ", "\t\n", " Radiocommunication Sector"])
def test_blank_or_padded_names(name: str) -> None:
    problem = only(edited(lambda d: d["sectors"][0].__setitem__("name", name)))
    assert (problem.path, problem.kind) == ("$.sectors[0].name", ProblemKind.VALUE)


@pytest.mark.parametrize("bad", ["", " ", "ITU-R", "itu_r", "itu--r", "-itu", "itu r", "itú"])
def test_ids_must_be_slugs(bad: str) -> None:
    report = edited(lambda d: d["activities"][11].__setitem__("id", bad))
    problem = only(report)
    assert (problem.path, problem.kind) == ("$.activities[11].id", ProblemKind.VALUE)


def test_missing_required_fields_all_reported() -> None:
    def edit(d: dict[str, Any]) -> None:
        del d["sectors"][0]["code"]
        del d["sectors"][0]["name"]
        del d["metadata"]["source"]["title"]

    assert found(edited(edit)) == {
        ("$.sectors[0].code", ProblemKind.MISSING),
        ("$.sectors[0].name", ProblemKind.MISSING),
        ("$.metadata.source.title", ProblemKind.MISSING),
    }


def test_unsupported_schema_version_names_the_supported_ones() -> None:
    problem = only(edited(lambda d: d.__setitem__("schema_version", "0.9")))
    assert problem.kind is ProblemKind.SCHEMA_VERSION
    for version in itu_tcb.SCHEMA_VERSIONS:
        assert repr(version) in problem.message


# ------------------------------------------------------------------ meaning


@pytest.mark.parametrize(
    ("holder", "field", "target_kind"),
    [
        (h.collection, f, t)
        for h, f, t in __import__("itu_tcb._integrity", fromlist=["x"]).REFERENCES
    ],
)
def test_every_reference_is_checked(
    holder: str, field: str, target_kind: itu_tcb.RecordKind
) -> None:
    """For each reference field: a missing id, and an id of the wrong kind, are reported."""
    doc = bundled()
    record = next(r for r in doc[holder] if r.get(field) not in (None, []))
    index = doc[holder].index(record)
    many = isinstance(record[field], list)
    wrong = "itu-membership" if target_kind is not itu_tcb.RecordKind.MEMBERSHIP else "itu"
    for target, words in (("no-such-record", "no "), (wrong, " is a")):
        record[field] = [target] if many else target
        report = itu_tcb.validate(copy.deepcopy(doc))
        path = f"$.{holder}[{index}].{field}" + ("[0]" if many else "")
        errors = [p for p in report.errors if p.path == path]
        assert len(errors) == 1, str(report)
        assert errors[0].kind is ProblemKind.REFERENCE
        assert words in errors[0].message


def test_references_to_a_record_that_failed_are_not_reported_twice() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["categories"][0]["heading"] = 5  # the category fails; its activities still point at it

    problem = only(edited(edit))
    assert (problem.path, problem.kind) == ("$.categories[0].heading", ProblemKind.TYPE)


def test_ambiguous_across_kinds() -> None:
    problem = only(edited(lambda d: d["activities"][0].__setitem__("aliases", ["ITU"])))
    assert (problem.path, problem.kind) == ("$.activities[0].aliases[0]", ProblemKind.AMBIGUOUS)
    assert "$.agencies[0]" in problem.message


def test_warnings_do_not_make_a_document_invalid() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["categories"].append({"id": "group-6", "agency": "itu", "project_label": "Spare"})
        d["agencies"].append({"id": "itc", "acronym": "ITC"})

    report = edited(edit)
    assert report.valid
    assert bool(report)
    assert found(report) == {
        ("$.categories[5]", ProblemKind.EMPTY_CATEGORY),
        ("$.agencies[17]", ProblemKind.UNREFERENCED),
    }
    assert all(p.severity is Severity.WARNING for p in report.problems)


def test_bundled_data_has_no_error_and_no_warning() -> None:
    report = itu_tcb.validate(BUNDLED_BYTES)
    assert report.problems == (), str(report)
    assert itu_tcb.load().warnings == ()


@pytest.mark.parametrize("kind", list(itu_tcb.RecordKind), ids=lambda k: k.collection)
def test_external_fields_name_fields_of_the_records_own_kind(kind: itu_tcb.RecordKind) -> None:
    """Every field but ``id``, ``external_fields``, ``open_lists`` and ``source`` may
    be named; any other name (a field of another kind, a typo, those four) is refused."""
    cls = itu_tcb.models.RECORD_TYPES[kind]
    own = [f.name for f in attrs.fields(cls)]
    meta = ("id", "external_fields", "open_lists", "source")
    allowed = [name for name in own if name not in meta]
    others = {f.name for c in itu_tcb.models.RECORD_TYPES.values() for f in attrs.fields(c)}
    refused = [*meta, "nmae", *sorted(others - set(own))]

    def edit(d: dict[str, Any]) -> None:
        d[kind.collection][0]["external_fields"] = allowed + refused

    report = edited(edit)
    assert len(report.problems) == len(refused), str(report)
    for offset, (name, problem) in enumerate(zip(refused, report.problems, strict=True)):
        position = len(allowed) + offset
        assert problem.path == f"$.{kind.collection}[0].external_fields[{position}]"
        assert problem.kind is ProblemKind.VALUE
        assert repr(name) in problem.message
        assert problem.hint is not None
        assert all(field in problem.hint for field in allowed)


def test_an_agency_has_one_membership() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["memberships"].append({"id": "more-members", "agency": "undp"})
        d["memberships"].append({"id": "itu-members-again", "agency": "itu"})

    problem = only(edited(edit))
    assert (problem.path, problem.kind) == ("$.memberships[2].agency", ProblemKind.VALUE)
    assert "$.memberships[0]" in problem.message
    assert problem.severity is Severity.ERROR


#: The references that must agree with their record's agency, by kind.
SAME_AGENCY_FIELDS = {"initiatives": ("programme",), "events": ("sector", "partnership")}
_TARGETS = {"programme": "programmes", "sector": "sectors", "partnership": "partnerships"}


@pytest.mark.parametrize(
    ("collection", "field"),
    [(collection, field) for collection, fields in SAME_AGENCY_FIELDS.items() for field in fields],
)
def test_references_agree_on_the_agency(collection: str, field: str) -> None:
    """A record's agency is the agency of the programme, sector or partnership it
    names: a mismatch is reported at the reference, whichever side changed."""
    doc = bundled()
    index, record = next((i, r) for i, r in enumerate(doc[collection]) if r.get(field))
    target = next(r for r in doc[_TARGETS[field]] if r["id"] == record[field])
    other = "undp" if target["agency"] != "undp" else "wto"
    # Moving the record breaks each of its references; moving the target breaks
    # this reference in every record that names the target.
    moved_record = {(index, name) for name in SAME_AGENCY_FIELDS[collection] if record.get(name)}
    moved_target = {
        (i, field) for i, r in enumerate(doc[collection]) if r.get(field) == target["id"]
    }
    for holder, broken in ((record, moved_record), (target, moved_target)):
        kept = holder["agency"]
        holder["agency"] = other
        report = itu_tcb.validate(copy.deepcopy(doc))
        holder["agency"] = kept
        expected = {(f"$.{collection}[{i}].{name}", ProblemKind.REFERENCE) for i, name in broken}
        assert found(report) == expected, str(report)
        problem = next(p for p in report.problems if p.path.endswith(f".{field}"))
        assert repr(other) in problem.message
        assert repr(record[field]) in problem.message
    assert itu_tcb.validate(doc).valid


def test_a_dangling_agency_is_not_also_a_mismatch() -> None:
    problem = only(edited(lambda d: d["initiatives"][0].__setitem__("agency", "nobody")))
    assert (problem.path, problem.kind) == ("$.initiatives[0].agency", ProblemKind.REFERENCE)


def test_a_partnership_listing_its_own_agency_is_a_warning() -> None:
    doc = bundled()
    index, partnership = next(
        (i, p) for i, p in enumerate(doc["partnerships"]) if p.get("partners")
    )
    partnership["partners"].insert(1, partnership["agency"])
    report = itu_tcb.validate(doc)
    problem = only(report)
    assert (problem.path, problem.kind) == (
        f"$.partnerships[{index}].partners[1]",
        ProblemKind.SELF_REFERENCE,
    )
    assert problem.severity is Severity.WARNING
    assert report.valid
    assert itu_tcb.load(doc).warnings == (problem,)


@pytest.mark.parametrize(
    ("collection", "field", "text"),
    [
        ("activities", "name", "---"),
        ("agencies", "acronym", "\U0001f30d"),
        ("sectors", "code", "* *"),
        ("categories", "project_label", "\u200b"),
        ("programmes", ("aliases", 0), "!?"),
    ],
)
def test_a_key_no_lookup_can_find_is_refused(
    collection: str, field: str | tuple[str, int], text: str
) -> None:
    def edit(d: dict[str, Any]) -> None:
        if isinstance(field, tuple):
            d[collection][0][field[0]] = [text]
        else:
            d[collection][0][field] = text

    problem = only(edited(edit))
    step = f"{field[0]}[{field[1]}]" if isinstance(field, tuple) else field
    assert (problem.path, problem.kind) == (f"$.{collection}[0].{step}", ProblemKind.VALUE)
    assert repr(text) in problem.message


def test_records_built_in_python_get_the_same_checks() -> None:
    """``Dataset.from_collections`` runs the checks across records too."""
    data = itu_tcb.load()
    collections = dict(data.collections())
    membership = collections[itu_tcb.RecordKind.MEMBERSHIP][0]
    second = attrs.evolve(membership, id="itu-membership-2", external_fields=("wrong",))
    collections[itu_tcb.RecordKind.MEMBERSHIP] = (membership, second)
    with pytest.raises(DataError) as caught:
        itu_tcb.Dataset.from_collections(
            collections, metadata=data.metadata, schema_version=data.schema_version
        )
    assert found(caught.value.report) == {
        ("$.memberships[1].agency", ProblemKind.VALUE),
        ("$.memberships[1].external_fields[0]", ProblemKind.VALUE),
    }


# --------------------------------------------------------------- the report


def test_report_api() -> None:
    report = itu_tcb.validate(b'{"schema_version": "1.0", "metadata": {}, "x": 1}')
    assert not report
    assert not report.valid
    assert report.errors == report.problems
    assert report.warnings == ()
    as_dict = report.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["valid"] is False
    assert as_dict["errors"] == len(report.problems)
    assert {p["kind"] for p in as_dict["problems"]} == {"unknown-field", "missing"}
    lines = str(report).splitlines()
    assert (
        lines[0]
        == "<bytes>:$.x: error: unknown field 'x' (hint: remove it; the format has no such field)"
    )
    assert lines[-1] == f"<bytes>: invalid ({len(report.problems)} error(s), 0 warning(s))"


def test_load_raises_data_error_with_the_full_report() -> None:
    data = b'{"schema_version": "1.0", "metadata": {}, "sectors": [1, 2]}'
    with pytest.raises(DataError) as caught:
        itu_tcb.load(data)
    assert isinstance(caught.value, ValueError)
    assert caught.value.report == itu_tcb.validate(data)
    assert "(and 5 more)" in str(caught.value)


def test_load_without_argument_is_the_bundled_data() -> None:
    assert itu_tcb.load() is itu_tcb.load()
    assert itu_tcb.load(BUNDLED_BYTES) == itu_tcb.load()


# ------------------------------------------------------- inputs stay unchanged


def test_validating_a_file_leaves_it_unchanged(tmp_path: Path) -> None:
    for name, data in (("good.json", BUNDLED_BYTES), ("bad.json", b'{"x": NaN, "x": 1}')):
        path = tmp_path / name
        path.write_bytes(data)
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        before = path.stat()
        itu_tcb.validate(path)
        itu_tcb.validate(str(path))
        with pytest.raises(DataError) if name == "bad.json" else _nothing():
            itu_tcb.load(path)
        after = path.stat()
        assert path.read_bytes() == data
        assert after.st_mtime_ns == before.st_mtime_ns
        assert after.st_size == before.st_size


def test_validating_a_mapping_leaves_it_unchanged() -> None:
    doc = bundled()
    doc["sectors"][0]["name"] = 1
    doc["activities"][0]["category"] = "nope"
    snapshot = copy.deepcopy(doc)
    itu_tcb.validate(doc)
    assert doc == snapshot


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


# ------------------------------------------------------------ a 100 MB file

_BIG_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    from importlib import resources
    import itu_tcb

    def peak_kib():
        # VmHWM is this process's own peak; ru_maxrss may carry over the parent's
        # peak across fork and exec, so it is only the fallback.
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    path, mode = sys.argv[1], sys.argv[2]
    itu_tcb.validate(b"{}")  # import everything first: measure the document, not imports
    before = peak_kib()
    start = time.perf_counter()
    if mode == "validate":
        report = itu_tcb.validate(path)
        valid, count = report.valid, len(report.errors)
    else:
        data = itu_tcb.load(path)
        valid, count = True, len(data)
    seconds = time.perf_counter() - start
    after = peak_kib()
    print(json.dumps({"valid": valid, "count": count, "seconds": seconds,
                      "before_kib": before, "after_kib": after}))
    """
)


def write_big_document(path: Path, size: int) -> int:
    """The bundled document plus generated activities, about ``size`` bytes; returns their count."""
    doc = bundled()
    doc["activities"] = []
    head, tail = json.dumps(doc).rsplit('"activities": []', 1)
    template = (
        '{"id": "generated-%07d", "name": "Generated activity %07d", "category": "group-1", '
        '"description": "' + " ".join(["A generated description of an activity."] * 3) + '"}'
    )
    count = size // (len(template % (0, 0)) + 2)
    with path.open("w", encoding="utf-8") as out:
        out.write(head + '"activities": [')
        out.write(",\n".join(template % (i, i) for i in range(count)))
        out.write("]" + tail)
    return count


@pytest.mark.slow
def test_100mb_document_is_validated_in_bounded_memory_and_time(tmp_path: Path) -> None:
    """A 100 MB document (about 450 000 activities) validates, in a child process.

    The bound: peak memory grows by at most 6 times the file's size (measured:
    about 4.4 times, in about 10 s on a shared machine), and the run ends within
    the timeout (no hang). The only problems are warnings: four empty categories.
    """
    path = tmp_path / "big.json"
    count = write_big_document(path, 100 * 2**20)
    size = path.stat().st_size
    result = subprocess.run(
        [sys.executable, "-c", _BIG_SCRIPT, str(path), "validate"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    measured = json.loads(result.stdout)
    grown = (measured["after_kib"] - measured["before_kib"]) * 1024
    print(f"100 MB validate: {size} bytes, {measured}, growth {grown / size:.2f}x the size")
    assert measured["valid"] is True
    assert measured["count"] == 0
    assert count > 400_000
    assert grown < 6 * size


@pytest.mark.parametrize("character", ["\n", "\t", "\x00", "\x1b", "\x7f"])
def test_text_fields_refuse_control_characters(character: str) -> None:
    document = bundled()
    document["activities"][2]["name"] = f"ICT{character}Eye"
    document["sectors"][0]["description"] = f"Radio{character}communication"
    report = itu_tcb.validate(document)
    found = {(p.path, p.kind) for p in report.errors}
    assert found == {
        ("$.activities[2].name", ProblemKind.VALUE),
        ("$.sectors[0].description", ProblemKind.VALUE),
    }
    assert all("control character" in p.message for p in report.errors)
