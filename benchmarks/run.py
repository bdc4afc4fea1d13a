"""The benchmark suite: every figure of issue 5, itu_tcb and its baseline in one run.

Usage (from the repository root, with the ``bench`` dependency group installed)::

    python -m benchmarks            # full run, about 5 to 10 minutes on 2 cores
    python -m benchmarks --quick    # fewer repeats, about 3 to 5 minutes (with the stress suite)
    python -m benchmarks --output docs/performance-run.md

Every figure is a median over repeats; cold starts and document loads each run in
a fresh process. The ratio is itu_tcb / baseline, so below 1 means itu_tcb is
faster (or smaller). Nothing here asserts an absolute time; the "target" column
only says whether the ratio measured in this run meets the target of issue 5.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import generate, stress

ROOT = Path(__file__).resolve().parent.parent


class Table:
    """Rows of (figure, itu_tcb, baseline, ratio, target, verdict)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(
        self,
        figure: str,
        ours: float,
        theirs: float,
        unit: str,
        target: float | None = None,
        baseline: str = "",
    ) -> float:
        ratio = ours / theirs
        verdict = "" if target is None else ("met" if ratio <= target else "not met")
        self.rows.append(
            (
                figure,
                _fmt(ours, unit),
                f"{_fmt(theirs, unit)} {baseline}".strip(),
                f"{ratio:.3g}x",
                "" if target is None else f"<= {target:g}x",
                verdict,
            )
        )
        print(f"  {figure}: {_fmt(ours, unit)} vs {_fmt(theirs, unit)} -> {ratio:.3g}x", flush=True)
        return ratio

    def markdown(self) -> str:
        head = ("figure", "itu_tcb", "baseline", "ratio", "target", "verdict")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.3g} us"
        if value < 1:
            return f"{value * 1e3:.3g} ms"
        return f"{value:.3g} s"
    return f"{value:.4g} {unit}"


# ------------------------------------------------------------------ cold


COLD = {
    "pass": "pass",
    "attrs": "import attrs",
    "floor": "import attrs, cattrs, importlib.resources; cattrs.Converter()",
    "itu_tcb import": "import itu_tcb",
    "pycountry lookup": "import pycountry; pycountry.countries.get(alpha_2='DE')",
    "itu_tcb lookup": "import itu_tcb; itu_tcb.load().lookup('ITU-D')",
}

#: Printed by each cold process after its command: where itu_tcb came from, and
#: whether its byte code was there to read (so that the figures are what users run).
_CHECK = (
    "import sys, os; m = sys.modules.get('itu_tcb'); "
    "print(m.__file__ if m else '', bool(m) and os.path.exists(m.__cached__))"
)


def installed(into: Path) -> dict[str, str]:
    """A byte-compiled copy of the package in ``into``, as an install leaves it, and
    the environment that imports it (ahead of the editable install).

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (set on some machines)
    compiles every module again at each start: 20-40 ms that no user pays.
    """
    import shutil

    source = ROOT / "src" / "itu_tcb"
    shutil.copytree(source, into / "itu_tcb", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(into)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(into)
    return env


def cold(rounds: int, table: Table) -> None:
    """Whole-process wall time of each command, interleaved, median of ``rounds``,
    with itu_tcb imported from an installed, byte-compiled copy."""
    print(f"cold start ({rounds} rounds of {len(COLD)} processes)", flush=True)
    times: dict[str, list[float]] = {name: [] for name in COLD}
    with tempfile.TemporaryDirectory() as cwd, tempfile.TemporaryDirectory() as site:
        env = installed(Path(site))
        check = subprocess.run(
            [sys.executable, "-c", f"import itu_tcb; {_CHECK}"],
            cwd=cwd,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        if not (check[0].startswith(site) and check[1] == "True"):
            raise SystemExit(f"the cold starts would not import the compiled copy: {check}")
        for round_ in range(rounds + 1):
            for name, code in COLD.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True)
                if round_:  # the first round only warms the OS caches
                    times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(values) for name, values in times.items()}
    table.add("`python -c pass` (reference)", med["pass"], med["pass"], "s")
    table.add(
        "cold `import itu_tcb; itu_tcb.load().lookup('ITU-D')` vs pycountry `get(alpha_2='DE')`",
        med["itu_tcb lookup"],
        med["pycountry lookup"],
        "s",
        1.3,
    )
    table.add(
        "cold `import itu_tcb; itu_tcb.load().lookup('ITU-D')` vs the floor of the required "
        "imports, `import attrs, cattrs, importlib.resources; cattrs.Converter()`",
        med["itu_tcb lookup"],
        med["floor"],
        "s",
        1.3,
    )
    table.add(
        "cold `import itu_tcb` vs `import attrs`", med["itu_tcb import"], med["attrs"], "s", 1.1
    )


