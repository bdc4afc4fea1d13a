"""The benchmark suite: every figure of issue 5, itu_tcb and its baselines in one run.

Usage (from the repository root, with the ``bench`` dependency group installed)::

    python -m benchmarks                 # full run
    python -m benchmarks --quick         # fewer repeats (a smoke run)
    python -m benchmarks --output docs/performance-run.md
    python -m benchmarks --compare /work/before/src   # this checkout and another, side by side

What is measured, and how:

- **cold start**: whole-process wall time of ``python -c CODE`` (importing itu_tcb,
  a lookup in the bundled data; and the baselines: ``pass``, attrs, the floor of the
  required imports, pycountry), the commands in turn, median of the rounds after
  one that warms the OS caches. itu_tcb is imported from an installed,
  byte-compiled copy of the package (:func:`installed`), as users run it.
- **warm lookups** and **search**: seconds per call (``timeit``, medians) in a fresh
  process per round (:mod:`benchmarks.worker`), against pycountry and
  ``difflib.get_close_matches`` timed in this process in the same rounds.
- **load**: one ``itu_tcb.load(bytes)`` per fresh process, against pydantic, msgspec,
  plain cattrs on the itu_tcb models and ``json.loads`` of the same bytes, with
  each process's peak RSS, on three shapes of document, each at 10,000 and 100,000
  activities: generated activities (``generate.document``), activities of short
  strings and small objects (``generate.small_objects``), and the bundled activities
  replicated (``generate.replicated``: the shape of every real document). Medians of
  the repeats; the processes in turn in each repeat.
- **validate**: ``validate()`` of documents where every activity has a problem, one
  timed call per fresh process (after an untimed one), median of the rounds.
- **stress** (:mod:`benchmarks.stress`): hostile documents at two sizes, 10x apart.

The ratio is itu_tcb / baseline, so below 1 means itu_tcb is faster (or smaller).
Nothing here asserts an absolute time; the "target" column only says whether the
ratio measured in this run meets the target of issue 5 (targets first set for the
generated activities apply to the other shapes alike; rows marked "reference" have
none).

``--compare PATH`` (PATH: the ``src`` directory of another checkout, holding an
``itu_tcb`` package) makes every measurement that runs itu_tcb for both packages,
interleaved in the same rounds, on the same documents and against the same baseline
figures; the table then gives, per figure, the ratio for this checkout and for PATH
side by side. Every process that imports itu_tcb reports the file it imported, and
the run stops if it is not the package asked for. Only names both versions have are
used (``load``, ``validate``, ``Dataset.get``, ``.lookup``, ``.search``). The
documents are built from a bundled document that every package reads (this
checkout's, else PATH's: an older package may not read a newer schema version;
:func:`benchmarks.worker.common_bundled`). The baselines always use this checkout's
models (:mod:`benchmarks.equivalents`).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import generate, stress
from benchmarks.worker import Package, WorkerError, common_bundled, per_call, spawn

HERE = stress.HERE

#: (itu_tcb, baseline) per package label; ``""`` labels a row with no itu_tcb in it.
Pairs = Mapping[str, tuple[float, float]]


@dataclass
class Row:
    figure: str
    unit: str
    target: float | None
    pairs: Pairs
    failure: str = ""


class Table:
    """The figures of the run, for one package or two side by side."""

    def __init__(self, packages: list[Package]) -> None:
        self.labels = [p.label for p in packages]
        self.rows: list[Row] = []

    def add(self, figure: str, unit: str, target: float | None, pairs: Pairs) -> None:
        self.rows.append(Row(figure, unit, target, pairs))
        for label, (ours, theirs) in pairs.items():
            where = f" [{label}]" if label and len(self.labels) > 1 else ""
            print(
                f"  {figure}{where}: {_fmt(ours, unit)} vs {_fmt(theirs, unit)} -> "
                f"{ours / theirs:.3g}x",
                flush=True,
            )

    def failed(self, figure: str, reason: str) -> None:
        self.rows.append(Row(figure, "", None, {}, reason))
        print(f"  {figure}: FAILED: {reason}", flush=True)

    def _pair(self, row: Row, label: str) -> tuple[float, float] | None:
        """The figures of ``label``'s package (a baseline-only row's, for the first)."""
        if label == self.labels[0] and "" in row.pairs:
            return row.pairs[""]
        return row.pairs.get(label)

    def _ratio(self, row: Row, label: str, verdict: bool = True) -> str:
        pair = self._pair(row, label)
        if pair is None:
            if row.failure:
                return f"failed: {row.failure}"
            return "(baseline only)" if "" in row.pairs else "failed (see below)"
        ratio = f"{pair[0] / pair[1]:.3g}x"
        return f"{ratio} ({self._verdict(row, label)})" if verdict and row.target else ratio

    def _verdict(self, row: Row, label: str) -> str:
        pair = self._pair(row, label)
        if pair is None or row.target is None:
            return ""
        return "met" if pair[0] / pair[1] <= row.target else "not met"

    def _values(self, row: Row, label: str) -> str:
        pair = self._pair(row, label)
        return "" if pair is None else f"{_fmt(pair[0], row.unit)} / {_fmt(pair[1], row.unit)}"

    def markdown(self) -> str:
        target = ["" if row.target is None else f"<= {row.target:g}x" for row in self.rows]
        first, *others = self.labels
        if not others:
            head = ["figure", "itu_tcb", "baseline", "ratio", "target", "verdict"]
            body = []
            for row, goal in zip(self.rows, target, strict=True):
                pair = self._pair(row, first)
                cells = ["", ""] if pair is None else [_fmt(v, row.unit) for v in pair]
                ratio = self._ratio(row, first, verdict=False)
                body.append([row.figure, *cells, ratio, goal, self._verdict(row, first)])
            return _markdown(head, body)
        ratios = _markdown(
            ["figure", f"ratio now ({first})", *(f"ratio before ({o})" for o in others), "target"],
            [
                [row.figure, *(self._ratio(row, label) for label in self.labels), goal]
                for row, goal in zip(self.rows, target, strict=True)
            ],
        )
        values = _markdown(
            ["figure", *(f"itu_tcb / baseline, {label}" for label in self.labels)],
            [
                [row.figure, *(self._values(row, label) for label in self.labels)]
                for row in self.rows
            ],
        )
        return f"{ratios}\n\nThe figures behind the ratios:\n\n{values}"


def _markdown(head: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return "\n".join(lines)


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.3g} us"
        if value < 1:
            return f"{value * 1e3:.3g} ms"
        return f"{value:.3g} s"
    return f"{value:.4g} {unit}"


def _median(values: list[float]) -> float:
    return statistics.median(values)


# ------------------------------------------------------------------ cold

#: The baselines' commands, run once per round.
COLD = {
    "pass": "pass",
    "attrs": "import attrs",
    "floor": "import attrs, cattrs, importlib.resources; cattrs.Converter()",
    "pycountry lookup": "import pycountry; pycountry.countries.get(alpha_2='DE')",
}
#: itu_tcb's, run once per round for each package.
COLD_ITU = {
    "import": "import itu_tcb",
    "lookup": "import itu_tcb; itu_tcb.load().lookup('ITU-D')",
}
LOOKUP = "`import itu_tcb; itu_tcb.load().lookup('ITU-D')`"

#: Printed by a process after importing itu_tcb: where it came from, and whether its
#: byte code was there to read (so that the figures are what users run).
_CHECK = "import itu_tcb, os; print(itu_tcb.__file__, os.path.exists(itu_tcb.__cached__))"


def installed(package: Package, into: Path, cwd: str) -> dict[str, str]:
    """A byte-compiled copy of ``package`` in ``into``, as an install leaves it, and
    the environment that imports it (ahead of the editable install), checked.

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (set on some machines)
    compiles every module again at each start: 20-40 ms that no user pays.
    """
    shutil.copytree(package.package, into / "itu_tcb", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(into)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(into)
    found = subprocess.run(
        [sys.executable, "-c", _CHECK], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    if not (Path(found[0]).resolve().is_relative_to(into.resolve()) and found[1] == "True"):
        raise SystemExit(f"{package.label}: the cold starts would not import its copy: {found}")
    return env


def cold(rounds: int, table: Table, packages: list[Package]) -> None:
    """Whole-process wall time of each command, interleaved, median of ``rounds``."""
    print(f"cold start ({rounds} rounds)", flush=True)
    with contextlib.ExitStack() as stack:
        cwd = stack.enter_context(tempfile.TemporaryDirectory())
        envs = {
            p.label: installed(p, Path(stack.enter_context(tempfile.TemporaryDirectory())), cwd)
            for p in packages
        }
        runs = [(("", name), code, envs[packages[0].label]) for name, code in COLD.items()]
        runs += [((p.label, n), c, envs[p.label]) for n, c in COLD_ITU.items() for p in packages]
        times: dict[tuple[str, str], list[float]] = {key: [] for key, _, _ in runs}
        for round_ in range(rounds + 1):
            for key, code, env in runs:
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True)
                if round_:  # the first round only warms the OS caches
                    times[key].append(time.perf_counter() - start)
    med = {key: _median(values) for key, values in times.items()}

    def pairs(ours: str, theirs: str) -> Pairs:
        return {p.label: (med[p.label, ours], med["", theirs]) for p in packages}

    table.add("`python -c pass` (reference)", "s", None, {"": (med["", "pass"],) * 2})
    table.add(
        f"cold {LOOKUP} vs pycountry `get(alpha_2='DE')`",
        "s",
        1.3,
        pairs("lookup", "pycountry lookup"),
    )
    table.add(
        f"cold {LOOKUP} vs the floor of the required imports, "
        "`import attrs, cattrs, importlib.resources; cattrs.Converter()`",
        "s",
        1.3,
        pairs("lookup", "floor"),
    )
    table.add("cold `import itu_tcb` vs `import attrs`", "s", 1.1, pairs("import", "attrs"))


# ------------------------------------------------------------------ warm


def warm(rounds: int, repeat: int, table: Table, packages: list[Package]) -> None:
    import pycountry

    print(f"warm lookups ({rounds} rounds)", flush=True)
    countries = pycountry.countries
    countries.get(alpha_2="DE")  # load pycountry's data outside the timing
    theirs: dict[str, list[float]] = {"get": [], "lookup": []}
    ours: dict[str, list[dict[str, Any]]] = {p.label: [] for p in packages}
    for _ in range(rounds):
        theirs["get"].append(per_call(lambda: countries.get(alpha_2="DE"), repeat))
        theirs["lookup"].append(per_call(lambda: countries.lookup("germany"), repeat))
        for p in packages:
            ours[p.label].append(spawn("benchmarks.worker", ["warm", str(repeat)], p))

    def pairs(key: str, baseline: str) -> Pairs:
        return {
            label: (_median([r[key] for r in runs]), _median(theirs[baseline]))
            for label, runs in ours.items()
        }

    pycountry_get = "`countries.get(alpha_2='DE')`"
    table.add(
        f"exact lookup `get('itu-d')` (id) vs {pycountry_get}", "s", 0.5, pairs("get id", "get")
    )
    table.add(
        f"exact lookup `get('ITU-D')` (code) vs {pycountry_get}", "s", 0.5, pairs("get code", "get")
    )
    table.add(
        "name in another case and spacing, `lookup('telecommunication  DEVELOPMENT sector')`"
        " vs `countries.lookup('germany')`",
        "s",
        1.0,
        pairs("lookup", "lookup"),
    )


# ---------------------------------------------------------------- search


def search(
    rounds: int, repeat: int, table: Table, packages: list[Package], big: Path, doc: dict[str, Any]
) -> None:
    print(f"search vs difflib.get_close_matches ({rounds} rounds)", flush=True)
    query = generate._name(4321).lower().replace("for", "fr").replace("e", "", 1)
    cases = [
        ("bundled data", "-", generate.bundled(), "telecomunication developmnt"),
        (f"{len(doc['activities']):,}-activity document", str(big), doc, query),
    ]
    for label, path, found, text in cases:
        names = generate.names_of(found)
        theirs: list[float] = []
        ours: dict[str, list[dict[str, Any]]] = {p.label: [] for p in packages}
        for _ in range(rounds):
            theirs.append(per_call(partial(difflib.get_close_matches, text, names, 3), repeat))
            for p in packages:
                ours[p.label].append(spawn("benchmarks.worker", ["search", path, text, "1"], p))
        close = difflib.get_close_matches(text, names, 1)
        tops = {lab: runs[0]["top"] for lab, runs in ours.items()}
        print(f"    {text!r}: search -> {tops}; difflib -> {close}", flush=True)
        table.add(
            f"`search` vs `difflib.get_close_matches` over {len(names):,} names ({label})",
            "s",
            0.1,
            {
                lab: (_median([r["seconds"] for r in runs]), _median(theirs))
                for lab, runs in ours.items()
            },
        )


# ------------------------------------------------------------------ load


@dataclass(frozen=True)
class Shape:
    """A shape of document: how it is built, and the rows of its table."""

    what: str  # in the figures: "{n:,} {what}"
    short: str  # in the figures of growth: "({short})"
    build: Callable[[int], dict[str, Any]]
    time_vs: tuple[str, ...]  # the baselines of the load-time rows, in order
    peak_vs: tuple[str, ...]  # the baselines of the peak-RSS rows
    reference_growth: bool = False  # pydantic's time per activity as well


SHAPES = {
    "activities": Shape(
        "activities",
        "generated",
        generate.document,
        ("pydantic", "msgspec", "msgspec-types-only", "json", "cattrs"),
        ("pydantic", "json"),
        reference_growth=True,
    ),
    "small-objects": Shape(
        "activities of short strings and small objects",
        "short strings, small objects",
        generate.small_objects,
        ("json", "cattrs"),
        ("json",),
    ),
    "replicated": Shape(
        "bundled activities, replicated",
        "bundled, replicated",
        generate.replicated,
        ("json", "pydantic", "msgspec", "cattrs"),
        ("json",),
    ),
}
BASELINES = {
    "pydantic": ("pydantic `model_validate_json`", 1.0),
    "msgspec": ("msgspec `Decoder(Document).decode` (with the rules)", 3.0),
    "msgspec-types-only": ("msgspec, types only (reference)", None),
    "json": ("plain `json.loads` of the same bytes", 2.6),
    "cattrs": (
        "plain cattrs with detailed validation on the same models (no integrity; reference)",
        None,
    ),
}
PEAK_VS = {"pydantic": ("pydantic's", 0.7), "json": ("plain `json.loads`'s", 1.1)}
SIZES = (10_000, 100_000)
PEAK_AND_TIME = ("seconds", "peak_mib")
#: A load figure: (library, package label or "" for a baseline, activities).
Key = tuple[str, str, int]


def load(
    repeat: int,
    table: Table,
    packages: list[Package],
    shape: Shape,
    files: dict[int, Path],
    extra: bool,
) -> None:
    """Load each file in fresh processes (``repeat`` each, all libraries in turn)."""
    baselines = [
        b for b in dict.fromkeys(shape.time_vs + shape.peak_vs) if extra or "only" not in b
    ]
    runners = [("itu_tcb", p) for p in packages] + [(b, None) for b in baselines]
    print(f"load, {shape.what} (fresh processes, {repeat} each)", flush=True)
    med: dict[Key, dict[str, float]] = {}
    failures: dict[tuple[str, str], str] = {}
    for n, path in files.items():
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for _ in range(repeat):
            for lib, package in runners:
                key = (lib, package.label if package else "")
                if key in failures:
                    continue
                try:
                    result = spawn("benchmarks.worker", ["load", lib, str(path)], package)
                except WorkerError as error:
                    failures[key] = f"{n:,}: {error}"
                    print(f"    {key} {n:,} FAILED: {error}", flush=True)
                    continue
                if result["activities"] != n:
                    failures[key] = f"{n:,}: read {result['activities']} activities"
                    continue
                runs.setdefault(key, []).append(result)
        for key, found in runs.items():
            if key not in failures:
                lib, label = key
                med[lib, label, n] = {m: _median([r[m] for r in found]) for m in PEAK_AND_TIME}
                print(f"    {lib} {label} {n:,}: {med[lib, label, n]}", flush=True)
    small, big = min(files), max(files)
    size = f"{files[big].stat().st_size / 1e6:.3g} MB"

    def add(
        figure: str,
        target: float | None,
        ours: Callable[[str], Key],
        theirs: Callable[[str], Key],
        metric: str = "seconds",
    ) -> None:
        """A row: for each package label, the figure of ``ours(label)`` against that
        of ``theirs(label)`` (per activity when the figure says so)."""
        pairs: dict[str, tuple[float, float]] = {}
        missing: list[str] = []
        for p in packages:
            keys = ours(p.label), theirs(p.label)
            if all(k in med for k in keys):
                per = [k[2] if "per activity" in figure else 1 for k in keys]
                pairs[p.label] = (med[keys[0]][metric] / per[0], med[keys[1]][metric] / per[1])
            missing += [failures.get(k[:2], "no result") for k in keys if k not in med]
        if pairs:
            table.add(figure, "MiB" if metric == "peak_mib" else "s", target, pairs)
        if missing:
            table.failed(figure, "; ".join(dict.fromkeys(missing)))

    def itu(n: int) -> Callable[[str], Key]:
        return lambda label: ("itu_tcb", label, n)

    def baseline(lib: str, n: int = big) -> Callable[[str], Key]:
        return lambda label: (lib, "", n)

    for lib in shape.time_vs:
        if extra or "only" not in lib:
            name, target = BASELINES[lib]
            figure = f"`itu_tcb.load(bytes)`, {big:,} {shape.what} ({size}) vs {name}"
            add(figure, target, itu(big), baseline(lib))
    growth = f"time per activity at {big:,} vs at {small:,} ({shape.short}"
    add(f"itu_tcb {growth})", 1.2, itu(big), itu(small))
    if shape.reference_growth:
        figure = f"pydantic {growth}; reference)"
        if all(("pydantic", "", n) in med for n in (big, small)):
            ours, theirs = (med["pydantic", "", n]["seconds"] / n for n in (big, small))
            table.add(figure, "s", None, {"": (ours, theirs)})
        else:
            table.failed(figure, failures.get(("pydantic", ""), "no result"))
    for lib in shape.peak_vs:
        name, target = PEAK_VS[lib]
        figure = f"peak RSS loading {big:,} {shape.what} vs {name}"
        add(figure, target, itu(big), baseline(lib), "peak_mib")


# -------------------------------------------------------------- validate


def validate(rounds: int, table: Table, packages: list[Package], tmp: Path) -> None:
    print(f"validate() of documents where every activity has a problem ({rounds} rounds)")
    files, planted = {}, {}
    for n in (1_012, 10_012):
        data, planted[n] = generate.with_problems(n)
        files[n] = tmp / f"problems-{n}.json"
        files[n].write_bytes(data)
    times: dict[tuple[str, int], list[float]] = {}
    for round_ in range(rounds):
        for n, path in files.items():
            for p in packages:
                result = spawn("benchmarks.worker", ["validate", str(path)], p)
                if not round_:
                    found = f"{planted[n]:,} problems planted, {result['errors']:,} reported"
                    print(f"    {p.label}: {found}", flush=True)
                    if result["errors"] < planted[n]:
                        print("    WARNING: validate() did not report every problem", flush=True)
                times.setdefault((p.label, n), []).append(result["seconds"])
    small, big = files
    table.add(
        f"`validate()` time per problem with {planted[big]:,} problems vs with {planted[small]:,}",
        "s",
        1.2,
        {
            p.label: (
                _median(times[p.label, big]) / planted[big],
                _median(times[p.label, small]) / planted[small],
            )
            for p in packages
        },
    )


# ------------------------------------------------------------------ main


def environment(packages: list[Package]) -> str:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    names = ["itu-tcb", "attrs", "cattrs", "pycountry", "pydantic", "pydantic-core", "msgspec"]
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in names)
    lines = [
        f"- Python {platform.python_version()} ({platform.python_implementation()}),"
        f" {platform.system()} {platform.machine()}",
        f"- {versions}",
        f"- CPU: {cpu}; `nproc`: {os.cpu_count()}",
    ]
    for p in packages:
        commit = subprocess.run(
            ["git", "-C", str(p.path), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(p.path), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
        ).stdout.strip()
        state = (
            f"commit {commit}" + (" with uncommitted changes" if dirty else "") if commit else ""
        )
        lines.append(f"- itu_tcb, {p.label}: `{p.package}` {state}".rstrip())
    return "\n".join(lines)


@dataclass(frozen=True)
class Settings:
    cold_rounds: int  # cold-start rounds
    rounds: int  # rounds of the warm, search and validate processes
    repeat: int  # timeit runs in each
    loads: int  # fresh processes per library and document
    stress_rounds: int


QUICK = Settings(cold_rounds=5, rounds=3, repeat=1, loads=1, stress_rounds=1)
FULL = Settings(cold_rounds=21, rounds=5, repeat=3, loads=5, stress_rounds=3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--output", type=Path, help="also write the results (Markdown) here")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="PATH",
        help="also measure the itu_tcb package in PATH (another checkout's src), side by side",
    )
    args = parser.parse_args(argv)
    packages = [HERE]
    if args.compare:
        if not (args.compare / "itu_tcb" / "__init__.py").is_file():
            parser.error(f"no itu_tcb package in {args.compare}")
        packages.append(Package(str(args.compare), args.compare))
    settings = QUICK if args.quick else FULL
    started = time.perf_counter()
    table = Table(packages)
    print(environment(packages), flush=True)
    source = common_bundled(packages)
    cold(settings.cold_rounds, table, packages)
    warm(settings.rounds, settings.repeat, table, packages)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for key, shape in SHAPES.items():
            print(f"generating {shape.what}: {', '.join(f'{n:,}' for n in SIZES)}", flush=True)
            files: dict[int, Path] = {}
            for n in SIZES:
                doc = shape.build(n)
                files[n] = tmp / f"{key}-{n}.json"
                files[n].write_bytes(generate.encode(doc))
                if key == "activities" and n == 10_000:
                    search(settings.rounds, settings.repeat, table, packages, files[n], doc)
                del doc
            load(settings.loads, table, packages, shape, files, extra=not args.quick)
            for path in files.values():
                path.unlink()
        validate(settings.rounds, table, packages, tmp)
    hostile = stress.markdown(stress.run(rounds=settings.stress_rounds, packages=packages))
    elapsed = time.perf_counter() - started
    command = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    text = "\n".join(
        [
            f"Command: `{command}`, {elapsed:.0f} s in all.",
            "",
            environment(packages),
            f"- documents built from the bundled document of {source.label}"
            f" (`schema_version` {generate.bundled()['schema_version']})",
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
