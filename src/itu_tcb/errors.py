"""The exceptions that the public API raises."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from ._rules import quote
from .report import ProblemKind, Report

if TYPE_CHECKING:
    from .models import Record

__all__ = ["AmbiguousKeyError", "DataError", "NotFoundError", "RecordError", "UnreadableError"]


class NotFoundError(KeyError, LookupError):
    """No record answers to a key: a :class:`KeyError` (and :class:`LookupError`), so
    that ``except KeyError`` code keeps working.

    ``suggestions`` holds the names of the closest records, best first; ``what`` says
    what was looked for (``"record"``, or ``"agency"`` for the agency a lookup is
    scoped to). For a lookup scoped to an agency, ``scope`` is its id and
    ``elsewhere`` the ids of the other agencies with a record that answers to the key.
    """

    def __init__(
        self,
        key: str,
        suggestions: tuple[str, ...] = (),
        what: str = "record",
        scope: str | None = None,
        elsewhere: tuple[str, ...] = (),
        *,
        message: str | None = None,
    ) -> None:
        self.key = key
        self.suggestions = suggestions
        self.what = what
        self.scope = scope
        self.elsewhere = elsewhere
        if message is None:
            within = f" of agency {scope!r}" if scope is not None else ""
            message = f"no {what}{within} matches {quote(key)}"
            if elsewhere:
                message += f" (a record of agency {' and of '.join(map(repr, elsewhere))} does)"
            if suggestions:
                message += "; closest: " + ", ".join(map(repr, suggestions))
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError.__str__ shows the repr of its argument; show the message itself.
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        given = (self.key, self.suggestions, self.what, self.scope, self.elsewhere)
        return (partial(NotFoundError, message=self.message), given)


class AmbiguousKeyError(LookupError):
    """Several records answer to a key, and a lookup never picks one of them.

    Records of different agencies may share a name ("Workshops and seminars"), and
    two agencies an acronym. ``candidates`` holds every record that answers, in
    the dataset's order, each with the id of its agency (an agency's is its own);
    look one up by its id, or scope the lookup to its agency (``agency=``).

    A :class:`LookupError`, not a :class:`KeyError`, so that code catching
    ``KeyError`` for a missing key does not take a key of several records for a key
    of none. Catch ``LookupError`` for both.
    """

    def __init__(self, key: str, candidates: tuple[tuple[Record, str], ...]) -> None:
        self.key = key
        self.candidates = candidates
        listed = ", ".join(_candidate(record, agency) for record, agency in candidates)
        agencies = all(_is_agency(record, agency) for record, agency in candidates)
        # Agencies share one scope: only an id tells two of them apart.
        how = "name one by its id" if agencies else "look one up by its id, or within its agency"
        super().__init__(f"{quote(key)} names {len(candidates)} records: {listed}; {how}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.key, self.candidates))


def _candidate(record: Record, agency: str) -> str:
    """``activity 'fpca-workshops' of agency 'fpca'``; an agency by its id alone."""
    if _is_agency(record, agency):
        return f"agency {record.id!r}"
    return f"{record.kind.name.lower()} {record.id!r} of agency {agency!r}"


def _is_agency(record: Record, agency: str) -> bool:
    return record.id == agency and record.kind.name == "AGENCY"


class RecordError(ValueError):
    """A record was built with values that break the format's rules.

    ``problems`` holds ``(field, message)`` pairs, one per bad field.
    """

    def __init__(self, kind: str, problems: tuple[tuple[str, str], ...]) -> None:
        self.kind = kind
        self.problems = problems
        detail = "; ".join(f"{field}: {message}" for field, message in problems)
        super().__init__(f"invalid {kind}: {detail}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.problems))


class DataError(ValueError):
    """A document could not be loaded; ``report`` lists every problem found."""

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = report.errors
        # In a merge, the first error's part is named, as in the report's lines.
        where = f"{errors[0].source}:" if errors and errors[0].source else ""
        first = f": {where}{errors[0]}" if errors else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{report.source} is not a valid itu_tcb document{first}{more}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.report,))

    @staticmethod
    def of(report: Report) -> DataError:
        """The error for an invalid report: an :class:`UnreadableError` when a document
        could not be read at all."""
        unreadable = any(p.kind is ProblemKind.UNREADABLE for p in report.errors)
        return UnreadableError(report) if unreadable else DataError(report)


class UnreadableError(DataError):
    """A document could not be read at all: no such file, a directory, no permission,
    a pipe that sends nothing. A :class:`DataError`, so code that catches that still
    works; its message is the reason (``cannot read 'x.json': No such file or
    directory``)."""

    def __init__(self, report: Report) -> None:
        super().__init__(report)
        first = next(p for p in report.errors if p.kind is ProblemKind.UNREADABLE)
        self.args = (f"{first.source}: {first.message}" if first.source else first.message,)
