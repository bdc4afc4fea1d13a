"""Side-by-side benchmarks of itu_tcb: pycountry, attrs, difflib, pydantic, msgspec, cattrs.

Run from the repository root with ``python -m benchmarks`` (``--quick`` for a short
run, ``--compare PATH`` to measure another checkout's package beside this one). See
``docs/performance.md`` for the figures and what each one compares.
"""
