"""The key index and ranked search (standard library only).

An :class:`Index` is built once, when first needed: its exact tables on the first
lookup, a trigram index of the keys and a word index of the descriptions on the first
search. A query touches only the postings of its own trigrams and words.
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, chain
from typing import Generic, TypeVar

import attrs

from ._normalize import normalize

T = TypeVar("T")

#: Candidates re-scored by edit distance after the trigram pass (or ``limit`` of them).
_RESCORE = 6
#: Queries longer than this (after normalising) are matched by whole words only.
_LONGEST_FUZZY = 200
#: A key is matched for typos by its first this many characters (and still exactly, as
#: a prefix and by whole words): a far longer key is not a misspelt name, and its grams
#: would take memory many times its size.
_FUZZY_KEY = 200
#: Scores below this are not returned by search.
_FLOOR = 0.34
#: The default ``min_score`` of a search. Chosen on the bundled data: a name with one
#: or two typos ("radiocomunication", "NUCTD") and a single word found in a description
#: (0.5) stay above it; a name sharing only some letters with the query (the World Bank
#: for "broadband", 0.425) falls below.
MIN_SCORE = 0.45


def check_min_score(value: object) -> float:
    """``value`` as a score floor: a number from 0 to 1 (else TypeError or ValueError)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"min_score must be a number, not {type(value).__name__}")
    if not 0 <= value <= 1:  # NaN too: it compares false
        raise ValueError(f"min_score must be a number from 0 to 1, not {value!r}")
    return float(value)


def _trigrams(key: str) -> set[str]:
    """The padded trigrams of a key, and its bigrams: two typos in a short key
    ("NUCTD" for "UNCTAD") can break every trigram but leave bigrams in common."""
    padded = f"  {key} "
    grams = {padded[i : i + 3] for i in range(len(padded) - 2)}
    return grams | {padded[i : i + 2] for i in range(1, len(padded) - 1)}


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent swaps), by Hyyrö's
    bit-parallel algorithm (2003): the table's columns as bits of Python integers."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    masks: dict[str, int] = {}
    bit = 1
    for c in a:
        masks[c] = masks.get(c, 0) | bit
        bit <<= 1
    full = bit - 1
    last = 1 << (len(a) - 1)
    vp, vn, d0, pm_old, dist = full, 0, 0, 0, len(a)
    for c in b:
        pm = masks.get(c, 0)
        tr = (((~d0 & pm) << 1) & pm_old) & full
        d0 = ((((pm & vp) + vp) ^ vp) | pm | vn | tr) & full
        hp = (vn | ~(d0 | vp)) & full
        hn = d0 & vp
        if hp & last:
            dist += 1
        elif hn & last:
            dist -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = (hn | ~(d0 | hp)) & full
        vn = hp & d0
        pm_old = pm
    return dist


_chosen: Callable[[str, str], int] | None = None


def distance_function() -> Callable[[str, str], int]:
    """The distance in use: rapidfuzz's (the same metric, in C) with the optional
    ``itu-tcb[fast]`` extra, else ``_distance``. Chosen on first use: importing this
    module stays cheap."""
    global _chosen
    if _chosen is None:
        try:
            from rapidfuzz.distance.OSA import distance as compiled
        except ImportError:
            _chosen = _distance
        else:
            _chosen = compiled
    return _chosen


def _ratio(a: str, b: str) -> float:
    return max(0.0, 1.0 - (_chosen or distance_function())(a, b) / max(len(a), len(b)))


def similarity(query: str, key: str) -> float:
    """How alike two normalised strings are, from 0 to 1 (1 is equal).

    A whole-key match beats a prefix, which beats whole words inside the key; otherwise
    the score comes from the edit distance to the whole key or, scaled down, to the run
    of the key's words as long as the query.
    """
    if query == key:
        return 1.0
    if key.startswith(query):
        return 0.9 - 0.1 * (1 - len(query) / len(key))
    if f" {query} " in f" {key} ":
        return 0.75
    key = key[:_FUZZY_KEY]  # an edit distance costs the product of the lengths
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

    def _repr_html_(self) -> str:
        """The match for Jupyter: its score, the record and what matched (escaped)."""
        from html import escape

        shown = escape(str(self.record))
        return f"<p>{self.score:.2f} <strong>{shown}</strong> ({escape(self.matched)})</p>"


