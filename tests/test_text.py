"""Plain-text rendering (``itu_tcb._text``): the summary and one record in detail,
field order, references by name, wrapping to the width, plurals, and no more than
the data says."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from helpers import assert_fits, flat
from itu_tcb import RecordKind
from itu_tcb import strategies as its
from itu_tcb._fields import specs
from itu_tcb._text import MIN_WIDTH, detail, summary, terminal_width
from profiles import headingless_profile

K = itu_tcb.RecordKind


def agency(record_id: str, **fields: Any) -> itu_tcb.Agency:
    return itu_tcb.Agency(id=record_id, **fields)


# ------------------------------------------------------------ the summary


def test_the_summary_of_the_bundled_data(data: itu_tcb.Dataset) -> None:
    text = summary(data)
    assert text.splitlines()[0] == data.metadata.title
    for record in (*data.sectors, *data.initiatives, *data.activities):
        assert record.name in text  # type: ignore[attr-defined]
    # Its sector is public knowledge, not the page's: the text says so.
    assert "Event: ITU-T Kaleidoscope Events (ITU-T [not from the page])" in text
    assert "heading lost in the source" in text
    assert "target lost in the source" in text


@pytest.mark.slow
@given(its.datasets())
def test_summary_and_detail_render_any_valid_dataset(dataset: itu_tcb.Dataset) -> None:
    text = summary(dataset, width=100)
    assert text.startswith(dataset.metadata.title)
    words = flat(text)
    assert f"Schema {dataset.schema_version}." in words
    for category in dataset.categories:
        for activity in dataset.activities_in(category):
            assert flat(activity.title) in words
    # No record is left out of the summary, whatever it belongs to.
    shown_kinds = (
        itu_tcb.Agency,
        itu_tcb.Sector,
        itu_tcb.Programme,
        itu_tcb.Initiative,
        itu_tcb.Partnership,
        itu_tcb.Event,
    )
    for record in dataset:
        if isinstance(record, shown_kinds):
            assert flat(record.title) in words, f"{record.id} is missing from the summary"
    for record in dataset:
        shown = detail(dataset, record, width=100)
        heading = str(record)
        assert flat(shown).startswith(flat(heading))
        where = dataset.origin
        if len(dataset.documents()) > 1:  # then each record names its document
            metadata = dataset.metadata_of(record)
            where += f"; {metadata.title}, data version {metadata.data_version}"
        if len(dataset.profiles()) > 1:  # and whose record it is
            where += f"; agency {dataset.agency_id_of(record)}"
        assert flat(shown).endswith(flat(f"(from {where})"))


def test_summary_names_an_agency_without_name_and_an_event_by_sector_code(
    data: itu_tcb.Dataset,
) -> None:
    bare = itu_tcb.Dataset.from_collections(
        {
            K.AGENCY: [agency("bare-agency")],
            K.SECTOR: [itu_tcb.Sector(id="radio", code="R-1", name="Radio", agency="bare-agency")],
            K.EVENT: [
                itu_tcb.Event(
                    id="fair",
                    name="Fair",
                    event_kind=itu_tcb.EventKind.ACADEMIC_EVENT,
                    agency="bare-agency",
                    sector="radio",
                )
            ],
        },
        metadata=data.metadata,
    )
    lines = summary(bare).splitlines()
    assert "bare-agency (bare-agency)" in lines
    assert "Event: Fair (R-1)" in lines
    assert not any("None" in line for line in lines)


# ------------------------------------- show: fields, references, wrapping


#: A field's line in ``show``: two spaces, the name, a colon (then its value, or
#: nothing when a list follows). Continuation lines are indented further.
LABEL = re.compile(r"^  ([a-z_]+):(?: |$)")


def empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def labels(text: str) -> list[str]:
    return [m.group(1) for line in text.split("\n") if (m := LABEL.match(line))]


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
        expected.add("source")  # "source: not given" when it is not
        if record.source is None:
            assert "\n  source: not given\n" in shown
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
        if "'None'" not in repr(record):  # unless a text of the record is "None"
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
                name = target.title
                named = target_id if name == target_id else f"{target_id} ({name})"
                assert flat(named) in shown, f"{record.id}.{field.name}: {named!r}"


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


def test_a_fictional_agency_without_acronym_names_its_membership() -> None:
    data = itu_tcb.load()
    fpca = itu_tcb.Agency(id="fpca", name="Fictional Postal Cooperation Agency")
    member = itu_tcb.Membership(id="fpca-members", agency="fpca")
    made = itu_tcb.Dataset(metadata=data.metadata, agencies=(fpca,), memberships=(member,))
    assert member.title == "membership of fpca"
    assert detail(made, member, 80).startswith(
        "membership of fpca [membership fpca-members]\n"
        "  agency: fpca (Fictional Postal Cooperation Agency)\n"
    )


# ------------------------------------------------------ plurals and lists


def test_counts_in_text_take_the_plural_only_when_more_than_one() -> None:
    data = itu_tcb.load()
    one = data.categories_of(data.agencies[0])[:1]
    document = data.to_document()
    document["categories"] = [c for c in document["categories"] if c["id"] == one[0].id]
    kept = {c["id"] for c in document["categories"]}
    document["activities"] = [a for a in document["activities"] if a["category"] in kept][:1]
    small = itu_tcb.load(document)
    assert "TCB activities (1 group, 1 activity):" in summary(small, 200)
    assert f"TCB activities ({len(data.categories)} groups, " in summary(data, 200)


def test_a_list_of_one_item_is_one_item_per_line() -> None:
    data = itu_tcb.load()
    membership = data.lookup("itu-membership")
    assert isinstance(membership, itu_tcb.Membership)
    assert len(membership.member_kinds) >= 1
    record = attrs.evolve(membership, member_kinds=membership.member_kinds[:1])
    groups = {kind.collection: records for kind, records in data.collections().items()}
    data = itu_tcb.Dataset.from_collections(
        {**groups, "memberships": [record]}, metadata=data.metadata
    )
    shown = detail(data, record, 200).splitlines()
    at = shown.index("  member_kinds:")
    assert shown[at + 1] == f"    - {membership.member_kinds[0]}"


def test_show_gives_the_names_in_the_order_the_title_takes_them() -> None:
    from itu_tcb.models import _key_specs

    data = itu_tcb.load()
    for record in data:
        printed = [
            line.split(":", 1)[0].strip()
            for line in detail(data, record, 200).splitlines()
            if line.startswith("  ") and not line.startswith("   ")
        ]
        names = [n for n in _key_specs(type(record)) if getattr(record, n)]
        assert printed[: len(names)] == names
        if names:
            assert getattr(record, names[0]) == record.title


# --------------------------------------------- no more than the data says


#: Wording true of ITU's page only, which no other profile's text may carry unless
#: its data says so.
ITU_ONLY = re.compile(r"\bITU\b|\blost\b|\bflagship", re.IGNORECASE)


def test_the_summary_of_a_fictional_agency_says_nothing_of_itu() -> None:
    data = itu_tcb.load(headingless_profile())
    text = summary(data, width=200)
    assert "Group 1 (no heading in the document; project label: Courses)" in text
    assert "Read more -> no target in the document" in text
    assert ITU_ONLY.search(text) is None
    for record in data:
        assert ITU_ONLY.search(detail(data, record, width=200)) is None
        shown = re.sub(r"<[^>]*>", " ", record._repr_html_())  # the text, not the markup
        assert ITU_ONLY.search(shown) is None


def test_the_summary_says_lost_where_the_data_does() -> None:
    document = headingless_profile()
    document["categories"][0]["heading_lost"] = True
    document["agencies"][0]["source"]["links"][0]["target_lost"] = True
    data = itu_tcb.load(document)
    text = summary(data, width=200)
    assert "Group 1 (heading lost in the source; project label: Courses)" in text
    assert "Read more -> target lost in the source" in text
    assert "heading_lost: yes" in detail(data, data.lookup("fpca-group-1"), width=200)


@pytest.mark.slow
@given(its.datasets())
def test_no_text_output_says_more_than_its_data(data: itu_tcb.Dataset) -> None:
    document = data.to_document()
    unmarked = copy.deepcopy(document)
    for category in unmarked.get("categories", []):
        category["heading_lost"] = False
    for kind in RecordKind:
        for record in unmarked.get(kind.collection, []):
            for link in (record["source"] or {}).get("links", []):
                link["target_lost"] = False
    plain = itu_tcb.load(unmarked)
    if ITU_ONLY.search(json.dumps(unmarked, ensure_ascii=False)) is None:
        # Nothing in the data speaks of ITU, flagships or loss: nor does the text.
        assert ITU_ONLY.search(summary(plain, width=200)) is None
        for record in plain:
            assert ITU_ONLY.search(detail(plain, record, width=200)) is None
