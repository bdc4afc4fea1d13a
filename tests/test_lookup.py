"""The index and search (``itu_tcb._lookup``): ranking, typos, the edit distance and
similarity, bounded work on long keys, and the same answers under every hash seed
and from many threads at once."""

from __future__ import annotations

import html
import string
import threading
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import (
    ANY_TEXT,
    DATA,
    HASH_SEEDS,
    KEYS,
    answers_to,
    parse_html,
    run_with_hash_seed,
    tiny,
)
from itu_tcb import _lookup
from itu_tcb._lookup import Match, _distance, similarity
from itu_tcb._normalize import normalize

# ------------------------------------------------------ ranking and typos


def names_of(record: itu_tcb.Record) -> list[str]:
    """The record's names, codes, acronyms and aliases (its keys but the id)."""
    return answers_to(record)[1:]


NAMES = [(key, record) for record in DATA for key in names_of(record) if len(key) >= 5]


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


# ------------------------------------------------ distance and similarity


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


@pytest.mark.parametrize("query", ["ITU-D", "Radiocomunication Sector", "development"])
def test_a_match_shows_its_score_record_and_what_matched_in_a_notebook(query: str) -> None:
    match = DATA.search(query)[0]
    markup = match._repr_html_()
    shown = parse_html(markup)
    assert "".join(shown.text) == f"{match.score:.2f} {match.record} ({match.matched})"
    assert shown.tags == ["p", "strong"]


def test_a_match_in_a_notebook_escapes_the_record_and_the_matched_text() -> None:
    name = "Workshops <script>alert('x')</script> & co"
    data = tiny(name=name)
    match = data.search(name, kind=itu_tcb.Activity)[0]
    assert (match.record.name, match.matched, match.score) == (name, name, 1.0)
    markup = match._repr_html_()
    assert "<script" not in markup
    assert html.escape(name) in markup
    assert "".join(parse_html(markup).text) == f"1.00 {match.record} ({name})"


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


# --------------------------------- the same answers under every hash seed


#: Searches and failed lookups on the bundled data, printed one per line.
SCRIPT = """
import itu_tcb
data = itu_tcb.load()
for text in ("nido", "itu", "development", "telecomunication developmnt", "unoin",
             "sector", "world bank", "un", "d", "training centres", "kaleidoscope itu"):
    for limit in (1, 3, 10, 50):
        print(text, limit, [(m.record.id, m.score, m.matched) for m in data.search(text, limit)])
for key in ("nido", "itux", "wrold bank", "secotr", "zzzz", "develpment"):
    try:
        data.lookup(key)
    except itu_tcb.NotFoundError as exc:
        print(key, exc)
"""


def test_search_and_failed_lookups_are_the_same_under_every_hash_seed() -> None:
    outputs = {run_with_hash_seed(["-c", SCRIPT], seed) for seed in HASH_SEEDS}
    assert len(outputs) == 1
    (output,) = outputs
    assert output.count("\n") == 11 * 4 + 6
    assert output.count("; closest: ") >= 4


def _twins(names: list[str]) -> itu_tcb.Dataset:
    agencies = [itu_tcb.Agency(id=f"agency-{i}", name=name) for i, name in enumerate(names)]
    return itu_tcb.Dataset.from_collections(
        {itu_tcb.RecordKind.AGENCY: agencies}, metadata=DATA.metadata
    )


def test_ten_equally_good_matches_all_come_back_in_document_order() -> None:
    data = _twins([f"Alpha office {c}" for c in "abcdefghij"])
    matches = data.search("alpha office", limit=10)
    assert [m.record.id for m in matches] == [f"agency-{i}" for i in range(10)]
    assert len({m.score for m in matches}) == 1


@given(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(["alpha", "alpha office", "alpah ofice", "office"]),
)
def test_limit_is_honoured_among_ties(count: int, limit: int, query: str) -> None:
    # Distinct three-letter suffixes of one length: every name is equally good.
    suffixes = [a + b + c for a in string.ascii_lowercase for b in "xyz" for c in "pq"][:count]
    data = _twins([f"Alpha office {s}" for s in suffixes])
    matches = data.search(query, limit=limit)
    assert len(matches) == min(limit, count)
    assert len({m.score for m in matches}) == 1
    assert [m.record.id for m in matches] == [f"agency-{i}" for i in range(len(matches))]


