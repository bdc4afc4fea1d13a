"""Hypothesis strategies for valid ``itu_tcb`` records and whole datasets, for people
testing code that consumes this data::

    from hypothesis import given
    from itu_tcb import strategies as its

    @given(its.datasets())
    def test_my_report(dataset):
        render(dataset)

Every strategy derives from the models' field declarations, so a new field is drawn
without an edit here. Every value drawn is valid: each record passes the field rules
of :mod:`itu_tcb.models`, each :class:`~itu_tcb.Dataset` the integrity checks (see
:func:`datasets`). Values survive :meth:`~itu_tcb.Dataset.to_document`, JSON and
:func:`itu_tcb.load` unchanged, and draw fast enough for Hypothesis's health checks.
Hypothesis is an optional extra: ``pip install 'itu-tcb[hypothesis]'``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "itu_tcb.strategies needs Hypothesis; install it with pip install 'itu-tcb[hypothesis]'"
    ) from exc

import attrs

from . import models
from ._fields import FieldSpec, Shape, specs
from ._integrity import external_candidates, open_list_candidates
from ._json import INT_LIMIT
from ._normalize import claim
from ._rules import SLUG, TEXT, Rule
from .dataset import Dataset
from .models import RECORD_TYPES, Record, RecordKind

__all__ = [
    "activities",
    "activity_categories",
    "agencies",
    "counts",
    "datasets",
    "drivers_of_change",
    "events",
    "initiatives",
    "links",
    "member_counts",
    "memberships",
    "metadata",
    "partnerships",
    "programmes",
    "records",
    "sectors",
    "slugs",
    "source_refs",
    "sources",
    "target_groups",
    "texts",
]

T = TypeVar("T")
M = TypeVar("M", bound=attrs.AttrsInstance)

#: How many items a drawn list holds at the most.
_ITEMS = 3
#: Letters of readable keys, with case, accents and punctuation mixed in.
_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHÉéüñ-'0123456789"


@cache
def _of_rule(rule: Rule, max_size: int = 40) -> st.SearchStrategy[str]:
    """Strings that ``rule`` accepts. Text and ids are drawn in their shape (a
    pattern's own strategy is slow to draw), and every value is held to the rule."""
    if rule is SLUG:
        word = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
        drawn = st.lists(word, min_size=1, max_size=3).map("-".join)
    elif rule is TEXT:
        chars = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
        drawn = st.text(chars, min_size=1, max_size=max_size).map(str.strip)
    else:
        assert rule.pattern is not None
        drawn = st.from_regex(rule.pattern, fullmatch=True)
    return drawn.filter(rule.valid)


def slugs() -> st.SearchStrategy[str]:
    """Record ids: lowercase ASCII letters and digits in hyphen-separated words."""
    return _of_rule(SLUG)


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-empty one-line text with no whitespace at either end (any character but
    surrogates, controls and line or paragraph separators), up to ``max_size``."""
    return _of_rule(TEXT, max_size)


@cache
def _key_texts() -> st.SearchStrategy[str]:
    """Text that a lookup can find: it normalises to a non-empty key."""
    readable = st.lists(st.text(_KEY_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=3)
    return st.one_of(texts(max_size=20), readable.map(" ".join).map(str.strip)).filter(
        lambda value: TEXT.valid(value) and bool(claim(value))
    )


@cache
def _of_shape(shape: Shape, rule: Rule | None) -> st.SearchStrategy[Any]:
    """Any valid value of a field's shape and rule (keys and references aside)."""
    if shape.optional:
        return st.none() | _of_shape(attrs.evolve(shape, optional=False), rule)
    if shape.kind == "str":
        return texts() if rule is None else _of_rule(rule)
    if shape.kind == "int":
        low = rule.minimum if rule is not None and rule.minimum is not None else -INT_LIMIT
        return st.integers(low, INT_LIMIT)
    if shape.kind == "bool":
        return st.booleans()
    if shape.kind == "enum":
        return st.sampled_from(shape.type)
    if shape.kind == "record":
        return _values(shape.type)
    assert shape.item is not None
    item = _of_shape(shape.item, rule.item if rule is not None else None)
    unique = rule is not None and rule.unique
    return st.lists(item, max_size=_ITEMS, unique=unique).map(tuple)


@cache
def _values(cls: type[T]) -> st.SearchStrategy[T]:
    """Values of a small value class (a link, a count, ...), field by field."""
    fields = {spec.name: _of_shape(spec.shape, spec.rule) for spec in specs(cls)}
    return st.fixed_dictionaries(fields).map(lambda values: cls(**_unlost(cls, values)))


def _unlost(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The drawn values with each ``lost`` field false where the value it speaks of
    is given (a value cannot be given and lost: see ``spec(lost=...)``)."""
    for spec in specs(cls):
        if spec.lost is not None and values[spec.lost] is not None:
            values[spec.name] = False
    return values


# ------------------------------------------------------------------ records


class _Pool:
    """What a dataset under construction already holds: the claims of its keys, the
    ids of each kind, each record's agency and the targets taken one per target."""

    def __init__(self) -> None:
        self.claims: set[str] = set()
        self.ids: dict[RecordKind, list[str]] = {kind: [] for kind in RecordKind}
        self.agency_of: dict[str, str] = {}
        self.taken: set[tuple[RecordKind, str, str]] = set()

    def unique(self, value: str, join: str) -> str:
        """``value``, or ``value`` with a number, so that no other key claims it."""
        found, number = value, 1
        while claim(found) in self.claims:
            number += 1
            found = f"{value}{join}{number}"
        self.claims.add(claim(found))
        return found


class _NoTarget(Exception):
    """A required reference with nothing to point at (only inside a dataset)."""


def _record(draw: st.DrawFn, kind: RecordKind, pool: _Pool | None) -> Record:
    """A record of ``kind``, its fields drawn from their declarations. On its own
    (``pool`` ``None``) references are any slugs and keys any text; inside a dataset,
    ids and keys are unique after normalising and references point at records drawn
    before (of the record's own agency where the field says so)."""
    cls = RECORD_TYPES[kind]
    values: dict[str, Any] = {}
    # Fields that must agree with the record's agency are drawn after it.
    for spec in sorted(specs(cls), key=lambda s: s.same_agency or s.shape.kind == "tuple"):
        values[spec.name] = _field(draw, kind, spec, values.get("agency"), pool)
    if "open_ended" in values:
        # It says what "partners" in open_lists says (or says it alone, without open_lists).
        lists = values["open_lists"]
        values["open_ended"] = "partners" in lists or (not lists and values["open_ended"])
    return cls(**_unlost(cls, values))


def _field(
    draw: st.DrawFn, kind: RecordKind, spec: FieldSpec, agency: str | None, pool: _Pool | None
) -> Any:
    shape = spec.shape
    if spec.name in ("external_fields", "open_lists"):
        named = external_candidates if spec.name == "external_fields" else open_list_candidates
        allowed = named(RECORD_TYPES[kind])
        return tuple(draw(st.lists(st.sampled_from(allowed), unique=True))) if allowed else ()
    if spec.refers_to is not None and pool is not None:
        return _reference(draw, kind, spec, agency, pool)
    if spec.name != "id" and not spec.key:
        return draw(_of_shape(shape, spec.rule))
    strategy = slugs() if spec.name == "id" else _key_texts() if pool is not None else texts()
    if shape.kind == "tuple":
        drawn = draw(st.lists(strategy, max_size=2))
    elif shape.optional and draw(st.booleans()):
        return None
    else:
        drawn = [draw(strategy)]
    if pool is not None:
        drawn = [pool.unique(v, "-" if spec.name == "id" else " ") for v in drawn]
    return tuple(dict.fromkeys(drawn)) if shape.kind == "tuple" else drawn[0]


def _reference(
    draw: st.DrawFn, kind: RecordKind, spec: FieldSpec, agency: str | None, pool: _Pool
) -> Any:
    many, optional = spec.shape.kind == "tuple", spec.shape.optional
    target = RecordKind(spec.refers_to)
    choices = pool.ids[target]
    if spec.same_agency:
        choices = [i for i in choices if pool.agency_of.get(i) == agency]
    if spec.one_per_target:
        choices = [i for i in choices if (kind, spec.name, i) not in pool.taken]
    if many:
        choices = [i for i in choices if i != agency] if target is RecordKind.AGENCY else choices
        drawn = st.lists(st.sampled_from(choices), max_size=_ITEMS, unique=True)
        return tuple(draw(drawn)) if choices else ()
    if not choices or (optional and draw(st.booleans())):
        if not optional:
            raise _NoTarget
        return None
    chosen = draw(st.sampled_from(choices))
    if spec.one_per_target:
        pool.taken.add((kind, spec.name, chosen))
    return chosen


def records(kind: RecordKind | str) -> st.SearchStrategy[Record]:
    """Valid records of one kind (a :class:`~itu_tcb.RecordKind` or its name, such as
    ``"activities"``). References hold well-formed ids that point nowhere in
    particular; use :func:`datasets` for records whose references resolve."""
    record_kind = RecordKind.parse(kind)
    return st.composite(lambda draw: _record(draw, record_kind, None))()


# ------------------------------------------------- one strategy per model


def _of_model(cls: type[M], more: str = "") -> Callable[[], st.SearchStrategy[M]]:
    """The public strategy of one model: its records (see :func:`records`) or values;
    ``more`` ends the first sentence of its doc."""
    kind: RecordKind | None = getattr(cls, "kind", None)

    def strategy() -> st.SearchStrategy[M]:
        return records(kind) if kind else _values(cls)  # type: ignore[return-value]

    noun = "records" if kind else "values"
    name = f":class:`~itu_tcb.{cls.__name__}`"
    strategy.__doc__ = f"{'Valid ' if kind else ''}{name} {noun}{more}."
    strategy.__annotations__["return"] = f"st.SearchStrategy[models.{cls.__name__}]"
    return strategy


links = _of_model(models.Link, ", some with no target (``url=None``), lost or not")
source_refs = _of_model(models.SourceRef, ": a section (or none) and a few links")
counts = _of_model(models.Count, ": zero or more, with any qualifier")
member_counts = _of_model(models.MemberCount)
target_groups = _of_model(models.TargetGroup)
drivers_of_change = _of_model(models.DriverOfChange)
sources = _of_model(models.Source, " (the document a dataset comes from)")
metadata = _of_model(models.Metadata)
agencies = _of_model(models.Agency)
sectors = _of_model(models.Sector)
programmes = _of_model(models.Programme)
initiatives = _of_model(models.Initiative)
partnerships = _of_model(models.Partnership)
memberships = _of_model(models.Membership)
events = _of_model(models.Event)
activity_categories = _of_model(models.ActivityCategory)
activities = _of_model(models.Activity)


# ----------------------------------------------------------------- datasets


def datasets(max_records: int = 4) -> st.SearchStrategy[Dataset]:
    """Whole valid :class:`~itu_tcb.Dataset` values.

    At least one agency; up to ``max_records`` records of each kind. Ids are unique
    slugs, every reference resolves to a record of the right kind, and no key (id,
    name, code, acronym, alias, heading, label) normalises to the same text as
    another record's, so each record answers :meth:`~itu_tcb.Dataset.lookup` by any
    of its keys. Some datasets say that up to three of their records come from
    another document (:attr:`~itu_tcb.Dataset.provenance`, as after a merge); those
    are of schema version 1.2.
    """
    if isinstance(max_records, bool) or not isinstance(max_records, int):
        raise TypeError(f"max_records must be an integer, not {type(max_records).__name__}")
    if max_records < 1:
        raise ValueError(f"max_records must be 1 or more, not {max_records}")

    @st.composite
    def strategy(draw: st.DrawFn) -> Dataset:
        pool = _Pool()
        groups: dict[RecordKind, list[Record]] = {}
        for kind in RecordKind:
            built: list[Record] = []
            for _ in range(draw(st.integers(kind is RecordKind.AGENCY, max_records))):
                try:
                    built.append(_record(draw, kind, pool))
                except _NoTarget:
                    break  # nothing (left) to refer to: no more records of this kind
            pool.ids[kind] += [r.id for r in built]
            pool.agency_of.update((r.id, r.agency) for r in built if hasattr(r, "agency"))
            groups[kind] = built
        ids = [r.id for built in groups.values() for r in built]
        # Some records may come from another document (as after a merge): provenance.
        taken = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
        provenance = dict.fromkeys(taken, draw(metadata())) if taken else {}
        versions = (models.PROVENANCE_VERSION,) if provenance else models.SCHEMA_VERSIONS
        version = draw(st.sampled_from(versions))
        return Dataset.from_collections(
            groups, metadata=draw(metadata()), schema_version=version, provenance=provenance
        )

    return strategy()


@cache
def _type_strategies() -> dict[type[Any], st.SearchStrategy[Any]]:
    """The strategy of each type that ``_hypothesis`` registers with ``st.from_type``."""
    return {
        **{cls: records(kind) for kind, cls in RECORD_TYPES.items()},
        Record: st.one_of([records(kind) for kind in RecordKind]),
        **{cls: _values(cls) for cls in models.VALUE_TYPES},
        Dataset: datasets(),
    }


for _name in __all__:  # help() names each strategy as the module does
    globals()[_name].__name__ = globals()[_name].__qualname__ = _name
