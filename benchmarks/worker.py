"""Measurements in a fresh process, one JSON line each: ``python -m benchmarks.worker ...``.

Commands (the parent, :mod:`benchmarks.run`, starts one process per measurement):

- ``load LIBRARY FILE``: one parse-and-validate of FILE, timed with ``perf_counter``:
  the seconds, the activities read and the process's peak resident set size (MiB).
  Each library first handles the small bundled document once, so that one-off setup
  (imports, building models or hooks) is not in the timed call. LIBRARY is one of

  - ``itu_tcb``: ``itu_tcb.load(bytes)``;
  - ``pydantic``: ``model_validate_json`` of the equivalent strict model;
  - ``msgspec`` / ``msgspec-types-only``: ``Decoder(Document).decode``, with the
    field rules as ``Meta`` constraints, or with the types alone;
  - ``cattrs``: ``json.loads``, then a plain ``cattrs.Converter(detailed_validation=
    True, forbid_extra_keys=True)`` structures the metadata and each collection
    (``list[cls]`` for each kind of ``itu_tcb.models.RECORD_TYPES``) into the itu_tcb
    attrs classes: no itu_tcb converter, no integrity checks, only what the classes'
    own ``__init__`` and ``__attrs_post_init__`` check;
  - ``json``: ``json.loads`` of the same bytes (no validation at all).

  (:mod:`benchmarks.equivalents` builds the pydantic and msgspec models.)
- ``warm REPEAT``: seconds per call (median of REPEAT ``timeit`` runs) of exact
  lookups by id and by code and of a lookup by a name in another case and spacing,
  in the bundled data.
- ``search FILE QUERY REPEAT``: seconds per call of ``search(QUERY, 3)`` in the
  document FILE (``-``: the bundled data), its index built first; and the best match.
- ``validate FILE``: seconds of one ``itu_tcb.validate`` of FILE after one untimed
  call, and the number of errors reported.

Which itu_tcb: the first on ``sys.path``. The parent puts the directory of the
package it wants at the head of ``PYTHONPATH`` (ahead of the editable install) and
checks the ``itu_tcb`` path that every line reports (:func:`spawn`). Every command
runs with msgspec blocked (``sys.modules["msgspec"] = None``) when it runs itu_tcb:
older versions of the package parsed big documents with msgspec when it was
installed, and are measured here without it, like for like with the current one
(whose optional ``fast`` extra is rapidfuzz alone, which plays no part in a load).
The baselines import the itu_tcb of the editable install (this checkout), whose
models :mod:`benchmarks.equivalents` copies.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import timeit
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------- the parent side


@dataclass(frozen=True)
class Package:
    """An itu_tcb package to measure: ``path`` is the directory that holds it
    (a checkout's ``src``), ``label`` how the tables name it."""

    label: str
    path: Path

    @property
    def package(self) -> Path:
        return (self.path / "itu_tcb").resolve()

    def env(self) -> dict[str, str]:
        """The environment of a process that imports this package."""
        env = dict(os.environ)
        path = str(self.path.resolve())
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [path, env.get("PYTHONPATH")]))
        return env

    def check(self, file: str) -> None:
        """Stop unless ``file`` (an ``itu_tcb.__file__``) is in this package."""
        if not Path(file).resolve().is_relative_to(self.package):
            raise SystemExit(f"{self.label}: imported {file}, not the package in {self.package}")


class WorkerError(Exception):
    """A worker process failed; the message is the last line it wrote to stderr."""


