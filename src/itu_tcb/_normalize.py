"""Name normalisation: what lookups, search and the integrity checks compare.

``normalize`` folds case, accents, apostrophes, hyphens and spacing and drops a
leading "the". Standard library only; the bottom layer, with ``_rules``.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from itertools import compress

__all__ = ["claim", "claims", "normalize"]

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`")
_SEPARATORS = re.compile(r"[\W_]+")
#: For ASCII text, a table of ``bytes.translate`` (a byte per character, far
#: cheaper than ``str.translate``'s lookups): letters to lower case, every other
#: character that is not a letter or digit to a space (as ``_SEPARATORS`` does),
#: except the apostrophes of ``_DROPPED``, which are deleted.
_ASCII_FOLD = bytes(ord(chr(c).lower()) if chr(c).isalnum() else 32 for c in range(128)) + bytes(
    range(128, 256)
)
_DROPPED = b"'`"
#: Runs of spaces, and the length past which ASCII text has them squeezed by this
#: pattern rather than split into words and joined (the same result, in less memory).
_SPACE_RUNS = re.compile(" {2,}")
_LONG_TEXT = 4096
#: Unicode categories dropped before comparing: marks and format characters.
_INVISIBLE = frozenset(("Mn", "Me", "Cf"))


def normalize(text: str) -> str:
    """Fold case, accents, apostrophes, hyphens and spacing; drop a leading "the".

    ``"ITU-D"``, ``" itu  d "`` and ``"Itú D"`` all become ``"itu d"``.
    """
    if text.isascii():
        # The common case, made cheap: one translation table does what the general
        # path's casefold, apostrophe removal and separator pattern do for ASCII.
        text = _fold_ascii(text, _ASCII_FOLD)
        if len(text) <= _LONG_TEXT:
            text = " ".join(text.split())
        else:  # one pass of a pattern, not a list of every word: the same result
            text = _SPACE_RUNS.sub(" ", text).strip(" ")
        return text[4:] if text.startswith("the ") else text
    # Accents (combining marks) and invisible format characters (zero-width
    # joiners, soft hyphens, the combining grapheme joiner) are dropped.
    # In pieces of _LONG_TEXT characters: a list of every character of a long
    # text (each outside Latin-1 its own object) would take 40 times its size.
    text = unicodedata.normalize("NFKD", text)
    category = unicodedata.category
    text = "".join(
        [
            "".join([c for c in text[i : i + _LONG_TEXT] if category(c) not in _INVISIBLE])
            for i in range(0, len(text), _LONG_TEXT)
        ]
    )
    text = _SEPARATORS.sub(" ", text.casefold().translate(_APOSTROPHES)).strip()
    return text[4:] if text.startswith("the ") else text


def _fold_ascii(text: str, table: bytes) -> str:
    """ASCII ``text`` through ``table`` (``_ASCII_FOLD``)."""
    return text.encode("ascii").translate(table, _DROPPED).decode("ascii")


def claim(text: str) -> str:
    """What a key claims: its normalised form without spaces. Lookups also match
    keys this way ("itud" finds "ITU-D"), so no two records may share one."""
    return normalize(text).replace(" ", "")


#: Joins the texts that :func:`claims` folds in one pass: a control character that
#: normalising turns into a space (so no claim holds it), and no batched text holds.
_JOIN = "\x1f"
#: The ASCII fold, but the joining character kept, to split the batch again.
_JOIN_BYTE = _JOIN.encode("ascii")
_BATCH_FOLD = _ASCII_FOLD[: ord(_JOIN)] + _JOIN_BYTE + _ASCII_FOLD[ord(_JOIN) + 1 :]
#: A leading "the" word of a batched text, with the spaces around it, where another
#: word follows (each text, the first too, starts after a join; see :func:`_folded`).
_BATCH_THE = re.compile(f"{_JOIN} *the +(?=[^ {_JOIN}])")


def claims(texts: list[str]) -> list[str]:
    """``[claim(text) for text in texts]``, with the ASCII texts (most keys) folded
    together: one translation, a few passes of patterns and one split for them
    all, not several calls per text."""
    if not texts:
        return []
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) == len(texts) - 1:  # no text holds the joining character
        if joined.isascii():
            return _folded(joined.encode("ascii"))
        # Each character that is not ASCII as one "?" (folded like any separator), so
        # every text keeps its place in the batch; the claims of the texts that held
        # one are then worked out one by one. (A text's claim reads only its own
        # characters: see :func:`_folded`.)
        out = _folded(joined.encode("ascii", "replace"))
        for i in compress(range(len(texts)), map(operator.not_, map(str.isascii, texts))):
            out[i] = claim(texts[i])
        return out
    out = []
    batch: list[int] = []
    for i, text in enumerate(texts):
        if text.isascii() and _JOIN not in text:
            batch.append(i)
            out.append("")
        else:
            out.append(claim(text))
    if batch:
        folded = _folded(_JOIN.join([texts[i] for i in batch]).encode("ascii"))
        for i, text in zip(batch, folded, strict=True):
            out[i] = text
    return out


def _folded(joined: bytes) -> list[str]:
    """The claims of ASCII texts joined by ``_JOIN`` (the ASCII path of
    :func:`normalize`, on all of them at once, then without spaces)."""
    # A claim has no spaces, so runs of them need no squeezing: only the "the" rule
    # reads them. normalize drops a first word "the" when another word follows;
    # here that is a join, any spaces, "the", at least one space, then a character
    # of the next word. The pattern starts with the join (a fast literal search),
    # so the first text gets one too, and its empty piece is dropped. No match
    # reaches past the next join: each text's claim is made of its own characters.
    text = (_JOIN_BYTE + joined).translate(_BATCH_FOLD, _DROPPED).decode("ascii")
    return _BATCH_THE.sub(_JOIN, text).replace(" ", "").split(_JOIN)[1:]
