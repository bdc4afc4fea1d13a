"""``validate``: every problem of a document, as a :class:`~itu_tcb.Report`."""

from __future__ import annotations

from .loading import Source, read
from .report import Report

__all__ = ["validate"]


def validate(source: Source) -> Report:
    """Check a document and return a report of every problem found.

    ``source`` is a path (``str`` or :class:`os.PathLike`), JSON bytes, JSON text
    (a ``str`` whose first non-blank character is ``{`` or ``[``, unless it names an
    existing file), or an already-parsed mapping. Never raises for a bad document: unreadable files,
    bad bytes, bad JSON, bad structure and broken references all become problems.
    The report is truthy when the document is valid. A source of any other type
    (an ``int``, say) is a programming error and raises :class:`TypeError`.
    """
    return read(source, build=False)[1]
