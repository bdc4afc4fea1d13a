"""The loading pipeline's housekeeping: the collector is never touched, even across
threads, and no document larger than the limit is read."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import mmap
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import itu_tcb
from itu_tcb import ProblemKind, _input

BUNDLED = (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")


def test_loading_never_touches_the_process_wide_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """No switch of the cyclic collector (off, frozen, new thresholds) from a load,
    a validation or a merge: those are the host process's, a web server's other
    threads included."""

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a process-wide switch of the collector was used")

    for name in ("disable", "enable", "freeze", "unfreeze", "set_threshold"):
        monkeypatch.setattr(gc, name, forbidden)
    document = json.loads(BUNDLED)
    assert itu_tcb.validate(BUNDLED.encode())
    assert itu_tcb.validate(document)
    assert len(itu_tcb.load(BUNDLED)) == len(itu_tcb.load(document))
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
                reports = list(pool.map(itu_tcb.validate, [BUNDLED.encode()] * 8))
            assert all(reports)
            assert gc.isenabled() is enabled
            assert set(seen) == {enabled}
            seen.clear()
    finally:
        gc.enable() if was else gc.disable()


# ------------------------------------------------------------------ size limit


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """A limit of 1 MiB, so that going past it costs little."""
    monkeypatch.setattr(_input, "MAX_BYTES", 2**20)
    return 2**20


def limit_problem(report: itu_tcb.Report) -> itu_tcb.Problem:
    assert len(report.problems) == 1, str(report)
    problem = report.problems[0]
    assert (problem.path, problem.kind) == ("$", ProblemKind.LIMIT)
    assert "larger than" in problem.message
    return problem


def test_the_limit_is_512_mib_and_documented() -> None:
    assert _input.MAX_BYTES == 512 * 2**20
    assert "512 MiB" in (Path(__file__).parents[1] / "docs" / "format.md").read_text("utf-8")
    # An anonymous map is not touched, so these 512 MiB cost no memory.
    with mmap.mmap(-1, _input.MAX_BYTES + 1) as big, memoryview(big) as view:
        assert "512 MiB" in limit_problem(itu_tcb.validate(view)).message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_stops_at_the_limit(small_limit: int) -> None:
    assert "1 MiB" in limit_problem(itu_tcb.validate("/dev/zero")).message
    with pytest.raises(itu_tcb.DataError):
        itu_tcb.load(Path("/dev/zero"))


class _Endless(io.RawIOBase):
    """A stream of spaces without end, counting what is read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        buffer[:size] = b" " * size
        self.given += size
        return size


def test_reading_stops_once_past_the_limit() -> None:
    endless = _Endless()
    assert _input.read_capped(endless, 5 * 2**20) is None  # type: ignore[arg-type]
    assert 5 * 2**20 < endless.given <= 5 * 2**20 + 1


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(
    small_limit: int, tmp_path: Path
) -> None:
    doc = json.dumps(json.loads(BUNDLED))
    data = (doc + " " * (small_limit - len(doc.encode()))).encode()
    assert len(data) == small_limit
    path = tmp_path / "at-limit.json"
    path.write_bytes(data)
    assert itu_tcb.validate(path).valid
    path.write_bytes(data + b" ")
    limit_problem(itu_tcb.validate(path))


def test_a_pipe_past_the_limit_is_refused(small_limit: int, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as out:
            for _ in range(4):
                out.write(b" " * small_limit)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        limit_problem(itu_tcb.validate(fifo))
    finally:
        writer.join(10)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_past_the_limit_are_refused(small_limit: int, kind: Any) -> None:
    doc = json.dumps(json.loads(BUNDLED)).encode()
    at_limit = doc + b" " * (small_limit - len(doc))
    assert itu_tcb.validate(kind(at_limit)).valid
    limit_problem(itu_tcb.validate(kind(at_limit + b" ")))


def test_text_past_the_limit_is_refused_by_its_utf8_size(small_limit: int) -> None:
    doc = json.dumps(json.loads(BUNDLED))
    assert itu_tcb.validate(doc + " " * (small_limit - len(doc))).valid
    limit_problem(itu_tcb.validate(doc + " " * (small_limit - len(doc) + 1)))
    # Fewer characters than the limit, but more bytes: each "\u00e9" takes two.
    wide = '{"x": "' + "\u00e9" * (small_limit // 2) + '"}'
    assert len(wide) < small_limit < len(wide.encode())
    limit_problem(itu_tcb.validate(wide))
    narrow = '{"x": "' + "\u00e9" * (small_limit // 3) + '"}'
    assert all(p.kind is not ProblemKind.LIMIT for p in itu_tcb.validate(narrow).problems)


def test_a_file_whose_name_looks_like_json_is_read_as_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("[draft] itu.json", "{v2}.json"):
        (tmp_path / name).write_text(BUNDLED, encoding="utf-8")
        report = itu_tcb.validate(name)
        assert report.valid, str(report)
        assert report.source == name
    assert itu_tcb.validate('{"schema_version": "1.0"}').source == "<string>"
