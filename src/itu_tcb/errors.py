"""The exceptions that the public API raises."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Report

__all__ = ["DataError", "NotFoundError", "RecordError"]

#: How much of a key an error message quotes.
_SHOWN = 80


class NotFoundError(KeyError, LookupError):
    """No record answers to a key.

    A subclass of both :class:`KeyError` and :class:`LookupError`, so existing
    ``except KeyError`` code keeps working. ``suggestions`` holds the names of the
    closest records, best first.
    """

    def __init__(self, key: str, suggestions: tuple[str, ...] = ()) -> None:
        self.key = key
        self.suggestions = suggestions
        shown = key if len(key) <= _SHOWN else key[: _SHOWN - 3] + "..."
        message = f"no record matches {shown!r}"
        if suggestions:
            message += "; closest: " + ", ".join(repr(s) for s in suggestions)
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError.__str__ shows the repr of its argument; show the message itself.
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[NotFoundError], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.key, self.suggestions))


class RecordError(ValueError):
    """A record was built with values that break the format's rules.

    ``problems`` holds ``(field, message)`` pairs, one per bad field.
    """

    def __init__(self, kind: str, problems: tuple[tuple[str, str], ...]) -> None:
        self.kind = kind
        self.problems = problems
        detail = "; ".join(f"{field}: {message}" for field, message in problems)
        super().__init__(f"invalid {kind}: {detail}")

    def __reduce__(self) -> tuple[type[RecordError], tuple[str, tuple[tuple[str, str], ...]]]:
        return (type(self), (self.kind, self.problems))


class DataError(ValueError):
    """A document could not be loaded; ``report`` lists every problem found."""

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = report.errors
        first = f": {errors[0]}" if errors else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{report.source} is not a valid itu_tcb document{first}{more}")

    def __reduce__(self) -> tuple[type[DataError], tuple[Report]]:
        return (type(self), (self.report,))