class _Tables:
    """The exact tables: a slot per normalised key of each record (records of different
    agencies may share a key), with its text as written and its owner's position."""

    __slots__ = ("compact", "exact", "fast", "key_norm", "key_owner", "key_text", "shared")

    def __init__(self, records: Sequence[T], keys: Callable[[T], Iterable[str]]) -> None:
        self.key_text: list[str] = []
        self.key_norm: list[str] = []
        self.key_owner: list[int] = []
        #: Normalised key, and space-free key, to the first slot that has it.
        self.exact: dict[str, int] = {}
        self.compact: dict[str, int] = {}
        fast: dict[str, int] = {}  # text as written to its slot (later: its owner)
        for owner, record in enumerate(records):
            own: dict[str, int] = {}  # a record's repeats of one key share its slot
            for raw in keys(record):
                if not (key := normalize(raw)):
                    continue
                slot = own.get(key)
                if slot is None:
                    slot = own[key] = len(self.key_text)
                    self.exact.setdefault(key, slot)
                    self.key_text.append(raw)
                    self.key_norm.append(key)
                    self.key_owner.append(owner)
                fast.setdefault(raw, slot)
        key_norm, key_owner = self.key_norm, self.key_owner
        owners: dict[str, list[int]] = {}
        for slot, key in enumerate(key_norm):
            claim = key.replace(" ", "")
            first = self.compact.setdefault(claim, slot)
            if first != slot and key_owner[first] != key_owner[slot]:
                found = owners.setdefault(claim, [first])
                if key_owner[found[-1]] != key_owner[slot]:  # owners come in order
                    found.append(slot)
        #: Space-free keys that several records claim, to a slot of each, in order.
        self.shared = {claim: tuple(found) for claim, found in owners.items()}
        if owners:  # in place (no second map of every key): shared keys out
            for raw in [r for r, s in fast.items() if key_norm[s].replace(" ", "") in owners]:
                del fast[raw]
        for raw, slot in fast.items():
            fast[raw] = key_owner[slot]
        #: Text as written, of one owner only, to that owner's position.
        self.fast = fast

    def find(self, key: str) -> int | None:
        """The slot of a normalised key, matched exactly or without its spaces."""
        slot = self.exact.get(key)
        return self.compact.get(key.replace(" ", "")) if slot is None else slot


class _Fuzzy:
    """The search tables: the keys' grams and the description words."""

    __slots__ = ("key_grams", "trigrams", "words")

    def __init__(
        self, tables: _Tables, records: Sequence[T], texts: Callable[[T], Iterable[str]]
    ) -> None:
        #: How many distinct grams each key has (for the Dice coefficient).
        self.key_grams: list[int] = []
        trigrams: defaultdict[str, list[int]] = defaultdict(list)
        for slot, key in enumerate(tables.key_norm):
            grams = _trigrams(key[:_FUZZY_KEY])
            self.key_grams.append(len(grams))
            for gram in grams:
                trigrams[gram].append(slot)
        words: defaultdict[str, list[int]] = defaultdict(list)
        for owner, record in enumerate(records):
            for raw in texts(record):
                for word in normalize(raw).split():
                    found = words[word]  # owners in order: sorted, without repeats
                    if not found or found[-1] != owner:
                        found.append(owner)
        self.trigrams = dict(trigrams)
        self.words = dict(words)


