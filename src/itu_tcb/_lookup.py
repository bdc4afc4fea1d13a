"""The key index and ranked search (names are normalised by ``_normalize``). Standard
library only.

Everything here is built once per dataset, when first needed: :class:`Index` holds
the normalised keys (built on the first lookup), and a trigram index for
typo-tolerant matching and a word index over the descriptions (built on the first
search). A query touches only the postings of its own trigrams and words.
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Generic, TypeVar

import attrs

from ._normalize import normalize

T = TypeVar("T")

#: Candidates re-scored by edit distance after the trigram pass (or ``limit``
#: of them, if more): the best by the Dice coefficient of their grams, ties going
#: to the record that comes first in the data.
_RESCORE = 6
#: Queries longer than this (after normalising) are matched by whole words only.
_LONGEST_FUZZY = 200
#: A key is matched for typos (its grams indexed, its edit distance taken) by its
#: first this many characters (after normalising); the whole key still matches
#: exactly, as a prefix and as whole words. A far longer key is not a misspelt
#: name, and its grams would take memory many times its size.
_FUZZY_KEY = 200
#: Scores below this are not returned by search.
_FLOOR = 0.34
#: The default ``min_score`` of a search: weaker matches are left out. Chosen on the
#: bundled data: a name with one or two typos ("radiocomunication", "NUCTD") and a
#: single word found in a description (0.5) stay above it; a name that shares only
#: some letters with the query (the World Bank for "broadband", 0.425) falls below.
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
    """Optimal string alignment distance (Levenshtein plus adjacent swaps).

    Hyyrö's bit-parallel algorithm (2003): one pass over ``b`` with the columns of
    the dynamic-programming table held as bits of Python integers.
    """
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


Distance = Callable[[str, str], int]
_chosen: Distance | None = None


def distance_function() -> Distance:
    """The optimal string alignment distance in use: rapidfuzz's when the optional
    ``itu-tcb[fast]`` extra is installed (the same metric, in C), else ``_distance``.
    Chosen on first use, so that importing this module stays cheap."""
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
    # Edit distances cost the product of the two lengths: only the start of a
    # very long key is compared (``_FUZZY_KEY`` characters).
    key = key[:_FUZZY_KEY]
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
    """The exact tables of a built index: normalised keys and the raw key texts."""

    __slots__ = (
        "compact",
        "exact",
        "fast",
        "key_norm",
        "key_owner",
        "key_text",
        "shared",
    )

    def __init__(self, records: Sequence[T], keys: Callable[[T], Iterable[str]]) -> None:
        #: Normalised key to its first slot (its position in ``key_text``/``key_owner``).
        self.exact: dict[str, int] = {}
        #: Raw key text, exactly as written in the data, to its one owner's position
        #: (a key of several owners is left out: see ``shared``).
        self.fast: dict[str, int] = {}
        self.key_text: list[str] = []
        self.key_norm: list[str] = []
        self.key_owner: list[int] = []
        exact = self.exact
        fast: dict[str, int] = {}  # raw text to its slot, while building
        for owner, record in enumerate(records):
            own: dict[str, int] = {}  # this record's normalised keys, to their slots
            for raw in keys(record):
                key = normalize(raw)
                if not key:
                    continue
                # Each record's key has a slot of its own (records of different
                # agencies may share a key); a record's repeats of one share it.
                slot = own.get(key)
                if slot is not None:
                    fast.setdefault(raw, slot)
                    continue
                slot = own[key] = len(self.key_text)
                exact.setdefault(key, slot)
                fast.setdefault(raw, slot)
                self.key_text.append(raw)
                self.key_norm.append(key)
                self.key_owner.append(owner)
        #: Space-free keys ("itu elearning centre" as "ituelearningcentre") to the
        #: first slot that claims one; within an agency no two records share one.
        self.compact: dict[str, int] = {}
        #: Space-free keys that several records claim, to a slot of each of those
        #: records (one each, in the records' order): a lookup lists them all.
        self.shared: dict[str, tuple[int, ...]] = {}
        owners: dict[str, list[int]] = {}
        key_owner = self.key_owner
        for slot, key in enumerate(self.key_norm):
            claim = key.replace(" ", "")
            first = self.compact.setdefault(claim, slot)
            owner = key_owner[slot]
            if first != slot and key_owner[first] != owner:
                found = owners.setdefault(claim, [first])
                if key_owner[found[-1]] != owner:  # owners come in order
                    found.append(slot)
        self.shared = {claim: tuple(found) for claim, found in owners.items()}
        # In place (no second map of every key): shared keys out, slots to owners.
        if owners:
            key_norm = self.key_norm
            drop = [r for r, slot in fast.items() if key_norm[slot].replace(" ", "") in owners]
            for raw in drop:
                del fast[raw]
        for raw, slot in fast.items():
            fast[raw] = key_owner[slot]  # a value changed, not a key: safe while iterating
        self.fast = fast

    def find(self, key: str) -> int | None:
        """The slot of a normalised key, matched exactly or without its spaces."""
        slot = self.exact.get(key)
        return self.compact.get(key.replace(" ", "")) if slot is None else slot


class _Fuzzy:
    """The search tables of a built index: the keys' grams and the description words."""

    __slots__ = ("key_grams", "trigrams", "words")

    def __init__(
        self, tables: _Tables, records: Sequence[T], texts: Callable[[T], Iterable[str]]
    ) -> None:
        #: How many distinct grams each key has (for the Dice coefficient).
        self.key_grams: list[int] = []
        trigram_postings: defaultdict[str, list[int]] = defaultdict(list)
        for slot, key in enumerate(tables.key_norm):
            grams = _trigrams(key[:_FUZZY_KEY])
            self.key_grams.append(len(grams))
            for gram in grams:
                trigram_postings[gram].append(slot)
        word_postings: defaultdict[str, list[int]] = defaultdict(list)
        for owner, record in enumerate(records):
            for raw in texts(record):
                for word in normalize(raw).split():
                    # Owners come in order: each list is sorted, without repeats.
                    found_words = word_postings[word]
                    if not found_words or found_words[-1] != owner:
                        found_words.append(owner)
        self.trigrams = dict(trigram_postings)
        self.words = dict(word_postings)


