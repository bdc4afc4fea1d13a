"""Lookups and search: every key resolves under variants; random text never breaks them."""

from __future__ import annotations

import string
import unicodedata
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _keys, _lookup
from itu_tcb import strategies as its
from itu_tcb._lookup import Match, _distance, similarity
from itu_tcb._normalize import normalize
from itu_tcb._rules import quote

DATA = itu_tcb.load()


def keys_of(record: itu_tcb.Record) -> list[str]:
    """Every text a record answers to: id, aliases and its key fields."""
    return [key.text for key in _keys.keys_of(record)]


def names_of(record: itu_tcb.Record) -> list[str]:
    """The record's names, codes, acronyms and aliases (its keys but the id)."""
    return keys_of(record)[1:]


KEYS = [(key, record) for record in DATA for key in keys_of(record)]
NAMES = [(key, record) for record in DATA for key in names_of(record) if len(key) >= 5]
#: Accents: combining diacritical marks (U+034F, the grapheme joiner, is not one).
COMBINING = st.characters(min_codepoint=0x300, max_codepoint=0x36F).filter(unicodedata.combining)
SEPARATORS = st.sampled_from([" ", "-", "  ", " - ", "_", "\t", "--"])


@st.composite
def variants(draw: st.DrawFn, key: str) -> str:
    """``key`` in random case, with accents, other separators and extra spaces."""
    out = []
    for char in key:
        if char in " -":
            out.append(draw(SEPARATORS))
            continue
        out.append(char.upper() if draw(st.booleans()) else char.lower())
        if char.isalpha() and draw(st.booleans()):
            out.append(draw(COMBINING))
    pad = st.sampled_from(["", " ", "  ", "\n", "\u00a0"])
    return draw(pad) + "".join(out) + draw(pad)


def test_the_bundled_data_has_keys_to_test() -> None:
    assert len(DATA) == 47
    assert len(KEYS) > len(DATA)
    assert {type(r) for _, r in KEYS} == set(itu_tcb.models.RECORD_TYPES.values())


@pytest.mark.parametrize(("key", "record"), KEYS, ids=[k for k, _ in KEYS])
def test_every_key_resolves_exactly(key: str, record: itu_tcb.Record) -> None:
    assert DATA.get(key) is record
    assert DATA.lookup(key) is record
    assert key in DATA


@given(st.sampled_from(KEYS).flatmap(lambda kr: st.tuples(variants(kr[0]), st.just(kr[1]))))
def test_every_key_resolves_under_case_accent_and_spacing_variants(
    pair: tuple[str, itu_tcb.Record],
) -> None:
    variant, record = pair
    assert DATA.get(variant) is record
    assert DATA.lookup(variant) is record


@pytest.mark.parametrize(
    ("key", "record_id"),
    [
        ("itu d", "itu-d"),
        ("ITU-D", "itu-d"),
        ("Telecommunication Development Sector", "itu-d"),
        ("Radiocommunication Sector", "itu-r"),
        ("GSR", "global-symposium-for-regulators"),
        ("Global Industry Leaders' Forum", "global-industry-leaders-forum"),
        ("ITU e-learning centre", "itu-e-learning-centre"),
        ("ITU eLearning Centre", "itu-e-learning-centre"),
        ("the  itú   d", "itu-d"),
    ],
)
def test_documented_lookups(key: str, record_id: str) -> None:
    assert DATA.lookup(key).id == record_id


def test_get_returns_the_default_when_nothing_answers() -> None:
    marker = object()
    assert DATA.get("no such record") is None
    assert DATA.get("no such record", marker) is marker
    assert DATA.get("itu", marker) is DATA.agencies[0]


def test_not_found_names_the_closest_matches() -> None:
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        DATA.lookup("ITU-X")
    error = caught.value
    assert isinstance(error, KeyError)
    assert isinstance(error, LookupError)
    assert error.key == "ITU-X"
    assert error.suggestions
    assert all(s.startswith("ITU") for s in error.suggestions)
    assert str(error) == (
        "no record matches 'ITU-X'; closest: " + ", ".join(repr(s) for s in error.suggestions)
    )


