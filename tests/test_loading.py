"""Loading and validating (``itu_tcb.loading``): every kind of source, the bundled
data (one dataset for many threads), the corpus of malformed documents, mutated
documents that never crash, the collector left alone, and a 100 MB document."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from helpers import BUNDLED, BUNDLED_BYTES, BUNDLED_TEXT, bundled, json_values
from itu_tcb import DataError, ProblemKind, RecordKind, Report, Severity, loading
from itu_tcb._integrity import REFERENCES
from itu_tcb.models import RECORD_TYPES

# ---------------------------------------------------------------- sources


def test_bundled_document_is_valid_from_every_kind_of_source(tmp_path: Path) -> None:
    path = tmp_path / "itu.json"
    path.write_bytes(BUNDLED_BYTES)
    text = BUNDLED_BYTES.decode("utf-8")
    for source in (
        path,
        str(path),
        BUNDLED_BYTES,
        bytearray(BUNDLED_BYTES),
        memoryview(BUNDLED_BYTES),
        text,
        bundled(),
        MappingProxyType(bundled()),
    ):
        report = itu_tcb.validate(source)
        assert report.valid, str(report)
        assert report.problems == ()
        assert itu_tcb.load(source) == itu_tcb.load()


def test_load_without_argument_is_the_bundled_data() -> None:
    assert itu_tcb.load() is itu_tcb.load()
    assert itu_tcb.load(BUNDLED_BYTES) == itu_tcb.load()


def test_load_reads_a_path_bytes_text_or_mapping(tmp_path: Path, data: itu_tcb.Dataset) -> None:
    text = json.dumps(data.to_document())
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    for source in (path, str(path), text.encode(), bytearray(text.encode()), json.loads(text)):
        loaded = itu_tcb.load(source)
        assert loaded == data
    assert itu_tcb.load(path).origin == str(path)
    assert itu_tcb.load(text).origin == "<string>"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\xff\xfe{}", "encoding"),
        (b'{"a": "\xff"}', "encoding"),
        (b"", "syntax"),
        (b"{", "syntax"),
        (b"[]", "type"),
        (b'{"schema_version": "9"}', "schema-version"),
        (b'{"schema_version": 1}', "type"),
        (b'{"metadata": {}}', "missing"),
    ],
)
def test_bad_documents_raise_data_error_with_a_report(content: bytes, kind: str) -> None:
    with pytest.raises(itu_tcb.DataError) as caught:
        itu_tcb.load(content)
    report = caught.value.report
    assert not report
    assert kind in {p.kind.value for p in report.errors}
    assert str(caught.value).startswith("<bytes> is not a valid itu_tcb document: ")


def test_an_unreadable_path_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    for path, words in ((tmp_path / "missing.json", "No such file"), (tmp_path, "directory")):
        with pytest.raises(itu_tcb.DataError, match=words) as caught:
            itu_tcb.load(path)
        assert [p.kind.value for p in caught.value.report.problems] == ["unreadable"]


def test_a_source_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="source must be a path, bytes, str or mapping, not int"):
        itu_tcb.load(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("base", [3, [BUNDLED, 3], (None,), object()])
def test_a_base_of_another_type_is_a_type_error_naming_the_base(base: object) -> None:
    with pytest.raises(TypeError, match=r"^base must be a Dataset or a document .* not "):
        itu_tcb.validate({}, base=base)  # type: ignore[arg-type]


def test_loading_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    text = json.dumps(itu_tcb.load().to_document())
    assert gc.isenabled()
    itu_tcb.load(text)
    assert gc.isenabled()
    gc.disable()
    try:
        itu_tcb.load(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -------------------------------- the bundled data, once for many threads


THREADS = 16


@pytest.mark.usefixtures("fresh_cache")
@pytest.mark.parametrize("round_", range(3))
def test_sixteen_threads_loading_at_once_get_the_same_object(round_: int) -> None:
    barrier = threading.Barrier(THREADS)
    results: list[itu_tcb.Dataset | None] = [None] * THREADS
    errors: list[BaseException] = []

    def work(slot: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[slot] = itu_tcb.load()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    first = results[0]
    assert isinstance(first, itu_tcb.Dataset)
    assert all(result is first for result in results)
    assert itu_tcb.load() is first
    assert loading._bundled is first


# -------------------------------------------- the collector is the host's


def test_loading_never_touches_the_process_wide_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """No switch of the cyclic collector (off, frozen, new thresholds) from a load,
    a validation or a merge: those are the host process's, a web server's other
    threads included."""

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a process-wide switch of the collector was used")

    for name in ("disable", "enable", "freeze", "unfreeze", "set_threshold"):
        monkeypatch.setattr(gc, name, forbidden)
    document = json.loads(BUNDLED_TEXT)
    assert itu_tcb.validate(BUNDLED_TEXT.encode())
    assert itu_tcb.validate(document)
    assert len(itu_tcb.load(BUNDLED_TEXT)) == len(itu_tcb.load(document))
    assert itu_tcb.validate(b"{").errors
    data = itu_tcb.load(document)
    assert itu_tcb.merge(data, document, replace=[record.id for record in data]) == data


def test_the_collector_stays_as_the_host_set_it_during_a_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from itu_tcb import _document

    seen: list[bool] = []
    structure = _document.structure

    def spy(value: Any, **options: Any) -> Any:
        seen.append(gc.isenabled())
        return structure(value, **options)

    monkeypatch.setattr(_document, "structure", spy)
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            with ThreadPoolExecutor(4) as pool:
                reports = list(pool.map(itu_tcb.validate, [BUNDLED_TEXT.encode()] * 8))
            assert all(reports)
            assert gc.isenabled() is enabled
            assert set(seen) == {enabled}
            seen.clear()
    finally:
        gc.enable() if was else gc.disable()


# -------------------------------------- the corpus of malformed documents


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


# ----------------------------- mutated documents: a report, never a crash
#
# Hypothesis mutates the bundled document. Whatever the mutation (odd unicode,
# flipped bytes, ...), validate returns a Report and never raises, and load raises
# only DataError; a mutation that certainly breaks the document (a required key
# dropped, a value of a type no field accepts, a duplicated id, a broken reference,
# a lone surrogate, a truncated file) gives an invalid report that names the place.


#: (collection, index) of every record of the bundled document.
RECORDS = [
    (kind.collection, i) for kind in RecordKind for i in range(len(BUNDLED[kind.collection]))
]
#: Values that no field of the format accepts (there are no float fields).
NEVER_VALID: list[Any] = [1.5, {"unexpected": True}, [[1]], [{"unexpected": 1}]]


def required(kind: str) -> list[str]:
    cls = RECORD_TYPES[RecordKind(kind)]
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]


def check(source: Any) -> Report:
    """Validate and load ``source``; both must end in a report or ``DataError`` only."""
    report = itu_tcb.validate(source)
    assert isinstance(report, Report)
    str(report).encode("utf-8")  # always printable
    json.dumps(report.to_dict())
    if report.valid:
        assert itu_tcb.load(source).warnings == report.warnings
    else:
        with pytest.raises(DataError) as caught:
            itu_tcb.load(source)
        assert caught.value.report.problems == report.problems
    return report


def as_sources(doc: dict[str, Any]) -> list[Any]:
    """The same document as a mapping, JSON text and UTF-8 bytes."""
    text = json.dumps(doc)
    return [doc, text, text.encode("utf-8")]


record = st.sampled_from(RECORDS)


@given(record, st.data())
def test_dropping_a_required_key_is_reported(where: tuple[str, int], data: st.DataObject) -> None:
    kind, index = where
    key = data.draw(st.sampled_from(required(kind)))
    doc = bundled()
    del doc[kind][index][key]
    for source in as_sources(doc):
        report = check(source)
        assert not report.valid
        assert (f"$.{kind}[{index}].{key}", ProblemKind.MISSING) in {
            (p.path, p.kind) for p in report.problems
        }


@given(record, st.data(), st.sampled_from(NEVER_VALID))
def test_a_value_of_a_type_no_field_takes_is_reported(
    where: tuple[str, int], data: st.DataObject, value: Any
) -> None:
    kind, index = where
    key = data.draw(st.sampled_from(sorted(BUNDLED[kind][index])))
    doc = bundled()
    doc[kind][index][key] = value
    for source in as_sources(doc):
        report = check(source)
        assert not report.valid
        assert any(p.path.startswith(f"$.{kind}[{index}].{key}") for p in report.errors)


@given(record, record)
def test_a_duplicated_id_is_reported(first: tuple[str, int], second: tuple[str, int]) -> None:
    if first == second:
        return
    doc = bundled()
    doc[second[0]][second[1]]["id"] = doc[first[0]][first[1]]["id"]
    report = check(doc)
    assert not report.valid
    kinds = {p.kind for p in report.errors}
    assert ProblemKind.DUPLICATE_ID in kinds


references = [
    (holder.collection, field, i)
    for holder, field, _ in REFERENCES
    for i, item in enumerate(BUNDLED[holder.collection])
    if item.get(field)
]


@given(st.sampled_from(references), st.sampled_from(["no-such-record", "itu-x", "group-99"]))
def test_a_broken_reference_is_reported(where: tuple[str, str, int], target: str) -> None:
    kind, field, index = where
    doc = bundled()
    many = isinstance(doc[kind][index][field], list)
    doc[kind][index][field] = [target] if many else target
    report = check(doc)
    assert not report.valid
    path = f"$.{kind}[{index}].{field}" + ("[0]" if many else "")
    assert (path, ProblemKind.REFERENCE) in {(p.path, p.kind) for p in report.errors}


text_fields = [
    (kind.collection, i, key)
    for kind in RecordKind
    for i, item in enumerate(BUNDLED[kind.collection])
    for key, value in item.items()
    if isinstance(value, str)
]


@given(st.sampled_from(text_fields), st.text(min_size=1, max_size=8), st.data())
def test_odd_unicode_never_crashes(
    where: tuple[str, int, str], insert: str, data: st.DataObject
) -> None:
    kind, index, key = where
    doc = bundled()
    value = doc[kind][index][key]
    at = data.draw(st.integers(0, len(value)))
    doc[kind][index][key] = value[:at] + insert + value[at:]
    for source in as_sources(doc):
        check(source)


@given(
    st.sampled_from(text_fields),
    st.integers(0xD800, 0xDFFF),
    st.sampled_from(["escaped", "raw-bytes"]),
)
def test_a_lone_surrogate_is_reported(where: tuple[str, int, str], code: int, how: str) -> None:
    kind, index, key = where
    doc = bundled()
    doc[kind][index][key] += chr(code)
    if how == "escaped":
        data = json.dumps(doc).encode("ascii")  # the surrogate as a \\uXXXX escape
        expected = (f"$.{kind}[{index}].{key}", ProblemKind.ENCODING)
    else:
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
        expected = ("$", ProblemKind.ENCODING)
    report = check(data)
    assert not report.valid
    assert expected in {(p.path, p.kind) for p in report.errors}


@given(st.integers(0, len(BUNDLED_BYTES.rstrip()) - 1))
def test_a_truncated_file_is_never_accepted(at: int) -> None:
    report = check(BUNDLED_BYTES[:at])
    assert not report.valid
    assert {p.kind for p in report.errors} <= {ProblemKind.SYNTAX, ProblemKind.ENCODING}


@given(st.data())
def test_flipped_bytes_never_crash(data: st.DataObject) -> None:
    raw = bytearray(BUNDLED_BYTES)
    for _ in range(data.draw(st.integers(1, 5))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    check(bytes(raw))


@given(record, st.data(), json_values)
def test_any_value_anywhere_never_crashes(
    where: tuple[str, int], data: st.DataObject, value: Any
) -> None:
    kind, index = where
    key = data.draw(st.sampled_from([*sorted(BUNDLED[kind][index]), "extra"]))
    doc = bundled()
    doc[kind][index][key] = value
    check(doc)
    check(json.dumps(doc, allow_nan=True))


@given(st.binary(max_size=64) | st.text(max_size=64).map(lambda t: "{" + t))
def test_arbitrary_input_never_crashes(source: Any) -> None:
    check(source)


# ------------------------------------------------------ a 100 MB document


_BIG_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    from importlib import resources
    import itu_tcb

    def peak_kib():
        # VmHWM is this process's own peak; ru_maxrss may carry over the parent's
        # peak across fork and exec, so it is only the fallback.
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    path, mode = sys.argv[1], sys.argv[2]
    itu_tcb.validate(b"{}")  # import everything first: measure the document, not imports
    before = peak_kib()
    start = time.perf_counter()
    if mode == "validate":
        report = itu_tcb.validate(path)
        valid, count = report.valid, len(report.errors)
    else:
        data = itu_tcb.load(path)
        valid, count = True, len(data)
    seconds = time.perf_counter() - start
    after = peak_kib()
    print(json.dumps({"valid": valid, "count": count, "seconds": seconds,
                      "before_kib": before, "after_kib": after}))
    """
)


