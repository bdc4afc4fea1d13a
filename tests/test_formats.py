"""Flat rows as text (``itu_tcb._formats``): CSV, JSON and JSON Lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import DATA, read_csv, tiny
from itu_tcb import DataError, RecordKind, _formats, _rules, tables

KINDS = list(RecordKind)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_csv_cells(kind: RecordKind) -> None:
    rows = DATA.to_records(kind)
    text = _formats.render(rows, tables.columns(kind), "csv")
    assert text.splitlines()[0].split(",") == list(tables.columns(kind))
    parsed = read_csv(text)
    assert len(parsed) == len(rows)
    for row, back in zip(rows, parsed, strict=True):
        for name, value in row.items():
            if value is None:
                assert back[name] == ""
            elif isinstance(value, bool):
                assert back[name] == str(value).lower()
            elif isinstance(value, list):
                assert back[name] == "; ".join(value)
            else:
                assert back[name] == str(value)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.collection)
def test_json_and_jsonl_hold_the_rows(kind: RecordKind) -> None:
    rows = DATA.to_records(kind)
    assert json.loads(_formats.render(rows, tables.columns(kind), "json")) == rows
    lines = _formats.render(rows, tables.columns(kind), "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == rows


def test_csv_refuses_a_nul_character_and_says_where() -> None:
    # The data's text rule refuses control characters, but render takes any rows.
    rows = tiny().to_records("activities")
    rows[0]["name"] = "nul\x00here"
    with pytest.raises(ValueError, match="NUL character of 'name' in row 'act'; export as json"):
        _formats.render(rows, tables.columns("activities"), "csv")
    assert json.loads(_formats.render(rows, tables.columns("activities"), "json")) == rows


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'; choose from: csv, json, jsonl"):
        _formats.render([], ("id",), "xml")


texts = st.text(min_size=1, max_size=30).filter(lambda s: _rules.TEXT.check(s) is None)


@settings(deadline=None)
@given(name=texts, aliases=st.lists(texts, max_size=3, unique=True))
def test_any_valid_text_round_trips_through_every_format(name: str, aliases: list[str]) -> None:
    try:
        data = tiny(name=name, aliases=tuple(aliases))
    except DataError:
        assume(False)  # the name or an alias clashes with another record's
    rows = data.to_records("activities")
    header = tables.columns("activities")
    if "\x00" in name or any("\x00" in alias for alias in aliases):
        with pytest.raises(ValueError, match="CSV cannot hold the NUL character"):
            _formats.render(rows, header, "csv")
    else:
        (back,) = read_csv(_formats.render(rows, header, "csv"))
        assert back["name"] == name
        assert back["aliases"] == "; ".join(aliases)
        if not any("; " in alias for alias in aliases):
            assert (back["aliases"].split("; ") if aliases else []) == aliases
    assert json.loads(_formats.render(rows, header, "json")) == rows
    assert [json.loads(x) for x in _formats.render(rows, header, "jsonl").splitlines()] == rows