class Index(Generic[T]):
    """Keys and words of a fixed sequence of records, built once, on first use.

    ``keys`` gives the texts a record answers to (names, codes, aliases, id) and
    ``texts`` its other free text (descriptions), searched by whole words.
    """

    def __init__(
        self,
        records: Sequence[T],
        keys: Callable[[T], Iterable[str]],
        texts: Callable[[T], Iterable[str]] = lambda _: (),
    ) -> None:
        self.records = records
        self._keys = keys
        self._texts = texts
        self._built: _Tables | None = None
        self._fuzzy: _Fuzzy | None = None
        self._lock = threading.Lock()

    # Callers read ``self._built or self.tables``: the lock is taken until it is built.
    @property
    def tables(self) -> _Tables:
        """The exact tables (built by the first caller)."""
        with self._lock:
            if self._built is None:
                self._built = _Tables(self.records, self._keys)
            return self._built

    @property
    def fuzzy(self) -> _Fuzzy:
        """The search tables (built by the first search)."""
        tables = self._built or self.tables  # before the lock: it takes the lock itself
        with self._lock:
            if self._fuzzy is None:
                self._fuzzy = _Fuzzy(tables, self.records, self._texts)
            return self._fuzzy

    def resolve(self, key: str) -> int | tuple[int, ...] | None:
        """Who answers to ``key`` (normalised, or without its spaces): the position of
        its one record, those of all that share it (in order), or ``None``."""
        tables = self._built or self.tables
        found = tables.fast.get(key)
        if found is not None:
            return found
        normal = normalize(key)
        if tables.shared:
            several = tables.shared.get(normal.replace(" ", ""))
            if several is not None:
                return tuple(tables.key_owner[slot] for slot in several)
        slot = tables.find(normal)
        return None if slot is None else tables.key_owner[slot]

    def search(
        self,
        text: str,
        limit: int,
        *,
        postings: int | None = None,
        keep: Callable[[int], bool] | None = None,
        min_score: float = 0.0,
    ) -> list[Match[T]]:
        """Records ranked by how well their keys (or descriptions) match ``text``.

        The order is a pure function of the records and the query: by score (as rounded
        in the :class:`Match`), then by position in ``records``. Matches below
        ``min_score`` are left out before ``limit`` applies. ``postings`` bounds the
        trigram postings read (rarest grams first), so the work per call is bounded at
        the cost of some weak candidates. ``keep`` says which records (by position) may
        be returned: the others are left out before ranking.
        """
        query = normalize(text)
        if not query:
            return []
        tables = self._built or self.tables
        fuzzy = self._fuzzy or self.fuzzy
        best: dict[int, tuple[float, str]] = {}
        exact = tables.find(query)
        if exact is not None:  # every record that shares the key matches it exactly
            claim = tables.key_norm[exact].replace(" ", "")
            for slot in tables.shared.get(claim, (exact,)):
                owner = tables.key_owner[slot]
                if keep is None or keep(owner):
                    best[owner] = (1.0, tables.key_text[slot])
        # A query far longer than any name is not a misspelt one (and would cost
        # quadratic time). Grams sorted: a set's order changes with PYTHONHASHSEED.
        grams = sorted(_trigrams(query)) if len(query) <= _LONGEST_FUZZY else []
        lists = [slots for g in grams if (slots := fuzzy.trigrams.get(g))]
        if postings is not None:  # the rarest lists first, until ``postings`` are read
            lists.sort(key=len)  # stable, so ties keep gram order
            starts = accumulate(map(len, lists), initial=0)
            pairs = zip(lists, starts, strict=False)  # one start more than lists
            lists = [slots[: postings - start] for slots, start in pairs if start < postings]
        counts = Counter(chain.from_iterable(lists))
        if keep is not None:
            owner_of = tables.key_owner
            counts = Counter({s: n for s, n in counts.items() if keep(owner_of[s])})
        # The best few by the Dice coefficient of their grams get the exact similarity;
        # ties go to the lower slot, so the results never depend on the order of counts.
        size, key_grams = len(grams), fuzzy.key_grams
        best_slots = heapq.nlargest(
            max(_RESCORE, limit),
            counts.items(),
            key=lambda item: (item[1] / (size + key_grams[item[0]]), -item[0]),
        )
        for slot, _ in sorted(best_slots):
            score = similarity(query, tables.key_norm[slot])
            owner = tables.key_owner[slot]
            if score >= _FLOOR and score > best.get(owner, (0.0, ""))[0]:
                best[owner] = (score, tables.key_text[slot])
        words = query.split()
        hits: Counter[int] = Counter()
        for word, times in Counter(words).items():  # each distinct word's postings once
            for owner in fuzzy.words.get(word, ()):
                if keep is None or keep(owner):
                    hits[owner] += times
        for owner, found in hits.items():
            score = 0.5 * found / len(words)
            if score >= _FLOOR * 0.5 and score > best.get(owner, (0.0, ""))[0]:
                best[owner] = (score, "description")
        rounded = ((round(s, 4), i, m) for i, (s, m) in best.items())
        ranked = sorted((r for r in rounded if r[0] >= min_score), key=lambda r: (-r[0], r[1]))
        return [Match(self.records[i], s, m) for s, i, m in ranked[:limit]]
