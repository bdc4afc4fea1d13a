"""Name normalisation (``itu_tcb._normalize``): the fast form for ASCII text is the
plain definition, and the definition folds what it says it folds."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itu_tcb._normalize import claim, normalize, plain

TEXT = st.text(
    alphabet="aZ09 _-'`\t\nth\u00e9\u00c9\u2019\u00df\u0130.\u00a0\u00ad\u034f\u200b", max_size=12
)


@given(st.one_of(TEXT, TEXT.map(lambda t: "The " + t), st.text(max_size=8)))
def test_normalize_is_the_plain_definition(text: str) -> None:
    assert normalize(text) == plain(text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_normalize_of_any_ascii_text_is_the_plain_definition(text: str) -> None:
    assert normalize(text) == plain(text)


def test_every_ascii_character_folds_as_the_plain_definition_folds_it() -> None:
    for code in range(128):
        for text in (chr(code), f"a{chr(code)}b", f"the{chr(code)}x"):
            assert normalize(text) == plain(text), repr(text)


@given(
    st.lists(TEXT | st.text(alphabet="aZ09 _-'`\t\nthe.", min_size=1, max_size=12), min_size=1),
    st.integers(min_value=400, max_value=2_000),
)
def test_normalize_of_long_text_is_the_plain_definition(parts: list[str], times: int) -> None:
    text = "".join(parts) * times
    assert normalize(text) == plain(text)


def test_case_accents_apostrophes_hyphens_spacing_and_a_leading_the_are_folded() -> None:
    assert normalize("The ITU-D") == normalize(" itu  d ") == normalize("Itú D") == "itu d"
    assert normalize("ITU\u2019s e-Learning") == "itus e learning"
    assert normalize("the") == "the"  # a "the" alone is a word, not a leading article
    assert normalize("I\u200bT\u00adU") == "itu"  # format characters are invisible
    assert claim("ITU e-Learning Centre") == "ituelearningcentre"


# -------------------------------------------------- the folds, by example


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ITU-D", "itu d"),
        (" itu  d ", "itu d"),
        ("Itú D", "itu d"),
        ("The ICT Regulation Toolkit", "ict regulation toolkit"),
        ("Leaders\u2019 Forum", "leaders forum"),
        ("public/private", "public private"),
        ("UN_Habitat", "un habitat"),
        ("", ""),
        ("--", ""),
    ],
)
def test_normalize(text: str, key: str) -> None:
    assert normalize(text) == key


@given(st.text())
def test_normalize_is_idempotent_and_strips_combining_marks(text: str) -> None:
    key = normalize(text)
    assert normalize(key) == key or key.startswith("the ")
    assert key == key.strip()
    assert "  " not in key
    assert not any(unicodedata.combining(c) for c in key)
