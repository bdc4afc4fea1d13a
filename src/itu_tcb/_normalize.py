"""Name normalisation: what lookups, search and the integrity checks compare.

:func:`plain` is the definition. :func:`normalize` is the same function, with a
faster way for ASCII text (most keys) derived from it: each ASCII character's fold
is what :func:`plain`'s character steps make of it, put in a translation table once.
Normalising took about a third of the load of a large document the plain way
(docs/performance.md): :func:`claims` folds the ASCII keys of a whole column with
that table in one call. Standard library only; the bottom layer, with ``_rules``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["claim", "claims", "normalize", "plain"]

_APOSTROPHES = re.compile("['`\u2018\u2019\u02bc]")
_SEPARATORS = re.compile(r"[\W_]+")
#: Unicode categories dropped before comparing: marks and format characters.
_INVISIBLE = frozenset(("Mn", "Me", "Cf"))
#: A long text is filtered in pieces of this many characters: a list of every
#: character of it (each outside Latin-1 its own object) would take 40 times its size.
_PIECE = 4096


def _fold(text: str) -> str:
    """The steps of :func:`plain` that read one character at a time: case folded,
    apostrophes dropped, every run of other non-word characters one space."""
    return _SEPARATORS.sub(" ", _APOSTROPHES.sub("", text.casefold()))


def plain(text: str) -> str:
    """Fold case, accents, apostrophes, hyphens and spacing; drop a leading "the"."""
    text = unicodedata.normalize("NFKD", text)
    category = unicodedata.category
    text = "".join(
        "".join([c for c in text[i : i + _PIECE] if category(c) not in _INVISIBLE])
        for i in range(0, len(text), _PIECE)
    )
    text = _fold(text).strip()
    return text[4:] if text.startswith("the ") else text


#: Each ASCII character's fold (``_fold``), as a table of ``bytes.translate``; the
#: characters it drops are ``_DROPPED``. NFKD and the invisible categories leave
#: ASCII as it is, and each character folds to one character, one space or nothing.
_ASCII = bytes(ord(_fold(chr(c)) or " ") for c in range(128)) + bytes(range(128, 256))
_DROPPED = bytes(c for c in range(128) if not _fold(chr(c)))


def normalize(text: str) -> str:
    """:func:`plain`: ``"ITU-D"``, ``" itu  d "`` and ``"Itú D"`` all become ``"itu d"``."""
    if not text.isascii():
        return plain(text)
    # Runs of spaces to one, and none at either end: what the separator pattern and
    # strip do, once every separator is a space.
    text = " ".join(text.encode("ascii").translate(_ASCII, _DROPPED).decode("ascii").split())
    return text[4:] if text.startswith("the ") else text


def claim(text: str) -> str:
    """What a key claims: its normalised form without spaces. Lookups also match
    keys this way ("itud" finds "ITU-D"), so no two records of one agency may share one."""
    return normalize(text).replace(" ", "")


#: Joins the texts that :func:`claims` folds in one call: a control character,
#: which folds to a space (so no claim holds it) and which the batch table keeps.
_JOIN = "\x1f"
_BATCH = _ASCII[: ord(_JOIN)] + _JOIN.encode() + _ASCII[ord(_JOIN) + 1 :]
#: A leading "the" of a batched text, as :func:`normalize` drops it: after a join,
#: any spaces, "the" and at least one space before another word.
_BATCH_THE = re.compile(f"{_JOIN} *the +(?=[^ {_JOIN}])")


def claims(texts: list[str]) -> list[str]:
    """``[claim(text) for text in texts]``, the ASCII texts folded in one batch (a
    text that is not ASCII, or that holds the joining character, on its own)."""
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1:
        return [claim(text) for text in texts]
    # A character that is not ASCII becomes "?", a separator: each text keeps its
    # place in the batch, and the texts that held one are worked out on their own.
    batch = (_JOIN + joined).encode("ascii", "replace").translate(_BATCH, _DROPPED).decode()
    out = _BATCH_THE.sub(_JOIN, batch).replace(" ", "").split(_JOIN)[1:]
    if not joined.isascii():
        for i, text in enumerate(texts):
            if not text.isascii():
                out[i] = claim(text)
    return out
