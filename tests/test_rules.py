"""The value rules (``itu_tcb._rules``): the declarative form is the rule, its fast
test and its words agree with it, each quoted value is bounded, and the one text rule
is the loader's, the JSON Schema's and the records' alike."""

from __future__ import annotations

import copy
import json
import re
import sys
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import itu_tcb
from helpers import BUNDLED, DATA, READERS, bundled, by_every_reader, run_python
from itu_tcb import _rules
from itu_tcb._fields import specs
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
@example("\x1b\xad")  # a control character before a format character
@example("a\u200bb\x07")  # a format character before a control character
def test_the_text_rule_gives_the_reason_that_applies(value: str) -> None:
    message = TEXT.check(value)
    if message is None:
        return
    if not value.strip():
        assert message == "must not be empty or only whitespace"
    elif value != value.strip():
        assert "leading or trailing whitespace" in message
    else:  # the message names the first character the rule forbids
        first = re.search(f"[{_rules.FORBIDDEN}]", value)
        assert first is not None
        char = first.group()
        assert f"U+{ord(char):04X}" in message
        if unicodedata.category(char) == "Cf":
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


# ------------------------------------ a format character, everywhere the rule applies

#: Every record field of the bundled data that the text rule governs, and is set:
#: (record, field, position of the text in a tuple of texts or ``None``).
TEXT_FIELDS = [
    (record, spec.name, position)
    for record in DATA
    for spec in specs(type(record))
    if spec.rule in (TEXT, TEXTS)
    for position in (
        range(len(getattr(record, spec.name)))
        if spec.rule is TEXTS
        else ([None] if getattr(record, spec.name) is not None else [])
    )
]
#: The format characters (Cf) the text rule refuses: those below U+10000.
FORMAT_CHARACTERS = st.characters(categories=["Cf"], max_codepoint=0xFFFF)


@given(st.sampled_from(TEXT_FIELDS), FORMAT_CHARACTERS, st.data())
def test_a_format_character_in_any_text_field_is_refused_by_every_reader_and_in_python(
    place: tuple[itu_tcb.Record, str, int | None], char: str, data: st.DataObject
) -> None:
    """A zero-width space, a soft hyphen, a direction mark (Unicode category Cf)
    inside a name, a key or any other text: each way of reading a document reports
    it at its path, and a record built in Python is refused with the same words."""
    record, field, position = place
    value = getattr(record, field)
    text = value if position is None else value[position]
    at = data.draw(st.integers(0, len(text)))
    broken = text[:at] + char + text[at:]
    new = broken if position is None else (*value[:position], broken, *value[position + 1 :])
    changes: dict[str, Any] = {field: new}
    with pytest.raises(itu_tcb.RecordError) as caught:
        attrs.evolve(record, **changes)
    ((name, message),) = caught.value.problems
    assert name == field
    assert f"holds the invisible format character U+{ord(char):04X}" in message
    if position is not None:
        assert message.startswith(f"item {position}: ")
    doc = bundled()
    collection = doc[record.kind.collection]
    index = next(n for n, r in enumerate(collection) if r["id"] == record.id)
    collection[index][field] = list(new) if position is not None else new
    where = f"$.{record.kind.collection}[{index}].{field}"
    for way, report in by_every_reader(doc).items():
        errors = [(p.path, p.kind.value, p.message) for p in report.errors]
        assert errors == [(where, "value", message)], way


# ------------------------------- a constraint added to a rule reaches every reader

