"""Problems found in a document, and the report that lists them all."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["Problem", "ProblemKind", "Report", "Severity"]


class Severity(enum.Enum):
    """An error makes a document invalid; a warning only points at something odd."""

    ERROR = "error"
    WARNING = "warning"


class ProblemKind(enum.Enum):
    """What class of problem a :class:`Problem` is."""

    #: The input could not be read (missing file, a directory, no permission).
    UNREADABLE = "unreadable"
    #: The bytes are not valid UTF-8, or the text holds a lone surrogate.
    ENCODING = "encoding"
    #: The text is not JSON (empty input, bad syntax, NaN, Infinity, ...).
    SYNTAX = "syntax"
    #: An object repeats a key.
    DUPLICATE_KEY = "duplicate-key"
    #: Nesting too deep to read, or an integer too large.
    LIMIT = "limit"
    #: A value of the wrong JSON type.
    TYPE = "type"
    #: A required field is absent.
    MISSING = "missing"
    #: A field the format does not have.
    UNKNOWN_FIELD = "unknown-field"
    #: A value outside a closed vocabulary.
    ENUM = "enum"
    #: A value of the right type that breaks a rule (empty name, bad id, negative).
    VALUE = "value"
    #: A ``schema_version`` this library does not read.
    SCHEMA_VERSION = "schema-version"
    #: Two records share an id.
    DUPLICATE_ID = "duplicate-id"
    #: A reference to an id that no record has, or to a record of the wrong kind.
    REFERENCE = "reference"
    #: A name or alias that would resolve to two records.
    AMBIGUOUS = "ambiguous"
    #: A category that holds no activity.
    EMPTY_CATEGORY = "empty-category"
    #: A record that nothing refers to, where something usually does.
    UNREFERENCED = "unreferenced"
    #: A record that refers to itself where another is due (a partnership listing
    #: its own agency among its partners): a warning.
    SELF_REFERENCE = "self-reference"
    #: Two datasets being merged both define the same id or key.
    CLASH = "clash"


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def format_path(path: Iterable[str | int]) -> str:
    """Render path segments as a JSON path, ``$.activities[3].category``.

    The spelling is that of cattrs and jsonschema (``ValidationError.json_path``):
    ``$`` is the root, ``.name`` a key that is a plain name, ``[3]`` a list index,
    and any other key ``['odd key']``, quoted (backslashes and quotes escaped, and
    control characters too, so that every path is one unambiguous line).
    """
    out = ["$"]
    for segment in path:
        if isinstance(segment, int):
            out.append(f"[{segment}]")
        elif _NAME.fullmatch(segment) is None:
            escaped = segment.replace("\\", "\\\\").replace("'", "\\'")
            escaped = _UNPRINTABLE.sub(lambda m: json.dumps(m.group())[1:-1], escaped)
            out.append(f"['{escaped}']")
        else:
            out.append(f".{segment}")
    return "".join(out)


@attrs.frozen(kw_only=True)
class Problem:
    """One problem: where it is (a JSON path), what it is, and how to fix it."""

    path: str
    message: str
    kind: ProblemKind
    severity: Severity = Severity.ERROR
    hint: str | None = None
    #: The document the path points into, where a report covers several (a merge's
    #: parts); ``None`` for the report's own document.
    source: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.severity.value}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        """A plain dict, for JSON output."""
        return {
            "source": self.source,
            "path": self.path,
            "message": self.message,
            "kind": self.kind.value,
            "severity": self.severity.value,
            "hint": self.hint,
        }


@attrs.frozen
class Report:
    """Every problem found in one document. Truthy when the document is valid.

    A document is valid when it has no problem of severity error; warnings do not
    make it invalid.
    """

    source: str
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the document invalid."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that do not make the document invalid."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def __bool__(self) -> bool:
        return self.valid

    def __str__(self) -> str:
        lines = [f"{problem.source or self.source}:{problem}" for problem in self.problems]
        errors, warnings = len(self.errors), len(self.warnings)
        verdict = "valid" if self.valid else "invalid"
        lines.append(f"{self.source}: {verdict} ({errors} error(s), {warnings} warning(s))")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The report as a table for Jupyter: one row per problem (every text escaped)."""
        from html import escape

        head = "".join(f"<th>{c}</th>" for c in ("source", "path", "severity", "message", "hint"))
        cells = [(p.source, p.path, p.severity.value, p.message, p.hint) for p in self.problems]
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(v or '')}</td>" for v in row) + "</tr>" for row in cells
        )
        verdict = str(self).rsplit("\n", 1)[-1]
        table = f"<table><tr>{head}</tr>{rows}</table>" if self.problems else ""
        return f'<div class="itu-tcb-report"><p>{escape(verdict)}</p>{table}</div>'

    def to_dict(self) -> dict[str, Any]:
        """A plain dict, for JSON output."""
        return {
            "source": self.source,
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }
