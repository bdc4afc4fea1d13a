"""The ITU's Trade Capacity Building profile as typed, immutable, bundled data.

>>> import itu_tcb
>>> data = itu_tcb.load()
>>> data.lookup("itu d").name
'Telecommunication Development Sector'

Importing this package is cheap: the classes are imported on first use, and the
data is parsed (and cattrs imported) on the first call to :func:`load`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .dataset import SCHEMA_VERSIONS, Dataset, Match
    from .errors import DataError, NotFoundError, RecordError
    from .loading import Source as DocumentSource
    from .models import (
        Activity,
        ActivityCategory,
        Agency,
        AgencyKind,
        Count,
        DriverOfChange,
        DriverPeriod,
        Event,
        EventKind,
        Initiative,
        Link,
        MemberCount,
        Membership,
        Metadata,
        Partnership,
        PartnershipKind,
        Programme,
        Qualifier,
        Record,
        RecordKind,
        Sector,
        Source,
        SourceRef,
        TargetGroup,
    )
    from .report import Problem, ProblemKind, Report, Severity

#: Where each public class lives. They are imported on first use (PEP 562), so
#: that ``import itu_tcb`` costs next to nothing until the data is needed.
_LAZY = {
    **dict.fromkeys(("SCHEMA_VERSIONS", "Dataset", "Match"), "dataset"),
    **dict.fromkeys(("DataError", "NotFoundError", "RecordError"), "errors"),
    **dict.fromkeys(("Problem", "ProblemKind", "Report", "Severity"), "report"),
    **dict.fromkeys(
        (
            "Activity",
            "ActivityCategory",
            "Agency",
            "AgencyKind",
            "Count",
            "DriverOfChange",
            "DriverPeriod",
            "Event",
            "EventKind",
            "Initiative",
            "Link",
            "MemberCount",
            "Membership",
            "Metadata",
            "Partnership",
            "PartnershipKind",
            "Programme",
            "Qualifier",
            "Record",
            "RecordKind",
            "Sector",
            "Source",
            "SourceRef",
            "TargetGroup",
        ),
        "models",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'itu_tcb' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "SCHEMA_VERSIONS",
    "Activity",
    "ActivityCategory",
    "Agency",
    "AgencyKind",
    "Count",
    "DataError",
    "Dataset",
    "DriverOfChange",
    "DriverPeriod",
    "Event",
    "EventKind",
    "Initiative",
    "Link",
    "Match",
    "MemberCount",
    "Membership",
    "Metadata",
    "NotFoundError",
    "Partnership",
    "PartnershipKind",
    "Problem",
    "ProblemKind",
    "Programme",
    "Qualifier",
    "Record",
    "RecordError",
    "RecordKind",
    "Report",
    "Sector",
    "Severity",
    "Source",
    "SourceRef",
    "TargetGroup",
    "__version__",
    "json_schema",
    "load",
    "merge",
    "validate",
]


def load(source: DocumentSource | None = None) -> Dataset:
    """The bundled ITU dataset (the same object on every call), or a user's document.

    ``source`` is a path, JSON bytes, JSON text or an already-parsed mapping; see
    :func:`validate`. Raises :class:`DataError`, carrying the full
    :class:`Report`, when the document is not valid.
    """
    from .loading import load as _load

    return _load(source)


def merge(*parts: Dataset | DocumentSource, replace: Iterable[str] | str = ()) -> Dataset:
    """Combine datasets (or documents) into a new :class:`Dataset`.

    Clashes (an id, name or alias defined twice) raise :class:`DataError`, whose
    report lists every one; ``replace`` names the ids that a later part may
    redefine explicitly. Each record keeps its origin (:meth:`Dataset.origin_of`).
    """
    from .merging import merge as _merge

    return _merge(*parts, replace=replace)


def validate(source: DocumentSource) -> Report:
    """Every problem of a document, as a :class:`Report` (truthy when valid)."""
    from .validation import validate as _validate

    return _validate(source)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document format, as a new dict.

    It is the copy shipped in the package (``itu_tcb/data/schema.json``), generated
    from the models; ``itu-tcb schema`` prints it.
    """
    from ._schema import bundled

    return bundled()
