"""Problems and reports (``itu_tcb.report``): paths as JSON paths, and a report's
text and dictionary."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import itu_tcb
from helpers import BUNDLED_BYTES, edited, only, parse_html
from itu_tcb import Problem, ProblemKind, Report, Severity
from itu_tcb.report import format_path


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


# ------------------------------------------------------------ the notebook view


def table_rows(markup: str) -> list[list[str]]:
    """The text of each cell of each table row, in order."""
    rows: list[list[str]] = []

    class Rows(HTMLParser):
        def handle_starttag(self, tag: str, _: list[tuple[str, str | None]]) -> None:
            if tag == "tr":
                rows.append([])
            elif tag in ("th", "td"):
                rows[-1].append("")

        def handle_data(self, data: str) -> None:
            if rows and rows[-1]:
                rows[-1][-1] += data

    Rows(convert_charrefs=True).feed(markup)
    return rows


#: A key, and so a path and a message, that a notebook must show as text.
EVIL_KEY = "<script>alert('x')</script> & co"


def test_the_notebook_view_lists_every_problem_with_its_path() -> None:
    report = edited(lambda d: d["sectors"][0].update({EVIL_KEY: 1, "code": ""}))
    assert len(report.problems) == 2
    markup = report._repr_html_()
    checker = parse_html(markup)  # well formed, no script
    assert "<script" not in markup
    rows = table_rows(markup)
    assert rows[0] == ["source", "path", "severity", "message", "hint"]
    assert rows[1:] == [
        [p.source or "", p.path, p.severity.value, p.message, p.hint or ""] for p in report.problems
    ]
    paths = {row[1] for row in rows[1:]}
    assert paths == {format_path(["sectors", 0, EVIL_KEY]), "$.sectors[0].code"}
    assert checker.text[0] == "<mapping>: invalid (2 error(s), 0 warning(s))"


def test_the_notebook_view_names_the_part_and_the_severity_of_a_problem() -> None:
    warning = Problem(
        path="$.agencies[0]",
        message=f"odd: {EVIL_KEY}",
        kind=ProblemKind.UNREFERENCED,
        severity=Severity.WARNING,
        hint=f"see {EVIL_KEY}",
        source=f"part {EVIL_KEY}.json",
    )
    markup = Report(f"{EVIL_KEY}.json", (warning,))._repr_html_()
    assert "<script" not in markup
    assert html.escape(EVIL_KEY) in markup
    assert table_rows(markup)[1] == [
        f"part {EVIL_KEY}.json",
        "$.agencies[0]",
        "warning",
        f"odd: {EVIL_KEY}",
        f"see {EVIL_KEY}",
    ]
    assert parse_html(markup).text[0] == f"{EVIL_KEY}.json: valid (0 error(s), 1 warning(s))"


def test_the_notebook_view_of_a_valid_report_is_its_verdict_alone() -> None:
    report = itu_tcb.validate(BUNDLED_BYTES)
    assert report.problems == ()
    markup = report._repr_html_()
    assert table_rows(markup) == []
    assert parse_html(markup).text == ["<bytes>: valid (0 error(s), 0 warning(s))"]
