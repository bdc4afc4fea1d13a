"""Every malformed document of ``tests/corpus`` gives exactly the problems its manifest lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import itu_tcb
from itu_tcb import ProblemKind, Severity

CORPUS = Path(__file__).parent / "corpus"
MANIFEST: dict[str, Any] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
#: Kinds that are warnings: a document with only these is still valid.
WARNING_KINDS = {ProblemKind.EMPTY_CATEGORY, ProblemKind.UNREFERENCED, ProblemKind.SELF_REFERENCE}


def test_corpus_is_large_and_listed() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".json", ".bin")}
    files.discard("expected.json")
    assert files == set(MANIFEST)
    assert len(files) >= 40


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_document(name: str) -> None:
    path = CORPUS / name
    expected = {(p, ProblemKind(k)) for p, k in MANIFEST[name]["problems"]}
    report = itu_tcb.validate(path)
    assert report.source == str(path)
    assert {(p.path, p.kind) for p in report.problems} == expected, str(report)
    assert len(report.problems) == len(expected), str(report)
    for problem in report.problems:
        assert problem.message
        warning = problem.kind in WARNING_KINDS
        assert problem.severity is (Severity.WARNING if warning else Severity.ERROR)
    assert report.valid is all(kind in WARNING_KINDS for _, kind in expected)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_document_as_bytes_and_load(name: str) -> None:
    """The same problems from bytes; ``load`` raises ``DataError`` with that report."""
    data = (CORPUS / name).read_bytes()
    report = itu_tcb.validate(data)
    assert report.problems == itu_tcb.validate(CORPUS / name).problems
    if report.valid:
        assert itu_tcb.load(data).warnings == report.warnings
    else:
        with pytest.raises(itu_tcb.DataError) as caught:
            itu_tcb.load(data)
        assert caught.value.report.problems == report.problems
        assert isinstance(caught.value, ValueError)