def spawn(module: str, args: list[str], package: Package | None = None) -> dict[str, Any]:
    """Run ``python -m module *args`` in a fresh process (importing ``package``'s
    itu_tcb, else the editable install's) and return its last line, parsed."""
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=package.env() if package else None,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        last = (out.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise WorkerError(f"{module} {' '.join(args)}: {last}")
    result: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    if package is not None:
        package.check(result["itu_tcb"])
    return result


def common_bundled(packages: list[Package]) -> Package:
    """Make :mod:`benchmarks.generate` build from a bundled document that every package
    loads: the first package's, else the next one's...; returns the package chosen."""
    from benchmarks import generate

    refused = []
    for source in packages:
        path = source.package / "data" / "itu.json"
        try:
            for package in packages:
                spawn("benchmarks.worker", ["load", "itu_tcb", str(path)], package)
        except WorkerError as error:
            refused.append(f"{source.label}'s: {error}")
            continue
        generate.use_bundled(path.read_bytes())
        for reason in refused:
            print(f"  the bundled document of {reason}", flush=True)
        print(f"  documents built from the bundled document of {source.label}", flush=True)
        return source
    raise SystemExit("no bundled document is read by every package: " + "; ".join(refused))


def per_call(func: Callable[[], Any], repeat: int) -> float:
    """Median seconds per call of ``func`` over ``repeat`` timeit runs."""
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    return statistics.median(t / number for t in timer.repeat(repeat, number))


# ------------------------------------------------------------ the worker side


def loader(library: str) -> Callable[[bytes], Any]:
    """A function from document bytes to the library's validated activities."""
    if library == "itu_tcb":
        import itu_tcb

        return lambda data: itu_tcb.load(data).activities
    if library == "pydantic":
        from benchmarks.equivalents import pydantic_document

        model = pydantic_document()
        return lambda data: model.model_validate_json(data).activities
    if library in ("msgspec", "msgspec-types-only"):
        import msgspec

        from benchmarks.equivalents import msgspec_document

        struct = msgspec_document(rules=library == "msgspec")
        decoder = msgspec.json.Decoder(struct)
        return lambda data: decoder.decode(data).activities
    if library == "cattrs":
        return _cattrs()
    if library == "json":
        return lambda data: json.loads(data)["activities"]
    raise SystemExit(f"unknown library {library!r}")


def _cattrs() -> Callable[[bytes], Any]:
    import cattrs

    from itu_tcb import models

    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    collections: list[tuple[str, Any]] = [
        (kind.collection, types.GenericAlias(list, (cls,)))  # list[cls]
        for kind, cls in models.RECORD_TYPES.items()
    ]

    def load(data: bytes) -> Any:
        doc = json.loads(data)
        converter.structure(doc["metadata"], models.Metadata)
        out: dict[str, list[Any]] = {
            name: converter.structure(doc.get(name, []), tp) for name, tp in collections
        }
        return out["activities"]

    return load


def _peak_mib() -> float:
    """This process's peak resident set size (VmHWM: not inherited from the parent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # includes the parent's


def load(library: str, path: str) -> dict[str, Any]:
    run = loader(library)
    from benchmarks.generate import bundled, encode

    run(encode(bundled()))
    data = Path(path).read_bytes()
    start = time.perf_counter()
    activities = run(data)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "activities": len(activities), "peak_mib": _peak_mib()}


def warm(repeat: str) -> dict[str, Any]:
    import itu_tcb

    data = itu_tcb.load()
    assert data.get("itu-d") is data.get("ITU-D") is not None
    assert data.lookup("telecommunication  DEVELOPMENT sector").id == "itu-d"
    times = int(repeat)
    return {
        "get id": per_call(lambda: data.get("itu-d"), times),
        "get code": per_call(lambda: data.get("ITU-D"), times),
        "lookup": per_call(lambda: data.lookup("telecommunication  DEVELOPMENT sector"), times),
    }


def search(path: str, query: str, repeat: str) -> dict[str, Any]:
    import itu_tcb

    data = itu_tcb.load() if path == "-" else itu_tcb.load(Path(path).read_bytes())
    top = data.search(query, 1)  # the index is built on first use: outside the timing
    seconds = per_call(partial(data.search, query, 3), int(repeat))
    return {"seconds": seconds, "top": top[0].matched if top else None}


def validate(path: str) -> dict[str, Any]:
    import itu_tcb

    data = Path(path).read_bytes()
    errors = len(itu_tcb.validate(data).errors)
    start = time.perf_counter()
    itu_tcb.validate(data)
    return {"seconds": time.perf_counter() - start, "errors": errors}


COMMANDS: dict[str, Callable[..., dict[str, Any]]] = {
    "load": load,
    "warm": warm,
    "search": search,
    "validate": validate,
}


def main(argv: list[str]) -> int:
    command, *args = argv
    if command != "load" or args[0] == "itu_tcb":
        sys.modules["msgspec"] = None  # type: ignore[assignment]
    result = COMMANDS[command](*args)
    found = sys.modules.get("itu_tcb")
    result["itu_tcb"] = getattr(found, "__file__", None) or ""
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
