"""The fast paths give exactly what the exact paths give (issue 13, points 2 and 3).

- Integrity in bulk (:mod:`itu_tcb._clean`): on generated datasets with injected
  duplicate ids, clashing keys, broken references and other faults, the problems are
  those of :func:`itu_tcb._integrity.check`, in the same order, and the bulk proof
  succeeds exactly when the exact checks find nothing.
- The claims of keys worked out in one batch are those of each key on its own.

Marked ``equivalence``: CI runs them with many examples too,
``HYPOTHESIS_PROFILE=thorough python -m pytest -m equivalence``.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from itu_tcb import _clean, _integrity, strategies
from itu_tcb._fields import specs
from itu_tcb._keys import keys_of
from itu_tcb._normalize import claim, claims
from itu_tcb.errors import RecordError
from itu_tcb.models import Record, RecordKind

pytestmark = pytest.mark.equivalence


#: Key-like texts: separators, apostrophes, accents, a leading "the", the joining
#: character of the batch, a long run.
_KEYS = st.text(alphabet="aZ09 _-'`\t\x1fthe\u00e9\u00c9\u2019\u00df.\u00ad", max_size=12)
#: A first word "the" with any spacing around it, and perhaps nothing after.
_THE = st.tuples(st.sampled_from(["", " ", "  ", "-"]), st.sampled_from(["the", "The", "THE"]))
_KEY_LISTS = st.lists(
    st.one_of(
        _KEYS,
        st.tuples(_THE, st.sampled_from(["", " ", "   ", " -"]), _KEYS).map(
            lambda t: t[0][0] + t[0][1] + t[1] + t[2]
        ),
        st.text(max_size=6),
        st.just("a " * 2100),
    )
)


@given(st.one_of(_KEY_LISTS, st.lists(_KEYS, min_size=60, max_size=80)))
def test_claims_in_one_batch_are_the_claim_of_each(texts: list[str]) -> None:
    assert claims(texts) == [claim(text) for text in texts]


def _mutated(
    draw: st.DrawFn, collections: dict[RecordKind, tuple[Record, ...]]
) -> dict[RecordKind, tuple[Record, ...]]:
    """The collections with a few faults injected: a field of one record given the
    value of the same field of another (a shared name, a reference
    to another agency's record, ...), a reference given any slug (broken, or
    pointing at a record of another kind), a key of another record added as an
    alias, another record's id, a name in ``external_fields`` or ``open_lists``."""
    out = {kind: list(records) for kind, records in collections.items()}
    places = [(kind, i) for kind, records in out.items() for i in range(len(records))]
    every_id = [r.id for records in out.values() for r in records]
    for _ in range(draw(st.integers(0, 4))):
        kind, i = draw(st.sampled_from(places))
        record = out[kind][i]
        names = [s.name for s in specs(type(record))]
        how = draw(st.sampled_from(["id", "copy", "reference", "alias", "names"]))
        changes: dict[str, Any] = {}
        if how == "id":
            changes["id"] = draw(st.sampled_from(every_id))
        elif how == "copy":
            other_kind, j = draw(st.sampled_from(places))
            other = out[other_kind][j]
            shared = [n for n in names if n in {s.name for s in specs(type(other))}]
            field = draw(st.sampled_from(shared))
            changes[field] = getattr(other, field)
        elif how == "reference":
            refs = [s for s in specs(type(record)) if s.refers_to is not None]
            if not refs:
                continue
            field_spec = draw(st.sampled_from(refs))
            target = draw(st.one_of(st.sampled_from(every_id), strategies.slugs()))
            many = field_spec.shape.kind == "tuple"
            changes[field_spec.name] = (
                (*getattr(record, field_spec.name), target) if many else target
            )
        elif how == "alias" and "aliases" in names:
            other_kind, j = draw(st.sampled_from(places))
            other = out[other_kind][j]
            text = draw(st.sampled_from([other.id, *(getattr(other, "aliases", ()))]))
            changes["aliases"] = (*record.aliases, text)
        elif how == "names":
            field = draw(st.sampled_from(["external_fields", "open_lists"]))
            changes[field] = (*getattr(record, field), draw(st.sampled_from([*names, "partners"])))
        try:
            out[kind][i] = attrs.evolve(record, **changes)
        except (RecordError, ValueError, TypeError):
            continue  # a value the field does not take (the record is left as it was)
    return {kind: tuple(records) for kind, records in out.items()}