class Index(Generic[T]):
    """Keys and words of a fixed sequence of records, built once, on first use: the
    exact tables on the first lookup, the search tables on the first search.

    ``keys`` gives the texts a record answers to (names, codes, aliases, id) and
    ``texts`` its other free text (descriptions), searched by whole words.
    """

    def __init__(
        self,
        records: Sequence[T],
        keys: Callable[[T], Iterable[str]],
        texts: Callable[[T], Iterable[str]],
    ) -> None:
        self.records = records
        self._keys = keys
        self._texts = texts
        self._built: _Tables | None = None
        self._fuzzy: _Fuzzy | None = None
        self._lock = threading.Lock()

    @property
    def tables(self) -> _Tables:
        """The exact tables (built by the first caller; every later call reuses them)."""
        built = self._built
        if built is None:
            with self._lock:
                if self._built is None:
                    self._built = _Tables(self.records, self._keys)
                built = self._built
        return built

    @property
    def fuzzy(self) -> _Fuzzy:
        """The search tables (built by the first search; every later one reuses them)."""
        built = self._fuzzy
        if built is None:
            tables = self.tables  # outside the lock: it takes the lock itself
            with self._lock:
                if self._fuzzy is None:
                    self._fuzzy = _Fuzzy(tables, self.records, self._texts)
                built = self._fuzzy
        return built

    def resolve(self, key: str) -> int | tuple[int, ...] | None:
        """Who answers to ``key`` (matched normalised, or without its spaces): the
        position of its one record, the positions of all when several share it
        (in order), or ``None``."""
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

        The order is a pure function of the records and the query: by score (as
        rounded in the :class:`Match`), then by the record's position in
        ``records``. Matches scoring (as rounded) below ``min_score`` are left out
        before ``limit`` is applied. ``postings``, if given, bounds the trigram
        postings read (rarest grams first): the work per call is then bounded whatever the
        number of keys, at the cost of missing some weak candidates. ``keep``, if
        given, says which records (by position) may be returned: the others are
        left out before ranking, so ``limit`` counts kept records only.
        """
        query = normalize(text)
        if not query:
            return []
        tables = self._built or self.tables
        fuzzy = self._fuzzy or self.fuzzy
        best: dict[int, tuple[float, str]] = {}
        exact = tables.find(query)
        if exact is not None:
            # Every record that shares the key matches it exactly.
            claim = tables.key_norm[exact].replace(" ", "")
            for slot in tables.shared.get(claim, (exact,)):
                owner = tables.key_owner[slot]
                if keep is None or keep(owner):
                    best[owner] = (1.0, tables.key_text[slot])
        # Typo-tolerant matching compares the query with names: a query far longer
        # than any name cannot be a misspelt one, and would cost quadratic time.
        # Grams in a fixed order (a set of strings iterates in an order that
        # changes with PYTHONHASHSEED); each distinct gram's postings read once.
        grams = sorted(_trigrams(query)) if len(query) <= _LONGEST_FUZZY else []
        lists = [slots for g in grams if (slots := fuzzy.trigrams.get(g))]
        if postings is not None:
            lists.sort(key=len)  # rarest first; sort is stable, so ties keep gram order
            left, kept = postings, []
            for slots in lists:
                if left <= 0:
                    break
                kept.append(slots[:left])
                left -= len(kept[-1])
            lists = kept
        counts = Counter(chain.from_iterable(lists))
        if keep is not None:
            owner_of = tables.key_owner
            counts = Counter({s: n for s, n in counts.items() if keep(owner_of[s])})
        # Rank candidates by the Dice coefficient of their grams (cheap, and fair to
        # short and long keys alike); only the best few get the exact similarity.
        # Ties go to the lower slot (the record first in the data), so that the
        # candidates, and so the results, never depend on the order of ``counts``.
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
        # Each distinct word's postings are read once: the work is bounded by the
        # query's length plus the index's size, not their product.
        words = query.split()
        hits: Counter[int] = Counter()
        for word, times in Counter(words).items():
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
