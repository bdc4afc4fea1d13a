"""Parsed JSON to records: the document's top level, then each record through the
converter's hook of its class, into a :class:`Part`. Each record is structured on
its own, so one bad record hides no problem of the others, and the integrity checks
still run over every record that did load. The converter (and so cattrs) is imported
only when a document is structured.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._json import NotJson, describe
from ._rules import quote
from .models import (
    EDITOR_SCHEMA,
    PROVENANCE_VERSION,
    RECORD_TYPES,
    SCHEMA_VERSIONS,
    SOURCE_NOT_GIVEN_VERSION,
    Metadata,
    Provenance,
    Record,
    RecordKind,
)
from .report import Problem, ProblemKind, Severity, format_path

if TYPE_CHECKING:
    from ._convert import Path

#: Keys of the document's root object, in the order they are written.
ROOT_KEYS = (
    EDITOR_SCHEMA,
    "schema_version",
    "metadata",
    *(kind.collection for kind in RecordKind),
    "provenance",
)


@attrs.frozen
class Part:
    """One document (or dataset) on its way in: what structured, and its problems."""

    label: str
    schema_version: str | None
    metadata: Metadata | None
    collections: Mapping[RecordKind, Sequence[Record]]
    #: Problems met before the integrity checks (bytes, JSON, structure).
    problems: tuple[Problem, ...] = ()
    #: Where records failed to load: the document index of each record that did.
    positions: Mapping[RecordKind, Sequence[int]] = attrs.field(factory=dict)
    #: Ids of records that failed to structure (so references to them still resolve).
    unparsed_ids: frozenset[str] = frozenset()
    #: Kinds with a record whose id could not be read, or whose collection is not a
    #: list: a reference to a missing id of such a kind may point at that record.
    unparsed_kinds: frozenset[RecordKind] = frozenset()
    #: False when some record (or the metadata) failed to structure.
    complete: bool = True
    #: The document each record came from, by id, where that is not ``label``
    #: (a merged dataset taken as a part of a further merge).
    origins: Mapping[str, str] = attrs.field(factory=dict)
    #: The metadata of each record's document, by id, where that is not ``metadata``
    #: (a merged document's ``provenance``, or a merged dataset's).
    provenance: Mapping[str, Metadata] = attrs.field(factory=dict)


def _problem(
    at: Path,
    message: str,
    kind: ProblemKind,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(path=format_path(at), message=message, kind=kind, hint=hint, severity=severity)


def _wrong(value: Any, want: type, at: Path, expected: str, problems: list[Problem]) -> bool:
    """Whether ``value`` is not a ``want``; if so, a ``type`` problem says so (unless
    it is a mark of what JSON forbids, which the JSON stage reported)."""
    if type(value) is want:
        return False
    if not isinstance(value, NotJson):
        problems.append(_problem(at, f"{expected}, got {describe(value)}", ProblemKind.TYPE))
    return True


def structure(value: Any, *, owned: bool = False, shared: tuple[dict[str, Any], ...] = ()) -> Part:
    """Structure a parsed document (a part without a label), collecting every problem.

    ``shared``: the objects the parse shared (see ``_json._Parser.shared``), each
    structured once. ``owned``: the library parsed ``value`` and nobody else holds it,
    so each record's parsed object is dropped from its list once structured: the tree
    and the records are never alive together (less memory, and the garbage collector's
    full passes walk a heap that does not double). A caller's mapping is never changed.
    """
    from ._convert import SHARED

    token = SHARED.set({id(o): None for o in shared})
    try:
        return _structure(value, owned)
    finally:
        SHARED.reset(token)


def _structure(value: Any, owned: bool) -> Part:
    from ._convert import CONVERTER, problems_of, unknown_field

    problems: list[Problem] = []
    if _wrong(value, dict, (), "the document must be a JSON object", problems):
        return Part("", None, None, {}, tuple(problems), complete=False)
    problems += [unknown_field((), key, ROOT_KEYS) for key in value if key not in ROOT_KEYS]
    if EDITOR_SCHEMA in value:
        expected = f"{EDITOR_SCHEMA} must be a string (the schema's URI or path)"
        _wrong(value[EDITOR_SCHEMA], str, (EDITOR_SCHEMA,), expected, problems)
    version = _schema_version(value, problems)
    if version is None and "schema_version" in value:
        # A version this library does not read: the rest may follow other rules.
        return Part("", None, None, {}, tuple(problems))
    if version is not None:
        value = _upgrade(value, version, owned, problems)
    metadata = None
    # Set when a part fails without a problem of its own here (the JSON stage
    # reported it: a NaN, a lone surrogate), so that ``complete`` still tells.
    failed = False
    if "metadata" not in value:
        problems.append(_problem(("metadata",), "required field is missing", ProblemKind.MISSING))
    else:
        try:
            metadata = CONVERTER.get_structure_hook(Metadata)(value["metadata"], Metadata)
        except Exception as exc:  # noqa: BLE001 - translated into problems
            problems.extend(problems_of(exc, ("metadata",)))
            failed = True
    collections: dict[RecordKind, tuple[Record, ...]] = {}
    unparsed: set[str] = set()
    unparsed_kinds: set[RecordKind] = set()
    positions: dict[RecordKind, tuple[int, ...]] = {}
    for kind in RecordKind:
        items = value.get(kind.collection, [])
        if _wrong(items, list, (kind.collection,), "expected a list", problems):
            unparsed_kinds.add(kind)
            failed = True
            continue
        cls = RECORD_TYPES[kind]
        hook = CONVERTER.get_structure_hook(cls)
        records = []
        loaded: list[int] = []
        for index, item in enumerate(items):
            if owned:
                items[index] = None  # ``item`` is now the only reference
            try:
                records.append(hook(item, cls))
                loaded.append(index)
            except Exception as exc:  # noqa: BLE001 - translated into problems
                problems.extend(problems_of(exc, (kind.collection, index)))
                if type(item) is dict and type(item.get("id")) is str:
                    unparsed.add(item["id"])
                else:
                    unparsed_kinds.add(kind)
            del item
        collections[kind] = tuple(records)
        if len(records) != len(items):
            positions[kind] = tuple(loaded)
            failed = True
    ids = {r.id for records in collections.values() for r in records} | unparsed
    # A record whose id could not be read may be the one an entry names.
    provenance, failed_here = _provenance(value, version, None if unparsed_kinds else ids, problems)
    failed = failed or failed_here
    provenance = {i: m for i, m in provenance.items() if m != metadata}
    return Part(
        "",
        version,
        metadata,
        collections,
        tuple(problems),
        positions,
        frozenset(unparsed),
        frozenset(unparsed_kinds),
        complete=not problems and not failed,
        provenance=provenance,
    )


#: Values a schema version allowed and a later one removed: by (the last version that
#: allowed it, collection, field, value), what it is read as now and how to write it.
REMOVED = {
    ("1.0", "agencies", "agency_kind", "development_bank"): (
        "unknown",
        "agency_kind says where an organization sits relative to the UN system: write "
        "'specialized_agency' or 'outside_un_system', whichever is right, and say in the "
        "record's note that it is a development bank",
    ),
}


def _upgrade(
    value: dict[str, Any], version: str, owned: bool, problems: list[Problem]
) -> dict[str, Any]:
    """A document of an earlier schema version in today's terms, with the meaning that
    version gave it: a value since removed is read as the one that now says the same
    (or ``unknown``), with a warning; a record without ``source`` as the untitled
    opening paragraphs (before 1.3). A caller's mapping is copied where it changes."""
    removed = {k[1:]: v for k, v in REMOVED.items() if not _before(k[0], version)}
    sourced = _before(version, SOURCE_NOT_GIVEN_VERSION)
    if not (removed or sourced):
        return value
    root = value if owned else dict(value)
    for kind in RecordKind:
        items = root.get(kind.collection)
        if type(items) is not list:
            continue
        copied = owned  # the library's own parse may change; a caller's list is copied
        for index, item in enumerate(items):
            if type(item) is not dict:
                continue
            change: dict[str, Any] = {"source": {}} if sourced and "source" not in item else {}
            for (collection, field, old), (now, how) in removed.items():
                if collection == kind.collection and item.get(field) == old:
                    change[field] = now
                    message = (
                        f"{quote(old)} is a value of schema {version} that the format no "
                        f"longer has; it is read as {now!r}"
                    )
                    hint = f'{how}; and "schema_version": "{SCHEMA_VERSIONS[-1]}"'
                    at = (collection, index, field)
                    problems.append(_problem(at, message, ProblemKind.ENUM, hint, Severity.WARNING))
            if change:
                if not copied:
                    items = root[kind.collection] = list(items)
                    copied = True
                items[index] = {**item, **change}
    return root