@st.composite
def _documents(draw: st.DrawFn) -> tuple[dict[RecordKind, tuple[Record, ...]], bool]:
    dataset = draw(strategies.datasets(max_records=3))
    collections = _mutated(draw, dataset.collections())
    return collections, draw(st.booleans())


@given(_documents())
def test_bulk_integrity_is_the_exact_checks(document: tuple[Any, bool]) -> None:
    collections, complete = document
    exact = _integrity.check(_integrity.entries(collections), complete=complete)
    assert _clean.problems(collections, complete=complete) == exact
    # The proof is not only sound but complete: it holds exactly when there is
    # nothing to report, so valid documents never pay for the exact checks.
    assert _clean.is_clean(collections, complete=complete) == (not exact)


@given(_documents(), st.data())
def test_bulk_integrity_keeps_paths_of_a_partial_load(
    document: tuple[Any, bool], data: Any
) -> None:
    """With records missing (failed to load), paths still point into the document
    as written, and references to the failed ids are not reported."""
    collections, complete = document
    positions = {
        kind: tuple(range(0, 2 * len(records), 2)) for kind, records in collections.items()
    }
    unparsed = frozenset(data.draw(st.lists(strategies.slugs(), max_size=2)))
    exact = _integrity.check(
        _integrity.entries(collections, positions), unparsed_ids=unparsed, complete=complete
    )
    assert (
        _clean.problems(collections, positions, unparsed_ids=unparsed, complete=complete) == exact
    )


def _restated(text: str, how: int) -> str:
    """Another spelling of a key with the same claim."""
    return [text.upper(), text.replace("-", " "), f"The {text}", f"{text}'"][how]


@st.composite
def _restating(draw: st.DrawFn) -> dict[RecordKind, tuple[Record, ...]]:
    """Collections with faults (see :func:`_mutated`), and records given aliases
    that restate one of their own keys in another spelling, or an alias twice so."""
    collections, _ = draw(_documents())
    out = {kind: list(records) for kind, records in collections.items()}
    places = [(kind, i) for kind, records in out.items() for i in range(len(records))]
    for _ in range(draw(st.integers(0, 3))):
        kind, i = draw(st.sampled_from(places))
        record = out[kind][i]
        own = [key.text for key in keys_of(record)]
        text = draw(st.sampled_from(own))
        spellings = draw(st.lists(st.integers(0, 3), min_size=1, max_size=2, unique=True))
        try:
            out[kind][i] = attrs.evolve(
                record, aliases=(*record.aliases, *(_restated(text, h) for h in spellings))
            )
        except (RecordError, ValueError, TypeError):
            continue  # not a text the field takes (the record is left as it was)
    return {kind: tuple(records) for kind, records in out.items()}


@given(_restating())
def test_the_proof_that_no_claim_is_shared_is_sound_and_seldom_refuses(
    collections: dict[RecordKind, tuple[Record, ...]],
) -> None:
    """``_unshared`` holds only when no two records make one claim (sound), and it
    holds whenever that is so, unless a record makes one claim with two items of
    its tuples of keys (the one case it leaves to the proof per scope)."""
    of = {kind: collections.get(kind, ()) for kind in RecordKind}
    keys = _clean.key_claims(of)
    made: dict[str, set[int]] = {}
    within_tuples = False
    number = 0
    for kind in RecordKind:
        for record in of[kind]:
            found = keys_of(record)
            for key in found:
                made.setdefault(key.claim, set()).add(number)
            listed = [key.claim for key in found if len(key.path) == 2]
            within_tuples |= len(listed) != len(set(listed))
            number += 1
    # The batch gives each key's claim, in its place ("" for a key left empty).
    assert sorted(filter(None, keys.claims)) == sorted(
        key.claim for records in of.values() for r in records for key in keys_of(r)
    )
    if "" in made:
        return  # a key with no letter or digit: refused before this proof
    shared = any(len(owners) > 1 for owners in made.values())
    proven = _clean._unshared(keys)
    assert not (proven and shared)
    if not shared and not within_tuples:
        assert proven