# ------------------------------------------------------------------ warm


def per_call(func: Callable[[], Any], repeat: int) -> float:
    """Median seconds per call of ``func`` over ``repeat`` timeit runs."""
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    return statistics.median(t / number for t in timer.repeat(repeat, number))


def warm(repeat: int, table: Table) -> None:
    import pycountry

    import itu_tcb

    print("warm lookups", flush=True)
    data = itu_tcb.load()
    countries = pycountry.countries
    countries.get(alpha_2="DE")  # load pycountry's data outside the timing
    assert data.get("itu-d") is data.get("ITU-D") is not None
    assert data.lookup("telecommunication  DEVELOPMENT sector").id == "itu-d"
    pyc_get = per_call(lambda: countries.get(alpha_2="DE"), repeat)
    table.add(
        "exact lookup `get('itu-d')` (id) vs `countries.get(alpha_2='DE')`",
        per_call(lambda: data.get("itu-d"), repeat),
        pyc_get,
        "s",
        0.5,
    )
    table.add(
        "exact lookup `get('ITU-D')` (code) vs `countries.get(alpha_2='DE')`",
        per_call(lambda: data.get("ITU-D"), repeat),
        pyc_get,
        "s",
        0.5,
    )
    table.add(
        "name in another case and spacing, `lookup('telecommunication  DEVELOPMENT sector')`"
        " vs `countries.lookup('germany')`",
        per_call(lambda: data.lookup("telecommunication  DEVELOPMENT sector"), repeat),
        per_call(lambda: countries.lookup("germany"), repeat),
        "s",
        1.0,
    )


# ---------------------------------------------------------------- search


