"""The ITU's Trade Capacity Building profile as typed, immutable, bundled data.

>>> import itu_tcb
>>> data = itu_tcb.load()
>>> data.lookup("itu d").name
'Telecommunication Development Sector'

Importing this package is cheap: the data is parsed, and cattrs imported, on the
first call to :func:`load` or :func:`validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__
from .dataset import SCHEMA_VERSIONS, Dataset, Match
from .errors import DataError, NotFoundError, RecordError
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

if TYPE_CHECKING:
    from .loading import Source as DocumentSource

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
    "load",
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


def validate(source: DocumentSource) -> Report:
    """Every problem of a document, as a :class:`Report` (truthy when valid)."""
    from .validation import validate as _validate

    return _validate(source)
