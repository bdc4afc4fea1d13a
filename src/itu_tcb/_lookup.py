"""Name normalisation, the key index and ranked search. Standard library only.

Everything here is built once per dataset: :class:`Index` holds the normalised
keys, a trigram index for typo-tolerant matching and a word index over the
descriptions. A query touches only the postings of its own trigrams and words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Generic, TypeVar

import attrs

T = TypeVar("T")

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`")
_SEPARATORS = re.compile(r"[\W_]+")
#: Candidates re-scored by edit distance after the trigram pass.
_RESCORE = 40
#: Scores below this are not returned by search.
_FLOOR = 0.34


def normalize(text: str) -> str:
    """Fold case, accents, apostrophes, hyphens and spacing; drop a leading "the".

    ``"ITU-D"``, ``" itu  d "`` and ``"Itú D"`` all become ``"itu d"``.
    """
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = _SEPARATORS.sub(" ", text.casefold().translate(_APOSTROPHES)).strip()
    return text[4:] if text.startswith("the ") else text


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent swaps)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def _ratio(a: str, b: str) -> float:
    return max(0.0, 1.0 - _distance(a, b) / max(len(a), len(b)))


def similarity(query: str, key: str) -> float:
    """How alike two normalised strings are, from 0 to 1 (1 is equal).

    A whole-key match beats a prefix, which beats whole words inside the key;
    otherwise the score comes from the edit distance to the whole key or, scaled
    down, to the run of the key's words as long as the query.
    """
    if query == key:
        return 1.0
    if key.startswith(query):
        return 0.9 - 0.1 * (1 - len(query) / len(key))
    if f" {query} " in f" {key} ":
        return 0.75
    score = _ratio(query, key) * 0.85
    words, size = key.split(), len(query.split())
    if len(words) > size:
        best = max(
            _ratio(query, " ".join(words[i : i + size])) for i in range(len(words) - size + 1)
        )
        score = max(score, best * 0.7)
    return score


@attrs.frozen
class Match(Generic[T]):
    """One search result: the record, its score (0 to 1], and the text that matched."""

    record: T
    score: float
    matched: str


class Index(Generic[T]):
    """Keys and words of a fixed sequence of records, built once."""

    def __init__(
        self,
        records: Sequence[T],
        keys: Sequence[Iterable[str]],
        texts: Sequence[Iterable[str]],
    ) -> None:
        self.records = records
        self.exact: dict[str, int] = {}
        self.key_text: list[str] = []
        self.key_norm: list[str] = []
        self.key_owner: list[int] = []
        trigram_postings: dict[str, list[int]] = {}
        word_postings: dict[str, set[int]] = {}
        for owner, record_keys in enumerate(keys):
            for raw in record_keys:
                key = normalize(raw)
                # First owner wins; datasets with a key of two owners never get here,
                # because the integrity checks reject them as ambiguous.
                if not key or key in self.exact:
                    continue
                self.exact[key] = owner
                slot = len(self.key_text)
                self.key_text.append(raw)
                self.key_norm.append(key)
                self.key_owner.append(owner)
                for gram in _trigrams(key):
                    trigram_postings.setdefault(gram, []).append(slot)
        for owner, record_texts in enumerate(texts):
            for raw in record_texts:
                for word in normalize(raw).split():
                    word_postings.setdefault(word, set()).add(owner)
        compact_owners: dict[str, set[int]] = {}
        for key, owner in self.exact.items():
            compact_owners.setdefault(key.replace(" ", ""), set()).add(owner)
        #: Space-free keys ("elearning"), kept only where one record owns them.
        self.compact = {k: min(v) for k, v in compact_owners.items() if len(v) == 1}
        self.trigrams = trigram_postings
        self.words = word_postings

    def get(self, key: str) -> T | None:
        """The record whose normalised key equals ``key``'s, or ``None``."""
        norm = normalize(key)
        found = self.exact.get(norm)
        if found is None:
            found = self.compact.get(norm.replace(" ", ""))
        return None if found is None else self.records[found]

    def search(self, text: str, limit: int) -> list[Match[T]]:
        """Records ranked by how well their keys (or descriptions) match ``text``."""
        query = normalize(text)
        if not query:
            return []
        best: dict[int, tuple[float, str]] = {}
        exact = self.exact.get(query)
        if exact is not None:
            best[exact] = (1.0, text)
        grams = _trigrams(query)
        counts = Counter(chain.from_iterable(self.trigrams.get(g, ()) for g in grams))
        for slot, _ in counts.most_common(_RESCORE):
            score = similarity(query, self.key_norm[slot])
            owner = self.key_owner[slot]
            if score >= _FLOOR and score > best.get(owner, (0.0, ""))[0]:
                best[owner] = (score, self.key_text[slot])
        words = query.split()
        hits = Counter(chain.from_iterable(self.words.get(w, ()) for w in words))
        for owner, found in hits.items():
            score = 0.5 * found / len(words)
            if score >= _FLOOR * 0.5 and score > best.get(owner, (0.0, ""))[0]:
                best[owner] = (score, "description")
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return [Match(self.records[i], round(s, 4), m) for i, (s, m) in ranked[:limit]]