def search(repeat: int, table: Table, big: bytes, big_doc: dict[str, Any]) -> None:
    import itu_tcb

    print("search vs difflib.get_close_matches", flush=True)
    cases = [
        ("bundled data", itu_tcb.load(), generate.bundled(), "telecomunication developmnt"),
        (
            f"{len(big_doc['activities']):,}-activity document",
            itu_tcb.load(big),
            big_doc,
            generate._name(4321).lower().replace("for", "fr").replace("e", "", 1),
        ),
    ]
    for label, data, doc, query in cases:
        names = generate.names_of(doc)
        data.search(query)  # the index is built on first use; build it outside the timing
        ours = per_call(partial(data.search, query, 3), repeat)
        theirs = per_call(partial(difflib.get_close_matches, query, names, 3), max(3, repeat // 2))
        top = data.search(query, 1)[0].matched
        close = difflib.get_close_matches(query, names, 1)
        print(f"    {query!r}: search -> {top!r}; difflib -> {close}", flush=True)
        table.add(
            f"`search` vs `difflib.get_close_matches` over {len(names):,} names ({label})",
            ours,
            theirs,
            "s",
            0.1,
        )


# ------------------------------------------------------------------ load


def worker(library: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", library, str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def load(repeat: int, table: Table, files: dict[int, Path], extra: bool) -> None:
    libraries = ["itu_tcb", "itu_tcb+fast", "pydantic", "msgspec", "json"] + (
        ["msgspec-types-only"] if extra else []
    )
    print(f"load (each a fresh process, {repeat} each)", flush=True)
    med: dict[tuple[str, int], dict[str, float]] = {}
    for n, path in files.items():
        runs: dict[str, list[dict[str, float]]] = {lib: [] for lib in libraries}
        for _ in range(repeat):
            for lib in libraries:
                runs[lib].append(worker(lib, path))
        for lib in libraries:
            med[lib, n] = {
                key: statistics.median(r[key] for r in runs[lib]) for key in ("seconds", "peak_mib")
            }
            print(f"    {lib} {n:,}: {med[lib, n]}", flush=True)
    small, big = 10_000, 100_000
    size = f"{files[big].stat().st_size / 1e6:.0f} MB"
    ours = med["itu_tcb", big]
    table.add(
        f"`itu_tcb.load(bytes)`, {big:,} activities ({size}) vs pydantic `model_validate_json`",
        ours["seconds"],
        med["pydantic", big]["seconds"],
        "s",
        1.0,
    )
    table.add(
        f"`itu_tcb.load(bytes)`, {big:,} activities vs msgspec `Decoder(Document).decode`",
        ours["seconds"],
        med["msgspec", big]["seconds"],
        "s",
        3.0,
    )
    if extra:
        table.add(
            f"`itu_tcb.load(bytes)`, {big:,} activities vs msgspec, types only (reference)",
            ours["seconds"],
            med["msgspec-types-only", big]["seconds"],
            "s",
        )
    table.add(
        f"`itu_tcb.load(bytes)`, {big:,} activities vs plain `json.loads` of the same bytes",
        ours["seconds"],
        med["json", big]["seconds"],
        "s",
        2.6,
    )
    table.add(
        f"`itu_tcb.load(bytes)` with the `fast` extra (msgspec parses), {big:,} activities "
        "vs plain `json.loads`",
        med["itu_tcb+fast", big]["seconds"],
        med["json", big]["seconds"],
        "s",
        2.3,
    )
    table.add(
        f"itu_tcb time per activity at {big:,} vs at {small:,}",
        ours["seconds"] / big,
        med["itu_tcb", small]["seconds"] / small,
        "s",
        1.2,
    )
    table.add(
        f"pydantic time per activity at {big:,} vs at {small:,} (reference)",
        med["pydantic", big]["seconds"] / big,
        med["pydantic", small]["seconds"] / small,
        "s",
    )
    table.add(
        f"peak RSS loading {big:,} activities vs pydantic's",
        ours["peak_mib"],
        med["pydantic", big]["peak_mib"],
        "MiB",
        0.7,
    )
    table.add(
        f"peak RSS loading {big:,} activities vs plain `json.loads`'s",
        ours["peak_mib"],
        med["json", big]["peak_mib"],
        "MiB",
        1.1,
    )
    table.add(
        f"peak RSS loading {big:,} activities with the `fast` extra vs plain `json.loads`'s",
        med["itu_tcb+fast", big]["peak_mib"],
        med["json", big]["peak_mib"],
        "MiB",
        1.1,
    )


def load_small_objects(repeat: int, table: Table, files: dict[int, Path]) -> None:
    """The second document shape (short strings, many small objects) against
    ``json.loads`` of the same bytes."""
    print(f"load, short strings and small objects (fresh processes, {repeat} each)", flush=True)
    med: dict[tuple[str, int], dict[str, float]] = {}
    for n, path in files.items():
        runs: dict[str, list[dict[str, float]]] = {"itu_tcb": [], "itu_tcb+fast": [], "json": []}
        for _ in range(repeat):
            for lib, found in runs.items():
                found.append(worker(lib, path))
        for lib, found in runs.items():
            med[lib, n] = {
                key: statistics.median(r[key] for r in found) for key in ("seconds", "peak_mib")
            }
            print(f"    {lib} {n:,}: {med[lib, n]}", flush=True)
    small, big = min(files), max(files)
    size = f"{files[big].stat().st_size / 1e6:.0f} MB"
    table.add(
        f"`itu_tcb.load(bytes)`, {big:,} activities of short strings and small objects "
        f"({size}) vs plain `json.loads`",
        med["itu_tcb", big]["seconds"],
        med["json", big]["seconds"],
        "s",
        2.6,
    )
    table.add(
        f"`itu_tcb.load(bytes)` with the `fast` extra, {big:,} activities of short strings "
        "and small objects vs plain `json.loads`",
        med["itu_tcb+fast", big]["seconds"],
        med["json", big]["seconds"],
        "s",
        2.3,
    )
    table.add(
        f"itu_tcb time per activity at {big:,} vs at {small:,} (short strings, small objects)",
        med["itu_tcb", big]["seconds"] / big,
        med["itu_tcb", small]["seconds"] / small,
        "s",
        1.2,
    )
    table.add(
        f"peak RSS loading {big:,} activities (short strings, small objects) vs `json.loads`'s",
        med["itu_tcb", big]["peak_mib"],
        med["json", big]["peak_mib"],
        "MiB",
        1.1,
    )
    table.add(
        f"peak RSS loading {big:,} activities (short strings, small objects) with the "
        "`fast` extra vs `json.loads`'s",
        med["itu_tcb+fast", big]["peak_mib"],
        med["json", big]["peak_mib"],
        "MiB",
        1.1,
    )


# -------------------------------------------------------------- validate


def validate(repeat: int, table: Table, sizes: tuple[int, int]) -> None:
    import itu_tcb

    print("validate() of documents where every activity has a problem", flush=True)
    per_problem: dict[int, float] = {}
    for n in sizes:
        data, planted = generate.with_problems(n)
        report = itu_tcb.validate(data)
        found = len(report.errors)
        print(f"    {planted:,} problems planted, {found:,} reported", flush=True)
        if found < planted:
            print("    WARNING: validate() did not report every problem", flush=True)
        seconds = statistics.median(_timed(partial(itu_tcb.validate, data)) for _ in range(repeat))
        per_problem[n] = seconds / planted
        print(f"    {seconds:.3g} s for {planted:,} problems", flush=True)
    small, big = sizes
    table.add(
        f"`validate()` time per problem with {big - 12:,} problems vs with {small - 12:,}",
        per_problem[big],
        per_problem[small],
        "s",
        1.2,
    )


def _timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


# ------------------------------------------------------------------ main


def environment() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    packages = ["itu-tcb", "attrs", "cattrs", "pycountry", "pydantic", "pydantic-core", "msgspec"]
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in packages)
    return "\n".join(
        [
            f"- Python {platform.python_version()} ({platform.python_implementation()}),"
            f" {platform.system()} {platform.machine()}",
            f"- {versions}",
            f"- CPU: {cpu}; `nproc`: {os.cpu_count()}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--output", type=Path, help="also write the results (Markdown) here")
    args = parser.parse_args(argv)
    rounds, repeat, loads = (5, 3, 1) if args.quick else (21, 7, 5)
    started = time.perf_counter()
    table = Table()
    print(environment(), flush=True)
    cold(rounds, table)
    warm(repeat, table)
    print("generating documents of 1,000, 10,000 and 100,000 activities", flush=True)
    docs = {n: generate.document(n) for n in (1_000, 10_000, 100_000)}
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[int, Path] = {}
        for n in (1_000, 10_000, 100_000):
            files[n] = Path(tmp, f"activities-{n}.json")
            files[n].write_bytes(generate.encode(docs[n]))
        search(repeat, table, files[10_000].read_bytes(), docs[10_000])
        load(loads, table, files, extra=not args.quick)
        del docs
        shaped: dict[int, Path] = {}
        for n in (10_000, 100_000):
            shaped[n] = Path(tmp, f"small-objects-{n}.json")
            shaped[n].write_bytes(generate.encode(generate.small_objects(n)))
        load_small_objects(loads, table, shaped)
    validate(3 if args.quick else 5, table, (1_012, 10_012))
    hostile = stress.markdown(stress.run(rounds=1 if args.quick else 3))
    elapsed = time.perf_counter() - started
    command = "python -m benchmarks" + (" --quick" if args.quick else "")
    text = "\n".join(
        [
            f"Command: `{command}`, {elapsed:.0f} s in all.",
            "",
            environment(),
            "",
            table.markdown(),
            "",
            "Stress suite (issue 9): the 10x size against the 1x size of each document.",
            "",
            hostile,
            "",
        ]
    )
    print()
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0
