"""Strict JSON (``itu_tcb._json``): bytes, text and a caller's mapping give the same
problems; the one walk of a mapping (shared and circular objects, subclasses, keys
that are not strings, the caller's mapping left as it was); byte order marks,
encodings, syntax, duplicate keys and the limits on nesting, integers and floats."""

from __future__ import annotations

import collections
import collections.abc
import copy
import enum
import json
import re
import types
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import (
    BUNDLED,
    BUNDLED_BYTES,
    bundled,
    found,
    hostile,
    mutated_document,
    only,
    path_kind_set,
    path_kinds,
)
from helpers import places as leaves
from itu_tcb import DataError, ProblemKind, _json
from itu_tcb import strategies as its
from itu_tcb.report import format_path

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


def test_duplicate_keys_at_every_depth() -> None:
    text = BUNDLED_BYTES.decode()
    version = f'"schema_version": "{itu_tcb.SCHEMA_VERSIONS[-1]}",'
    assert version in text
    text = text.replace(version, version + " " + version)
    text = text.replace('"value": 193,', '"value": 193, "value": 194,')
    text = text.replace('"label": "See",', '"label": "See", "label": "See",')
    report = itu_tcb.validate(text)
    assert path_kind_set(report) == {
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
        assert path_kind_set(report) == {
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
    assert path_kind_set(itu_tcb.validate(doc)) == {
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
    assert path_kind_set(report) == {
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


# --------------------------- a mapping is held to the limits of JSON text


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


def test_validating_a_mapping_leaves_it_unchanged() -> None:
    doc = bundled()
    doc["sectors"][0]["name"] = 1
    doc["activities"][0]["category"] = "nope"
    snapshot = copy.deepcopy(doc)
    itu_tcb.validate(doc)
    assert doc == snapshot


# ------------------------------------------ mapping, text and bytes agree


@settings(deadline=None)
@given(data=st.data())
def test_a_mutated_document_gives_the_same_problems_as_mapping_text_and_bytes(
    data: st.DataObject,
) -> None:
    doc = mutated_document(data)
    text = json.dumps(doc)  # NaN, Infinity and lone surrogates as JSON text writes them
    as_mapping = found(itu_tcb.validate(doc))
    assert as_mapping == found(itu_tcb.validate(text))
    assert as_mapping == found(itu_tcb.validate(text.encode("utf-8")))


@settings(deadline=None)
@given(data=st.data())
def test_validating_a_mapping_never_changes_it(data: st.DataObject) -> None:
    doc = mutated_document(data)
    before = json.dumps(doc, sort_keys=True)
    itu_tcb.validate(doc)
    assert json.dumps(doc, sort_keys=True) == before


def test_a_key_that_is_not_a_string_is_a_type_problem_at_its_object() -> None:
    doc = copy.deepcopy(BUNDLED)
    doc["sectors"][0][7] = "x"
    problems = [(p.path, p.kind.value) for p in itu_tcb.validate(doc).problems]
    assert problems == [("$.sectors[0]", "type")]
    assert 7 in doc["sectors"][0]  # the caller's mapping is left as it was


def test_a_value_of_no_json_type_is_a_type_problem() -> None:
    doc = copy.deepcopy(BUNDLED)
    doc["sectors"][0]["aliases"] = ("a", "b")
    problems = [(p.path, p.kind.value) for p in itu_tcb.validate(doc).problems]
    assert problems == [("$.sectors[0].aliases", "type")]


@pytest.mark.parametrize("boms", [1, 2])
def test_one_byte_order_mark_is_accepted_from_bytes_and_text_alike(boms: int) -> None:
    text = "\ufeff" * boms + json.dumps(BUNDLED)
    from_text = itu_tcb.validate(text)
    from_bytes = itu_tcb.validate(text.encode("utf-8"))
    assert found(from_text) == found(from_bytes)
    assert from_text.valid is (boms == 1)
    if boms == 2:  # the library's own words, not json's advice for Python code
        (problem,) = from_bytes.problems
        assert "remove the second one" in problem.message
        assert "utf-8-sig" not in problem.message


# ------------------------------------------- objects shared within one parse

#: JSON values that an object shared by the parser may hold, and some it may not.
flat_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, -0.0, 1.0]),
    st.text(max_size=3),
    st.just([]),
    st.lists(st.integers(0, 1), max_size=1),
)


@settings(deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from("abc"), flat_values, max_size=3), max_size=6))
def test_the_parser_shares_only_objects_that_are_equal_to_the_letter(
    objects: list[dict[str, Any]],
) -> None:
    """Objects that hold an empty list and otherwise only strings, integers, booleans
    and nulls are one object per parse; the value is exactly what ``json.loads``
    reads (``1`` is not ``true``, ``0.0`` is not ``-0.0``), and no other object is shared."""
    from itu_tcb import _json

    text = json.dumps({"objects": objects})
    value, problems, _ = _json.parse(text)
    assert problems == []
    assert json.dumps(value) == text
    parsed = value["objects"]
    for a, first in enumerate(parsed):
        for second in parsed[a + 1 :]:
            flat = all(v == [] or v is None or type(v) in (str, int, bool) for v in first.values())
            shareable = flat and [] in first.values()
            if first is second:
                assert shareable
            elif shareable:
                assert json.dumps(first) != json.dumps(second)


