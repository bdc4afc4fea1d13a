"""Load and validate documents, and the bundled ITU data (read once, cached).

Both go the one way through the pipeline (``_pipeline``): read -> strict JSON ->
structure -> integrity (once) -> :class:`~itu_tcb.Dataset`. Every stage adds its
problems to one report; nothing raises for a bad document but ``DataError``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from . import _pipeline
from ._input import Input
from .dataset import Dataset, _ids
from .errors import DataError
from .models import RecordKind
from .report import Report, Severity

__all__ = ["load", "validate"]

#: The label of the bundled data in reports and ``Dataset.origin``.
BUNDLED = "<bundled itu_tcb/data/itu.json>"

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(source: Input | None = None) -> Dataset:
    """The bundled ITU dataset (the same object on every call), or a user's document.

    ``source`` is a path, JSON bytes, JSON text or an already-parsed mapping; see
    :func:`validate`. Raises :class:`~itu_tcb.DataError`, carrying the full
    :class:`~itu_tcb.Report`, when the document is not valid.
    """
    if source is None:
        return _load_bundled()
    dataset, report = read(source)
    if dataset is None:
        raise DataError.of(report)
    return dataset


#: What :func:`validate` takes as ``base``: one dataset or document, or several.
Base = Dataset | Input | list[Dataset | Input] | tuple[Dataset | Input, ...]


def validate(
    source: Input, *, base: Base | None = None, replace: Iterable[str] | str = ()
) -> Report:
    """Check a document and return a report of its problems: every problem of each
    record, and the checks across records (ids, references, names) for the records
    that load (a record with an error of its own is checked against the others once
    it is fixed).

    ``source`` is a path (``str`` or :class:`os.PathLike`), JSON bytes, JSON text
    (a ``str`` whose first non-blank character is ``{`` or ``[``, unless it names an
    existing file), or an already-parsed mapping (held to exactly the rules of JSON
    text). Never raises for a bad document: unreadable files, bad bytes, bad JSON,
    bad structure and broken references all become problems. The report is truthy
    when the document is valid. A source of any other type (an ``int``, say) is a
    programming error and raises :class:`TypeError`.

    ``base`` checks the document as a part merged on top of other data, as
    :func:`~itu_tcb.merge` would combine them (``merge(*base, source)``): its
    references may point at the base's records (a partnership with the bundled
    ``"upu"`` among its partners), and its names are checked against the base's.
    ``base`` is a :class:`~itu_tcb.Dataset` (``itu_tcb.load()`` for the bundled
    data) or a document, or a list or tuple of them, in merge order. Every problem
    keeps the path into its own part and names that part (``Problem.source``); the
    report's ``source`` is the document's label. The base's own warnings are left
    out (they are not the document's); its errors are kept, so a broken base gives
    an invalid report that names the base. ``replace`` names the ids of the
    base's records that the document may redefine, as in :func:`~itu_tcb.merge` (a
    document of corrections); it needs a ``base``.
    """
    ids = _ids(replace)
    if base is None:
        if ids:
            raise ValueError("replace= names ids of a base: give the base too (base=...)")
        return read(source, build=False)[1]
    return read_on(source, base, replace=ids)


def read_on(
    source: Input, base: Base, label: str | None = None, replace: Iterable[str] = ()
) -> Report:
    """The report of :func:`validate` with a ``base`` (``label`` names the source)."""
    bases = list(base) if isinstance(base, (list, tuple)) else [base]
    parts = [_base_part(b) for b in bases]
    parts.append(_pipeline.read(source, label))
    bundled = any(b is _bundled for b in bases)
    outcome = _pipeline.combine(parts, replace, None if bundled else _bundled_ids)
    own = _pipeline.labels_for(parts)[-1]
    # Of the base's problems only errors are kept (source None: the merge's own).
    kept = (p for p in outcome.problems if p.source in (own, None) or p.severity is Severity.ERROR)
    return Report(own, tuple(kept))


def _base_part(base: Dataset | Input) -> _pipeline.Part:
    if isinstance(base, Dataset):
        return base._part()
    try:
        return _pipeline.read(base)
    except TypeError:  # named as the argument it is
        raise TypeError(
            "base must be a Dataset or a document (a path, bytes, str or mapping), or a "
            f"list or tuple of them, not {type(base).__name__}"
        ) from None


def _bundled_ids() -> dict[str, RecordKind]:
    """The ids of the bundled data's records, with their kinds (for hints)."""
    return {record.id: record.kind for record in load()}


def bundled_path() -> str:
    """The path of the bundled document in the installed package (which no output
    of the command line may replace)."""
    from importlib import resources

    return str(resources.files(__package__) / "data" / "itu.json")


def _load_bundled() -> Dataset:
    global _bundled
    found = _bundled
    if found is not None:
        return found
    with _lock:
        if _bundled is None:
            # Reads the data installed, zipped or in a checkout alike; its imports (about
            # 10 ms) are paid by the first load, not by ``import itu_tcb``.
            from importlib import resources

            data = (resources.files(__package__) / "data" / "itu.json").read_bytes()
            dataset, report = read(data, label=BUNDLED, hints=False)
            if dataset is None:  # pragma: no cover - the tests keep the bundled data valid
                raise DataError.of(report)
            _bundled = dataset
        return _bundled


def read(
    source: Input, label: str | None = None, *, build: bool = True, hints: bool = True
) -> tuple[Dataset | None, Report]:
    """Run the whole pipeline; returns the dataset (``None`` if invalid) and its report.

    With ``build=False`` the checks all run but no :class:`Dataset` (and none of
    its lookup indexes) is built: the dataset returned is always ``None`` and the
    report is the same. ``hints``: a reference to a record of the bundled data says so.
    """
    part = _pipeline.read(source, label)
    outcome = _pipeline.combine([part], (), _bundled_ids if hints else None)
    report = Report(part.label, outcome.problems)
    if not build or not outcome.buildable:
        return None, report
    return Dataset._build(outcome), report
