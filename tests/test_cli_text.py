"""The readable text of ``show``, ``summary``, ``list`` and ``search``: field order,
references by name, no empty fields, wrapping, membership titles, the score floor
and a document's warnings."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import cli
from itu_tcb import strategies as its
from itu_tcb._convert import record_dict
from itu_tcb._fields import specs
from itu_tcb._lookup import MIN_SCORE
from itu_tcb._text import MIN_WIDTH, detail, display_title, summary, terminal_width

#: A field's line in ``show``: two spaces, the name, a colon (then its value, or
#: nothing when a list follows). Continuation lines are indented further.
LABEL = re.compile(r"^  ([a-z_]+):(?: |$)")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = cli.run(list(argv), out=out)
    return status, out.getvalue()


def flat(text: str) -> str:
    """Text with its wrapping undone: every run of spaces and line breaks one space."""
    return " ".join(text.split())


def empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def assert_fits(text: str, width: int) -> None:
    """No line is longer than ``width``, unless it holds one word too long for any
    line: alone after its indent, its field's label or its bullet."""
    for line in text.split("\n"):
        if len(line) <= width:
            continue
        words = line.split()
        assert len(words) == 1 or (
            len(words) == 2 and (words[0] == "-" or words[0].endswith(":"))
        ), f"{line!r} is longer than {width} and could have been wrapped"


def labels(text: str) -> list[str]:
    return [m.group(1) for line in text.split("\n") if (m := LABEL.match(line))]


# ------------------------------------------------------------ properties

widths = st.integers(min_value=MIN_WIDTH, max_value=160)


@pytest.mark.slow
@given(its.datasets(), widths)
def test_show_and_summary_fit_the_width(dataset: itu_tcb.Dataset, width: int) -> None:
    assert_fits(summary(dataset, width), width)
    for record in dataset:
        assert_fits(detail(dataset, record, width), width)


words = st.text(alphabet="abcdefghij-.:/", min_size=1, max_size=70)


FPCA = itu_tcb.Agency(id="fpca", name="Fictional Postal Cooperation Agency", acronym="FPCA")


@given(st.lists(words, min_size=1, max_size=40), widths)
def test_long_text_wraps_and_keeps_every_word(text: list[str], width: int) -> None:
    """Long descriptions wrap at spaces only; no word is cut, none is lost."""
    described = attrs.evolve(FPCA, description=" ".join(text), functions=(" ".join(text),))
    dataset = itu_tcb.Dataset(metadata=itu_tcb.load().metadata, agencies=(described,))
    words = flat(" ".join(text))
    shown = detail(dataset, described, width)
    assert_fits(shown, width)
    assert f" description: {words} agency_kind: " in flat(shown)
    assert f" functions: - {words} source: " in flat(shown)  # a list: one item a line
    profile = summary(dataset, width)
    assert_fits(profile, width)
    assert f" - FPCA (Fictional Postal Cooperation Agency): {words} Source: " in flat(profile)


@pytest.mark.slow
@given(its.datasets(), widths)
def test_show_prints_every_field_with_a_value_and_no_other(
    dataset: itu_tcb.Dataset, width: int
) -> None:
    for record in dataset:
        shown = detail(dataset, record, width)
        fields = specs(type(record))
        # A lost marker is shown only where it is true (something was lost).
        expected = {
            f.name
            for f in fields
            if f.name != "id"
            and not empty(getattr(record, f.name))
            and (f.lost is None or getattr(record, f.name))
        }
        printed = labels(shown)
        assert len(printed) == len(set(printed))
        assert set(printed) == expected
        # The names first, the aliases and then the housekeeping (as declared) last.
        names = [f.name for f in fields if f.key and f.shape.kind == "str"]
        firsts = [n for n in printed if n in names]
        assert printed[: len(firsts)] == firsts
        last = [f.name for f in fields if f.key and f.shape.kind == "tuple"]
        last += [f.name for f in fields if f.housekeeping]
        lasts = [n for n in printed if n in last]
        assert printed[len(printed) - len(lasts) :] == lasts
        assert "None" not in [line.split(": ", 1)[-1] for line in shown.split("\n")]


@pytest.mark.slow
@given(its.datasets(), widths)
def test_every_reference_is_followed_by_its_name(dataset: itu_tcb.Dataset, width: int) -> None:
    for record in dataset:
        shown = flat(detail(dataset, record, width))
        for field in specs(type(record)):
            value = getattr(record, field.name)
            if field.refers_to is None or empty(value):
                continue
            for target_id in value if isinstance(value, tuple) else (value,):
                target = dataset.get(target_id)
                assert target is not None
                assert target.id == target_id
                name = display_title(dataset, target)
                named = target_id if name == target_id else f"{target_id} ({name})"
                assert flat(named) in shown, f"{record.id}.{field.name}: {named!r}"