#: Keys and texts near the surrogate range, as characters and as JSON escapes.
surrogate_prone = st.lists(
    st.one_of(
        st.characters(min_codepoint=0xD700, max_codepoint=0xE000),
        st.sampled_from(["\\ud800", "\\udc00", "\\ud83c\\udf0d", "\\uD83C", "a", "\u00e9"]),
    ),
    max_size=4,
).map("".join)


@settings(deadline=None)
@given(st.dictionaries(surrogate_prone, st.lists(surrogate_prone, max_size=3), max_size=4))
def test_text_decoded_from_bytes_is_parsed_as_the_same_text_given_as_a_str(
    obj: dict[str, list[str]],
) -> None:
    """The parser skips the search for surrogate characters in a text decoded from
    bytes (strict UTF-8 holds none); any text that bytes can hold gives the same
    problems and value either way, and lone surrogate escapes are still found."""
    from itu_tcb import _json

    raw = json.dumps(obj, ensure_ascii=False)
    text = raw.replace("\\\\", "\\")  # the sampled escapes become escapes
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate character: no bytes hold this text
        _, problems, _ = _json.parse(text)
        assert any(p.kind is itu_tcb.ProblemKind.ENCODING for p in problems)
        return
    decoded, none = _json.decode(data)
    assert decoded is not None
    assert decoded == text
    assert none == []
    fast, fast_problems, _ = _json.parse(decoded, decoded=True)
    slow, slow_problems, _ = _json.parse(text)
    assert fast_problems == slow_problems
    assert repr(fast) == repr(slow) or fast_problems  # markers differ by identity only
    try:  # the escapes decode to a lone surrogate somewhere
        json.dumps(json.loads(text), ensure_ascii=False).encode("utf-8")
        lone = False
    except UnicodeEncodeError:
        lone = True
    assert bool(fast_problems) == lone


# ------------------------------------- objects reused in a caller's mapping

#: The mappings a caller may reuse: each is an object wherever it appears.
MAKERS = [dict, collections.OrderedDict, types.MappingProxyType]