def _before(version: str, other: str) -> bool:
    """True when schema ``version`` is earlier than ``other``."""
    return SCHEMA_VERSIONS.index(version) < SCHEMA_VERSIONS.index(other)


def _provenance(
    value: dict[str, Any], version: str | None, ids: set[str] | None, problems: list[Problem]
) -> tuple[dict[str, Metadata], bool]:
    """The document's ``provenance``: each listed record's metadata, by id, and
    whether some entry failed to structure. An id must name a record of this document
    (one of ``ids``, unless they are not all known) and be listed once."""
    from ._convert import CONVERTER, problems_of

    if "provenance" in value and version is not None and _before(version, PROVENANCE_VERSION):
        message = (
            f"provenance needs schema_version {PROVENANCE_VERSION!r} or later; "
            f"this document says {quote(version)}"
        )
        hint = f'write "schema_version": {json.dumps(PROVENANCE_VERSION)}'
        problems.append(_problem(("provenance",), message, ProblemKind.VALUE, hint))
    entries = value.get("provenance", [])
    if _wrong(entries, list, ("provenance",), "expected a list", problems):
        return {}, True
    found: dict[str, Metadata] = {}
    listed: dict[str, int] = {}
    failed = False
    hook = CONVERTER.get_structure_hook(Provenance)
    for index, item in enumerate(entries):
        try:
            entry = hook(item, Provenance)
        except Exception as exc:  # noqa: BLE001 - translated into problems
            problems.extend(problems_of(exc, ("provenance", index)))
            failed = True
            continue
        for position, record_id in enumerate(entry.records):
            at = ("provenance", index, "records", position)
            if record_id in listed:
                message = (
                    f"{quote(record_id)} is listed by $.provenance[{listed[record_id]}] already"
                )
                hint = "list each record under the one document it comes from"
                problems.append(_problem(at, message, ProblemKind.DUPLICATE_ID, hint))
            elif ids is not None and record_id not in ids:
                message = f"{quote(record_id)} is the id of no record in this document"
                hint = "list only the ids of records this document holds"
                problems.append(_problem(at, message, ProblemKind.REFERENCE, hint))
            else:
                listed[record_id] = index
                found[record_id] = entry.metadata
    return found, failed


def _schema_version(value: dict[str, Any], problems: list[Problem]) -> str | None:
    at = ("schema_version",)
    if "schema_version" not in value:
        hint = f'add "schema_version": {json.dumps(SCHEMA_VERSIONS[-1])}'
        problems.append(_problem(at, "required field is missing", ProblemKind.MISSING, hint))
        return None
    version = value["schema_version"]
    if _wrong(version, str, at, "expected a string", problems):
        return None
    if version not in SCHEMA_VERSIONS:
        supported = ", ".join(repr(v) for v in SCHEMA_VERSIONS)
        message = (
            f"schema_version {quote(version)} is not supported; this library reads {supported}"
        )
        problems.append(_problem(at, message, ProblemKind.SCHEMA_VERSION))
        return None
    return str(version)
