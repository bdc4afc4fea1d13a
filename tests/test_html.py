"""HTML for Jupyter (``itu_tcb._html``): well formed, complete, and every text escaped."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import attrs
import pytest

from helpers import DATA, parse_html
from itu_tcb import (
    Activity,
    ActivityCategory,
    Agency,
    Count,
    Dataset,
    Link,
    Metadata,
    Qualifier,
    Record,
    RecordKind,
    Source,
    SourceRef,
)

EVIL = "<script>alert('x')</script>"


def cells(markup: str) -> list[str]:
    """The text of each table cell, in order."""
    found: list[str] = []

    class Cells(HTMLParser):
        inside = False

        def handle_starttag(self, tag: str, _: list[tuple[str, str | None]]) -> None:
            if tag in ("th", "td"):
                self.inside = True
                found.append("")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("th", "td"):
                self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside:
                found[-1] += data

    Cells().feed(markup)
    return found


def metadata(title: str, url: str | None) -> Metadata:
    source = Source(title=title, publisher=title, url=url, content_as_of=title)
    return Metadata(title=title, data_version="1", source=source, citation=title)


def evil_dataset(url: str | None = "https://example.org/page") -> Dataset:
    return Dataset(
        metadata=metadata(EVIL, url),
        agencies=(Agency(id="ag", name=EVIL, years_active=Count(value=3)),),
        categories=(ActivityCategory(id="cat", agency="ag", project_label="Group & co"),),
        activities=(
            Activity(
                id="act",
                name=f"Name {EVIL}",
                category="cat",
                aliases=("a<b", "c&d"),
                source=SourceRef(section=EVIL, links=(Link(label=EVIL, url=EVIL),)),
            ),
        ),
        origin=EVIL,
    )


# ------------------------------------------------------------------ dataset


def test_dataset_summary_counts_every_kind() -> None:
    markup = DATA._repr_html_()
    parse_html(markup)
    table = cells(markup)
    for kind in RecordKind:
        position = table.index(kind.collection)
        assert table[position + 1] == str(len(DATA.collection(kind)))


def test_dataset_summary_names_title_versions_and_source() -> None:
    text = "".join(parse_html(DATA._repr_html_()).text)
    meta = DATA.metadata
    for part in (meta.title, meta.data_version, meta.source.title, meta.source.publisher):
        assert part in text
    assert f"{len(DATA)} records" in text


def test_dataset_summary_links_only_web_urls() -> None:
    assert parse_html(evil_dataset()._repr_html_()).hrefs == ["https://example.org/page"]
    assert parse_html(evil_dataset(url="javascript:alert(1)")._repr_html_()).hrefs == []
    assert parse_html(evil_dataset(url=None)._repr_html_()).hrefs == []


def test_dataset_summary_escapes_text() -> None:
    markup = evil_dataset()._repr_html_()
    assert "<script" not in markup
    assert html.escape(EVIL) in markup
    assert EVIL in "".join(parse_html(markup).text)


# ------------------------------------------------------------------ records


@pytest.mark.parametrize("record", list(DATA), ids=lambda r: r.id)
def test_record_table_has_every_field(record: Record) -> None:
    markup = record._repr_html_()
    parse_html(markup)
    table = cells(markup)
    names = [f.name for f in attrs.fields(type(record))]
    assert table[0::2] == names


def test_record_values() -> None:
    agency = Agency(
        id="ag",
        name="Agency",
        years_active=Count(value=700, qualifier=Qualifier.NEARLY),
        functions=("one", "two"),
        source=SourceRef(links=(Link(label="More"),)),
    )
    values = dict(zip(*[iter(cells(agency._repr_html_()))] * 2, strict=True))
    assert values["years_active"] == "nearly 700"
    assert values["agency_kind"] == "unknown"
    assert values["functions"] == "onetwo"  # one item per line (<br>)
    assert values["acronym"] == "not given"
    assert values["aliases"] == "none"  # an empty list
    # The untitled section, then its links, as the SourceRef reads.
    assert values["source"] == "opening paragraphs (links: More: (no target given))"


def test_record_escapes_a_script_in_its_name() -> None:
    data = evil_dataset()
    activity = data.activities[0]
    markup = activity._repr_html_()
    assert "<script" not in markup
    assert html.escape(EVIL) in markup
    checker = parse_html(markup)
    text = "".join(checker.text)
    assert f"Name {EVIL}" in text
    assert "a<b" in text
    assert "c&d" in text
    agency_markup = data.agencies[0]._repr_html_()
    assert "<script" not in agency_markup
    assert EVIL in "".join(parse_html(agency_markup).text)
