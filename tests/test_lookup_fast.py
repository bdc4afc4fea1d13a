"""The fast (ASCII) form of ``normalize`` equals its plain definition.

The edit distance is checked against the textbook table in ``test_lookup.py``.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from itu_tcb._normalize import normalize

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`")
_SEPARATORS = re.compile(r"[\W_]+")


def plain_normalize(text: str) -> str:
    if not text.isascii():
        text = "".join(
            c
            for c in unicodedata.normalize("NFKD", text)
            if unicodedata.category(c) not in ("Mn", "Me", "Cf")
        )
    text = _SEPARATORS.sub(" ", text.casefold().translate(_APOSTROPHES)).strip()
    return text[4:] if text.startswith("the ") else text


TEXT = st.text(
    alphabet="aZ09 _-'`\t\nth\u00e9\u00c9\u2019\u00df\u0130.\u00a0\u00ad\u034f\u200b", max_size=12
)


@settings(max_examples=300)
@given(st.one_of(TEXT, TEXT.map(lambda t: "The " + t), st.text(max_size=8)))
def test_normalize_equals_its_plain_definition(text: str) -> None:
    assert normalize(text) == plain_normalize(text)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_normalize_of_any_ascii_text_equals_its_plain_definition(text: str) -> None:
    assert normalize(text) == plain_normalize(text)


@settings(max_examples=60)
@given(
    st.lists(TEXT | st.text(alphabet="aZ09 _-'`\t\nthe.", min_size=1, max_size=12), min_size=1),
    st.integers(min_value=400, max_value=2_000),
)
def test_normalize_of_long_text_equals_its_plain_definition(parts: list[str], times: int) -> None:
    # Past _lookup._LONG_TEXT characters the ASCII path squeezes spaces another way.
    text = "".join(parts) * times
    assert normalize(text) == plain_normalize(text)
