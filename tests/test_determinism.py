"""Search and suggestions are a pure function of the data and the query.

The same answer in every process (any ``PYTHONHASHSEED``), ties broken by the
record's position in the data, and ``limit`` honoured among equally good matches.
"""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _integrity, _lookup

DATA = itu_tcb.load()
DOC = json.loads((resources.files("itu_tcb") / "data" / "itu.json").read_bytes())
SOURCE = {"section": "Fictional", "links": []}
SEEDS = ("0", "1", "2", "3", "7", "42", "99", "1234", "65535", "4294967295")

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


def _run(argv: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, *argv], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_search_and_failed_lookups_are_the_same_under_every_hash_seed() -> None:
    outputs = {_run(["-c", SCRIPT], seed) for seed in SEEDS}
    assert len(outputs) == 1
    (output,) = outputs
    assert output.count("\n") == 11 * 4 + 6
    assert output.count("; closest: ") >= 4


def test_the_cli_search_is_the_same_under_every_hash_seed() -> None:
    outputs = {_run(["-m", "itu_tcb", "search", "nido"], seed) for seed in SEEDS}
    assert len(outputs) == 1
    assert "unido" in outputs.pop()


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


# ------------------------------------------------------------ bounded work


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


def test_hints_for_near_miss_ids_among_many_still_find_the_id() -> None:
    categories = [
        {"id": f"group-{i:05d}", "agency": "itu", "heading": None, "source": SOURCE}
        for i in range(5_000)
    ]
    activities = [
        {"id": f"a-{i}", "name": f"A {i}", "category": f"grop-{i * 997:05d}", "source": SOURCE}
        for i in range(5)
    ]
    doc = {
        "schema_version": "1.0",
        "metadata": DOC["metadata"],
        "agencies": [{"id": "itu", "name": "Fictional Union", "source": SOURCE}],
        "categories": categories,
        "activities": activities,
    }
    report = itu_tcb.validate(json.dumps(doc).encode())
    hints = [p.hint for p in report.errors if p.kind is itu_tcb.ProblemKind.REFERENCE]
    assert hints == [f"did you mean 'group-{i * 997:05d}'?" for i in range(5)]


@given(st.integers(min_value=1, max_value=60))
def test_records_sharing_many_aliases_get_one_problem_per_shared_alias(count: int) -> None:
    aliases = tuple(f"Shared name {i}" for i in range(count))
    first = itu_tcb.Agency(id="first", name="First", aliases=aliases)
    second = itu_tcb.Agency(id="second", name="Second", aliases=tuple(a.upper() for a in aliases))
    problems = _integrity.check(_integrity.placed({itu_tcb.RecordKind.AGENCY: [first, second]}))
    ambiguous = [p for p in problems if p.kind is itu_tcb.ProblemKind.AMBIGUOUS]
    assert len(ambiguous) == count
    for problem, alias in zip(ambiguous, aliases, strict=True):
        assert f"({alias!r})" in problem.message
