"""Many threads loading the bundled data at once get one and the same dataset."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

import itu_tcb
from itu_tcb import loading

THREADS = 16


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Empty the bundled-data cache for one test, and put the old dataset back after."""
    saved = loading._bundled
    loading._bundled = None
    try:
        yield
    finally:
        loading._bundled = saved


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


@pytest.mark.usefixtures("fresh_cache")
def test_threads_searching_a_fresh_dataset_agree() -> None:
    data = itu_tcb.load()
    barrier = threading.Barrier(THREADS)
    queries = ["itu d", "GSR", "cybersecurity", "Radiocomunication", "UNESCO"]
    expected = {q: [(m.record.id, m.score) for m in data.search(q)] for q in queries}
    fresh = itu_tcb.load(data.to_document())
    results: list[dict[str, list[tuple[str, float]]]] = []

    def work() -> None:
        barrier.wait(timeout=30)
        results.append({q: [(m.record.id, m.score) for m in fresh.search(q)] for q in queries})

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [expected] * THREADS
