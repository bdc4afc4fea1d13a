"""Write the malformed documents of this folder and their manifest, ``expected.json``.

Run ``python tests/corpus/make_corpus.py`` from the repository root after changing
a case. Each case is the bundled document (or raw bytes) with one defect, and the
``(path, kind)`` of every problem it must produce, written by hand here: the
manifest states what a reader should be told, it is not a recording of the output.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
BUNDLED = HERE.parents[1] / "src" / "itu_tcb" / "data" / "itu.json"

Doc = dict[str, Any]
Edit = Callable[[Doc], None]
Expected = list[tuple[str, str]]

CASES: list[tuple[str, str, Edit | bytes, Expected]] = []


def case(name: str, about: str, expected: Expected) -> Callable[[Edit], Edit]:
    def register(edit: Edit) -> Edit:
        CASES.append((name, about, edit, expected))
        return edit

    return register


def raw(name: str, about: str, data: bytes, expected: Expected) -> None:
    CASES.append((name, about, data, expected))


# ------------------------------------------------------------ bytes and syntax

raw("empty", "zero bytes", b"", [("$", "syntax")])
raw("whitespace-only", "only blanks and newlines", b" \n\t\r\n ", [("$", "syntax")])
raw(
    "invalid-utf8",
    "a Latin-1 byte in a string",
    b'{"schema_version": "1.0\xe9"}',
    [("$", "encoding")],
)
raw("utf16", "UTF-16 with its byte order mark", '{"a": 1}'.encode("utf-16"), [("$", "encoding")])
raw(
    "truncated",
    "the document stops mid-way",
    b'{"schema_version": "1.0", "metadata": {',
    [("$", "syntax")],
)
raw(
    "trailing-comma",
    "a comma before a closing brace",
    b'{"schema_version": "1.0",}',
    [("$", "syntax")],
)
raw("single-quotes", "Python-style quotes", b"{'schema_version': '1.0'}", [("$", "syntax")])
raw("root-array", "the root is a list", b"[]", [("$", "type")])
raw("root-string", "the root is a string", b'"itu"', [("$", "type")])
raw("root-null", "the root is null", b"null", [("$", "type")])
raw("deep-nesting", "100000 nested lists", b"[" * 100_000 + b"]" * 100_000, [("$", "limit")])
raw("deep-unclosed", "100000 unclosed lists", b"[" * 100_000, [("$", "limit")])


@case("nan", "NaN as a count", [("memberships[0].counts[0].count.value", "syntax")])
def _nan(d: Doc) -> None:
    d["memberships"][0]["counts"][0]["count"]["value"] = "@NaN@"


@case(
    "infinity",
    "Infinity and -Infinity",
    [
        ("memberships[0].counts[0].count.value", "syntax"),
        ("memberships[0].counts[1].count.value", "syntax"),
    ],
)
def _inf(d: Doc) -> None:
    d["memberships"][0]["counts"][0]["count"]["value"] = "@Infinity@"
    d["memberships"][0]["counts"][1]["count"]["value"] = "@-Infinity@"


@case("huge-int", "a count of 30 digits", [("memberships[0].counts[0].count.value", "limit")])
def _huge(d: Doc) -> None:
    d["memberships"][0]["counts"][0]["count"]["value"] = "@123456789012345678901234567890@"


@case(
    "float-overflow",
    "a number beyond the float range",
    [
        ("agencies[0].years_active.value", "limit"),
    ],
)
def _float(d: Doc) -> None:
    d["agencies"][0]["years_active"]["value"] = "@1e999@"


@case("lone-surrogate", "a lone high surrogate escape in a name", [("sectors[0].name", "encoding")])
def _surrogate(d: Doc) -> None:
    d["sectors"][0]["name"] = '@"Radio\\ud800"@'


@case("duplicate-key-root", "schema_version twice", [("schema_version", "duplicate-key")])
def _dup_root(d: Doc) -> None:
    d["schema_version"] = '@"1.0", "schema_version": "1.0"@'


@case(
    "duplicate-key-deep", "a repeated key inside a record", [("sectors[1].name", "duplicate-key")]
)
def _dup_deep(d: Doc) -> None:
    d["sectors"][1]["name"] = '@"Standardization Sector", "name": "Other"@'


# ------------------------------------------------------------------ structure


@case("int-for-string", "1 where a string is due", [("sectors[0].code", "type")])
def _int_str(d: Doc) -> None:
    d["sectors"][0]["code"] = 1


@case("null-for-string", "null for a required string", [("activities[0].name", "type")])
def _null_str(d: Doc) -> None:
    d["activities"][0]["name"] = None


@case("string-for-list", '"ab" where a list is due', [("agencies[0].functions", "type")])
def _str_list(d: Doc) -> None:
    d["agencies"][0]["functions"] = "ab"


@case(
    "string-for-bool", '"false" where true/false is due', [("partnerships[1].open_ended", "type")]
)
def _str_bool(d: Doc) -> None:
    d["partnerships"][1]["open_ended"] = "false"


@case(
    "string-for-int",
    '"193" where an integer is due',
    [
        ("memberships[0].counts[0].count.value", "type"),
    ],
)
def _str_int(d: Doc) -> None:
    d["memberships"][0]["counts"][0]["count"]["value"] = "193"


@case("bool-for-int", "true where an integer is due", [("agencies[0].years_active.value", "type")])
def _bool_int(d: Doc) -> None:
    d["agencies"][0]["years_active"]["value"] = True


@case("record-as-string", "a record given as its id", [("sectors[2]", "type")])
def _rec_str(d: Doc) -> None:
    d["sectors"][2] = "itu-d"


@case("collection-as-object", "a collection given as an object", [("initiatives", "type")])
def _coll_obj(d: Doc) -> None:
    d["initiatives"] = {"centres-of-excellence": {}}


@case("missing-required", "a sector without its name", [("sectors[1].name", "missing")])
def _missing(d: Doc) -> None:
    del d["sectors"][1]["name"]


@case("missing-metadata", "no metadata", [("metadata", "missing")])
def _no_meta(d: Doc) -> None:
    del d["metadata"]


@case("missing-schema-version", "no schema_version", [("schema_version", "missing")])
def _no_version(d: Doc) -> None:
    del d["schema_version"]


@case("unknown-field-typo", "'nmae' for 'name'", [("activities[2].nmae", "unknown-field")])
def _typo(d: Doc) -> None:
    d["activities"][2]["nmae"] = d["activities"][2].pop("name")
    d["activities"][2]["name"] = d["activities"][2]["nmae"]


@case("unknown-root-key", "a misspelt collection", [("activites", "unknown-field")])
def _root_typo(d: Doc) -> None:
    d["activites"] = []


@case(
    "enum-out-of-vocabulary",
    "a British spelling of an agency kind",
    [
        ("agencies[0].agency_kind", "enum"),
    ],
)
def _enum(d: Doc) -> None:
    d["agencies"][0]["agency_kind"] = "specialised_agency"


@case(
    "bad-qualifier",
    "a count qualifier not in the vocabulary",
    [
        ("memberships[0].counts[1].count.qualifier", "enum"),
    ],
)
def _qualifier(d: Doc) -> None:
    d["memberships"][0]["counts"][1]["count"]["qualifier"] = "almost"


@case("empty-name", "an empty name", [("programmes[0].name", "value")])
def _empty_name(d: Doc) -> None:
    d["programmes"][0]["name"] = ""


@case("whitespace-name", "a name of blanks", [("events[0].name", "value")])
def _blank_name(d: Doc) -> None:
    d["events"][0]["name"] = "   "


@case("empty-id", "an empty id (nothing refers to it)", [("activities[11].id", "value")])
def _empty_id(d: Doc) -> None:
    d["activities"][11]["id"] = ""


@case("id-not-slug", "an id with capitals and a space", [("activities[0].id", "value")])
def _slug(d: Doc) -> None:
    d["activities"][0]["id"] = "Exhibitions and Forums"


@case(
    "negative-count", "a negative member count", [("memberships[0].counts[0].count.value", "value")]
)
def _negative(d: Doc) -> None:
    d["memberships"][0]["counts"][0]["count"]["value"] = -193


@case("schema-version-unsupported", "schema_version 2.0", [("schema_version", "schema-version")])
def _version(d: Doc) -> None:
    d["schema_version"] = "2.0"


@case("schema-version-number", "schema_version as a number", [("schema_version", "type")])
def _version_num(d: Doc) -> None:
    d["schema_version"] = 1.0


# -------------------------------------------------------------------- meaning


@case("duplicate-id", "two activities share an id", [("activities[1].id", "duplicate-id")])
def _dup_id(d: Doc) -> None:
    d["activities"][1]["id"] = d["activities"][0]["id"]


@case(
    "duplicate-id-across-kinds",
    "a sector with an agency's id",
    [
        ("sectors[0].id", "duplicate-id"),
        ("events[1].sector", "reference"),
    ],
)
def _dup_kinds(d: Doc) -> None:
    d["sectors"][0]["id"] = "undp"
    d["events"][1]["sector"] = "itu-r"


@case(
    "dangling-activity-category",
    "activity -> missing category",
    [
        ("activities[3].category", "reference"),
    ],
)
def _dangle_cat(d: Doc) -> None:
    d["activities"][3]["category"] = "group-9"


@case("dangling-sector-agency", "sector -> missing agency", [("sectors[0].agency", "reference")])
def _dangle_agency(d: Doc) -> None:
    d["sectors"][0]["agency"] = "itu-x"


@case(
    "dangling-partner",
    "partnership partner -> missing agency",
    [
        ("partnerships[2].partners[0]", "reference"),
    ],
)
def _dangle_partner(d: Doc) -> None:
    d["partnerships"][2]["partners"].insert(0, "nobody")


@case(
    "dangling-initiative-programme",
    "initiative -> missing programme",
    [
        ("initiatives[0].programme", "reference"),
    ],
)
def _dangle_prog(d: Doc) -> None:
    d["initiatives"][0]["programme"] = "no-such-programme"


@case("dangling-event-sector", "event -> missing sector", [("events[1].sector", "reference")])
def _dangle_event(d: Doc) -> None:
    d["events"][1]["sector"] = "itu-x"


@case(
    "wrong-kind-reference",
    "activity -> an agency instead of a category",
    [
        ("activities[0].category", "reference"),
    ],
)
def _wrong_kind(d: Doc) -> None:
    d["activities"][0]["category"] = "itu"


@case(
    "ambiguous-alias",
    "an alias equal to another record's name",
    [
        ("sectors[1].aliases[0]", "ambiguous"),
    ],
)
def _ambiguous(d: Doc) -> None:
    d["sectors"][1]["aliases"] = ["radiocommunication sector"]


@case("ambiguous-name", "two activities with the same name", [("activities[1].name", "ambiguous")])
def _ambiguous_name(d: Doc) -> None:
    d["activities"][1]["name"] = d["activities"][0]["name"]


@case(
    "empty-category",
    "a category with no activity (a warning: still valid)",
    [
        ("categories[4]", "empty-category"),
    ],
)
def _empty_cat(d: Doc) -> None:
    d["activities"] = [a for a in d["activities"] if a["category"] != "group-5"]


@case(
    "unreferenced-agency",
    "an agency nothing refers to (a warning: still valid)",
    [
        ("agencies[17]", "unreferenced"),
    ],
)
def _unref(d: Doc) -> None:
    d["agencies"].append({"id": "itc", "acronym": "ITC", "name": "International Trade Centre"})


@case(
    "paths-after-a-failed-record",
    "a record fails; later problems keep document paths",
    [
        ("activities[0].id", "value"),
        ("activities[5].category", "reference"),
        ("activities[7].name", "ambiguous"),
    ],
)
def _shifted(d: Doc) -> None:
    d["activities"][0]["id"] = "Not A Slug"
    d["activities"][5]["category"] = "group-0"
    d["activities"][7]["name"] = d["activities"][6]["name"]


@case(
    "external-field-unknown",
    "external_fields naming a field the record lacks, and the id",
    [
        ("agencies[1].external_fields[1]", "value"),
        ("agencies[1].external_fields[2]", "value"),
    ],
)
def _external(d: Doc) -> None:
    d["agencies"][1]["external_fields"] = ["name", "website", "id"]


@case(
    "membership-twice",
    "a second membership for the same agency",
    [("memberships[1].agency", "value")],
)
def _membership_twice(d: Doc) -> None:
    d["memberships"].append({"id": "itu-membership-again", "agency": "itu"})


@case(
    "initiative-agency-mismatch",
    "an initiative of one agency in a programme of another",
    [("initiatives[0].programme", "reference")],
)
def _initiative_agency(d: Doc) -> None:
    d["initiatives"][0]["agency"] = "undp"


@case(
    "event-agency-mismatch",
    "an event whose sector and partnership belong to another agency",
    [("events[1].sector", "reference"), ("events[1].partnership", "reference")],
)
def _event_agency(d: Doc) -> None:
    d["events"][1]["agency"] = "wto"


@case(
    "unlookupable-keys",
    "a name of punctuation and an alias of one emoji: no lookup finds them",
    [("activities[2].name", "value"), ("sectors[0].aliases[0]", "value")],
)
def _unlookupable(d: Doc) -> None:
    d["activities"][2]["name"] = "---"
    d["sectors"][0]["aliases"] = ["\U0001f6f0\ufe0f"]


def render(edit: Edit) -> bytes:
    """The bundled document with one edit; ``"@...@"`` strings become raw JSON."""
    doc = copy.deepcopy(json.loads(BUNDLED.read_text(encoding="utf-8")))
    edit(doc)
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    while '"@' in text:
        start = text.index('"@')
        end = text.index('@"', start + 2)
        text = text[:start] + json.loads(text[start : end + 2])[1:-1] + text[end + 2 :]
    return text.encode("utf-8")


def main() -> None:
    for old in HERE.glob("*.json"):
        old.unlink()
    for old in HERE.glob("*.bin"):
        old.unlink()
    manifest: dict[str, Any] = {}
    for name, about, edit, expected in CASES:
        data = edit if isinstance(edit, bytes) else render(edit)
        try:
            json.loads(data.decode("utf-8"))
            suffix = ".json"
        except (UnicodeDecodeError, ValueError, RecursionError):
            suffix = ".bin"
        file = f"{name}{suffix}"
        (HERE / file).write_bytes(data)
        manifest[file] = {"about": about, "problems": [list(p) for p in expected]}
    (HERE / "expected.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
