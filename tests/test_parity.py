"""One rule, one answer: a document as a mapping, as JSON text and as bytes gives the
same problems; a record built in Python passes exactly where the loader would; the
text rule is the one Unicode definition everywhere."""

from __future__ import annotations

import collections
import collections.abc
import copy
import enum
import json
import re
import sys
import types
import unicodedata
from importlib import resources
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _rules
from itu_tcb import strategies as its
from itu_tcb.models import RecordKind

BUNDLED: dict[str, Any] = json.loads(
    (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")
)


def found(report: itu_tcb.Report) -> list[tuple[str, str, str]]:
    return [(p.path, p.kind.value, p.message) for p in report.problems]


# ------------------------------------------------------------ one text rule


def test_the_forbidden_characters_are_exactly_the_categories_cc_zl_zp() -> None:
    import re

    forbidden = re.compile(f"[{_rules.FORBIDDEN}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = unicodedata.category(char) in ("Cc", "Zl", "Zp")
        assert (forbidden.match(char) is not None) is expected, hex(code)


def test_the_spelled_out_whitespace_is_exactly_str_isspace() -> None:
    import re

    space = re.compile(f"[{_rules.SPACE}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (space.match(char) is not None) is char.isspace(), hex(code)


LINE_LIKE = ["\x85", "\u2028", "\u2029", "\x80", "\x9f", "\n", "\x00", "\x7f"]


@pytest.mark.parametrize("char", LINE_LIKE)
def test_every_line_breaking_character_is_refused_everywhere(char: str) -> None:
    """The loader, the JSON Schema and records built in Python agree."""
    value = f"a{char}b"
    assert _rules.TEXT.check(value) is not None
    doc = copy.deepcopy(BUNDLED)
    doc["sectors"][0]["name"] = value
    report = itu_tcb.validate(doc)
    assert [(p.path, p.kind.value) for p in report.errors] == [("$.sectors[0].name", "value")]
    with pytest.raises(itu_tcb.RecordError, match="one line"):
        itu_tcb.Link(label=value)
    schema = pytest.importorskip("jsonschema")
    assert not schema.Draft202012Validator(itu_tcb.json_schema()).is_valid(doc)


# --------------------------------------------- mapping, text and bytes agree

#: Values that JSON text can carry (some of them only as faults it reports).
hostile = st.one_of(
    st.integers(),
    st.integers(min_value=2**63 - 3, max_value=2**63 + 3),
    st.integers(min_value=-(2**63) - 3, max_value=-(2**63) + 3),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1.5, True, False, None]),
    # A high surrogate followed by a low one is two lone surrogates in a Python str,
    # but one character once JSON text escapes them: no fault that text can show.
    st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zl", "Zp", "Ll", "Zs"])).filter(
        lambda text: re.search("[\ud800-\udbff][\udc00-\udfff]", text) is None
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path inside a parsed document, containers included."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += leaves(item, (*path, index))
    return out


PATHS = [p for p in leaves(BUNDLED) if p]


def mutated(data: st.DataObject) -> dict[str, Any]:
    doc = copy.deepcopy(BUNDLED)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(PATHS))
        node: Any = doc
        try:
            for step in path[:-1]:
                node = node[step]
            how = data.draw(st.sampled_from(["replace", "drop", "add"]))
            if how == "replace":
                node[path[-1]] = data.draw(hostile)
            elif how == "drop" and isinstance(node, dict):
                del node[path[-1]]
            elif isinstance(node, dict):
                node[data.draw(st.text(max_size=5))] = data.draw(hostile)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place
    return doc


@settings(deadline=None)
@given(data=st.data())
def test_a_mutated_document_gives_the_same_problems_as_mapping_text_and_bytes(
    data: st.DataObject,
) -> None:
    doc = mutated(data)
    text = json.dumps(doc)  # NaN, Infinity and lone surrogates as JSON text writes them
    as_mapping = found(itu_tcb.validate(doc))
    assert as_mapping == found(itu_tcb.validate(text))
    assert as_mapping == found(itu_tcb.validate(text.encode("utf-8")))


@settings(deadline=None)
@given(data=st.data())
def test_validating_a_mapping_never_changes_it(data: st.DataObject) -> None:
    doc = mutated(data)
    before = json.dumps(doc, sort_keys=True)
    itu_tcb.validate(doc)
    assert json.dumps(doc, sort_keys=True) == before


@settings(deadline=None)
@given(data=st.data())
def test_a_document_the_library_parsed_is_structured_alike_and_let_go(
    data: st.DataObject,
) -> None:
    """Structuring a parsed document that the library owns drops each record's parsed
    object from its list (so that the tree and the records are not alive together),
    and gives exactly what structuring a caller's mapping gives."""
    from itu_tcb import _document, _json

    text = json.dumps(mutated(data))
    kept, _, _ = _json.parse(text)
    owned, _, _ = _json.parse(text)
    assume(type(kept) is dict)
    as_kept = _document.structure(kept)
    as_owned = _document.structure(owned, owned=True)
    assert as_owned == as_kept
    if as_kept.schema_version is None:
        return  # a document of another version is not read past its version
    for kind in RecordKind:
        items = owned.get(kind.collection)
        if type(items) is list:
            assert items == [None] * len(items)


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


# ------------------------------------- records built in Python load back

any_text = st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zl", "Zp", "L", "Zs"]))
#: Mostly acceptable values, with the hostile ones mixed in.
some_text = st.one_of(its.texts(), st.text(alphabet="ab", min_size=1), any_text)
some_count = st.one_of(st.integers(0, 1000), st.integers())


@settings(deadline=None)
@given(name=some_text, code=some_text, label=some_text, value=some_count)
def test_a_dataset_built_in_python_loads_back_from_its_document(
    name: str, code: str, label: str, value: int
) -> None:
    """Whatever the values: if Python accepts the records, the loader accepts their
    document and gives an equal dataset (no value passes one and fails the other)."""
    meta = itu_tcb.load().metadata
    try:
        dataset = itu_tcb.Dataset(
            metadata=meta,
            agencies=(
                itu_tcb.Agency(
                    id="fictional",
                    name=name,
                    years_active=itu_tcb.Count(value=value),
                    source=itu_tcb.SourceRef(links=(itu_tcb.Link(label=label),)),
                ),
            ),
            sectors=(
                itu_tcb.Sector(id="fictional-s", code=code, name="Sector", agency="fictional"),
            ),
        )
    except (itu_tcb.RecordError, itu_tcb.DataError):
        assume(False)
        raise
    document = dataset.to_document()
    assert itu_tcb.validate(document).valid
    assert itu_tcb.load(json.dumps(document)) == dataset


@given(text=any_text)
def test_python_records_and_the_loader_refuse_the_same_texts(text: str) -> None:
    python: str | None = None
    try:
        itu_tcb.Link(label=text)
    except itu_tcb.RecordError as exc:
        python = exc.problems[0][1]
    doc = copy.deepcopy(BUNDLED)
    doc["agencies"][0]["source"]["links"][0]["label"] = text
    problems = [p for p in itu_tcb.validate(doc).problems if "links" in p.path]
    assert (problems[0].message if problems else None) == python


@pytest.mark.slow
@settings(deadline=None)
@given(first=its.datasets(max_records=2), second=its.datasets(max_records=2))
def test_a_dataset_and_a_merged_one_load_back_from_their_documents(
    first: itu_tcb.Dataset, second: itu_tcb.Dataset
) -> None:
    assert itu_tcb.load(json.dumps(first.to_document())) == first
    try:
        merged = itu_tcb.merge(first, second)
    except itu_tcb.DataError:
        assume(False)
        raise
    assert itu_tcb.load(merged.to_document()) == merged


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
    doc = mutated(data)

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
