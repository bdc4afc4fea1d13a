"""The stress suite of issue 9: hostile documents at two sizes, 10x apart.

Each case generates a document that pushes one path (many keys shared by two
records, a very long id, many ids with near-miss references, one very long name,
one very long name in CJK script, many records), at a small and a 10x larger size,
and runs one operation on it (``validate``, or ``load`` then a lookup that finds
nothing and a search), with the pure-Python edit distance (the slower one).
Every run is a fresh process, so that runs do not pollute each other: for the
time (CPU time of the process, less disturbed by other work on the machine than
wall time: the least of three rounds, the two sizes in turn; in each, one call
untimed, then the least of as many calls as fit in half a second, at least one) and for the
peak memory (``tracemalloc``: Python allocations while the operation runs).

Printed for each case: time per unit and peak memory per byte of the document at
both sizes, and the ratio big / small. Work that grows linearly gives ratios near
1 (fixed costs push them below); the target is at most 1.3.

Which itu_tcb: ``--package PATH`` (repeatable) names the directories that hold the
packages to measure (a checkout's ``src``; by default this checkout's); with several,
every case runs for each, interleaved in the same rounds, and the table has a row
per case and package. Each process imports the package from ``PATH`` (put first on
``PYTHONPATH``) and reports the file it imported, which the parent checks; msgspec
is blocked in it, as in :mod:`benchmarks.worker`.

Usage: ``python -m benchmarks.stress [--package PATH ...] [--only TEXT]`` (also run
by ``python -m benchmarks``, for both packages with ``--compare``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import bundled
from benchmarks.worker import ROOT, Package, common_bundled, spawn

TARGET = 1.3
#: The package measured when none is named.
HERE = Package("this checkout", ROOT / "src")
Row = tuple[str, str, str, str, str, str, str, str]


def _source() -> dict[str, Any]:
    return {"section": "Generated for the stress suite", "links": []}


def _document(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    """A document with the bundled metadata, the ITU agency and ``collections``."""
    doc: dict[str, Any] = {
        "schema_version": "1.0",
        "metadata": bundled()["metadata"],
        "agencies": [{"id": "itu", "name": "Fictional Union", "source": _source()}],
    }
    for name, records in collections.items():
        doc.setdefault(name, [])
        doc[name] += records
    return doc


def _category(ident: str) -> dict[str, Any]:
    return {"id": ident, "agency": "itu", "heading": None, "source": _source()}


def _activity(ident: str, name: str, category: str) -> dict[str, Any]:
    return {"id": ident, "name": name, "category": category, "source": _source()}


def shared_keys(n: int) -> dict[str, Any]:
    """Two agencies with the same ``n`` aliases: ``n`` ambiguity problems."""
    aliases = [f"shared alias {i}" for i in range(n)]
    doc = _document()
    for ident in ("first-twin", "second-twin"):
        doc["agencies"].append(
            {"id": ident, "name": f"Twin {ident}", "aliases": aliases, "source": _source()}
        )
    return doc


def long_id(n: int) -> dict[str, Any]:
    """A category whose id is ``n`` words, and references to it with a typo:
    one as long as the id, one of its first words only."""
    words = [f"w{i % 97}x" for i in range(n)]
    ident = "-".join(words)
    near = ident[:-1] + "y"
    short = "-".join(words[:3]) + "y"
    return _document(
        categories=[_category(ident)],
        activities=[_activity("near", "Near", near), _activity("short", "Short", short)],
    )


def near_misses(n: int) -> dict[str, Any]:
    """``n`` categories and ``n // 100`` activities referring to a category id
    with one letter changed: every reference is broken and asks for a hint."""
    categories = [_category(f"group-{i:07d}") for i in range(n)]
    activities = [
        _activity(f"act-{i}", f"Activity {i}", f"grop-{i * 100:07d}") for i in range(n // 100)
    ]
    return _document(categories=categories, activities=activities)


def long_name(n: int) -> dict[str, Any]:
    """An agency whose name is ``n`` characters of words, with a few others."""
    words = [f"word{i % 1000}" for i in range(n // 8 + 1)]
    name = " ".join(words)[:n].strip()
    return _document(agencies=[{"id": "long", "name": name, "source": _source()}])


def long_cjk_name(n: int) -> dict[str, Any]:
    """An agency whose name is ``n`` CJK ideographs (every trigram distinct)."""
    name = "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(n))
    return _document(agencies=[{"id": "cjk", "name": name, "source": _source()}])


def many_records(n: int) -> dict[str, Any]:
    """``n`` activities in ``n // 100`` categories, all valid."""
    categories = [_category(f"group-{g}") for g in range(max(1, n // 100))]
    activities = [
        _activity(f"activity-{i}", f"Activity number {i}", f"group-{i // 100}") for i in range(n)
    ]
    return _document(categories=categories, activities=activities)


#: name: (document builder, operation, unit, small size); the big size is 10x.
CASES: dict[str, tuple[Callable[[int], dict[str, Any]], str, str, int]] = {
    "two records sharing many aliases": (shared_keys, "validate", "aliases", 2_000),
    "a very long id, referred to with a typo": (long_id, "validate", "words", 5_000),
    "many ids, near-miss references (1 per 100 ids)": (near_misses, "validate", "ids", 10_000),
    "one very long name; a failed lookup and a search": (
        long_name,
        "lookup",
        "characters",
        100_000,
    ),
    "one very long CJK name; a failed lookup and a search": (
        long_cjk_name,
        "lookup",
        "characters",
        100_000,
    ),
    "one very long name; a lookup and a search of it with a word more": (
        long_name,
        "long-query",
        "characters",
        100_000,
    ),
    "many records; validate": (many_records, "validate", "activities", 10_000),
    "many records; a failed lookup and a search": (many_records, "lookup", "activities", 10_000),
}


def operation(name: str) -> Callable[[bytes], object]:
    import itu_tcb

    if name == "validate":
        return itu_tcb.validate
    if name == "long-query":

        def long_query(data: bytes) -> object:
            dataset = itu_tcb.load(data)
            query = f"{dataset.agencies[-1].name} more"
            with contextlib.suppress(itu_tcb.NotFoundError):
                dataset.lookup(query)
            return dataset.search(query, 10)

        return long_query

    def lookup(data: bytes) -> object:
        dataset = itu_tcb.load(data)
        with contextlib.suppress(itu_tcb.NotFoundError):
            dataset.lookup("Fictoinal Unoin of nowhere")
        return dataset.search("wrod42 activty", 10)

    return lookup


def work(op: str, path: str, mode: str) -> dict[str, float]:
    """One measurement, in this process: ``mode`` is ``time`` or ``memory``."""
    sys.modules["msgspec"] = None  # type: ignore[assignment]  # see benchmarks.worker
    from itu_tcb import _lookup

    # The pure-Python edit distance, not the optional compiled one: the worst case.
    _lookup._chosen = _lookup._distance
    run = operation(op)
    warm = json.dumps(_document(categories=[_category("g")])).encode()
    run(warm)  # imports and one-off setup outside the measurement
    data = Path(path).read_bytes()
    if mode == "memory":
        tracemalloc.start()
        run(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"peak_bytes": peak}
    # One call first, untimed, at this size: the heap then holds the memory it
    # needs, at either size, so that the timed calls do not pay for fresh pages.
    run(data)
    times: list[float] = []
    while not times or (sum(times) < 0.5 and len(times) < 20):  # short calls: repeated
        start = time.process_time()
        run(data)
        times.append(time.process_time() - start)
    return {"seconds": min(times)}


def _measure(op: str, path: Path, mode: str, package: Package) -> float:
    result = spawn("benchmarks.stress", ["--worker", op, str(path), mode], package)
    return float(result["seconds" if mode == "time" else "peak_bytes"])


def run(
    only: str | None = None, rounds: int = 3, packages: list[Package] | None = None
) -> list[Row]:
    """Measure every case for each package; returns Markdown rows and prints as it goes."""
    packages = packages or [HERE]
    rows = []
    print("stress suite (issue 9): each size in fresh processes", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for label, (build, op, unit, small) in CASES.items():
            if only and only not in label:
                continue
            big = small * 10
            paths = {}
            for n in (small, big):
                paths[n] = Path(tmp, f"stress-{n}.json")
                paths[n].write_bytes(json.dumps(build(n), ensure_ascii=False).encode("utf-8"))
            # The two sizes and the packages in turn, each time in a fresh process; the
            # least time of the rounds (the one least disturbed by other work).
            times: dict[tuple[str, int], list[float]] = {}
            for _ in range(rounds):
                for n, path in paths.items():
                    for package in packages:
                        seconds = _measure(op, path, "time", package)
                        times.setdefault((package.label, n), []).append(seconds)
            for package in packages:
                per_unit, per_byte = {}, {}
                for n, path in paths.items():
                    size = path.stat().st_size
                    seconds = min(times[package.label, n])
                    peak = _measure(op, path, "memory", package)
                    per_unit[n], per_byte[n] = seconds / n, peak / size
                    print(
                        f"  {label} [{package.label}], {n:,} {unit} ({size / 1e6:.3g} MB): "
                        f"{seconds:.3g} s, peak {peak / 1e6:.3g} MB ({peak / size:.3g} B per byte)",
                        flush=True,
                    )
                ratios = (per_unit[big] / per_unit[small], per_byte[big] / per_byte[small])
                verdict = "met" if max(ratios) <= TARGET else "not met"
                print(f"    ratios: time {ratios[0]:.3g}x, memory {ratios[1]:.3g}x: {verdict}")
                rows.append(
                    (
                        label,
                        package.label,
                        f"{small:,} / {big:,} {unit}",
                        f"{per_unit[small] * 1e6:.3g} / {per_unit[big] * 1e6:.3g} us",
                        f"{ratios[0]:.3g}x",
                        f"{per_byte[small]:.3g} / {per_byte[big]:.3g}",
                        f"{ratios[1]:.3g}x",
                        verdict,
                    )
                )
    return rows


def markdown(rows: list[Row]) -> str:
    """The rows as a Markdown table (the itu_tcb column only when there are several)."""
    several = len({row[1] for row in rows}) > 1
    head = (
        "case",
        "itu_tcb",
        "sizes",
        "time per unit",
        "ratio",
        "peak bytes per byte",
        "ratio",
        f"<= {TARGET}x",
    )
    keep = [i for i in range(len(head)) if several or i != 1]
    lines = ["| " + " | ".join(head[i] for i in keep) + " |", "|" + "---|" * len(keep)]
    lines += ["| " + " | ".join(row[i] for i in keep) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stress", description=__doc__)
    parser.add_argument("--worker", nargs=3, metavar=("OP", "FILE", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument(
        "--package",
        action="append",
        type=Path,
        metavar="PATH",
        help="a directory holding the itu_tcb package to measure (repeatable; "
        "default: this checkout's src)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the timed runs")
    args = parser.parse_args(argv)
    if args.worker:
        result: dict[str, Any] = dict(work(*args.worker))
        result["itu_tcb"] = sys.modules["itu_tcb"].__file__
        print(json.dumps(result))
        return 0
    packages = [Package(str(path), path) for path in args.package or []] or [HERE]
    common_bundled(packages)
    print()
    print(markdown(run(args.only, args.rounds, packages)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
