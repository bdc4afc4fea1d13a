"""Shared test helpers: the bundled data, report shorthands, generated models and
JSON values, mutated documents, and commands run as a user runs them. Test files
import from here (and from ``profiles``), never from one another."""

from __future__ import annotations

import copy
import csv
import doctest
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import (
    Activity,
    ActivityCategory,
    Agency,
    Dataset,
    Metadata,
    Problem,
    ProblemKind,
    Report,
    Source,
    _keys,
    cli,
)
from itu_tcb import strategies as its

# ---------------------------------------------------------------- the bundled data

#: The bundled document as bytes, as text, and parsed (copy it before changing it).
BUNDLED_BYTES = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()
BUNDLED_TEXT = (resources.files("itu_tcb") / "data" / "itu.json").read_text(encoding="utf-8")
BUNDLED: dict[str, Any] = json.loads(BUNDLED_TEXT)

#: The bundled dataset.
DATA = itu_tcb.load()


def bundled() -> dict[str, Any]:
    """A fresh copy of the bundled document, to change."""
    return copy.deepcopy(BUNDLED)


def edited(edit: Callable[[dict[str, Any]], None]) -> Report:
    """The report on a copy of the bundled document changed by ``edit``."""
    doc = bundled()
    edit(doc)
    return itu_tcb.validate(doc)


#: The ways a document can be read: JSON bytes, JSON text, a path, a parsed mapping.
READERS = ("bytes", "text", "path", "mapping")


def by_every_reader(document: dict[str, Any]) -> dict[str, Report]:
    """The report of :func:`itu_tcb.validate` on ``document`` given each way of
    :data:`READERS` (the path is a temporary file, removed after)."""
    text = json.dumps(document)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.json"
        path.write_text(text, encoding="utf-8")
        sources: dict[str, Any] = {
            "bytes": text.encode(),
            "text": text,
            "path": path,
            "mapping": document,
        }
        return {way: itu_tcb.validate(sources[way]) for way in READERS}


def answers_to(record: itu_tcb.Record) -> list[str]:
    """Every text a record answers to: id, aliases and its key fields."""
    return [key.text for key in _keys.keys_of(record)]


#: Every key of the bundled data, with its record.
KEYS = [(key, record) for record in DATA for key in answers_to(record)]

# ----------------------------------------------------------------------- reports


def found(report: itu_tcb.Report) -> list[tuple[str, str, str]]:
    """Each problem of a report as (path, kind, message)."""
    return [(p.path, p.kind.value, p.message) for p in report.problems]


def path_kinds(report: itu_tcb.Report) -> list[tuple[str, str]]:
    """Each problem of a report as (path, kind), in order."""
    return [(p.path, p.kind.value) for p in report.problems]


def path_kind_set(report: Report) -> set[tuple[str, ProblemKind]]:
    """The problems of a report as a set of (path, kind)."""
    return {(p.path, p.kind) for p in report.problems}


def only(report: Report) -> Problem:
    """The one problem of a report."""
    assert len(report.problems) == 1, str(report)
    return report.problems[0]


#: A value far longer than a message may show: 100,000 characters, and no id (it has
#: a capital; ``LONG.lower()`` is one).
LONG = "Long" + "-x" * 49_998
#: The length every message that shows :data:`LONG` stays under.
MESSAGE_BOUND = 1_000


def assert_bounded(message: str, value: str = LONG) -> None:
    """``message`` is shorter than :data:`MESSAGE_BOUND` and still shows ``value``'s start."""
    assert len(message) < MESSAGE_BOUND, f"{len(message):,} characters: {message[:300]}"
    assert value[:40] in message, message[:300]


# ------------------------------------------------------- models and JSON values

