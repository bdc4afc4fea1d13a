"""What changed between two datasets, record by record: :meth:`Dataset.diff
<itu_tcb.Dataset.diff>` and ``itu-tcb diff``.

Records are matched by id. A record of both is changed when a field differs (a
list's items added, removed or moved) or when a key that answered it stops or starts
answering it (renamed, or taken by another record). Every value is in the document
format (what :meth:`~itu_tcb.Dataset.to_document` writes), so a diff reads in JSON
and pandas alike, and its order is the datasets' own (kinds in order, records in
document order), the same under any hash seed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._convert import record_dict
from ._fields import specs
from ._keys import key_texts
from .models import Record, RecordKind

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["Diff", "FieldChange", "RecordChange", "diff"]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _text(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else _canonical(value)


#: The columns of :meth:`Diff.to_records`.
_COLUMNS = ("change", "kind", "id", "field", "old", "new")


@attrs.frozen
class FieldChange:
    """One field that differs: its old and new value (as the document writes them),
    and for a list the items added and removed, and whether the kept ones moved."""

    field: str
    old: Any
    new: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    moved: bool = False

    def __str__(self) -> str:
        if isinstance(self.old, list) and isinstance(self.new, list):
            parts = [f"+{_canonical(v)}" for v in self.added]
            parts += [f"-{_canonical(v)}" for v in self.removed]
            parts += ["(order changed)"] if self.moved else []
            return f"{self.field}: {' '.join(parts)}"
        return f"{self.field}: {_canonical(self.old)} -> {_canonical(self.new)}"


def _field_change(name: str, old: Any, new: Any) -> FieldChange | None:
    if _canonical(old) == _canonical(new):
        return None
    if not (isinstance(old, list) and isinstance(new, list)):
        return FieldChange(name, old, new)
    before, after = [_canonical(v) for v in old], [_canonical(v) for v in new]
    added = tuple(v for v, c in zip(new, after, strict=True) if c not in before)
    removed = tuple(v for v, c in zip(old, before, strict=True) if c not in after)
    kept = [c for c in before if c in after], [c for c in after if c in before]
    return FieldChange(name, old, new, added, removed, kept[0] != kept[1])


def _changes(old: Any, new: Any) -> tuple[FieldChange, ...]:
    """The fields that differ between two records (or metadata) of one class."""
    mine, theirs = record_dict(old), record_dict(new)
    found = (_field_change(s.name, mine[s.name], theirs[s.name]) for s in specs(type(old)))
    return tuple(change for change in found if change is not None)


@attrs.frozen
class RecordChange:
    """A record of both datasets that differs: the fields that changed, and the keys
    that stopped (``keys_lost``) or started (``keys_gained``) answering to it."""

    kind: RecordKind
    id: str
    fields: tuple[FieldChange, ...] = ()
    keys_lost: tuple[str, ...] = ()
    keys_gained: tuple[str, ...] = ()

    def lines(self) -> Iterator[str]:
        yield f"~ {self.kind.name.lower()} {self.id}"
        yield from (f"    {change}" for change in self.fields)
        yield from (f"    key no longer answers: {key!r}" for key in self.keys_lost)
        yield from (f"    key now answers: {key!r}" for key in self.keys_gained)

    def __str__(self) -> str:
        return "\n".join(self.lines())


@attrs.frozen
class Diff:
    """The records added, removed and changed from one dataset to another, and the
    changes of the schema version, the metadata and the documents records come from.
    False when the two hold the same data."""

    added: tuple[Record, ...] = ()
    removed: tuple[Record, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    schema_version: tuple[str, str] | None = None
    metadata: tuple[FieldChange, ...] = ()
    #: The ids of the records of both whose document (:meth:`Dataset.metadata_of`)
    #: changed, each with the old and the new document's title.
    documents: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return any(attrs.astuple(self, recurse=False))

    @property
    def keys_lost(self) -> tuple[tuple[str, str], ...]:
        """Every (record id, key) of a kept record that no longer answers to it."""
        return tuple((c.id, key) for c in self.changed for key in c.keys_lost)

    def lines(self) -> Iterator[str]:
        """The diff as text, one change per line (records: ``+`` added, ``-``
        removed, ``~`` changed)."""
        if self.schema_version is not None:
            yield f"schema_version: {self.schema_version[0]} -> {self.schema_version[1]}"
        yield from (f"metadata.{change}" for change in self.metadata)
        yield from (f"+ {r.kind.name.lower()} {r.id}: {r.title}" for r in self.added)
        yield from (f"- {r.kind.name.lower()} {r.id}: {r.title}" for r in self.removed)
        for change in self.changed:
            yield from change.lines()
        for record_id, old, new in self.documents:
            yield f"~ document of {record_id}: {old!r} -> {new!r}"

    def __str__(self) -> str:
        return "\n".join(self.lines()) if self else "no changes"

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per change (for pandas): ``change`` (added, removed, field,
        key lost, key gained, metadata, schema, document), ``kind``, ``id``, ``field``,
        ``old`` and ``new`` (as JSON text for values that are not text)."""
        rows: list[tuple[Any, ...]] = []
        if self.schema_version is not None:
            rows.append(("schema", None, None, "schema_version", *self.schema_version))
        rows += [("metadata", None, None, c.field, c.old, c.new) for c in self.metadata]
        rows += [("added", r.kind.collection, r.id, None, None, r.title) for r in self.added]
        rows += [("removed", r.kind.collection, r.id, None, r.title, None) for r in self.removed]
        for c in self.changed:
            kind = c.kind.collection
            rows += [("field", kind, c.id, f.field, f.old, f.new) for f in c.fields]
            rows += [("key lost", kind, c.id, None, key, None) for key in c.keys_lost]
            rows += [("key gained", kind, c.id, None, None, key) for key in c.keys_gained]
        rows += [("document", None, i, None, old, new) for i, old, new in self.documents]
        return [dict(zip(_COLUMNS, (*r[:4], *map(_text, r[4:])), strict=True)) for r in rows]

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON values (``itu-tcb diff --json``)."""
        return {
            "same": not self,
            "schema_version": list(self.schema_version) if self.schema_version else None,
            "metadata": [attrs.asdict(c) for c in self.metadata],
            "added": [{"kind": r.kind.collection, **record_dict(r)} for r in self.added],
            "removed": [{"kind": r.kind.collection, **record_dict(r)} for r in self.removed],
            "changed": [
                {
                    "kind": c.kind.collection,
                    "id": c.id,
                    "fields": [attrs.asdict(f) for f in c.fields],
                    "keys_lost": list(c.keys_lost),
                    "keys_gained": list(c.keys_gained),
                }
                for c in self.changed
            ],
            "documents": [{"id": i, "old": o, "new": n} for i, o, n in self.documents],
        }

    def _repr_html_(self) -> str:
        """The diff for Jupyter: one line per change (every text escaped)."""
        from html import escape

        body = "<br>".join(escape(line) for line in self.lines()) or "no changes"
        return f'<div class="itu-tcb-diff"><pre>{body}</pre></div>'


def _answers(dataset: Dataset, record: Record) -> set[str]:
    """The keys of ``record`` that a lookup in ``dataset`` answers with it."""
    found = set()
    for text in key_texts(record):
        position = dataset._index.resolve(text)
        if text == record.id or (type(position) is int and dataset._records[position] == record):
            found.add(text)
    return found


def diff(old: Dataset, new: Dataset) -> Diff:
    """What changed from ``old`` to ``new`` (see :class:`Diff`)."""
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    changed = []
    for record in old:
        other = after.get(record.id)
        if other is None:
            continue
        fields: tuple[FieldChange, ...] = ()
        if other.kind is not record.kind:
            fields = (FieldChange("kind", record.kind.collection, other.kind.collection),)
        elif other != record:
            fields = _changes(record, other)
        had, has = _answers(old, record), _answers(new, other)
        lost = tuple(dict.fromkeys(t for t in key_texts(record) if t in had and t not in has))
        gained = tuple(dict.fromkeys(t for t in key_texts(other) if t in has and t not in had))
        if fields or lost or gained:
            changed.append(RecordChange(record.kind, record.id, fields, lost, gained))
    # A record that comes from another document than before (a change of the whole
    # dataset's own metadata is in ``metadata``).
    documents = tuple(
        (r.id, old.metadata_of(r).title, new.metadata_of(r.id).title)
        for r in old
        if r.id in after and old.provenance.get(r.id) != new.provenance.get(r.id)
    )
    versions = (old.schema_version, new.schema_version)
    return Diff(
        added=tuple(r for r in new if r.id not in before),
        removed=tuple(r for r in old if r.id not in after),
        changed=tuple(changed),
        schema_version=versions if versions[0] != versions[1] else None,
        metadata=_changes(old.metadata, new.metadata),
        documents=documents,
    )