def test_not_found_without_close_matches_says_so() -> None:
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        DATA.lookup("qqqqzzzz")
    assert caught.value.suggestions == ()
    assert str(caught.value) == "no record matches 'qqqqzzzz'"


ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)


@given(st.one_of(ANY_TEXT, st.text(string.printable), st.sampled_from([k for k, _ in KEYS])))
def test_random_text_gives_a_record_none_or_not_found(text: str) -> None:
    if not normalize(text):  # no letter or digit: the one rule for an empty key
        for method in (DATA.get, DATA.lookup, DATA.search):
            with pytest.raises(ValueError, match="is empty: give at least one letter or digit"):
                method(text)
        return
    found = DATA.get(text)
    assert found is None or found in set(DATA)
    if found is not None:
        assert DATA.lookup(text) is found
        return
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        DATA.lookup(text)
    error = caught.value
    # The message quotes the key, cut to a bounded length.
    assert quote(text) in str(error)
    assert set(error.suggestions) <= {r.title for r in DATA}
    assert all(repr(s) in str(error) for s in error.suggestions)


@given(st.one_of(ANY_TEXT, st.text(string.printable)), st.integers(1, 20))
def test_random_search_gives_ranked_matches_or_value_error(text: str, limit: int) -> None:
    if not normalize(text):
        with pytest.raises(ValueError, match="search text is empty"):
            DATA.search(text, limit)
        return
    matches = DATA.search(text, limit)
    assert isinstance(matches, list)
    assert len(matches) <= limit
    assert all(type(m) is Match and 0 < m.score <= 1 for m in matches)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert len({m.record.id for m in matches}) == len(matches)


@given(st.text(string.punctuation + string.whitespace + "\u2019\u00a0"))
def test_empty_or_punctuation_only_search_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="give at least one letter or digit"):
        DATA.search(text)


@pytest.mark.parametrize("key", [None, 1, 2.5, b"itu", ["itu"], ("itu",), object()])
def test_non_string_keys_are_type_errors_with_a_message(key: object) -> None:
    name = type(key).__name__
    with pytest.raises(TypeError, match=f"key must be a string, not {name}"):
        DATA.get(key)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=f"key must be a string, not {name}"):
        DATA.lookup(key)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=f"search text must be a string, not {name}"):
        DATA.search(key)  # type: ignore[call-overload]
    assert key not in DATA


@pytest.mark.parametrize(("limit", "error"), [(0, ValueError), (-1, ValueError), (True, TypeError)])
def test_search_limit_must_be_a_positive_integer(limit: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="limit must be"):
        DATA.search("itu", limit)  # type: ignore[call-overload]


@pytest.mark.parametrize(("key", "record"), KEYS, ids=[k for k, _ in KEYS])
def test_an_exact_match_ranks_first(key: str, record: itu_tcb.Record) -> None:
    best = DATA.search(key)[0]
    assert best.record is record
    assert best.score == 1.0


LETTERS = st.sampled_from(string.ascii_lowercase)


