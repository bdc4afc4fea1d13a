"""One measurement in a fresh process: ``python -m benchmarks.worker LIBRARY FILE``.

``itu_tcb`` reads with the standard library's JSON parser alone (msgspec, the
``fast`` extra's parser of large documents, is blocked); ``itu_tcb+fast`` with it.

Prints one JSON line: the seconds one parse-and-validate of FILE took, the number
of activities read, and the process's peak resident set size in MiB. Each library
first handles the small bundled document once, so one-off setup (imports, model
or hook building) is not in the timed call.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def loader(library: str) -> Callable[[bytes], Any]:
    """A function from document bytes to the library's validated document."""
    if library in ("itu_tcb", "itu_tcb+fast"):
        if library == "itu_tcb":
            # The standard library's parser alone, as without the ``fast`` extra
            # (its msgspec parse; rapidfuzz plays no part in a load).
            sys.modules["msgspec"] = None  # type: ignore[assignment]
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
    if library == "json":
        return lambda data: json.loads(data)["activities"]
    raise SystemExit(f"unknown library {library!r}")


def _peak_mib() -> float:
    """This process's peak resident set size (VmHWM: not inherited from the parent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # includes the parent's


def main(argv: list[str]) -> int:
    library, path = argv
    load = loader(library)
    from benchmarks.generate import bundled, encode

    load(encode(bundled()))
    data = Path(path).read_bytes()
    start = time.perf_counter()
    activities = load(data)
    seconds = time.perf_counter() - start
    peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "activities": len(activities), "peak_mib": peak}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
