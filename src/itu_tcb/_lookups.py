"""A dataset's lookups (:meth:`~itu_tcb.Dataset.get`, ``lookup`` and ``search``) by
key, kind, field and agency: one rule for every key and every record a method is given.
:class:`Lookups` is a part of :class:`~itu_tcb.Dataset`, which holds the records, in
order, as ``_records``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from ._keys import key_texts, scopes, texts_of
from ._lookup import MIN_SCORE, Index, Match, check_min_score
from ._normalize import claim, normalize
from ._rules import quote
from .errors import AmbiguousKeyError, NotFoundError
from .models import RECORD_TYPES, Agency, Record, RecordKind, key_field_names

__all__ = ["AgencyLike", "KindLike", "Lookups", "expect", "kind_of"]

if TYPE_CHECKING:  # defaults (PEP 696): a lookup without a record class gives a Record,
    import typing_extensions  # and a get without a default may give None

    R = typing_extensions.TypeVar("R", bound=Record, default=Record)
    T = typing_extensions.TypeVar("T", default=None)
else:
    R = TypeVar("R", bound=Record)
    T = TypeVar("T")
#: What a lookup is scoped to: an agency of the dataset, or its id, acronym or name.
AgencyLike = Agency | str | None
#: What a lookup's ``kind`` takes: a record class, a :class:`RecordKind` or its name.
KindLike = type[R] | RecordKind | str | None


def expect(value: object, accepted: type | tuple[type, ...], what: str) -> None:
    """Raise :class:`TypeError` naming what is accepted unless ``value`` is one:
    ``what`` is a call (``"origin_of()"``: "takes ...") or a name ("must be ...")."""
    if not isinstance(value, accepted):
        classes = accepted if isinstance(accepted, tuple) else (accepted,)
        names = ["string" if cls is str else cls.__name__ for cls in classes]
        named = [f"{'an' if name[0] in 'AEIOU' else 'a'} {name}" for name in names]
        choices = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
        verb = "takes" if what.endswith("()") else "must be"
        raise TypeError(f"{what} {verb} {choices}, not {type(value).__name__}")


def _key(key: object, what: str = "key") -> str:
    """A key a lookup, search or scope can use: a string with a letter or digit."""
    if not isinstance(key, str):
        raise TypeError(f"{what} must be a string, not {type(key).__name__}")
    if not normalize(key):
        raise ValueError(f"{what} is empty: give at least one letter or digit")
    return key


def kind_of(kind: object) -> RecordKind:
    """A kind from a record class, a :class:`RecordKind` or its name."""
    if isinstance(kind, type) and issubclass(kind, Record) and hasattr(kind, "kind"):
        return kind.kind
    if isinstance(kind, type):
        raise TypeError(f"kind must be a record class or a RecordKind, not {kind.__name__}")
    return RecordKind.parse(kind)  # type: ignore[arg-type]


def _asked(key: str | None, fields: Mapping[str, str]) -> str:
    """A lookup as it was asked, for a message: the key alone, as it is; with fields,
    each quoted: ``code='ITU-D'``, ``'ITU-D' with code='ITU-R'``."""
    if not fields:
        return str(key)
    asked = ", ".join(f"{name}={quote(value)}" for name, value in fields.items())
    return asked if key is None else f"{quote(key)} with {asked}"


class Lookups:
    """The lookups of a dataset, by key, kind, field and agency."""

    __slots__ = ()

    _records: tuple[Record, ...]
    agencies: tuple[Agency, ...]

    @cached_property
    def _index(self) -> Index[Record]:
        return Index(self._records, key_texts, texts_of)

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self._records}

    @cached_property
    def _position(self) -> dict[int, int]:
        return {id(r): n for n, r in enumerate(self._records)}

    @cached_property
    def _scopes(self) -> list[str]:  # each record's agency id
        return scopes(self._records)

    def _own(self, record: object, accepted: type | tuple[type, ...], method: str) -> Any:
        """This dataset's own copy of ``record`` (of an accepted class, else TypeError);
        NotFoundError for a record it does not hold (another's, that shares its id)."""
        expect(record, accepted, f"{method}()")
        held = self._by_id.get(record.id)  # type: ignore[attr-defined]
        if held != record:
            record_id = record.id  # type: ignore[attr-defined]
            raise NotFoundError(
                record_id,
                message=f"this dataset does not hold the {type(record).__name__} record "
                f"{quote(record_id)} given",
            )
        return held

    def _held(self, record: Record | str, method: str) -> str:
        """The id of a record of this dataset, given as the record or its id."""
        if isinstance(record, str):
            if record not in self._by_id:
                raise NotFoundError(record)
            return record
        return str(self._own(record, (Record, str), method).id)

    def get(
        self,
        key: str | None = None,
        default: T = None,  # type: ignore[assignment]  # T is None unless given
        *,
        kind: KindLike[R] = None,
        agency: AgencyLike = None,
        **fields: str,
    ) -> R | T:
        """The record answering to ``key`` (an id, code, acronym, name or alias), or
        ``default`` when none does.

        Case, accents, apostrophes, hyphens, extra spaces and a leading "the" are
        ignored. ``kind`` (a record class such as :class:`~itu_tcb.Sector`, a
        :class:`~itu_tcb.RecordKind` or its name) keeps to records of that kind; with a
        class, the record has that type for type checkers too. Fields look up by one
        field, as ``get(code="ITU-D")`` or ``get(acronym="GSR")`` (any of
        :data:`~itu_tcb.models.KEY_FIELDS`), normalised the same way; with a key too,
        a record must answer to all. ``agency`` (an :class:`~itu_tcb.Agency` of this
        dataset, or its id, acronym or name) looks only among that agency's records.

        A lookup never guesses: a key that several records share (records of
        different agencies may) raises :class:`~itu_tcb.AmbiguousKeyError` listing
        them. A record's id, exactly as written, always names that record. A key with
        no letter or digit is a :class:`ValueError`; use :meth:`search` for near
        names.
        """
        # A record of ``kind``'s class, or of any (``R`` is then Record): ignores below.
        if type(key) is str and kind is None and agency is None and not fields:
            position = self._index.resolve(key)  # the common case, kept cheap
            if type(position) is int:
                return self._records[position]  # type: ignore[return-value]
        found = self._find(key, kind, agency, fields)
        return default if found is None else found  # type: ignore[return-value]

    def lookup(
        self,
        key: str | None = None,
        *,
        kind: KindLike[R] = None,
        agency: AgencyLike = None,
        **fields: str,
    ) -> R:
        """Like :meth:`get`, but raises :class:`~itu_tcb.NotFoundError` naming the
        closest records when nothing answers."""
        if type(key) is str and kind is None and agency is None and not fields:
            position = self._index.resolve(key)
            if type(position) is int:
                return self._records[position]  # type: ignore[return-value]
        found = self._find(key, kind, agency, fields)
        if found is not None:
            return found  # type: ignore[return-value]
        scope = self._scope(agency)
        wanted = kind_of(kind) if kind is not None else None
        text = key if key is not None else " ".join(fields.values())
        close = self._index.search(text, 3, keep=self._keep(scope, wanted))  # [] for "" too
        titles = tuple(m.record.title for m in close)
        what = "record" if wanted is None else wanted.name.lower()
        shown = _asked(key, fields)
        if scope is None:
            raise NotFoundError(shown, titles, what)
        agencies = [self._scopes[n] for n in self._matches(key, None, fields)]
        if key is not None and (exact := self._by_id.get(key)) is not None:
            agencies.insert(0, self._scopes[self._position[id(exact)]])
        elsewhere = tuple(dict.fromkeys(agencies))
        raise NotFoundError(shown, titles, what, scope=scope, elsewhere=elsewhere)

    def _find(
        self, key: str | None, kind: KindLike, agency: AgencyLike, fields: Mapping[str, str]
    ) -> Record | None:
        """The one record answering to ``key`` and ``fields``, of ``kind``, in the
        scope of ``agency``; ``None`` if none does; AmbiguousKeyError if several do."""
        if key is None and not fields:
            raise TypeError("key must be a string, not NoneType (or look up by a field: code=...)")
        for name, value in fields.items():
            _key(value, name)
        scope = self._scope(agency)
        wanted = RECORD_TYPES[kind_of(kind)] if kind is not None else Record
        if key is not None and (exact := self._by_id.get(_key(key))) is not None:
            number = self._position[id(exact)]  # an id as written names its record
            if (
                isinstance(exact, wanted)
                and (scope is None or self._scopes[number] == scope)
                and all(number in self._by_field(n).get(claim(v), ()) for n, v in fields.items())
            ):
                return exact
        owners = [
            n for n in self._matches(key, scope, fields) if isinstance(self._records[n], wanted)
        ]
        if len(owners) > 1:
            raise AmbiguousKeyError(
                _asked(key, fields), tuple((self._records[n], self._scopes[n]) for n in owners)
            )
        return self._records[owners[0]] if owners else None

    def _matches(self, key: str | None, scope: str | None, fields: Mapping[str, str]) -> list[int]:
        """The positions of the records answering to ``key`` and every field, in order."""
        found: set[int] | None = None
        if key is not None:
            resolved = self._index.resolve(key)
            found = {resolved} if isinstance(resolved, int) else set(resolved or ())
        for name, value in fields.items():
            by_value = set(self._by_field(name).get(claim(value), ()))
            found = by_value if found is None else found & by_value
        return sorted(n for n in found or () if scope is None or self._scopes[n] == scope)

    def _by_field(self, name: str) -> dict[str, list[int]]:
        """The records by the claim of one key field (each item of a tuple)."""
        made: dict[str, dict[str, list[int]]] = self.__dict__.setdefault("_fields", {})
        if name not in made:
            if name not in key_field_names():
                allowed = ", ".join(key_field_names())
                raise TypeError(f"no lookup by {quote(name)}; look up by a key field: {allowed}")
            table: dict[str, list[int]] = {}
            for number, record in enumerate(self._records):
                value = getattr(record, name, None)
                for text in value if isinstance(value, tuple) else (value,):
                    if isinstance(text, str):
                        owners = table.setdefault(claim(text), [])
                        if number not in owners:
                            owners.append(number)
            made[name] = table
        return made[name]

    def _scope(self, agency: AgencyLike) -> str | None:
        """The agency id a lookup is scoped to (``None``: the whole dataset)."""
        if agency is None:
            return None
        if isinstance(agency, Agency):
            return str(self._own(agency, Agency, "agency").id)
        if not isinstance(agency, str):
            raise TypeError(f"agency must be an Agency or its id, not {type(agency).__name__}")
        held = self._by_id.get(_key(agency, "agency"))
        if not isinstance(held, Agency):  # its acronym or name, among agencies only
            held = self._find(agency, Agency, None, {})
        if held is None:
            close = Index([a.id for a in self.agencies], lambda text: (text,)).search(agency, 3)
            raise NotFoundError(agency, tuple(m.record for m in close), "agency")
        return held.id

    def _keep(self, scope: str | None, kind: RecordKind | None) -> Callable[[int], bool] | None:
        """Which records (by position) a search within ``scope`` and ``kind`` keeps."""
        if scope is None and kind is None:
            return None
        of, cls = self._scopes, RECORD_TYPES[kind] if kind is not None else Record
        records = self._records
        return lambda n: isinstance(records[n], cls) and (scope is None or of[n] == scope)

    def agency_id_of(self, record: Record) -> str:
        """The id of the agency whose records ``record`` is among: an agency's own
        id, else that of :meth:`agency_of`. Keys are unambiguous among one agency's
        records; records of different agencies may share them."""
        held = self._own(record, Record, "agency_id_of")
        return str(self._scopes[self._position[id(held)]])

    def profiles(self) -> tuple[Agency, ...]:
        """The agencies whose profiles the dataset holds, in order: those with
        records of their own (sectors, programmes, categories, ...), not only named
        as partners. The bundled data holds one, ITU's; a merge may hold several."""
        owning = {
            scope
            for scope, record in zip(self._scopes, self._records, strict=True)
            if not isinstance(record, Agency)
        }
        return tuple(a for a in self.agencies if a.id in owning)

    def search(
        self,
        text: str,
        limit: int = 10,
        *,
        kind: KindLike[R] = None,
        agency: AgencyLike = None,
        min_score: float = MIN_SCORE,
    ) -> list[Match[R]]:
        """Records ranked by how well they match ``text``, best first.

        Names, codes, acronyms and aliases are matched with tolerance for typos;
        descriptions and other text fields by whole words. Each :class:`Match` has a
        ``score`` from 0 to 1; an exact match scores 1 and comes first (every record
        that shares the key, when several do). ``kind`` and ``agency`` keep the
        results to records of that kind and agency (see :meth:`get`). Matches scoring
        below ``min_score`` (from 0 to 1) are left out, and up to ``limit`` of the
        others are returned; ``min_score=0`` keeps every match.
        """
        _key(text, "search text")
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an integer, not {type(limit).__name__}")
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        floor = check_min_score(min_score)
        keep = self._keep(self._scope(agency), kind_of(kind) if kind is not None else None)
        return self._index.search(text, limit, keep=keep, min_score=floor)  # type: ignore[return-value]
