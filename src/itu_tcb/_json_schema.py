"""The JSON Schema (draft 2020-12) of the document format, as shipped.

The schema is generated from the models' field declarations by the repository's
``python -m tools.generate`` (not part of the package) and shipped as
``itu_tcb/data/schema.json``; a test fails while the shipped copy is stale.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["json_schema"]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document format, as a new dict.

    It is the copy shipped in the package (``itu_tcb/data/schema.json``), generated
    from the models' field declarations; ``itu-tcb schema`` prints it. Each property
    has a ``description`` (the field's doc line), which editors show.

    A schema cannot say everything the loader checks, so a document the schema
    accepts may still fail :func:`itu_tcb.validate`: ids unique across the
    document, references that resolve, names and keys that are unambiguous within
    their agency and that a lookup can find (a name of punctuation only, such as
    ``"---"``), duplicate object keys, a value said to be lost that is given all the
    same (``heading_lost`` true with a ``heading``, ``target_lost`` with a ``url``),
    and integers written with a fraction (JSON Schema counts ``193.0`` as an
    integer; the loader refuses it).
    """
    resource = resources.files("itu_tcb") / "data" / "schema.json"
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema
