"""Name normalisation: what lookups, search and the integrity checks compare.

Standard library only; the bottom layer, with ``_rules``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["claim", "normalize"]

_APOSTROPHES = re.compile("['`\u2018\u2019\u02bc]")
_SEPARATORS = re.compile(r"[\W_]+")
#: Unicode categories dropped before comparing: marks and format characters.
_INVISIBLE = frozenset(("Mn", "Me", "Cf"))
#: A long text is filtered in pieces of this many characters: a list of every
#: character of it (each outside Latin-1 its own object) would take 40 times its size.
_PIECE = 4096


def normalize(text: str) -> str:
    """Fold case, accents, apostrophes, hyphens and spacing; drop a leading "the".

    ``"ITU-D"``, ``" itu  d "`` and ``"Itú D"`` all become ``"itu d"``.
    """
    if not text.isascii():  # ASCII has no marks or format characters to drop
        text = unicodedata.normalize("NFKD", text)
        category = unicodedata.category
        text = "".join(
            "".join([c for c in text[i : i + _PIECE] if category(c) not in _INVISIBLE])
            for i in range(0, len(text), _PIECE)
        )
    text = _SEPARATORS.sub(" ", _APOSTROPHES.sub("", text.casefold())).strip()
    return text[4:] if text.startswith("the ") else text


def claim(text: str) -> str:
    """What a key claims: its normalised form without spaces. Lookups also match
    keys this way ("itud" finds "ITU-D"), so no two records of one agency may share one."""
    return normalize(text).replace(" ", "")
