"""Side-by-side benchmarks of itu_tcb against pycountry, attrs, difflib, pydantic and msgspec.

Run from the repository root with ``python -m benchmarks`` (``--quick`` for a short
run). See ``docs/performance.md`` for the figures and what each one compares.
"""
