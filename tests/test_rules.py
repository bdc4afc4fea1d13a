"""The value rules (``itu_tcb._rules``): the declarative form is the rule, its fast
test and its words agree with it, each quoted value is bounded, and the one text rule
is the loader's, the JSON Schema's and the records' alike."""

from __future__ import annotations

import copy
import re
import sys
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from helpers import BUNDLED
from itu_tcb import _rules
from itu_tcb._rules import COUNT, SLUG, SLUGS, TEXT, TEXTS, Rule, quote

RULES = [TEXT, SLUG, COUNT, TEXTS, SLUGS]

texts = st.one_of(
    st.text(),
    st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab-09A"),
    st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+)*\n?\Z"),
)


def values_for(rule: Rule) -> st.SearchStrategy[Any]:
    if rule.minimum is not None:
        return st.integers()
    if rule.item is not None:
        return st.lists(texts, max_size=4).map(tuple)
    return texts


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
@given(data=st.data())
def test_check_speaks_exactly_when_the_rule_refuses(rule: Rule, data: st.DataObject) -> None:
    value = data.draw(values_for(rule))
    message = rule.check(value)
    assert (message is None) is rule.valid(value)
    assert bool(rule.fast(value)) is rule.valid(value)
    if message is not None:
        assert message.strip()
        assert "\n" not in message


@given(texts)
def test_the_text_rule_gives_the_reason_that_applies(value: str) -> None:
    message = TEXT.check(value)
    if message is None:
        return
    if not value.strip():
        assert message == "must not be empty or only whitespace"
    elif value != value.strip():
        assert "leading or trailing whitespace" in message
    elif any(unicodedata.category(c) == "Cf" for c in value):
        assert "holds the invisible format character U+" in message
    else:
        assert "text is one line" in message


def test_the_forbidden_characters_are_the_controls_separators_and_format_characters() -> None:
    """Cc, Zl, Zp and Cf below U+10000, as this Python's Unicode data has them; a
    format character that a newer Unicode added is unassigned (Cn) in an older one."""
    forbidden = re.compile(f"[{_rules.FORBIDDEN}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        due = category in ("Cc", "Zl", "Zp") or (category == "Cf" and code < 0x10000)
        if forbidden.match(char) is None:
            assert not due, hex(code)
        else:
            assert due or category == "Cn", hex(code)


def test_an_invisible_format_character_is_refused_in_any_text() -> None:
    assert TEXT.check("IT\u200bU") == (
        "'IT\\u200bU' holds the invisible format character U+200B (zero width space)"
    )
    assert TEXT.valid("flag \U0001f3f4\U000e0067\U000e007f")  # tag characters stay allowed


def test_the_spelled_out_whitespace_is_exactly_str_isspace() -> None:
    space = re.compile(f"[{_rules.SPACE}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (space.match(char) is not None) is char.isspace(), hex(code)


def test_a_rule_of_items_names_the_item_and_the_repeat() -> None:
    assert TEXTS.check(("a", " b")) == "item 1: ' b' has leading or trailing whitespace"
    assert SLUGS.check(("a", "a")) == "'a' is listed twice"
    assert COUNT.check(-3) == "-3 is negative; a count is zero or more"


def test_a_refusal_no_reason_explains_gets_the_rule_in_words() -> None:
    rule = Rule("short", "at most three letters", pattern="[a-z]{1,3}")
    assert rule.check("abcd") == "'abcd' is not at most three letters"
    assert rule.keywords() == {"pattern": "^(?:[a-z]{1,3})(?![\\s\\S])"}


@given(st.text(max_size=500))
def test_a_quoted_value_is_bounded_and_says_how_long_it_was(value: str) -> None:
    shown = quote(value)
    assert len(shown) <= _rules.QUOTED + 30
    if len(repr(value)) <= _rules.QUOTED:
        assert shown == repr(value)
    else:
        assert shown.endswith(f"({len(value):,} characters)")


LINE_LIKE = ["\x85", "\u2028", "\u2029", "\x80", "\x9f", "\n", "\x00", "\x7f"]


@pytest.mark.parametrize("char", LINE_LIKE)
def test_every_line_breaking_character_is_refused_everywhere(char: str) -> None:
    """The loader, the JSON Schema and records built in Python agree."""
    value = f"a{char}b"
    assert _rules.TEXT.check(value) is not None
    doc = copy.deepcopy(BUNDLED)
    doc["sectors"][0]["name"] = value
    report = itu_tcb.validate(doc)
    assert [(p.path, p.kind.value) for p in report.errors] == [("$.sectors[0].name", "value")]
    with pytest.raises(itu_tcb.RecordError, match="one line"):
        itu_tcb.Link(label=value)
    schema = pytest.importorskip("jsonschema")
    assert not schema.Draft202012Validator(itu_tcb.json_schema()).is_valid(doc)