#: A strategy for every model, with the class it must produce.
MODELS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (itu_tcb.Link, its.links()),
    (itu_tcb.SourceRef, its.source_refs()),
    (itu_tcb.Count, its.counts()),
    (itu_tcb.MemberCount, its.member_counts()),
    (itu_tcb.TargetGroup, its.target_groups()),
    (itu_tcb.DriverOfChange, its.drivers_of_change()),
    (itu_tcb.Source, its.sources()),
    (itu_tcb.Metadata, its.metadata()),
    (itu_tcb.Agency, its.agencies()),
    (itu_tcb.Sector, its.sectors()),
    (itu_tcb.Programme, its.programmes()),
    (itu_tcb.Initiative, its.initiatives()),
    (itu_tcb.Partnership, its.partnerships()),
    (itu_tcb.Membership, its.memberships()),
    (itu_tcb.Event, its.events()),
    (itu_tcb.ActivityCategory, its.activity_categories()),
    (itu_tcb.Activity, its.activities()),
]

#: Any value of any model.
any_model = st.sampled_from(MODELS).flatmap(lambda pair: pair[1])

#: Any JSON value, small.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)

#: Any text, surrogates and control characters included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)

#: Values that JSON text can carry (some of them only as faults it reports).
hostile = st.one_of(
    st.integers(),
    st.integers(min_value=2**63 - 3, max_value=2**63 + 3),
    st.integers(min_value=-(2**63) - 3, max_value=-(2**63) + 3),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1.5, True, False, None]),
    # A high surrogate followed by a low one is two lone surrogates in a Python str,
    # but one character once JSON text escapes them: no fault that text can show.
    st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zl", "Zp", "Ll", "Zs"])).filter(
        lambda text: re.search("[\ud800-\udbff][\udc00-\udfff]", text) is None
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def typed(value: Any) -> Any:
    """``value`` spelled out with the type of every part, so that ``1`` and ``True``,
    a list and a tuple, an enum member and its value all differ."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple((f.name, typed(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple | list):
        return (type(value), tuple(typed(item) for item in value))
    return (type(value), value)


# ------------------------------------------------------------- mutated documents


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path inside a parsed value, containers (and the root) included."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += places(item, (*path, index))
    return out


#: Every path inside the bundled document but the root.
BUNDLED_PATHS = [p for p in places(BUNDLED) if p]


def mutated_value(raw: Any, data: st.DataObject, values: st.SearchStrategy[Any]) -> Any:
    """``raw`` (changed in place) with one place replaced, dropped, or given an
    unknown key; the root may be replaced whole."""
    path = data.draw(st.sampled_from(places(raw)))
    how = data.draw(st.sampled_from(["replace", "drop", "add"]))
    new = data.draw(values)
    if not path:
        return new if how == "replace" else raw
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = new
    elif how == "drop":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][data.draw(st.text(max_size=8))] = new
    return raw


def mutated_document(data: st.DataObject) -> dict[str, Any]:
    """A copy of the bundled document with one to three places replaced by
    ``hostile`` values, dropped, or given an unknown key."""
    doc = copy.deepcopy(BUNDLED)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(BUNDLED_PATHS))
        node: Any = doc
        try:
            for step in path[:-1]:
                node = node[step]
            how = data.draw(st.sampled_from(["replace", "drop", "add"]))
            if how == "replace":
                node[path[-1]] = data.draw(hostile)
            elif how == "drop" and isinstance(node, dict):
                del node[path[-1]]
            elif isinstance(node, dict):
                node[data.draw(st.text(max_size=5))] = data.draw(hostile)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place
    return doc


# ------------------------------------------------------------ a small dataset

#: The metadata of the small datasets built here.
TEST_METADATA = Metadata(
    title="Test document",
    data_version="0",
    source=Source(title="A page", publisher="Tests"),
    citation="Tests.",
)


def tiny(**activity: Any) -> Dataset:
    """An agency, one category and one activity (fields of the activity overridable)."""
    fields: dict[str, Any] = {"id": "act", "name": "Some activity", "category": "cat"}
    fields.update(activity)
    return Dataset(
        metadata=TEST_METADATA,
        agencies=(Agency(id="ag", acronym="AG", name="Agency of tests"),),
        categories=(ActivityCategory(id="cat", agency="ag", project_label="Only group"),),
        activities=(Activity(**fields),),
    )


# ------------------------------------------------------------------------- text


def flat(text: str) -> str:
    """Text with its wrapping undone: every run of spaces and line breaks one space."""
    return " ".join(text.split())


def assert_fits(text: str, width: int) -> None:
    """No line is longer than ``width``, unless it holds one word too long for any
    line: alone after its indent, its field's label or its bullet."""
    for line in text.split("\n"):
        if len(line) <= width:
            continue
        words = [w for w in line.split(" ") if w]  # the wrapper breaks at spaces only
        assert len(words) == 1 or (
            len(words) == 2 and (words[0] == "-" or words[0].endswith(":"))
        ), f"{line!r} is longer than {width} and could have been wrapped"


