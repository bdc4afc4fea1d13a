"""What changed between two datasets, record by record: :meth:`Dataset.diff
<itu_tcb.Dataset.diff>` and ``itu-tcb diff``.

Records are matched by kind and id. A record of both is changed when a field differs
(a list's items added, removed or moved) or when a key answers it less or more
than before: a key that answered it in the whole dataset (``lookup(key)``) or within
its agency's scope (``lookup(key, agency=...)``) and no longer answers it so is lost
(renamed, or taken by another record), and the reverse is gained. Every value is in the
document format (what :meth:`~itu_tcb.Dataset.to_document` writes), so a diff reads
in JSON and pandas alike, and its order is the datasets' own (kinds in order, records
in document order), the same under any hash seed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._convert import record_dict
from ._fields import specs
from ._keys import key_texts
from .models import Metadata, Record, RecordKind

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["Diff", "FieldChange", "RecordChange"]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _text(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else _canonical(value)


def _named(kind: RecordKind, record_id: str) -> str:
    return f"{kind.name.lower()} {record_id}"


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
    return FieldChange(name, old, new, added, removed, _moved(before, after))


def _moved(before: list[str], after: list[str]) -> bool:
    """Whether the items of both lists come in another order in ``after``."""
    mine, theirs = set(before), set(after)
    return [v for v in before if v in theirs] != [v for v in after if v in mine]


def _changes(old: Any, new: Any) -> tuple[FieldChange, ...]:
    """The fields that differ between two records (or metadata) of one class."""
    mine, theirs = record_dict(old), record_dict(new)
    found = (_field_change(s.name, mine[s.name], theirs[s.name]) for s in specs(type(old)))
    return tuple(change for change in found if change is not None)


@attrs.frozen
class RecordChange:
    """A record of both datasets that differs: the fields that changed, and the keys
    that stopped (``keys_lost``) or started (``keys_gained``) answering to it, in the
    whole dataset or within its agency's scope."""

    kind: RecordKind
    id: str
    fields: tuple[FieldChange, ...] = ()
    keys_lost: tuple[str, ...] = ()
    keys_gained: tuple[str, ...] = ()

    def lines(self) -> Iterator[str]:
        yield f"~ {_named(self.kind, self.id)}"
        yield from (f"    {change}" for change in self.fields)
        yield from (f"    key no longer answers: {key!r}" for key in self.keys_lost)
        yield from (f"    key now answers: {key!r}" for key in self.keys_gained)

    def __str__(self) -> str:
        return "\n".join(self.lines())


