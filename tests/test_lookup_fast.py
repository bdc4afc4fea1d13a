"""The fast forms of ``normalize`` and the edit distance equal their plain definitions."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from itu_tcb._lookup import _distance, normalize

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


def plain_distance(a: str, b: str) -> int:
    """Optimal string alignment distance by the textbook table."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


TEXT = st.text(
    alphabet="aZ09 _-'`\t\nth\u00e9\u00c9\u2019\u00df\u0130.\u00a0\u00ad\u034f\u200b", max_size=12
)


@settings(max_examples=300)
@given(st.one_of(TEXT, TEXT.map(lambda t: "The " + t), st.text(max_size=8)))
def test_normalize_equals_its_plain_definition(text: str) -> None:
    assert normalize(text) == plain_normalize(text)


@settings(max_examples=300)
@given(st.text(alphabet="abcd ", max_size=14), st.text(alphabet="abcd ", max_size=14))
def test_distance_equals_the_textbook_table(a: str, b: str) -> None:
    assert _distance(a, b) == plain_distance(a, b)


def test_distance_on_long_words() -> None:
    a, b = "telecommunication development sector", "telecomunication developmnet secotr"
    assert _distance(a, b) == plain_distance(a, b) == 3
