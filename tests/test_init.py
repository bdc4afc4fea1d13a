"""The package (``itu_tcb/__init__.py``): ``import itu_tcb`` stays cheap (each name
and optional library imported on first use), and the public names are exported."""

from __future__ import annotations

import json
import sys

import itu_tcb
from helpers import run_python

HEAVY = ("cattrs", "importlib.metadata", "itu_tcb._convert")


def test_import_does_not_import_cattrs_metadata_or_read_the_data() -> None:
    out = run_python(
        """
        import builtins, json, sys
        before = set(sys.modules)
        opened = []
        real_open = builtins.open
        def spy(file, *args, **kwargs):
            opened.append(str(file))
            return real_open(file, *args, **kwargs)
        builtins.open = spy
        import itu_tcb
        builtins.open = real_open
        from itu_tcb import loading
        new = sorted(set(sys.modules) - before)
        print(json.dumps({"new": new, "opened": opened, "cached": loading._bundled is None}))
        """
    )
    found = json.loads(out)
    new = set(found["new"]) - {"itu_tcb.loading"}
    for name in HEAVY:
        assert name not in new, f"import itu_tcb imported {name}"
    assert "itu_tcb" in new
    assert not [f for f in found["opened"] if f.endswith(".json")]
    assert found["cached"] is True


def test_the_public_names_are_exported() -> None:
    for name in itu_tcb.__all__:
        assert hasattr(itu_tcb, name), name
    assert itu_tcb.__version__


#: What a valid load and a lookup do not need: each is imported on first use.
LATER = (
    "difflib",
    "html",
    "itu_tcb._html",
    "itu_tcb._json_schema",
    "itu_tcb.tables",
)


def test_a_load_and_a_lookup_build_only_what_they_use() -> None:
    out = run_python(
        f"""
        import json, sys
        import itu_tcb
        data = itu_tcb.load()
        data.lookup("ITU-D")
        later = [name for name in {LATER!r} if name in sys.modules]
        fuzzy = data._index._fuzzy is not None
        data.search("telecomunication")
        print(json.dumps([later, fuzzy, data._index._fuzzy is not None]))
        """
    )
    assert json.loads(out) == [[], False, True]


def test_a_problem_imports_difflib_for_its_hint() -> None:
    out = run_python(
        """
        import sys
        import itu_tcb
        report = itu_tcb.validate('{"schema_version": "1.1", "metdata": {}}')
        print(report.problems[0].hint, "difflib" in sys.modules)
        """
    )
    assert out.split() == ["did", "you", "mean", "'metadata'?", "True"]


def test_importing_itu_tcb_imports_no_optional_library() -> None:
    import subprocess

    code = (
        "import sys, itu_tcb; d = itu_tcb.load(); d.to_records('membership_counts');"
        "optional = ('pyarrow', 'duckdb', 'frictionless', 'pandas');"
        "print(sorted(m for m in optional if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_merge_is_lazy_and_listed() -> None:
    assert "merge" in itu_tcb.__all__
    assert callable(itu_tcb.merge)