@st.composite
def typo(draw: st.DrawFn, word: str) -> str:
    """``word`` with one letter replaced, dropped, added or swapped with the next."""
    position = draw(st.integers(0, len(word) - 1))
    edit = draw(st.sampled_from(["replace", "drop", "add", "swap"]))
    if edit == "replace":
        return word[:position] + draw(LETTERS) + word[position + 1 :]
    if edit == "drop":
        return word[:position] + word[position + 1 :]
    if edit == "add":
        return word[:position] + draw(LETTERS) + word[position:]
    assume(position < len(word) - 1)
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def osa(a: str, b: str) -> int:
    """Reference optimal string alignment distance: the textbook table, row by row."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


def typo_case(edits: int) -> st.SearchStrategy[tuple[str, str, itu_tcb.Record]]:
    def build(pair: tuple[str, itu_tcb.Record]) -> st.SearchStrategy[Any]:
        text = typo(pair[0])
        for _ in range(edits - 1):
            text = text.flatmap(typo)
        return st.tuples(text, st.just(pair[0]), st.just(pair[1]))

    return st.sampled_from(NAMES).flatmap(build)


def assume_a_real_typo(text: str, name: str, record: itu_tcb.Record, edits: int) -> None:
    """Skip edits that cancel out, reach another record's own key, or go further
    than ``edits`` (an edit on top of a swap can)."""
    assume(any(c.isalnum() for c in text))
    assume(DATA.get(text) in (None, record))
    assume(0 < osa(text.lower(), name.lower()) <= edits)


@given(typo_case(1))
def test_a_one_letter_typo_finds_the_record_in_the_top_five(
    case: tuple[str, str, itu_tcb.Record],
) -> None:
    text, name, record = case
    assume_a_real_typo(text, name, record, 1)
    found = [m.record for m in DATA.search(text, limit=5)]
    assert record in found, f"{text!r} (a typo of {name!r}) found {[r.id for r in found]}"


# Two edits in a five-letter code ("TI-UR" for "ITU-R") can leave the typo almost no
# letter pair in common with the code; about 1 in 3000 such typos is then missed (see
# the report of issue 2). Derandomised so that CI stays deterministic.
@given(typo_case(2))
@settings(derandomize=True)
def test_a_two_letter_typo_finds_the_record_in_the_first_page(
    case: tuple[str, str, itu_tcb.Record],
) -> None:
    text, name, record = case
    assume_a_real_typo(text, name, record, 2)
    found = [m.record for m in DATA.search(text)]
    assert record in found, f"{text!r} (a typo of {name!r}) found {[r.id for r in found]}"


@pytest.mark.parametrize(("key", "record"), NAMES, ids=[k for k, _ in NAMES])
def test_a_dropped_letter_of_every_name_finds_it_first_or_near(
    key: str, record: itu_tcb.Record
) -> None:
    for position in range(len(key)):
        text = key[:position] + key[position + 1 :]
        if any(c.isalnum() for c in text):
            assert record in [m.record for m in DATA.search(text, limit=5)], text


def test_search_looks_at_descriptions_by_whole_words() -> None:
    matches = DATA.search("radiocommunication")
    assert matches[0].record.id == "itu-r"
    described = DATA.search("fundamental")
    assert [m.record.id for m in described] == ["itu-tcb-programme"]
    assert described[0].matched == "description"


# -------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ITU-D", "itu d"),
        (" itu  d ", "itu d"),
        ("Itú D", "itu d"),
        ("The ICT Regulation Toolkit", "ict regulation toolkit"),
        ("Leaders\u2019 Forum", "leaders forum"),
        ("public/private", "public private"),
        ("UN_Habitat", "un habitat"),
        ("", ""),
        ("--", ""),
    ],
)
def test_normalize(text: str, key: str) -> None:
    assert normalize(text) == key


@given(st.text())
def test_normalize_is_idempotent_and_strips_combining_marks(text: str) -> None:
    key = normalize(text)
    assert normalize(key) == key or key.startswith("the ")
    assert key == key.strip()
    assert "  " not in key
    assert not any(unicodedata.combining(c) for c in key)


@given(st.text("abcd", max_size=12) | st.text(max_size=12), st.text("abcd", max_size=12))
def test_distance_is_the_optimal_string_alignment_distance(a: str, b: str) -> None:
    assert _distance(a, b) == osa(a, b)
    assert _distance(a, b) == _distance(b, a)
    assert (_distance(a, b) == 0) is (a == b)
    assert abs(len(a) - len(b)) <= _distance(a, b) <= max(len(a), len(b))


def test_distance_counts_a_swap_of_neighbours_as_one() -> None:
    assert _distance("itu", "tiu") == 1
    assert _distance("abcd", "acbd") == 1
    assert _distance("kitten", "sitting") == 3


@given(st.text(min_size=1, max_size=15), st.text(min_size=1, max_size=15))
def test_similarity_is_one_only_for_equal_keys(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0 <= score <= 1
    assert (score == 1) is (a == b)


# ---------------------------------------------------- generated datasets


@pytest.mark.slow
@given(its.datasets(), st.data())
def test_every_key_of_a_generated_dataset_resolves(
    dataset: itu_tcb.Dataset, data: st.DataObject
) -> None:
    for record in dataset:
        for key in keys_of(record):
            assert dataset.lookup(key) is record
        key = data.draw(st.sampled_from(keys_of(record)))
        assert dataset.search(key)[0].record is record if any(c.isalnum() for c in key) else True


def test_a_name_of_punctuation_only_is_refused_as_it_could_never_be_looked_up() -> None:
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.Dataset.from_collections(
            {itu_tcb.RecordKind.AGENCY: [itu_tcb.Agency(id="dash", name="—", acronym="!!")]},
            metadata=DATA.metadata,
        )
    found = {(p.path, p.kind) for p in caught.value.report.errors}
    assert found == {
        ("$.agencies[0].name", itu_tcb.ProblemKind.VALUE),
        ("$.agencies[0].acronym", itu_tcb.ProblemKind.VALUE),
    }


def test_a_long_query_is_matched_by_words_without_edit_distances(
    data: itu_tcb.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = _lookup.distance_function()

    def counting(a: str, b: str) -> int:
        calls.append(len(a))
        return real(a, b)

    monkeypatch.setattr(_lookup, "_chosen", counting)
    query = "union " * 20_000
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        data.lookup(query)
    assert calls == []
    assert len(str(caught.value)) < 400  # the key is quoted, shortened
    matches = data.search("telecommunication " * 20_000)
    assert matches
    assert {m.matched for m in matches} == {"description"}
    data.search("union")
    assert calls  # short queries still get typo-tolerant matching


def test_an_exact_hit_reports_the_key_it_matched(data: itu_tcb.Dataset) -> None:
    best = data.search("-itu-")[0]
    assert (best.record.id, best.score, best.matched) == ("itu", 1.0, "ITU")


def test_get_and_search_agree_on_space_free_keys(data: itu_tcb.Dataset) -> None:
    for key in ("itud", "ITU eLearning Centre", "internettrainingcentresinitiative"):
        found = data.get(key)
        assert found is not None
        top = data.search(key)[0]
        assert (top.record, top.score) == (found, 1.0)


@given(st.one_of(ANY_TEXT, st.sampled_from(sorted({r.title for r in DATA}))), st.data())
def test_search_is_the_same_with_and_without_the_compiled_distance(
    text: str, draw: st.DataObject
) -> None:
    compiled = _lookup.distance_function()
    if compiled is _distance:
        pytest.skip("rapidfuzz (the 'fast' extra) is not installed: only one way to test")
    # A typo of a real name exercises the fuzzy scoring, not just exact hits.
    if len(text) > 3 and draw.draw(st.booleans()):
        cut = draw.draw(st.integers(0, len(text) - 1))
        text = text[:cut] + text[cut + 1 :]
    if not normalize(text):
        return
    with_compiled = DATA.search(text, 10)
    try:
        _lookup._chosen = _distance
        pure = DATA.search(text, 10)
    finally:
        _lookup._chosen = compiled
    assert pure == with_compiled


@given(st.text(max_size=30), st.text(max_size=30))
def test_the_compiled_distance_equals_the_pure_one(a: str, b: str) -> None:
    compiled = _lookup.distance_function()
    if compiled is _distance:
        pytest.skip("rapidfuzz (the 'fast' extra) is not installed: only one way to test")
    assert compiled(a, b) == _distance(a, b)


def test_distance_on_long_words() -> None:
    a, b = "telecommunication development sector", "telecomunication developmnet secotr"
    assert _distance(a, b) == osa(a, b) == 3
    long_a, long_b = "x" * 70 + "abc", "x" * 70 + "bac"  # wider than one machine word
    assert _distance(long_a, long_b) == osa(long_a, long_b) == 1