def write_big_document(path: Path, size: int) -> int:
    """The bundled document plus generated activities, about ``size`` bytes; returns their count."""
    doc = bundled()
    doc["activities"] = []
    head, tail = json.dumps(doc).rsplit('"activities": []', 1)
    template = (
        '{"id": "generated-%07d", "name": "Generated activity %07d", "category": "group-1", '
        '"description": "' + " ".join(["A generated description of an activity."] * 3) + '"}'
    )
    count = size // (len(template % (0, 0)) + 2)
    with path.open("w", encoding="utf-8") as out:
        out.write(head + '"activities": [')
        out.write(",\n".join(template % (i, i) for i in range(count)))
        out.write("]" + tail)
    return count


@pytest.mark.slow
def test_100mb_document_is_validated_in_bounded_memory_and_time(tmp_path: Path) -> None:
    """A 100 MB document (about 450 000 activities) validates, in a child process.

    The bound: peak memory grows by at most 6 times the file's size (measured:
    about 4.4 times, in about 10 s on a shared machine), and the run ends within
    the timeout (no hang). The only problems are warnings: four empty categories.
    """
    path = tmp_path / "big.json"
    count = write_big_document(path, 100 * 2**20)
    size = path.stat().st_size
    result = subprocess.run(
        [sys.executable, "-c", _BIG_SCRIPT, str(path), "validate"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    measured = json.loads(result.stdout)
    grown = (measured["after_kib"] - measured["before_kib"]) * 1024
    print(f"100 MB validate: {size} bytes, {measured}, growth {grown / size:.2f}x the size")
    assert measured["valid"] is True
    assert measured["count"] == 0
    assert count > 400_000
    assert grown < 6 * size