@given(st.text(min_size=1, max_size=20), st.integers(min_value=1, max_value=20))
def test_results_are_ordered_by_score_then_position(text: str, limit: int) -> None:
    position = {record.id: i for i, record in enumerate(DATA)}
    try:
        matches = DATA.search(text, limit=limit)
    except ValueError:
        return
    order = [(-m.score, position[m.record.id]) for m in matches]
    assert order == sorted(order)
    assert len({m.record.id for m in matches}) == len(matches)


# ----------------------------------------------------------- bounded work


def test_a_very_long_name_is_compared_by_its_start_only(monkeypatch: pytest.MonkeyPatch) -> None:
    lengths: list[int] = []
    real = _lookup.distance_function()

    def counting(a: str, b: str) -> int:
        lengths.append(max(len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(_lookup, "_chosen", counting)
    name = " ".join(f"word{i}" for i in range(100_000))
    data = _twins([name, "Alpha office"])
    assert data.lookup(name) is data.collection("agencies")[0]
    with pytest.raises(itu_tcb.NotFoundError):
        data.lookup("wrod1 wrod2")
    assert data.search("word1 word2 word3")[0].record.id == "agency-0"  # a prefix
    assert lengths
    assert max(lengths) <= _lookup._FUZZY_KEY
    fuzzy = data._index.fuzzy
    assert sum(map(len, fuzzy.trigrams.values())) <= 2 * (_lookup._FUZZY_KEY + 10) + 40


def test_the_index_of_a_long_cjk_name_holds_grams_of_its_start_only() -> None:
    name = "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(50_000))
    fuzzy = _twins([name])._index.fuzzy
    assert len(fuzzy.trigrams) <= 2 * (_lookup._FUZZY_KEY + 10) + 40


# -------------------------------------------------------- the score floor


@given(
    st.text(min_size=1, max_size=20),
    st.integers(min_value=1, max_value=30),
    st.floats(min_value=0, max_value=1),
)
def test_min_score_leaves_out_the_weak_matches_only(text: str, limit: int, floor: float) -> None:
    data = itu_tcb.load()
    try:
        every = data.search(text, limit, min_score=0)
    except ValueError:
        return
    kept = data.search(text, limit, min_score=floor)
    assert kept == [m for m in every if m.score >= floor]


@pytest.mark.parametrize(
    ("floor", "error"),
    [
        (1.5, ValueError),
        (-1, ValueError),
        (float("nan"), ValueError),
        ("0.5", TypeError),
        (True, TypeError),
    ],
)
def test_search_checks_min_score(floor: Any, error: type[Exception], data: itu_tcb.Dataset) -> None:
    with pytest.raises(error, match="min_score must be a number"):
        data.search("itu", min_score=floor)


# ------------------------------------------------------- what is searched


def test_open_lists_are_not_searched_as_text() -> None:
    """The names in ``open_lists`` are field names, not the record's prose."""
    data = itu_tcb.load()
    assert all(m.matched != "open_lists" for m in data.search("global_challenges"))


# ---------------------------------------------------------------- threads


THREADS = 16


@pytest.mark.usefixtures("fresh_cache")
def test_threads_searching_a_fresh_dataset_agree() -> None:
    data = itu_tcb.load()
    barrier = threading.Barrier(THREADS)
    queries = ["itu d", "GSR", "cybersecurity", "Radiocomunication", "UNESCO"]
    expected = {q: [(m.record.id, m.score) for m in data.search(q)] for q in queries}
    fresh = itu_tcb.load(data.to_document())
    results: list[dict[str, list[tuple[str, float]]]] = []

    def work() -> None:
        barrier.wait(timeout=30)
        results.append({q: [(m.record.id, m.score) for m in fresh.search(q)] for q in queries})

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [expected] * THREADS