def read_csv(text: str) -> list[dict[str, str]]:
    """The rows of CSV text, by column name."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


#: Tags that HTML does not close.
VOID = {"br"}


class Checker(HTMLParser):
    """Records the tags, the text and the links, and checks that tags nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.hrefs += [value or "" for name, value in attributes if name == "href"]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack.pop() == tag, f"</{tag}> closes the wrong tag"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(markup: str) -> Checker:
    """``markup`` parsed: its tags (which must nest and all close, and hold no script),
    text and links."""
    checker = Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    assert "script" not in checker.tags
    return checker


# ------------------------------------------------------------- doc examples

#: The repository's root (the README, ``docs/``).
ROOT = Path(__file__).resolve().parent.parent

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_EXAMPLE_LANGUAGES = ("pycon", "python", "py")


def doctest_source(markdown: str) -> str:
    """A page's text with everything but its example code blocks blanked out.

    A fenced block is an example when its language is ``pycon`` or ``python`` (or
    none) and it holds ``>>>`` prompts. Blank lines replace everything else, so a
    closing fence never leaks into an expected output, and doctest's line numbers
    are the page's own.
    """
    lines = markdown.splitlines()
    kept = [""] * len(lines)
    fence: str | None = None
    keep = False
    start = 0
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                info = match["info"].strip().strip("{}").split()
                keep = not info or info[0] in _EXAMPLE_LANGUAGES
                fence, start = match["fence"], number + 1
            continue
        if match and match["fence"].startswith(fence) and not match["info"].strip():
            body = lines[start:number]
            if keep and any(b.lstrip().startswith(">>>") for b in body):
                kept[start:number] = body
            fence = None
    if fence is not None:
        raise ValueError(f"a code fence opened on line {start} is never closed")
    return "\n".join(kept) + "\n"


def python_examples(page: Path) -> list[doctest.Example]:
    """The ``>>>`` examples of a Markdown page, in order (``lineno`` counts from 0)."""
    return doctest.DocTestParser().get_examples(
        doctest_source(page.read_text(encoding="utf-8")), str(page)
    )


# -------------------------------------------------------------------- commands


def run_cli(*argv: str, stdin: str | None = None) -> tuple[int, str]:
    """``itu-tcb ARGV...`` in this process: its exit status and standard output,
    with ``stdin`` as its standard input if given."""
    out = io.StringIO()
    if stdin is None:
        return cli.run(list(argv), out=out), out.getvalue()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return cli.run(list(argv), out=out), out.getvalue()
    finally:
        sys.stdin = saved


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """What the command wrote to standard error, which must be one line of its own."""
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert err.startswith("itu-tcb: ")
    return err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one-line error of ``itu-tcb ARGV...``, which must exit 2 with no output."""
    assert run_cli(*argv) == (2, "")
    err = one_line_error(capsys)
    assert err.startswith("itu-tcb: error: ")
    return err


def run_python(code: str) -> str:
    """The standard output of ``code`` (dedented) run by a fresh interpreter, which
    must succeed."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


#: Hash seeds that a fresh interpreter runs under, to find answers that depend on them.
HASH_SEEDS = ("0", "1", "2", "3", "7", "42", "99", "1234", "65535", "4294967295")


def run_with_hash_seed(argv: list[str], seed: str) -> str:
    """The standard output of ``python ARGV...`` under ``PYTHONHASHSEED=seed``."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, *argv], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout
