"""Big documents in the bundled format: unique ids, valid references, unique names.

The bundled ITU document is kept whole; generated activity categories and
activities are appended so that the document holds exactly ``n`` activities.
Names are four words from fixed vocabularies (no digits), so that search has
realistic text to work on and no two names normalise alike.

Three shapes of big document: :func:`document` (generated activities of four-word
names and a sentence of description), :func:`small_objects` (short strings, many
small objects) and :func:`replicated` (the bundled activities copied, each with its
``source``: the shape of every real document); and :func:`with_problems`, a
document where every activity has one problem, for ``validate()``.

The bundled document they start from is the imported itu_tcb's, unless
:func:`use_bundled` chose another (so that two versions of the package, which may
read different schema versions, are measured on the same documents).
"""

from __future__ import annotations

import json
import random
from importlib import resources
from typing import Any

_PLACES = [
    "andean",
    "arctic",
    "atlantic",
    "baltic",
    "caribbean",
    "coastal",
    "continental",
    "desert",
    "eastern",
    "equatorial",
    "highland",
    "insular",
    "inland",
    "lowland",
    "maritime",
    "mediterranean",
    "northern",
    "oceanic",
    "pacific",
    "polar",
    "regional",
    "rural",
    "sahel",
    "southern",
    "subregional",
    "tropical",
    "urban",
    "valley",
    "western",
    "alpine",
]
_TOPICS = [
    "broadband",
    "spectrum",
    "satellite",
    "cybersecurity",
    "numbering",
    "interconnection",
    "roaming",
    "tariff",
    "licensing",
    "emergency",
    "accessibility",
    "standards",
    "radio",
    "television",
    "postal",
    "mobile",
    "fibre",
    "internet",
    "data",
    "privacy",
    "statistics",
    "regulation",
    "competition",
    "infrastructure",
    "innovation",
    "skills",
    "youth",
    "gender",
    "climate",
]
_AUDIENCES = [
    "regulators",
    "engineers",
    "ministries",
    "operators",
    "students",
    "teachers",
    "managers",
    "journalists",
    "planners",
    "auditors",
    "lawyers",
    "economists",
    "officials",
    "trainers",
    "technicians",
    "researchers",
    "entrepreneurs",
    "librarians",
    "diplomats",
    "negotiators",
]
_FORMATS = [
    "workshop",
    "seminar",
    "forum",
    "course",
    "clinic",
    "school",
    "dialogue",
    "mission",
    "review",
    "study",
    "toolkit",
    "handbook",
    "webinar",
    "exchange",
    "fellowship",
    "programme",
    "meeting",
    "retreat",
    "laboratory",
    "assessment",
]
_FILLER = [
    "helps",
    "build",
    "practical",
    "skills",
    "for",
    "people",
    "who",
    "plan",
    "and",
    "run",
    "national",
    "networks,",
    "with",
    "case",
    "studies,",
    "exercises",
    "and",
    "follow-up",
    "support",
    "from",
    "peers",
    "in",
    "the",
    "region",
]

#: Activities per generated category.
PER_CATEGORY = 100


def _name(i: int) -> str:
    """A distinct four-word name for every ``i`` below the product of the vocabularies."""
    sizes = (len(_PLACES), len(_TOPICS), len(_AUDIENCES), len(_FORMATS))
    # A fixed odd multiplier spreads neighbouring i over the whole name space.
    total = sizes[0] * sizes[1] * sizes[2] * sizes[3]
    k = (i * 7919) % total
    words = []
    for vocabulary, size in zip((_PLACES, _TOPICS, _AUDIENCES, _FORMATS), sizes, strict=True):
        words.append(vocabulary[k % size])
        k //= size
    place, topic, audience, form = words
    return f"{place.capitalize()} {topic} {form} for {audience}"


#: The bytes :func:`bundled` parses, when set by :func:`use_bundled`.
_chosen: list[bytes] = []


def use_bundled(data: bytes | None) -> None:
    """Build every document from ``data`` (the bytes of a bundled document) from now
    on; ``None``: from the bundled document of the itu_tcb imported here (the default).
    Comparing two versions of the package, the parent builds from one both can read."""
    _chosen[:] = [] if data is None else [data]


