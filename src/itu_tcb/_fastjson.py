"""The optional fast parse of large documents: msgspec (the ``fast`` extra).

msgspec reads JSON about twice as fast as the standard library's parser with the
hooks that strict reading needs (:mod:`itu_tcb._json`), but it keeps the last of
two duplicate keys, reads integers of any size and nests as deep as the stack
allows. Its value is used only where cheap checks prove it is exactly what the
strict parser reads, without a problem; on any doubt :func:`parse` answers ``None``
and the strict parser reads the document (so every problem, and every value, is
the strict parser's, with or without the extra):

- **msgspec accepts it.** msgspec refuses what JSON refuses (``NaN``, a trailing
  comma, invalid UTF-8, a control character in a string, numbers out of a
  float's range); the strict parser then reports it.
- **No duplicate key.** Each member of an object is written with one colon outside
  strings; every other colon of the text is inside a string. Writing the value
  out again gives one colon per member kept and every colon of every string kept,
  so, where no colon is written as an escape (the text holds no ``\\u003``), the
  text and the value written again hold as many colons exactly when no member was
  dropped.
- **No number but integers within 64 bits**: the value's type admits integers
  within :data:`itu_tcb._json.INT_LIMIT` and no other number (no field of the format
  holds a fraction, and msgspec's reading of one need not be Python's ``float``).
- **No surrogate escape** (``\\ud...``): a lone one is a problem to report; a pair is
  fine but rare, and goes the strict way too.
- **Not deeply nested**: the value's type admits the document's object and, under
  it, objects and lists at most :data:`DEPTH` levels deep: nine levels of
  containers in all (documents of the format use 6), far from the depth at which
  the strict parser gives up.

A document that fails a check is parsed twice (msgspec, then the strict parser):
a document with a problem near its end takes 10-25% longer to report than without
the extra. Clean documents, the common case of large ones, gain.
"""

from __future__ import annotations

from types import GenericAlias
from typing import Annotated, Any

from ._json import INT_LIMIT

#: The levels of nesting under the document's object that the fast parse admits.
DEPTH = 8
#: Smaller documents are read by the strict parser alone: importing msgspec and
#: building its decoder take about 50 ms, once, more than they save on a small one.
SMALL = 1 << 20

_BOM = b"\xef\xbb\xbf"


#: The decoder and encoder, once built (threads may build them twice: the first kept).
_built: list[tuple[Any, Any]] = []


def codec() -> tuple[Any, Any] | None:
    """msgspec's decoder of an object of the values described above, and its
    encoder; ``None`` when msgspec is not installed, or they could not be built now
    (called with little stack left, say: they are tried again next time)."""
    if _built:
        return _built[0]
    try:
        import msgspec

        leaf: Any = str | Annotated[int, msgspec.Meta(ge=-INT_LIMIT, le=INT_LIMIT)] | bool | None
        value = leaf
        for _ in range(DEPTH):  # the type doubles in size with each level: keep it small
            value = leaf | GenericAlias(list, value) | GenericAlias(dict, (str, value))
        made = (msgspec.json.Decoder(GenericAlias(dict, (str, value))), msgspec.json.Encoder())
    except Exception:  # noqa: BLE001 - not installed, or no stack left: the strict way
        return None
    _built.append(made)
    return _built[0]


def parse(data: bytes) -> dict[str, Any] | None:
    """The value of ``data`` as the strict parser reads it, when it is proven to be
    that and to have no problem; else ``None`` (read it with the strict parser)."""
    found = codec() if len(data) >= SMALL else None
    if found is None:
        return None
    decoder, encoder = found
    if b"\\u" in data and (b"\\u003" in data or b"\\ud" in data or b"\\uD" in data):
        return None
    body = memoryview(data)[3:] if data.startswith(_BOM) else data
    try:
        value: dict[str, Any] = decoder.decode(body)
        colons = _colons(value, encoder)
    except Exception:  # noqa: BLE001 - any refusal (or no stack left): the strict way
        return None
    if colons != data.count(b":"):
        return None  # a duplicate key dropped a member
    return value


#: How many items of a list are written out at a time to count their colons.
_CHUNK = 1024


def _colons(value: dict[str, Any], encoder: Any) -> int:
    """The colons in ``value`` written out as JSON, a slice of each list at a time
    (writing the whole document at once would hold a second copy of its text; the
    collections of a document are its lists, so only a single huge record or
    metadata object is written out whole)."""
    count = 0
    for key, item in value.items():
        count += 1 + key.count(":")  # the member's own colon, and those of its key
        if type(item) is list:
            for start in range(0, len(item), _CHUNK):
                count += encoder.encode(item[start : start + _CHUNK]).count(b":")
        else:
            count += encoder.encode(item).count(b":")
    return count