@pytest.mark.slow
@given(its.datasets())
def test_repr_and_html_count_the_warnings(dataset: itu_tcb.Dataset) -> None:
    count = len(dataset.warnings)
    said = f"; {count} warning{'' if count == 1 else 's'}>"
    assert repr(dataset).endswith(said) == (count > 0)
    assert (f"{count} warning" in dataset._repr_html_()) == (count > 0)


@given(
    st.text(min_size=1, max_size=20),
    st.integers(min_value=1, max_value=30),
    st.floats(min_value=0, max_value=1),
)
def test_min_score_leaves_out_the_weak_matches_only(text: str, limit: int, floor: float) -> None:
    data = itu_tcb.load()
    try:
        every = data.search(text, limit, min_score=0)
    except ValueError:
        return
    kept = data.search(text, limit, min_score=floor)
    assert kept == [m for m in every if m.score >= floor]


# ------------------------------------------------------------- examples


def test_show_puts_the_names_first_and_names_references(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    status, text = run("show", "itu-d")
    assert status == 0
    assert text.split("\n")[:5] == [
        "ITU-D [sector itu-d]",
        "  code: ITU-D",
        "  name: Telecommunication Development Sector",
        "  description: The part of ITU that works on telecommunication development.",
        "  agency: itu (International Telecommunication Union)",
    ]
    assert "aliases" not in text
    assert "note" not in text
    assert "(none)" not in text
    status, text = run("show", "itu-organization-cooperation")
    assert "    - undp (United Nations Development Programme)\n" in text
    assert "    - un-habitat (United Nations Human Settlements Programme)\n" in text
    assert "    - idb (IDB)\n" in text


def test_show_wraps_to_the_terminal_and_json_never(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert terminal_width() == 60
    status, text = run("show", "itu")
    assert status == 0
    assert max(len(line) for line in text.split("\n")) <= 60
    assert "  description: The leading UN agency for information and\n" in text
    # Continuation lines start under the value.
    assert "\n               communication technology (ICT)." in text
    json_narrow = run("show", "itu", "--json")
    monkeypatch.setenv("COLUMNS", "400")
    assert run("show", "itu", "--json") == json_narrow
    itu = itu_tcb.load().lookup("itu")
    assert json.loads(json_narrow[1]) == {"kind": "agencies", **record_dict(itu)}


def test_a_word_longer_than_the_line_stands_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    status, text = run("summary")
    assert status == 0
    url = "http://www.tcbresourceguide.org/multilateral_summaries/itu.html"
    assert f"\n  {url}\n" in text
    assert_fits(text, 40)


@pytest.mark.parametrize(("columns", "width"), [("10", MIN_WIDTH), ("", None), ("x", None)])
def test_a_terminal_width_is_never_below_the_minimum(
    monkeypatch: pytest.MonkeyPatch, columns: str, width: int | None
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    if width is None:
        assert terminal_width() >= MIN_WIDTH
    else:
        assert terminal_width() == width
    data = itu_tcb.load()
    itu = data.lookup("itu")
    assert detail(data, itu, 5) == detail(data, itu, MIN_WIDTH)
    assert summary(data, 5) == summary(data, MIN_WIDTH)


def test_summary_names_partners_by_acronym_as_the_page_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    status, text = run("summary")
    assert status == 0
    assert "  Partner organizations (16; examples, the list is open):\n" in text
    for line in (
        "    - UNDP (United Nations Development Programme)",
        "    - WTO (World Trade Organization)",
        "    - UN-Habitat (United Nations Human Settlements Programme)",
        "    - IDB (no full name in the data)",
        "    - World Bank",
    ):
        assert f"\n{line}\n" in text
    # The acronyms in the page's order, as the page writes them.
    page = "UNDP, WTO, UNCTAD, UPU, UNESCO, UNIDO, WHO, ILO, WMO, UNEP, UN-Habitat, ICAO, FAO"
    listed = re.findall(r"\n    - (\S+) \(", text)
    assert ", ".join(listed).startswith(page)
    assert max(len(line) for line in text.split("\n")) <= 100


def test_a_membership_has_a_title_in_text_only(
    monkeypatch: pytest.MonkeyPatch, data: itu_tcb.Dataset
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert run("show", "itu-membership")[1].startswith(
        "ITU membership [membership itu-membership]\n  description: "
    )
    assert run("list", "memberships") == (0, "itu-membership\tITU membership\n")
    assert "Membership: ITU membership\n" in run("summary")[1]
    # Never a new data fact: the record, its JSON and its table are as they were.
    membership = data.memberships[0]
    assert membership.title == "itu-membership"
    listed = json.loads(run("list", "memberships", "--json")[1])
    assert listed == [record_dict(membership)]
    found = json.loads(run("search", "itu-membership", "--json")[1])
    assert found[0]["title"] == "itu-membership"


def test_a_fictional_agency_without_acronym_names_its_membership() -> None:
    data = itu_tcb.load()
    fpca = itu_tcb.Agency(id="fpca", name="Fictional Postal Cooperation Agency")
    member = itu_tcb.Membership(id="fpca-members", agency="fpca")
    made = itu_tcb.Dataset(metadata=data.metadata, agencies=(fpca,), memberships=(member,))
    assert display_title(made, member) == "Fictional Postal Cooperation Agency membership"
    assert detail(made, member, 80).startswith(
        "Fictional Postal Cooperation Agency membership [membership fpca-members]\n"
        "  agency: fpca (Fictional Postal Cooperation Agency)\n"
    )


# ----------------------------------------------------------------- search


def test_the_default_floor_drops_weak_hits_and_keeps_typos(data: itu_tcb.Dataset) -> None:
    assert "world-bank" not in [m.record.id for m in data.search("broadband")]
    assert "world-bank" in [m.record.id for m in data.search("broadband", min_score=0)]
    assert data.search("radiocomunication")[0].record.id == "itu-r"
    assert data.search("NUCTD")[0].record.id == "unctad"
    assert data.search("wrld bank")[0].record.id == "world-bank"
    # A single word found in a description stays.
    assert "itu" in [m.record.id for m in data.search("broadband")]
    status, text = run("search", "broadband")
    assert status == 0
    assert "world-bank" not in text
    status, text = run("search", "broadband", "--min-score", "0")
    assert "\tworld-bank\tWorld Bank\t" in text
    assert run("search", "broadband", "--min-score", "1") == (1, "")


@pytest.mark.parametrize("given", ["2", "-0.1", "x", "nan", "inf", "", "1e9"])
def test_min_score_out_of_range_is_a_usage_error(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("search", "itu", "--min-score", given) == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert f"argument --min-score: expected a number from 0 to 1, got {given!r}" in err


@pytest.mark.parametrize(
    ("floor", "error"),
    [
        (1.5, ValueError),
        (-1, ValueError),
        (float("nan"), ValueError),
        ("0.5", TypeError),
        (True, TypeError),
    ],
)
def test_search_checks_min_score(floor: Any, error: type[Exception], data: itu_tcb.Dataset) -> None:
    with pytest.raises(error, match="min_score must be a number"):
        data.search("itu", min_score=floor)


def test_help_and_docs_give_the_default_floor(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("search", "--help")[0] == 0
    assert f"(default: {MIN_SCORE})" in flat(capsys.readouterr().out)
    docs = Path(__file__).parent.parent / "docs"
    assert f"the default, {MIN_SCORE}, keeps" in flat((docs / "cli.md").read_text("utf-8"))
    assert f"`min_score` ({MIN_SCORE} unless given)" in flat(
        (docs / "format.md").read_text("utf-8")
    )


# --------------------------------------------------------------- warnings


@pytest.fixture
def warned(tmp_path: Path, data: itu_tcb.Dataset) -> Path:
    """The bundled document and a fictional agency that nothing refers to (a warning)."""
    document = data.to_document()
    document["agencies"].append({"id": "fpca", "name": "Fictional Postal Cooperation Agency"})
    path = tmp_path / "with warning.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_documents_warnings_are_one_line_on_stderr(
    warned: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, text = run("--data", str(warned), "list", "sectors")
    assert (status, text) == (0, "itu-r\tITU-R\nitu-t\tITU-T\nitu-d\tITU-D\n")
    assert capsys.readouterr().err == (
        f"itu-tcb: 1 warning in {warned}; to see it: itu-tcb validate '{warned}'\n"
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(warned.read_bytes())))
    assert run("--data", "-", "show", "fpca")[0] == 0
    assert capsys.readouterr().err == (
        "itu-tcb: 1 warning in <stdin>; to see it: itu-tcb validate - (with the same input)\n"
    )
    assert run("list", "sectors")[0] == 0  # the bundled data: no warnings, no line
    assert capsys.readouterr().err == ""


def test_the_repr_and_html_say_how_many_warnings(warned: Path, data: itu_tcb.Dataset) -> None:
    loaded = itu_tcb.load(warned)
    assert repr(loaded).endswith("activities=12; 1 warning>")
    assert "; 1 warning (see <code>.warnings</code>)" in loaded._repr_html_()
    assert "warning" not in repr(data)
    assert "warning" not in data._repr_html_()
