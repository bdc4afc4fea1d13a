"""The keys a record claims, and the text search reads: one definition each.

:func:`keys_of` is the one answer to "what does this record answer to?": used by
the integrity checks (ambiguous and clashing keys), the lookup index and merging.
Both are derived from the field declarations (``key=True``), not listed by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ._fields import specs
from ._normalize import normalize
from .models import Record

__all__ = ["Key", "keys_of", "texts_of"]

#: Fields that are neither keys nor free text: they are not facts about the subject.
_NOT_TEXT = frozenset(("id", "external_fields", "open_lists"))


@attrs.frozen
class Key:
    """One key of a record: the field path inside the record (``("aliases", 0)``),
    the text as written, its normalised form and what it claims (normalised, without
    spaces: lookups match keys both ways, so a claim belongs to one record)."""

    path: tuple[str | int, ...]
    text: str
    normal: str
    claim: str


def _key(path: tuple[str | int, ...], text: str) -> Key:
    normal = normalize(text)
    return Key(path, text, normal, normal.replace(" ", ""))


def keys_of(record: Record) -> tuple[Key, ...]:
    """Every key a record answers to: its single-text key fields in declaration
    order (name, code, acronym, heading, ...), then its aliases, then its id."""
    out: list[Key] = []
    several: list[Key] = []
    for spec in specs(type(record)):
        if not spec.key:
            continue
        value = getattr(record, spec.name)
        if isinstance(value, str):
            out.append(_key((spec.name,), value))
        elif isinstance(value, tuple):
            several.extend(_key((spec.name, i), text) for i, text in enumerate(value))
    out.extend(several)
    out.append(_key(("id",), record.id))
    return tuple(out)


def key_texts(record: Record) -> Iterator[str]:
    """The texts of :func:`keys_of`, as written."""
    return (key.text for key in keys_of(record))


def texts_of(record: Record) -> Iterator[str]:
    """The free text of a record that search reads by whole words besides its keys:
    every text field that is not a key, a reference or one of ``_NOT_TEXT``."""
    for spec in specs(type(record)):
        if spec.key or spec.refers_to is not None or spec.name in _NOT_TEXT:
            continue
        value = getattr(record, spec.name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, str))