def plain(value: Any) -> Any:
    """The same document with every mapping a ``dict`` and no object reused, as
    ``json.dumps`` then ``json.loads`` gives it (fresh objects at every place)."""
    if isinstance(value, collections.abc.Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@st.composite
def reused(draw: st.DrawFn) -> Any:
    """One object to put at several places: a mapping (of any kind) holding a leaf
    that may be at fault, and an inner object that is itself reused within it."""
    make = draw(st.sampled_from(MAKERS))
    inner = draw(st.sampled_from(MAKERS))({"label": draw(hostile), "url": None})
    leaf = draw(st.one_of(st.none(), st.text(max_size=3), hostile))
    shape = draw(st.sampled_from(["source", "nested", "list"]))
    if shape == "source":  # a SourceRef, as most records hold one
        return make({"section": leaf, "links": []})
    if shape == "nested":
        return make({"section": leaf, "links": [inner, inner]})
    return [inner, leaf, inner]


def documents() -> st.SearchStrategy[dict[str, Any]]:
    """Generated datasets as documents, and the bundled one."""
    return st.one_of(
        its.datasets().map(lambda dataset: dataset.to_document()),
        st.just(BUNDLED).map(copy.deepcopy),
    )


@settings(deadline=None)
@given(doc=documents(), data=st.data())
def test_an_object_reused_in_a_mapping_gives_what_the_same_text_gives(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    """Reused at any depth, in any kind of mapping, with or without a fault inside:
    the problems (kinds, paths, messages, order) are those of the document as text."""
    paths = [p for p in leaves(doc) if p]
    assume(paths)
    shared = data.draw(reused())
    chosen = data.draw(st.lists(st.sampled_from(paths), min_size=2, max_size=5, unique=True))
    # Places not inside one another (the object would hold itself), found before
    # any is replaced.
    places = [p for p in chosen if not any(p[: len(q)] == q and p != q for q in chosen)]
    parents = []
    for path in places:
        node: Any = doc
        for step in path[:-1]:
            node = node[step]
        parents.append((node, path[-1]))
    for node, step in parents:
        node[step] = shared
    text = json.dumps(plain(doc))
    before = json.dumps(plain(doc), sort_keys=True)
    as_mapping = found(itu_tcb.validate(doc))
    assert as_mapping == found(itu_tcb.validate(text))
    assert json.dumps(plain(doc), sort_keys=True) == before  # the caller's mapping is kept


@pytest.mark.parametrize("make", MAKERS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    "section",
    ["Intro", None, float("nan"), float("inf"), 2**70, "\ud800"],
    ids=["text", "null", "nan", "inf", "big", "surrogate"],
)
def test_a_source_reused_by_two_activities_is_checked_at_both(make: Any, section: Any) -> None:
    doc = copy.deepcopy(BUNDLED)
    source = make({"section": section, "links": []})
    doc["activities"][0]["source"] = doc["activities"][1]["source"] = source
    as_mapping = found(itu_tcb.validate(doc))
    assert as_mapping == found(itu_tcb.validate(json.dumps(plain(doc))))
    faulty = (section is not None and not isinstance(section, str)) or section == "\ud800"
    places = {p for p, _, _ in as_mapping if p.endswith(".source.section")}
    assert places == (
        {"$.activities[0].source.section", "$.activities[1].source.section"} if faulty else set()
    )
    if not faulty:
        assert itu_tcb.load(doc) == itu_tcb.load(json.dumps(plain(doc)))


def test_a_reused_object_with_a_key_that_is_not_a_string_is_a_problem_at_each_place() -> None:
    doc = copy.deepcopy(BUNDLED)
    source: dict[Any, Any] = {"section": None, "links": [], 1: "x"}
    doc["activities"][0]["source"] = doc["activities"][1]["source"] = source
    problems = [(p.path, p.kind.value) for p in itu_tcb.validate(doc).problems]
    assert problems == [("$.activities[0].source", "type"), ("$.activities[1].source", "type")]
    with pytest.raises(itu_tcb.DataError):
        itu_tcb.load(doc)
    assert 1 in source  # the caller's mapping is left as it was


class Text(str):
    pass


class Number(int):
    pass


class Real(float):
    pass


class Level(enum.IntEnum):
    ONE = 1


@settings(deadline=None)
@given(data=st.data())
def test_subclasses_of_str_int_and_float_are_the_plain_values_json_dumps_writes(
    data: st.DataObject,
) -> None:
    doc = mutated_document(data)

    def subclassed(value: Any) -> Any:
        if isinstance(value, dict):
            return {Text(key): subclassed(item) for key, item in value.items()}
        if isinstance(value, list):
            return [subclassed(item) for item in value]
        if type(value) is str:
            return Text(value)
        if type(value) is int:
            return Level.ONE if value == 1 else Number(value)
        if type(value) is float:
            return Real(value)
        return value

    odd = subclassed(doc)
    text = json.dumps(odd)
    assert text == json.dumps(doc)  # json.dumps writes them as the plain values
    assert found(itu_tcb.validate(odd)) == found(itu_tcb.validate(text))


def test_a_valid_document_of_subclassed_strings_loads_as_plain_strings() -> None:
    doc = copy.deepcopy(BUNDLED)
    doc["activities"][0] = {
        Text(k): Text(v) if type(v) is str else v for k, v in doc["activities"][0].items()
    }
    assert itu_tcb.validate(doc).valid
    assert itu_tcb.load(doc) == itu_tcb.load()


class Counted(collections.abc.Mapping[str, Any]):
    """A mapping that counts how often it is read through."""

    reads = 0

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Any:
        Counted.reads += 1
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def doubled(depth: int, bottom: Any, make: Any = list) -> Any:
    value = bottom
    for _ in range(depth):
        value = make({"a": value, "b": value}) if make is not list else [value, value]
    return value


@pytest.mark.parametrize("bottom", [1.5, float("nan")], ids=["fine", "nan"])
def test_hostile_sharing_is_walked_once_per_container(bottom: Any) -> None:
    """An object holding one object twice, 40 deep, names 2**40 places: each container
    is read once, and past the cap the report says that it stops repeating problems."""
    from itu_tcb import _json

    Counted.reads = 0
    _json.check_mapping({"odd": doubled(12, bottom, Counted)})
    assert Counted.reads == 12  # 4095 if each place were walked
    _, problems, _ = _json.check_mapping({"odd": doubled(40, [bottom])})
    limits = [p for p in problems if p.kind is itu_tcb.ProblemKind.LIMIT]
    if bottom == 1.5:
        assert problems == []
        return
    assert len(problems) <= _json.REPEATED_PROBLEMS + 41
    assert len(limits) == 1
    assert "first place only" in limits[0].message
    assert problems[0].path == "$.odd" + "[0]" * 41
    report = itu_tcb.validate({**BUNDLED, "odd": doubled(40, [bottom])})
    assert any(p.kind is itu_tcb.ProblemKind.LIMIT for p in report.problems)


def test_below_the_cap_hostile_sharing_reports_every_place_as_text_does() -> None:
    doc = {**copy.deepcopy(BUNDLED), "odd": doubled(8, [float("nan")])}
    as_mapping = found(itu_tcb.validate(doc))
    assert as_mapping == found(itu_tcb.validate(json.dumps(doc)))
    assert sum("NaN" in message for _, _, message in as_mapping) == 2**8


def test_a_circle_reached_from_two_places_is_reported_where_it_closes() -> None:
    from itu_tcb import _json

    first: dict[str, Any] = {}
    second: dict[str, Any] = {"first": first}
    first["second"] = second
    value, problems, _ = _json.check_mapping({"x": first, "y": second})
    assert [(p.path, p.kind.value) for p in problems] == [
        ("$.x.second.first", "type"),
        ("$.y.first", "type"),  # the copy of ``second``, met again, carries its circle
    ]
    assert isinstance(value["y"]["first"], _json.NotJson)
    assert value["x"]["second"] is value["y"]
    assert first == {"second": second}  # the caller's mapping is left as it was


# ----------------------------- circular values and mappings of every kind


@pytest.mark.parametrize("where", ["aliases", "unknown"])
@pytest.mark.parametrize("shape", ["list", "dict"])
def test_a_value_that_contains_itself_is_a_type_problem_not_a_hang(where: str, shape: str) -> None:
    doc = copy.deepcopy(BUNDLED)
    cycle: Any = [] if shape == "list" else {}
    if shape == "list":
        cycle.append(cycle)
    else:
        cycle["a"] = cycle
    doc["activities"][3]["aliases" if where == "aliases" else "odd"] = cycle
    report = itu_tcb.validate(doc)
    assert not report.valid
    circular = [p for p in report.problems if "circular" in p.message]
    assert len(circular) == 1
    step = "[0]" if shape == "list" else ".a"
    field = "aliases" if where == "aliases" else "odd"
    assert circular[0].path == f"$.activities[3].{field}{step}"
    assert circular[0].kind is itu_tcb.ProblemKind.TYPE


def test_a_shared_container_is_walked_once() -> None:
    doc = copy.deepcopy(BUNDLED)
    shared = ["a", "b"]
    for activity in doc["activities"]:
        activity["aliases"] = shared  # the same list, many times: not circular
    report = itu_tcb.validate(doc)
    assert all(p.kind is itu_tcb.ProblemKind.AMBIGUOUS for p in report.errors)


def wrapped(value: Any, make: Any) -> Any:
    if isinstance(value, dict):
        return make({k: wrapped(v, make) for k, v in value.items()})
    if isinstance(value, list):
        return [wrapped(v, make) for v in value]
    return value


class Frozen(collections.abc.Mapping[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Any:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize(
    "make", [collections.OrderedDict, types.MappingProxyType, Frozen], ids=lambda m: m.__name__
)
def test_any_mapping_is_an_object_at_every_depth(make: Any) -> None:
    doc = wrapped(BUNDLED, make)
    assert itu_tcb.validate(doc).valid
    assert itu_tcb.load(doc) == itu_tcb.load()
    broken = copy.deepcopy(BUNDLED)
    broken["sectors"][0]["name"] = 1
    assert path_kinds(itu_tcb.validate(wrapped(broken, make))) == path_kinds(
        itu_tcb.validate(broken)
    )


@settings(deadline=None)
@given(
    # No high surrogate before a low one: JSON's escapes would pair them into one
    # character, which is no fault in text.
    key=st.text(st.characters(codec=None, categories=["Cs", "Ll"]), min_size=1, max_size=4).filter(
        lambda key: re.search("[\ud800-\udbff][\udc00-\udfff]", key) is None
    )
)
def test_a_key_with_a_lone_surrogate_is_reported_alike_from_str_and_mapping(key: str) -> None:
    doc = copy.deepcopy(BUNDLED)
    doc["activities"][3][key] = 1
    as_mapping = path_kinds(itu_tcb.validate(doc))
    assert path_kinds(itu_tcb.validate(json.dumps(doc, ensure_ascii=False))) == as_mapping
    assert path_kinds(itu_tcb.validate(json.dumps(doc))) == as_mapping
