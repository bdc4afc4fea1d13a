"""Combine datasets (and documents) into one new :class:`~itu_tcb.Dataset`.

Rules:

- Parts are combined in order; each record keeps its position in the first part
  that defines its id, and records of later parts are appended after it.
- A clash is an error, never a silent overwrite: an id that two parts define, or
  a name, code, acronym or alias that would then resolve to two records. Every
  clash is listed in the :class:`~itu_tcb.DataError`'s report as
  :attr:`~itu_tcb.ProblemKind.CLASH`.
- ``replace`` names the ids that a later part may redefine. The later record then
  takes the earlier one's place (same kind only). Each id named must be defined
  by an earlier part and redefined by a later one, else that too is an error.
- A part may be a ``Dataset`` or a document (a path, bytes, text or mapping, as
  :func:`~itu_tcb.load` takes). A document's references may point at records of
  the parts before it, so a small file of corrections need not repeat them.
- The merged dataset takes the ``metadata`` and ``schema_version`` of the first
  part. Its ``origin`` names all parts (``"a + b"``), and ``record_origins``
  gives, for every record, the document it came from (see
  :meth:`~itu_tcb.Dataset.origin_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from . import _integrity
from ._lookup import normalize
from .dataset import Dataset
from .errors import DataError
from .models import Metadata, Record, RecordKind
from .report import Problem, ProblemKind, Report, Severity

if TYPE_CHECKING:
    from .loading import Source

__all__ = ["merge"]


@attrs.frozen
class _Part:
    label: str
    collections: Mapping[RecordKind, tuple[Record, ...]]
    origins: Mapping[str, str]  # record id -> document it came from
    metadata: Metadata
    schema_version: str


@attrs.define
class _Slot:
    """Where a record of the merged dataset sits, and where it came from."""

    kind: RecordKind
    position: int  # index in the merged collection
    part: int  # index of the part that defined it
    index: int  # index in that part's collection

    @property
    def path(self) -> str:
        """The record's JSON path in the document of its part."""
        return _integrity.path_of(self.kind, self.index)


def merge(*parts: Dataset | Source, replace: Iterable[str] | str = ()) -> Dataset:
    """Combine datasets (or documents) into a new dataset; see the module notes.

    Raises :class:`~itu_tcb.DataError` listing every clash (and every problem of a
    document part), :class:`TypeError` for no parts or a part of the wrong type.
    """
    if not parts:
        raise TypeError("merge() needs at least one dataset")
    replaceable = _ids(replace)
    loaded: list[_Part] = []
    problems: list[Problem] = []
    labels: list[str] = []
    for number, given in enumerate(parts, 1):
        taken = {*labels, *(origin for part in loaded for origin in part.origins.values())}
        found = _part(given, _known(loaded), problems, labels, taken, number)
        if found is not None:
            loaded.append(found)
    label = " + ".join(labels)
    if problems:
        raise DataError(Report(label, tuple(problems)))

    merged: dict[RecordKind, list[Record]] = {kind: [] for kind in RecordKind}
    slots: dict[str, _Slot] = {}
    origins: dict[str, str] = {}
    replaced: set[str] = set()
    for number, part in enumerate(loaded):
        for kind, index, record in _integrity.located(part.collections):
            path = _integrity.path_of(kind, index)
            slot = slots.get(record.id)
            if slot is None:
                slots[record.id] = _Slot(kind, len(merged[kind]), number, index)
                merged[kind].append(record)
            elif record.id not in replaceable:
                problems.append(_id_clash(record.id, part, path, loaded[slot.part], slot))
                continue
            elif slot.kind is not kind:
                problems.append(_kind_clash(record, part, path, loaded[slot.part], slot))
                replaced.add(record.id)  # tried: the clash above says why it failed
                continue
            else:
                merged[kind][slot.position] = record
                slot.part, slot.index = number, index
                replaced.add(record.id)
            origins[record.id] = part.origins[record.id]
    problems.extend(_unused(replaceable - replaced, slots))
    problems.extend(_key_clashes(merged, slots, loaded))
    if problems:
        raise DataError(Report(label, tuple(problems)))
    first = loaded[0]
    try:
        return Dataset.from_collections(
            merged,
            metadata=first.metadata,
            schema_version=first.schema_version,
            origin=label,
            record_origins=origins,
        )
    except DataError as exc:  # a replacement broke a reference: keep the report
        raise DataError(Report(label, exc.report.problems)) from None


