"""Hints for a reference that names no record of its kind, made only for those the
integrity checks flag: the record whose key the reference's text is (matched as
lookups match keys; a key several records share names them all, never a guess), or
else a close id ("did you mean"). Each kind's tables are built when first asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._keys import keys_of
from ._lookup import Index
from ._normalize import claim
from ._rules import quote
from .models import Record, RecordKind

__all__ = ["HINTS", "Hints"]

#: Broken references past this many get no "did you mean" hint (each is a search:
#: thousands of them would take time growing faster than the number of problems).
HINTS = 1000
#: The most trigram postings one hint reads (rarest grams first), however many ids.
_POSTINGS = 4096
#: The most records a hint names that a reference's text is a key of (the rest counted).
_NAMED_MOST = 5

#: Which records of the referenced kind (by position) a hint may suggest; None: any.
Keep = Callable[[int], bool] | None


class Hints:
    """The hints of one integrity pass, over the records of each kind."""

    def __init__(self, records_of: Callable[[RecordKind], Sequence[Record]]) -> None:
        self._records_of = records_of
        self._claimants: dict[RecordKind, dict[str, list[int]]] = {}
        self._ids: dict[RecordKind, Index[str]] = {}
        self._left = HINTS

    def missing(self, target: str, kind: RecordKind, keep: Keep) -> str | None:
        """The hint for ``target``, an id that no record has: a record it is a key
        of, else (for the first :data:`HINTS` of them) the closest id, else none."""
        hint = self.named(target, kind, keep)
        self._left -= 1
        if hint is not None or self._left < 0:
            return hint
        if kind not in self._ids:
            ids = [record.id for record in self._records_of(kind)]
            self._ids[kind] = Index(ids, lambda text: (text,), lambda _: ())
        close = self._ids[kind].search(target, 1, postings=_POSTINGS, keep=keep, min_score=0.5)
        return f"did you mean {quote(close[0].record)}?" if close else None

    def named(self, target: str, kind: RecordKind, keep: Keep) -> str | None:
        """The hint for ``target`` written as a key (name, acronym, code, heading,
        alias, an id spelt otherwise) of records of ``kind`` that ``keep`` allows: it
        names each one's id, or ``None`` if there is none."""
        records = self._records_of(kind)
        if kind not in self._claimants:
            claimants: dict[str, list[int]] = {}
            for position, record in enumerate(records):
                for key in keys_of(record):
                    claimants.setdefault(key.claim, []).append(position)
            self._claimants[kind] = claimants
        said = claim(target)
        positions = sorted(set(self._claimants[kind].get(said, ()) if said else ()))
        found = {records[p].id: records[p] for p in positions if keep is None or keep(p)}
        if not found:
            return None
        what = kind.name.lower()
        phrases = []
        for record in list(found.values())[:_NAMED_MOST]:
            key = next(k for k in keys_of(record) if k.claim == said)
            field, *item = key.path
            words = f"one of the {field}" if item else f"the {str(field).replace('_', ' ')}"
            words = "a spelling of the id" if field == "id" else words
            spelt = "" if key.text == target or field == "id" else f" ({quote(key.text)})"
            phrases.append(f"{words} of {what} {quote(record.id)}{spelt}")
        if len(found) == 1:
            return f"{quote(target)} is {phrases[0]}: write its id, {quote(next(iter(found)))}"
        if len(found) > _NAMED_MOST:
            phrases.append(f"a key of {len(found) - _NAMED_MOST} more {kind.collection}")
        listed = f"{', '.join(phrases[:-1])} and {phrases[-1]}"
        return f"{quote(target)} is {listed}: write the id of the one meant"