#: A fresh interpreter adds a constraint to the rules before the models read them:
#: ``FORM`` "pattern" tightens the text rule's pattern (its declarative form);
#: "maximum" adds a field to the rule, as a new kind of constraint would be added,
#: interpreted in ``valid`` (the one place that interprets a rule, its docstring
#: says): at most 60 characters of a text, a count of at most 1000. It prints what
#: each reader (its errors) and a record built in Python say of a value at the limit
#: and of one past it.
CONSTRAINED = """
import json, sys, tempfile, os
import attrs
from itu_tcb import _rules
assert "itu_tcb.models" not in sys.modules, "the models must read the changed rules"

@attrs.frozen
class AtMost(_rules.Rule):
    most: int = 0

    def valid(self, value):
        size = len(value) if type(value) is str else value
        return super().valid(value) and size <= self.most

def over(most):
    size = lambda v: len(v) if type(v) is str else v
    return (lambda v: size(v) > most, lambda v: f"{_rules.quote(v)} is over the limit of {most}")

TEXT = _rules.TEXT
if FORM == "pattern":
    _rules.TEXT = attrs.evolve(
        TEXT, pattern=f"(?![\\\\s\\\\S]{{61}})(?:{TEXT.pattern})", reasons=(over(60), *TEXT.reasons)
    )
else:
    _rules.TEXT = AtMost(
        TEXT.name, TEXT.doc, pattern=TEXT.pattern, reasons=(over(60), *TEXT.reasons), most=60
    )
    _rules.COUNT = AtMost(
        _rules.COUNT.name, _rules.COUNT.doc, minimum=0,
        reasons=(over(1000), *_rules.COUNT.reasons), most=1000,
    )
_rules.TEXTS = attrs.evolve(_rules.TEXTS, item=_rules.TEXT)

import itu_tcb

def document(value):
    agency = {"id": "fpca", "name": "Fictional Postal Cooperation Agency"}
    if FIELD == "years_active":
        agency["years_active"] = {"value": value}
    else:
        agency[FIELD] = [value] if FIELD == "aliases" else value
    return {
        "schema_version": "1.0",
        "metadata": {
            "title": "A fictional profile",
            "data_version": "0.1",
            "source": {"title": "An invented page", "publisher": "Nobody"},
            "citation": "Invented for the tests of itu_tcb.",
        },
        "agencies": [agency],
    }

def in_python(value):
    given = {"years_active": lambda: {"years_active": itu_tcb.Count(value=value)},
             "aliases": lambda: {"aliases": (value,)}, "name": lambda: {"name": value}}
    try:
        itu_tcb.Agency(id="fpca", **given[FIELD]())
    except itu_tcb.RecordError as exc:
        return [list(p) for p in exc.problems]
    return []

def readers(value):
    text = json.dumps(document(value))
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "document.json")
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    sources = {"bytes": text.encode(), "text": text, "path": path, "mapping": document(value)}
    return {
        way: [[p.path, p.kind.value, p.message] for p in itu_tcb.validate(source).errors]
        for way, source in sources.items()
    }

kept, broken = (1000, 1001) if FIELD == "years_active" else ("a" * 60, "a" * 61)
print(json.dumps({"kept": [readers(kept), in_python(kept)],
                  "broken": [readers(broken), in_python(broken)]}))
"""


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("pattern", "name"),
        ("pattern", "aliases"),
        ("maximum", "name"),
        ("maximum", "aliases"),
        ("maximum", "years_active"),
    ],
)
def test_a_constraint_added_to_a_rule_is_kept_by_every_reader_and_in_python(
    form: str, field: str
) -> None:
    """Issue 22, point 3: a rule is interpreted in one place. A constraint added to
    the text rule (a length) or the count rule (a maximum) before the models are
    imported is honoured by every way of reading a document and by records built in
    Python, with the rule's own message; a value that keeps it is accepted."""
    out = json.loads(run_python(f"FORM, FIELD = {form!r}, {field!r}\n" + CONSTRAINED))
    readers, python = out["kept"]
    assert python == []
    assert readers == {way: [] for way in READERS}
    readers, python = out["broken"]
    value = 1001 if field == "years_active" else "a" * 61
    limit = 1000 if field == "years_active" else 60
    message = f"{quote(value)} is over the limit of {limit}"
    path = "$.agencies[0]." + ("years_active.value" if field == "years_active" else field)
    if field == "aliases":
        message = f"item 0: {message}"
    assert python == [["value" if field == "years_active" else field, message]]
    assert readers == {way: [[path, "value", message]] for way in READERS}