def _ids(replace: Iterable[str] | str) -> frozenset[str]:
    items = (replace,) if isinstance(replace, str) else tuple(replace)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"replace must hold record ids (strings), not {type(item).__name__}")
    return frozenset(items)


def _known(loaded: list[_Part]) -> dict[str, RecordKind]:
    return {
        record.id: kind
        for part in loaded
        for kind, _, record in _integrity.located(part.collections)
    }


def _unique(label: str, labels: list[str], taken: set[str], number: int) -> str:
    """A part's label, told apart from the labels and origins of earlier parts."""
    unique = f"{label} (part {number})" if label in taken else label
    labels.append(unique)
    return unique


def _part(
    part: Dataset | Source,
    known: dict[str, RecordKind],
    problems: list[Problem],
    labels: list[str],
    taken: set[str],
    number: int,
) -> _Part | None:
    """A dataset as it is, or a document read and checked against the parts before it."""
    if isinstance(part, Dataset):
        origins = {record.id: part.origin_of(record) for record in part}
        label = _unique(part.origin, labels, taken, number)
        return _Part(label, part.collections(), origins, part.metadata, part.schema_version)
    from .loading import read_parts

    where, parts, found = read_parts(part)
    where = _unique(where, labels, taken, number)
    if parts is not None:
        # Errors only: the warnings (an empty category, say) are judged on the whole.
        checked = _integrity.check(
            parts.collections,
            parts.unparsed_ids,
            complete=parts.complete,
            unparsed_kinds=parts.unparsed_kinds,
            known=known,
            positions=parts.positions,
        )
        found += [p for p in checked if p.severity is Severity.ERROR]
    if found or parts is None or parts.metadata is None or parts.schema_version is None:
        problems.extend(_in(where, p) for p in found)
        return None
    origins = {record.id: where for _, _, record in _integrity.located(parts.collections)}
    return _Part(where, parts.collections, origins, parts.metadata, parts.schema_version)


def _in(where: str, problem: Problem) -> Problem:
    """A document part's problem, with the document named in the message."""
    return attrs.evolve(problem, message=f"{problem.message} (in {where})")


def _id_clash(record_id: str, part: _Part, path: str, earlier: _Part, slot: _Slot) -> Problem:
    return Problem(
        path=f"{path}.id",
        message=(
            f"id {record_id!r} of {part.label} is already used by {slot.path} of {earlier.label}"
        ),
        kind=ProblemKind.CLASH,
        hint=f"to let the later record replace the earlier one, pass replace=[{record_id!r}]",
    )


def _kind_clash(record: Record, part: _Part, path: str, earlier: _Part, slot: _Slot) -> Problem:
    return Problem(
        path=f"{path}.id",
        message=(
            f"{record.id!r} of {part.label} is {_integrity.noun(record.kind)}, but the "
            f"record it would replace, {slot.path} of {earlier.label}, is "
            f"{_integrity.noun(slot.kind)}"
        ),
        kind=ProblemKind.CLASH,
        hint="a record can only be replaced by one of the same kind",
    )


def _unused(ids: Iterable[str], slots: Mapping[str, _Slot]) -> Iterable[Problem]:
    for record_id in sorted(ids):
        where = "no part defines it" if record_id not in slots else "no later part redefines it"
        yield Problem(
            path="$",
            message=f"replace names {record_id!r}, but {where}",
            kind=ProblemKind.CLASH,
            hint="replace only ids that an earlier part defines and a later part redefines",
        )


def _key_clashes(
    merged: Mapping[RecordKind, list[Record]], slots: Mapping[str, _Slot], loaded: list[_Part]
) -> Iterable[Problem]:
    """Names, codes, acronyms and aliases that would resolve to two records."""
    claimed: dict[str, tuple[Record, str]] = {}
    for kind in RecordKind:
        for record in merged[kind]:
            for field, text in _integrity.lookup_keys(record):
                key = normalize(text)
                if not key:
                    continue
                other, other_text = claimed.setdefault(key, (record, text))
                if other.id == record.id:
                    continue
                mine, theirs = slots[record.id], slots[other.id]
                yield Problem(
                    path=_integrity.path_of(kind, mine.index, *field),
                    message=(
                        f"{text!r} of {loaded[mine.part].label} also names {theirs.path} "
                        f"of {loaded[theirs.part].label} ({other_text!r}); "
                        "a lookup could not tell the two apart"
                    ),
                    kind=ProblemKind.CLASH,
                    hint="rename one of them, or replace the earlier record explicitly",
                )
