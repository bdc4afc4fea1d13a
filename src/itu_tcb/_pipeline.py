"""The one document pipeline, for load, validate and merge alike.

::

    source -> fetch -> strict JSON -> structure (per record) -> Part
    Part, Part, ... -> combine: replacements, then integrity once -> Outcome

:func:`combine` takes one part (a load or a validation) or several (a merge) through
the integrity checks, once, over all their records; every problem keeps the path of
the part it is in and, in a merge, names that part. ``Dataset`` builds itself from
the :class:`Outcome`, and enters a merge as a :class:`Part` of its own making.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import attrs

from . import _document, _integrity, _json
from ._document import Part
from ._fields import specs
from ._input import Input, fetch
from ._integrity import Entry, Placed
from ._rules import quote
from .models import PROVENANCE_VERSION, SCHEMA_VERSIONS, Metadata, Record, RecordKind
from .report import Problem, ProblemKind, Severity

__all__ = ["Outcome", "Part", "combine", "read"]


def read(source: Input, label: str | None = None) -> Part:
    """Fetch, parse and structure a document; never raises for a bad document."""
    where, payload, problems = fetch(source)
    where = label or where
    if payload is None:
        return _unread(where, problems)
    owned = True  # the parsed value is the library's own, not a caller's mapping
    if isinstance(payload, bytes):
        text, found = _json.decode(payload)
        problems += found
        del payload  # each stage drops its input once done
        if text is None:
            return _unread(where, problems)
        parsed = _json.parse(text, decoded=True)
        del text
    elif isinstance(payload, str):
        parsed = _json.parse(payload)
    else:
        # A caller's mapping: held to the rules of JSON text, and never changed.
        parsed = _json.check_mapping(payload)
        owned = False
    problems += parsed.problems
    if parsed.value is None and parsed.problems:
        return _unread(where, problems)
    part = _document.structure(parsed.value, owned=owned, shared=parsed.shared)
    del parsed
    return attrs.evolve(part, label=where, problems=(*problems, *part.problems))


def _unread(label: str, problems: list[Problem]) -> Part:
    return Part(label, None, None, {}, tuple(problems), complete=False)


@attrs.frozen
class Outcome:
    """What :func:`combine` found: the records in order, where each came from, and
    every problem. A dataset can be built from it when :attr:`buildable`."""

    label: str
    schema_version: str | None
    metadata: Metadata | None
    collections: dict[RecordKind, tuple[Record, ...]]
    #: The document each record came from, by id (for the records of every part).
    origins: dict[str, str]
    problems: tuple[Problem, ...]
    #: The metadata of each record's document, by id, where that is not ``metadata``.
    provenance: dict[str, Metadata] = attrs.field(factory=dict)

    @property
    def buildable(self) -> bool:
        """True when there is no error and the first part gave its metadata."""
        return (
            self.metadata is not None
            and self.schema_version is not None
            and not any(p.severity is Severity.ERROR for p in self.problems)
        )


def _latest(parts: Sequence[Part], provenance: bool) -> str | None:
    """The schema version of a merge: the latest of its parts' (a part of 1.1 may use
    what 1.0 lacks), at least :data:`PROVENANCE_VERSION` with ``provenance`` to write,
    ``None`` when the first part gave none."""
    if parts[0].schema_version is None:
        return None
    given = [v for p in parts if (v := p.schema_version) is not None and v in SCHEMA_VERSIONS]
    if provenance:
        given.append(PROVENANCE_VERSION)
    return max(given, key=SCHEMA_VERSIONS.index)


def labels_for(parts: Sequence[Part]) -> list[str]:
    """Each part's label, made distinct from the labels and record origins of the
    parts before it (``"a.json (part 3)"``), so that a problem names one part."""
    return _naming(parts)[0]


def _naming(parts: Sequence[Part]) -> tuple[list[str], list[dict[str, str]]]:
    """Each part's label (see :func:`labels_for`), and for each part the name each of
    its record origins (a nested merge's parts) takes in the merge, made distinct too."""
    taken: set[str] = set()
    labels: list[str] = []
    renames: list[dict[str, str]] = []
    for number, part in enumerate(parts, 1):
        labels.append(_distinct(part.label, taken, number))
        origins = dict.fromkeys(part.origins.values())
        renames.append({origin: _distinct(origin, taken, number) for origin in origins})
    return labels, renames


def _distinct(name: str, taken: set[str], number: int) -> str:
    """``name``, or ``"name (part N)"`` with the first N from ``number`` (at least 2)
    that no name in ``taken`` has, now taken. A taken name that already ends in
    ``(part N)`` (a nested merge's second part, say) is numbered on from its base."""
    if name in taken:
        base = _NUMBERED.fullmatch(name)
        stem = base.group(1) if base else name
        counter = max(number, 2)
        while (name := f"{stem} (part {counter})") in taken:
            counter += 1
    taken.add(name)
    return name


_NUMBERED = re.compile(r"(.*) \(part [0-9]+\)", re.DOTALL)


def _documents(
    parts: Sequence[Part], labels: Sequence[str], renames: Sequence[dict[str, str]]
) -> str:
    """The origin of a merge: the name of every document of its parts, in order (a
    nested merge's documents each by its name in this merge)."""
    names: list[str] = []
    for part, label, rename in zip(parts, labels, renames, strict=True):
        named = part.origins.keys()
        if not rename or any(
            record.id not in named for records in part.collections.values() for record in records
        ):
            names.append(label)
        names.extend(rename.values())
    return " + ".join(names)


def combine(
    parts: Sequence[Part],
    replace: Iterable[str] = (),
    elsewhere: Callable[[], Mapping[str, RecordKind]] | None = None,
) -> Outcome:
    """Put parts together in order and run the integrity checks once over them all.

    Each record keeps its position in the first part that defines its id; records
    of later parts follow. ``replace`` names the ids that a later part may redefine
    (the later record takes the earlier one's place; same kind only; each id named
    must be defined earlier and redefined later). Any other id or key defined twice
    is a problem: within a part a ``duplicate-id`` or ``ambiguous``, between parts a
    ``clash`` naming the other part. The outcome takes the first part's metadata.
    ``elsewhere`` is for the checks' hints (see :func:`._integrity.check`).
    """
    labels, renames = _naming(parts)
    several = len(parts) > 1
    problems: list[Problem] = []
    for label, part in zip(labels, parts, strict=True):
        problems.extend(attrs.evolve(p, source=label) if several else p for p in part.problems)
    replaceable = frozenset(replace)
    first = parts[0]
    if not several and not replaceable:
        # One document (a load, a validation): its records as they are.
        groups = _integrity.placed(first.collections, first.positions)
        unparsed = first.unparsed_ids
        collections = {kind: tuple(first.collections.get(kind, ())) for kind in RecordKind}
        provenance = dict(first.provenance)
        origins = dict(first.origins)  # a merged dataset's, checked again or merged alone
    else:
        found, origins, replaced, refused = _merged(parts, labels, renames, replaceable, problems)
        provenance = _provenance(found, parts, first.metadata)
        # A record that failed to load may be the one that redefines an id: not "unused".
        unparsed = frozenset().union(*(p.unparsed_ids for p in parts))
        if not any(p.unparsed_kinds for p in parts):
            problems.extend(_unused(replaceable - replaced - unparsed, origins))
        unparsed |= refused  # references to a record that failed to replace: not reported
        groups = {
            kind: Placed(
                [e.record for e in group], [e.index for e in group], [e.part for e in group]
            )
            for kind, group in found.items()
        }
        collections = {kind: tuple(e.record for e in found[kind]) for kind in RecordKind}
    problems += _integrity.check(
        groups,
        labels,
        unparsed_ids=unparsed,
        unparsed_kinds=frozenset().union(*(p.unparsed_kinds for p in parts)),
        complete=all(p.complete for p in parts),
        elsewhere=elsewhere,
    )
    return Outcome(
        label=_documents(parts, labels, renames) if several else labels[0],
        schema_version=_latest(parts, bool(provenance)),
        metadata=first.metadata,
        collections=collections,
        origins=origins,
        problems=tuple(problems),
        provenance=provenance,
    )


def _provenance(
    found: Mapping[RecordKind, Sequence[Entry]], parts: Sequence[Part], metadata: Metadata | None
) -> dict[str, Metadata]:
    """The metadata of each merged record's document, by id, where that is not the
    first part's ``metadata`` (which the merge takes as its own)."""
    out: dict[str, Metadata] = {}
    for entry in (e for kind in RecordKind for e in found[kind]):
        part = parts[entry.part]
        record_id = entry.record.id
        given = part.provenance.get(record_id, part.metadata)
        if given is not None and given != metadata:
            out[record_id] = given
    return out


def _merged(
    parts: Sequence[Part],
    labels: Sequence[str],
    renames: Sequence[dict[str, str]],
    replaceable: frozenset[str],
    problems: list[Problem],
) -> tuple[dict[RecordKind, list[Entry]], dict[str, str], set[str], set[str]]:
    """The entries of several parts (or of one with replacements), in kind order:
    each record where the first part that defines its id put it, a replacement in
    the earlier record's place, a duplicate after (the checks report it); each id's
    origin (a nested merge's documents by their names here); the ids replaced, and
    those refused (replacements of another kind)."""
    merged: dict[RecordKind, list[Entry]] = {kind: [] for kind in RecordKind}
    slots: dict[str, tuple[RecordKind, int]] = {}  # each id's kind and position
    origins: dict[str, str] = {}
    replaced: set[str] = set()
    refused: set[str] = set()
    several = len(parts) > 1
    for number, (label, part) in enumerate(zip(labels, parts, strict=True)):
        named = {record_id: renames[number][o] for record_id, o in part.origins.items()}
        for kind, group in _integrity.placed(part.collections, part.positions, number).items():
            for index, record in zip(group.indexes, group.records, strict=True):
                entry = Entry(kind, index, record, number)
                record_id = record.id
                slot = slots.get(record_id)
                if slot is None:
                    slots[record_id] = (kind, len(merged[kind]))
                    origins[record_id] = named.get(record_id, label)
                    merged[kind].append(entry)
                    continue
                earlier = merged[slot[0]][slot[1]]
                if record_id not in replaceable or earlier.part == number:
                    merged[kind].append(entry)  # a duplicate: the checks report it
                    continue
                replaced.add(record_id)
                if earlier.kind is not kind:
                    problems.append(_kind_clash(entry, earlier, labels, several))
                    refused.add(record_id)
                    continue
                merged[kind][slot[1]] = entry
                origins[record_id] = named.get(record_id, label)
                problems.extend(_resets(entry, earlier, labels, several))
    return merged, origins, replaced, refused


def _resets(
    entry: Entry, earlier: Entry, labels: Sequence[str], several: bool
) -> Iterator[Problem]:
    """A warning when a replacement leaves at their default fields that the record
    it replaces gave: a replacement takes the whole record."""
    later, before = entry.record, earlier.record
    reset = [
        s.name
        for s in specs(type(later))
        if not s.required and getattr(later, s.name) == s.default != getattr(before, s.name)
    ]
    if not reset:
        return
    where = f"{_integrity.path_of(earlier.kind, earlier.index)} of {labels[earlier.part]}"
    yield Problem(
        path=_integrity.path_of(entry.kind, entry.index),
        source=labels[entry.part] if several else None,
        message=(
            f"this record replaces {quote(entry.record.id)} ({where}) whole, and leaves out what "
            f"that one gave: {', '.join(reset)}"
        ),
        kind=ProblemKind.VALUE,
        severity=Severity.WARNING,
        hint="a replacement takes the place of the whole record: give every field to keep",
    )


def _kind_clash(entry: Entry, earlier: Entry, labels: Sequence[str], several: bool) -> Problem:
    where = _integrity.path_of(earlier.kind, earlier.index)
    return Problem(
        path=_integrity.path_of(entry.kind, entry.index, "id"),
        source=labels[entry.part] if several else None,
        message=(
            f"{quote(entry.record.id)} is {_integrity.noun(entry.kind)}, but the record it would "
            f"replace, {where} of {labels[earlier.part]}, is {_integrity.noun(earlier.kind)}"
        ),
        kind=ProblemKind.CLASH,
        hint="a record can only be replaced by one of the same kind",
    )


def _unused(ids: Iterable[str], defined: Mapping[str, object]) -> Iterable[Problem]:
    for record_id in sorted(ids):
        where = "no part defines it" if record_id not in defined else "no later part redefines it"
        yield Problem(
            path="$",
            message=f"replace names {quote(record_id)}, but {where}",
            kind=ProblemKind.CLASH,
            hint="replace only ids that an earlier part defines and a later part redefines",
        )
