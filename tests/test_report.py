"""Problems and reports (``itu_tcb.report``): paths as JSON paths, and a report's
text and dictionary."""

from __future__ import annotations

import json

import itu_tcb
from helpers import edited, only


def test_an_unknown_key_that_is_not_a_name_is_quoted_in_the_path() -> None:
    document = itu_tcb.load().to_document()
    document["sectors"][1]["bad key"] = 1
    report = itu_tcb.validate(document)
    assert [p.path for p in report.errors] == ["$.sectors[1]['bad key']"]


def test_odd_keys_get_quoted_paths() -> None:
    problem = only(edited(lambda d: d["sectors"][0].__setitem__("a.b c", 1)))
    assert problem.path == "$.sectors[0]['a.b c']"


# --------------------------------------------------------------- the report


def test_report_api() -> None:
    report = itu_tcb.validate(b'{"schema_version": "1.0", "metadata": {}, "x": 1}')
    assert not report
    assert not report.valid
    assert report.errors == report.problems
    assert report.warnings == ()
    as_dict = report.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["valid"] is False
    assert as_dict["errors"] == len(report.problems)
    assert {p["kind"] for p in as_dict["problems"]} == {"unknown-field", "missing"}
    lines = str(report).splitlines()
    assert (
        lines[0]
        == "<bytes>:$.x: error: unknown field 'x' (hint: remove it; the format has no such field)"
    )
    assert lines[-1] == f"<bytes>: invalid ({len(report.problems)} error(s), 0 warning(s))"