@attrs.frozen
class Diff:
    """The records added, removed and changed from one dataset to another, the
    collections whose records come in another order, and the changes of the schema
    version, the metadata and the documents records come from. False exactly when
    the two datasets are equal.

    A record whose kind changed (the same id) is one removed and one added."""

    added: tuple[Record, ...] = ()
    removed: tuple[Record, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    schema_version: tuple[str, str] | None = None
    metadata: tuple[FieldChange, ...] = ()
    #: Each change of the document that records of both come from
    #: (:meth:`Dataset.metadata_of`): the ids of those records, and the fields of its
    #: metadata that differ (``title`` and more for a record of another document now;
    #: ``data_version`` for a new draft of a part merged on a base).
    documents: tuple[tuple[tuple[str, ...], tuple[FieldChange, ...]], ...] = ()
    #: Each kind whose records of both datasets come in another order, with their ids
    #: in the new order.
    order: tuple[tuple[RecordKind, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return any(attrs.astuple(self, recurse=False))

    @property
    def keys_lost(self) -> tuple[tuple[str, str], ...]:
        """Every (record id, key) of a kept record that no longer answers to it as it
        did: in the whole dataset, or within its agency's scope."""
        return tuple((c.id, key) for c in self.changed for key in c.keys_lost)

    def lines(self) -> Iterator[str]:
        """The diff as text, one change per line (records: ``+`` added, ``-``
        removed, ``~`` changed)."""
        if self.schema_version is not None:
            yield f"schema_version: {self.schema_version[0]} -> {self.schema_version[1]}"
        yield from (f"metadata.{change}" for change in self.metadata)
        yield from (f"+ {_named(r.kind, r.id)}: {r.title}" for r in self.added)
        yield from (f"- {_named(r.kind, r.id)}: {r.title}" for r in self.removed)
        for change in self.changed:
            yield from change.lines()
        for ids, fields in self.documents:
            yield f"~ document of {', '.join(ids)}"
            yield from (f"    {change}" for change in fields)
        for kind, ids in self.order:
            yield f"~ order of {kind.collection}: {', '.join(ids)}"

    def __str__(self) -> str:
        return "\n".join(self.lines()) if self else "no changes"

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per change (for pandas): ``change`` (added, removed, field,
        key lost, key gained, metadata, schema, document, order), ``kind``, ``id``,
        ``field``, ``old`` and ``new`` (as JSON text for values that are not text)."""
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
        for ids, fields in self.documents:
            rows += [("document", None, i, f.field, f.old, f.new) for i in ids for f in fields]
        rows += [("order", k.collection, None, None, None, list(ids)) for k, ids in self.order]
        return [dict(zip(_COLUMNS, (*r[:4], *map(_text, r[4:])), strict=True)) for r in rows]

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON values (``itu-tcb diff --json``)."""
        return {
            "same": not self,
            "schema_version": list(self.schema_version) if self.schema_version else None,
            "metadata": [attrs.asdict(c) for c in self.metadata],
            "added": [{"kind": r.kind.collection, **record_dict(r)} for r in self.added],
            "removed": [{"kind": r.kind.collection, **record_dict(r)} for r in self.removed],
            "changed": [attrs.asdict(c, value_serializer=_plain) for c in self.changed],
            "documents": [
                {"ids": list(ids), "fields": [attrs.asdict(f) for f in fields]}
                for ids, fields in self.documents
            ],
            "order": [{"kind": k.collection, "ids": list(ids)} for k, ids in self.order],
        }

    def _repr_html_(self) -> str:
        """The diff for Jupyter: one line per change (every text escaped)."""
        from html import escape

        body = "<br>".join(escape(line) for line in self.lines()) or "no changes"
        return f'<div class="itu-tcb-diff"><pre>{body}</pre></div>'


def _plain(_: object, __: object, value: Any) -> Any:
    """A change's values as JSON gives them: a kind by its collection."""
    return value.collection if isinstance(value, RecordKind) else value


def _answers(dataset: Dataset, record: Record, texts: Iterable[str]) -> list[int]:
    """How each of ``texts`` answers ``record`` in ``dataset``: 2 in the whole dataset
    (``lookup(key)``: its id, or a key of no other record), 1 only within its
    agency's scope (``lookup(key, agency=...)``: a key records of other agencies share),
    0 not at all."""
    position = dataset._position[id(record)]
    scopes = dataset._scopes
    found = []
    for text in texts:
        owners = dataset._index.resolve(text)
        if text == record.id or owners == position:
            found.append(2)
        elif type(owners) is tuple:
            mine = [n for n in owners if scopes[n] == scopes[position]]
            found.append(1 if mine == [position] else 0)
        else:
            found.append(0)
    return found


def _keys(
    old: Dataset, record: Record, new: Dataset, other: Record
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of a record of both that answer it less (lost) and more (gained) than
    before (see :func:`_answers`): a key that answered it in the whole dataset and now
    only within its agency, or no longer, is lost. Each text is asked of both
    datasets, so a key written otherwise (another case) that still answers is
    neither."""
    mine, theirs = tuple(key_texts(record)), tuple(key_texts(other))
    texts = list(dict.fromkeys((*mine, *theirs)))
    had = dict(zip(texts, _answers(old, record, texts), strict=True))
    has = dict(zip(texts, _answers(new, other, texts), strict=True))
    lost = dict.fromkeys(t for t in mine if has[t] < had[t])
    gained = dict.fromkeys(t for t in theirs if has[t] > had[t])
    return tuple(lost), tuple(gained)


def diff(old: Dataset, new: Dataset) -> Diff:
    """What changed from ``old`` to ``new`` (see :class:`Diff`); both are datasets
    (``itu_tcb.diff`` checks)."""
    before = {(r.kind, r.id) for r in old}
    after = {(r.kind, r.id): r for r in new}
    kept = [(r, after[r.kind, r.id]) for r in old if (r.kind, r.id) in after]
    changed = []
    for record, other in kept:
        fields = _changes(record, other) if other != record else ()
        lost, gained = _keys(old, record, new, other)
        if fields or lost or gained:
            changed.append(RecordChange(record.kind, record.id, fields, lost, gained))
    # The records that come from another document than before, or from one whose
    # metadata changed, by change (a change of the whole dataset's own metadata is in
    # ``metadata``).
    moved: dict[tuple[Metadata, Metadata], list[str]] = {}
    for r, _ in kept:
        if old.provenance.get(r.id) != new.provenance.get(r.id):
            moved.setdefault((old.metadata_of(r), new.metadata_of(r.id)), []).append(r.id)
    documents = tuple((tuple(ids), _changes(*pair)) for pair, ids in moved.items())
    order = []
    for kind in RecordKind:
        ids = [r.id for r in new.collection(kind) if (kind, r.id) in before]
        if _moved([r.id for r in old.collection(kind)], ids):
            order.append((kind, tuple(ids)))
    versions = (old.schema_version, new.schema_version)
    return Diff(
        added=tuple(r for r in new if (r.kind, r.id) not in before),
        removed=tuple(r for r in old if (r.kind, r.id) not in after),
        changed=tuple(changed),
        schema_version=versions if versions[0] != versions[1] else None,
        metadata=_changes(old.metadata, new.metadata),
        documents=documents,
        order=tuple(order),
    )