def bundled() -> dict[str, Any]:
    """The bundled document, parsed (the imported itu_tcb's, or the one chosen)."""
    data = (
        _chosen[0] if _chosen else (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()
    )
    document: dict[str, Any] = json.loads(data)
    return document


def document(n: int, seed: int = 5) -> dict[str, Any]:
    """A valid document with exactly ``n`` activities (``n`` >= the bundled 12)."""
    doc = bundled()
    rng = random.Random(seed)
    extra = n - len(doc["activities"])
    if extra < 0:
        raise ValueError(f"n must be at least {len(doc['activities'])}")
    groups = max(1, -(-extra // PER_CATEGORY))
    doc["categories"] += [
        {
            "id": f"bench-group-{g}",
            "agency": "itu",
            "heading": None,
            "project_label": f"Benchmark group {g}",
            "source": {"section": "Generated for benchmarks", "links": []},
        }
        for g in range(groups)
    ]
    activities = doc["activities"]
    for i in range(extra):
        words = rng.sample(_FILLER, 8)
        record: dict[str, Any] = {
            "id": f"bench-activity-{i}",
            "name": _name(i),
            "category": f"bench-group-{i // PER_CATEGORY}",
            "description": "This " + " ".join(words) + ".",
            "source": {"section": "Generated for benchmarks", "links": []},
        }
        if i % 2 == 0:
            link = {"label": "Details", "url": f"https://example.org/activities/{i}"}
            record["source"]["links"].append(link)
        if i % 3 == 0:
            record["acronym"] = f"BA{i}X"
        if i % 5 == 0:
            record["aliases"] = [f"Benchmark activity number {i}"]
        activities.append(record)
    return doc


def small_objects(n: int) -> dict[str, Any]:
    """The second shape: exactly ``n`` activities of short strings, each with a
    source of three small links (many small objects, little text)."""
    doc = bundled()
    extra = n - len(doc["activities"])
    if extra < 0:
        raise ValueError(f"n must be at least {len(doc['activities'])}")
    groups = max(1, -(-extra // PER_CATEGORY))
    doc["categories"] += [
        {"id": f"s-{g}", "agency": "itu", "source": {"section": "S", "links": []}}
        for g in range(groups)
    ]
    doc["activities"] += [
        {
            "id": f"a-{i}",
            "name": f"A{i}",
            "category": f"s-{i // PER_CATEGORY}",
            "source": {
                "section": "S",
                "links": [
                    {"label": "L", "url": f"u{i}"},
                    {"label": "M", "url": None},
                    {"label": "N", "url": f"v{i % 7}"},
                ],
            },
        }
        for i in range(extra)
    ]
    return doc


def replicated(n: int) -> dict[str, Any]:
    """The shape every real document has: the bundled activities (each with its
    ``source`` object) copied until there are ``n``, each copy with an id, a name and
    an acronym of its own, in the bundled categories."""
    doc = bundled()
    template = doc["activities"]
    copies = []
    for i in range(n):
        record = dict(template[i % len(template)])
        number = i // len(template)
        if number:
            record["id"] = f"{record['id']}-{number}"
            record["name"] = f"{record['name']} {number}"
            if "acronym" in record:
                record["acronym"] = f"{record['acronym']}{number}"
            record["source"] = dict(record["source"])
        copies.append(record)
    doc["activities"] = copies
    return doc


def encode(doc: dict[str, Any]) -> bytes:
    """The document as the bundled file is written: UTF-8, two-space indent."""
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


def with_problems(n: int) -> tuple[bytes, int]:
    """A document of ``n`` activities in which every activity has one problem.

    The problems rotate through a wrong type, a bad id, an unknown field, a
    reference to a missing category and a name with trailing whitespace.
    Returns the bytes and the number of problems planted.
    """
    doc = document(n)
    generated = doc["activities"][12:]
    for i, record in enumerate(generated):
        what = i % 5
        if what == 0:
            record["name"] = i
        elif what == 1:
            record["id"] = f"Bad Id {i}"
        elif what == 2:
            record["nmae"] = "typo"
        elif what == 3:
            record["category"] = f"missing-group-{i}"
        else:
            record["name"] += " "
    return encode(doc), len(generated)


def names_of(doc: dict[str, Any]) -> list[str]:
    """The names, codes, acronyms and aliases of every record (what search matches)."""
    out: list[str] = []
    for records in doc.values():
        if not isinstance(records, list):
            continue
        for record in records:
            for field in ("code", "acronym", "name", "heading", "project_label"):
                value = record.get(field)
                if isinstance(value, str):
                    out.append(value)
            out.extend(record.get("aliases", ()))
            out.append(record["id"])
    return out
