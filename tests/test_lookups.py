"""A dataset's lookups (``Dataset.get``, ``lookup`` and ``search``): every key
resolves under variants, lookups never guess (an ambiguous key lists every
candidate with its agency), scopes by agency, and arguments checked."""

from __future__ import annotations

import pickle
import string
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import ANY_TEXT, DATA, KEYS, LONG, answers_to, assert_bounded
from itu_tcb import AmbiguousKeyError, NotFoundError, ProblemKind, _text
from itu_tcb import strategies as its
from itu_tcb._keys import keys_of
from itu_tcb._normalize import normalize
from itu_tcb._rules import quote
from profiles import GENERIC, MERGED, candidates, copy_of

# ------------------------------------------------------------------- keys


#: Accents: combining diacritical marks (U+034F, the grapheme joiner, is not one).
COMBINING = st.characters(min_codepoint=0x300, max_codepoint=0x36F).filter(unicodedata.combining)
SEPARATORS = st.sampled_from([" ", "-", "  ", " - ", "_", "\t", "--"])


@st.composite
def variants(draw: st.DrawFn, key: str) -> str:
    """``key`` in random case, with accents, other separators and extra spaces: text
    that normalises as ``key`` does."""
    out = []
    for char in key:
        if char in " -":
            out.append(draw(SEPARATORS))
            continue
        cased = char.upper() if draw(st.booleans()) else char.lower()
        # A case that is another letter once normalised (the dotless i, U+0131, is I in
        # upper case) is no variant of the key: the character is kept as it is.
        out.append(cased if normalize(cased) == normalize(char) else char)
        if char.isalpha() and draw(st.booleans()):
            out.append(draw(COMBINING))
    pad = st.sampled_from(["", " ", "  ", "\n", "\u00a0"])
    return draw(pad) + "".join(out) + draw(pad)


def test_the_bundled_data_has_keys_to_test() -> None:
    assert len(DATA) == 47
    assert len(KEYS) > len(DATA)
    assert {type(r) for _, r in KEYS} == set(itu_tcb.models.RECORD_TYPES.values())


@pytest.mark.parametrize(("key", "record"), KEYS, ids=[k for k, _ in KEYS])
def test_every_key_resolves_exactly(key: str, record: itu_tcb.Record) -> None:
    assert DATA.get(key) is record
    assert DATA.lookup(key) is record
    assert key in DATA


@given(st.sampled_from(KEYS).flatmap(lambda kr: st.tuples(variants(kr[0]), st.just(kr[1]))))
def test_every_key_resolves_under_case_accent_and_spacing_variants(
    pair: tuple[str, itu_tcb.Record],
) -> None:
    variant, record = pair
    assert DATA.get(variant) is record
    assert DATA.lookup(variant) is record


@pytest.mark.parametrize(
    ("key", "record_id"),
    [
        ("itu d", "itu-d"),
        ("ITU-D", "itu-d"),
        ("Telecommunication Development Sector", "itu-d"),
        ("Radiocommunication Sector", "itu-r"),
        ("GSR", "global-symposium-for-regulators"),
        ("Global Industry Leaders' Forum", "global-industry-leaders-forum"),
        ("ITU e-learning centre", "itu-e-learning-centre"),
        ("ITU eLearning Centre", "itu-e-learning-centre"),
        ("the  itú   d", "itu-d"),
    ],
)
def test_documented_lookups(key: str, record_id: str) -> None:
    assert DATA.lookup(key).id == record_id


def test_get_returns_the_default_when_nothing_answers() -> None:
    marker = object()
    assert DATA.get("no such record") is None
    assert DATA.get("no such record", marker) is marker
    assert DATA.get("itu", marker) is DATA.agencies[0]


def test_not_found_names_the_closest_matches() -> None:
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        DATA.lookup("ITU-X")
    error = caught.value
    assert isinstance(error, KeyError)
    assert isinstance(error, LookupError)
    assert error.key == "ITU-X"
    assert error.suggestions
    assert all(s.startswith("ITU") for s in error.suggestions)
    assert str(error) == (
        "no record matches 'ITU-X'; closest: " + ", ".join(repr(s) for s in error.suggestions)
    )


def test_not_found_without_close_matches_says_so() -> None:
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        DATA.lookup("qqqqzzzz")
    assert caught.value.suggestions == ()
    assert str(caught.value) == "no record matches 'qqqqzzzz'"


@given(st.one_of(ANY_TEXT, st.text(string.printable), st.sampled_from([k for k, _ in KEYS])))
def test_random_text_gives_a_record_none_or_not_found(text: str) -> None:
    if not normalize(text):  # no letter or digit: the one rule for an empty key
        for method in (DATA.get, DATA.lookup, DATA.search):
            with pytest.raises(ValueError, match="is empty: give at least one letter or digit"):
                method(text)
        return
    found = DATA.get(text)
    assert found is None or found in set(DATA)
    if found is not None:
        assert DATA.lookup(text) is found
        return
    with pytest.raises(itu_tcb.NotFoundError) as caught:
        DATA.lookup(text)
    error = caught.value
    # The message quotes the key, cut to a bounded length.
    assert quote(text) in str(error)
    assert set(error.suggestions) <= {r.title for r in DATA}
    assert all(repr(s) in str(error) for s in error.suggestions)


@given(st.text(string.punctuation + string.whitespace + "\u2019\u00a0"))
def test_empty_or_punctuation_only_search_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="give at least one letter or digit"):
        DATA.search(text)


@pytest.mark.parametrize("key", [None, 1, 2.5, b"itu", ["itu"], ("itu",), object()])
def test_non_string_keys_are_type_errors_with_a_message(key: object) -> None:
    name = type(key).__name__
    with pytest.raises(TypeError, match=f"key must be a string, not {name}"):
        DATA.get(key)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"key must be a string, not {name}"):
        DATA.lookup(key)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"search text must be a string, not {name}"):
        DATA.search(key)  # type: ignore[arg-type]
    assert key not in DATA


@pytest.mark.parametrize(("limit", "error"), [(0, ValueError), (-1, ValueError), (True, TypeError)])
def test_search_limit_must_be_a_positive_integer(limit: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="limit must be"):
        DATA.search("itu", limit)  # type: ignore[arg-type]


@pytest.mark.slow
@given(its.datasets(), st.data())
def test_every_key_of_a_generated_dataset_resolves(
    dataset: itu_tcb.Dataset, data: st.DataObject
) -> None:
    for record in dataset:
        for key in answers_to(record):
            assert dataset.lookup(key) is record
        key = data.draw(st.sampled_from(answers_to(record)))
        assert dataset.search(key)[0].record is record if any(c.isalnum() for c in key) else True


def test_get_and_search_agree_on_space_free_keys(data: itu_tcb.Dataset) -> None:
    for key in ("itud", "ITU eLearning Centre", "internettrainingcentresinitiative"):
        found = data.get(key)
        assert found is not None
        top = data.search(key)[0]
        assert (top.record, top.score) == (found, 1.0)


# ----------------------------------------------------------- search input


@pytest.mark.parametrize("text", ["\u02bc", " \u02bc\u02bc ", "\u02bc-\u02bc", "'\u02bc"])
def test_search_text_that_normalises_to_nothing_is_a_value_error(
    data: itu_tcb.Dataset, text: str
) -> None:
    assert normalize(text) == ""
    with pytest.raises(ValueError, match="search text is empty: give at least one letter or digit"):
        data.search(text)


def test_search_still_answers_text_with_something_left(data: itu_tcb.Dataset) -> None:
    # U+02BC counts as a letter for str.isalnum, but it is an apostrophe to the index.
    assert "\u02bc".isalnum()
    assert data.search("ITU\u02bcs")[0].record.id == "itu"
    # And the other way round: no character here is alphanumeric, yet it folds to one.
    assert not "\u322a".isalnum()
    assert normalize("\u322a") == "\u6708"
    assert isinstance(data.search("\u322a"), list)


# ---------------------------------------- several agencies: never a guess


@pytest.mark.parametrize(
    ("name", "ours", "theirs"),
    [
        (GENERIC[0], "itu-tcb-programme", "fpca-programme"),
        (GENERIC[1], "itu-organization-cooperation", "fpca-cooperation"),
        (GENERIC[2], "workshops-and-seminars", "fpca-workshops"),
        ("Events and training", "group-1", "fpca-group-1"),
    ],
)
def test_a_shared_name_lists_every_candidate_with_its_agency(
    name: str, ours: str, theirs: str
) -> None:
    for look in (MERGED.lookup, MERGED.get):
        with pytest.raises(AmbiguousKeyError) as caught:
            look(name)
        assert candidates(caught) == {(ours, "itu"), (theirs, "fpca")}
        message = str(caught.value)
        assert f"{ours!r} of agency 'itu'" in message
        assert f"{theirs!r} of agency 'fpca'" in message
    assert name in MERGED
    assert MERGED.lookup(name, agency="itu").id == ours
    assert MERGED.lookup(name, agency=MERGED.lookup("FPCA")).id == theirs  # type: ignore[arg-type]
    assert MERGED.get(name.upper(), agency="fpca").id == theirs  # type: ignore[union-attr]
    # Search lists both, each as an exact match.
    found = [(m.record.id, m.score) for m in MERGED.search(name)]
    assert found[:2] == [(ours, 1.0), (theirs, 1.0)]
    assert MERGED.search(name, agency="fpca")[0].record.id == theirs
    assert all(MERGED.agency_id_of(m.record) == "fpca" for m in MERGED.search(name, agency="fpca"))


def test_a_scoped_lookup_finds_nothing_outside_its_agency() -> None:
    assert MERGED.get("ITU-D", agency="fpca") is None
    assert MERGED.get("ITU-D", "none", agency="fpca") == "none"
    with pytest.raises(NotFoundError):
        MERGED.lookup("ITU-D", agency="fpca")
    assert MERGED.lookup("ITU-D", agency="itu").id == "itu-d"


def test_the_agency_of_a_scope_must_be_an_agency_of_the_dataset() -> None:
    with pytest.raises(NotFoundError) as caught:
        MERGED.lookup("anything", agency="fcpa")
    assert str(caught.value) == "no agency matches 'fcpa'; closest: 'fpca'"
    assert caught.value.what == "agency"
    with pytest.raises(NotFoundError):
        MERGED.lookup("anything", agency="itu-d")  # a sector, not an agency
    with pytest.raises(NotFoundError):
        DATA.search("workshops", agency=MERGED.lookup("fpca"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="agency must be an Agency or its id"):
        MERGED.lookup("ITU", agency=3)  # type: ignore[arg-type]
    error = pickle.loads(pickle.dumps(caught.value))
    assert (error.what, str(error)) == ("agency", str(caught.value))


@pytest.mark.slow
@given(its.datasets())
def test_a_copy_under_other_agencies_merges_and_its_keys_list_both_records(
    dataset: itu_tcb.Dataset,
) -> None:
    doc, prefix = copy_of(dataset)
    merged = itu_tcb.merge(dataset, doc)  # no error: only agencies share a scope
    assert len(merged) == 2 * len(dataset)
    agency_paths = {f"$.agencies[{i}]" for i in range(len(dataset.agencies))}
    for warning in merged.warnings:
        if warning.kind is not ProblemKind.AMBIGUOUS:
            continue
        if warning.path.rsplit(".", 1)[0].split("[")[0] == "$.agencies":
            assert any(warning.path.startswith(p) for p in agency_paths)
        else:  # a key of the copy that answered one record before it came
            assert warning.message.endswith("lists both records"), warning
    for record in dataset:
        scope = dataset.agency_id_of(record)
        for key in keys_of(record)[:-1]:  # its names, not its id
            with pytest.raises(AmbiguousKeyError) as caught:
                merged.lookup(key.text)
            assert candidates(caught) == {
                (record.id, scope),
                (prefix + record.id, prefix + scope),
            }
            assert merged.lookup(key.text, agency=scope) == record
            assert merged.lookup(key.text, agency=prefix + scope).id == prefix + record.id
        assert merged.lookup(record.id) == record


def _answer(ask: Any, text: str) -> Any:
    """What a lookup answers: the record, or the error's class and message."""
    try:
        return ask(text)
    except (AmbiguousKeyError, itu_tcb.NotFoundError) as error:
        return type(error), str(error)


@pytest.mark.slow
@given(its.datasets(), st.data())
def test_lookup_and_get_answer_every_key_as_the_full_path_does(
    dataset: itu_tcb.Dataset, data: st.DataObject
) -> None:
    """``lookup`` and ``get`` take a cheap path first (the key resolves to one
    record); they answer as the full path, ``_find``, does: by id first, then the
    one record of a key, else ambiguous, else not found (``get``: ``None``)."""
    doc, _ = copy_of(dataset)
    merged = itu_tcb.merge(dataset, doc)  # every name shared by two agencies' records
    for record in merged:
        for key in keys_of(record):
            text = data.draw(
                st.sampled_from([key.text, key.text.upper(), f" {key.text} ", key.text + "x"])
            )
            full = _answer(lambda t: merged._find(t, None, None, {}), text)
            assert _answer(merged.get, text) == full
            if full is None:
                assert _answer(merged.lookup, text)[0] is itu_tcb.NotFoundError
            else:
                assert _answer(merged.lookup, text) == full


# ---------------------------------------------------- an id names its record


@settings(deadline=None)
@given(data=st.data())
def test_an_id_names_its_record_whatever_other_records_are_called(data: st.DataObject) -> None:
    """A record's id, exactly as written, names it, even when a record of another
    agency takes that id as its alias (ids are unique; keys are scoped per agency)."""
    bundled = itu_tcb.load()
    target = data.draw(st.sampled_from([r for r in bundled if not isinstance(r, itu_tcb.Agency)]))
    profile = {
        "schema_version": "1.0",
        "metadata": {
            "title": "Fictional profile",
            "data_version": "0.1",
            "source": {"title": "An invented page", "publisher": "Nobody"},
            "citation": "Invented.",
        },
        "agencies": [{"id": "fpca", "name": "Fictional Postal Cooperation Agency"}],
        "categories": [{"id": "fpca-group-1", "agency": "fpca", "heading": "Courses"}],
        "activities": [
            {
                "id": "fpca-a",
                "name": "A fictional course",
                "aliases": [target.id],
                "category": "fpca-group-1",
            }
        ],
    }
    both = itu_tcb.merge(bundled, profile)
    assert both.lookup(target.id) == target
    assert both.get(target.id) == target
    assert both.lookup(target.id, agency="itu") == target
    # Within the other agency, the id is not that agency's record: its alias answers.
    assert both.lookup(target.id, agency="fpca").id == "fpca-a"
    # Text output resolves references by id: it renders, and names the target.
    assert "fpca" not in _text.summary(bundled)
    text = _text.summary(both, width=1000)
    assert "Fictional Postal Cooperation Agency" in text
    for record in both:
        _text.detail(both, record, width=1000)  # no AmbiguousKeyError from a reference


@settings(deadline=None)
@given(data=st.data())
def test_a_scope_names_its_agency_by_id_acronym_or_name(data: st.DataObject) -> None:
    bundled = itu_tcb.load()
    record = data.draw(st.sampled_from(list(bundled)))
    agency = bundled.lookup(bundled.agency_id_of(record))
    assert isinstance(agency, itu_tcb.Agency)
    by_id = bundled.lookup(record.id, agency=agency.id)
    for key in (agency.acronym, agency.name):
        if key is not None:
            assert bundled.lookup(record.id, agency=key) == by_id
    # An agency record the dataset does not hold (an equal id is not enough) is refused.
    stranger = attrs.evolve(agency, description="A different record with the same id.")
    with pytest.raises(NotFoundError, match="does not hold"):
        bundled.lookup(record.id, agency=stranger)
    with pytest.raises(NotFoundError, match="does not hold"):
        bundled.agency_id_of(stranger)


def test_a_lookup_within_an_agency_says_which_agency_has_the_key() -> None:
    with pytest.raises(NotFoundError) as caught:
        MERGED.lookup("GSR", agency="fpca")
    error = caught.value
    assert (error.scope, error.elsewhere) == ("fpca", ("itu",))
    assert str(error).startswith("no record of agency 'fpca' matches 'GSR' (a record of")
    assert pickle.loads(pickle.dumps(error)).elsewhere == ("itu",)
    with pytest.raises(NotFoundError, match=r"^no record of agency 'fpca' matches 'zzz'$"):
        MERGED.lookup("zzz", agency="fpca")
    with pytest.raises(NotFoundError, match=r"^no record matches 'zzz'$"):
        MERGED.lookup("zzz")


@given(its.datasets(max_records=2))
def test_every_key_of_one_agency_is_not_found_within_another_and_says_whose(
    dataset: itu_tcb.Dataset,
) -> None:
    copied, prefix = copy_of(dataset)
    merged = itu_tcb.merge(dataset, copied)
    first = dataset.agencies[0]
    other = f"{prefix}{first.id}"
    for record in dataset:
        if dataset.agency_id_of(record) != first.id:
            continue
        with pytest.raises(NotFoundError) as caught:
            merged.lookup(record.id, agency=other)  # ids are unique: only the original has it
        assert caught.value.elsewhere == (first.id,)
        assert f"agency {other!r}" in str(caught.value)


def test_a_record_class_as_kind_types_the_result() -> None:
    """The annotations are checked by mypy, which runs over the tests: with a class as
    ``kind`` a lookup gives that class, a get that class or its default."""
    sector: itu_tcb.Sector = DATA.lookup("itu d", kind=itu_tcb.Sector)
    found: itu_tcb.Sector | None = DATA.get("ITU-D", kind=itu_tcb.Sector)
    fallback: itu_tcb.Sector | int = DATA.get("no such key", 0, kind=itu_tcb.Sector)
    record: itu_tcb.Record = DATA.lookup("ITU-D")
    matches: list[itu_tcb.Match[itu_tcb.Sector]] = DATA.search("ITU-D", kind=itu_tcb.Sector)
    assert sector is found is record is matches[0].record
    assert fallback == 0


# ---------------------------------------------------------------- by field


@given(st.one_of(st.just(MERGED), its.datasets()), st.data())
def test_a_lookup_by_field_answers_the_records_whose_field_holds_the_key(
    data: itu_tcb.Dataset, draw: st.DataObject
) -> None:
    """``get(field=value)`` is the one record whose ``field`` (or an item of it)
    normalises as ``value`` does, in a variant of case and spacing; several such
    records (the merged data shares the guide's generic names) are an
    AmbiguousKeyError listing them all."""
    fields = [(key, record) for record in data for key in keys_of(record) if key.path[0] != "id"]
    if not fields:
        return
    key, record = draw.draw(st.sampled_from(fields))
    field = str(key.path[0])
    asked = draw.draw(variants(key.text))
    owners = [
        other
        for other in data
        for theirs in keys_of(other)
        if theirs.path[0] == field and theirs.claim == key.claim
    ]
    owners = list(dict.fromkeys(owners))
    assert record in owners
    if len(owners) == 1:
        assert data.get(**{field: asked}) is record
        assert data.lookup(**{field: asked}, kind=type(record)) is record
        assert data.get(record.id, **{field: asked}) is record
        return
    with pytest.raises(AmbiguousKeyError) as caught:
        data.get(**{field: asked})
    assert {candidate for candidate, _ in caught.value.candidates} == set(owners)


@pytest.mark.parametrize("value", [None, 5, 2.5, b"ITU-D", ["ITU-D"], object()])
@pytest.mark.parametrize("key", [None, "itu", "no such key"])
def test_a_field_value_that_is_not_a_string_is_a_type_error_naming_the_field(
    value: object, key: str | None
) -> None:
    """Whether or not a key is given too, and whether or not it answers."""
    name = type(value).__name__
    for method in (DATA.get, DATA.lookup):
        with pytest.raises(TypeError, match=f"^code must be a string, not {name}$"):
            method(key, code=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", [None, "itu"])
def test_an_empty_field_value_or_an_unknown_field_is_refused(key: str | None) -> None:
    with pytest.raises(ValueError, match="code is empty"):
        DATA.get(key, code=" - ")
    with pytest.raises(TypeError, match="no lookup by 'colour'; look up by a key field: "):
        DATA.lookup(key, colour="red")


@pytest.mark.parametrize("name", GENERIC)
def test_a_shared_name_asked_by_field_lists_both_agencies_and_a_scope_chooses(name: str) -> None:
    with pytest.raises(AmbiguousKeyError) as caught:
        MERGED.get(name=name.lower())
    assert {agency for _, agency in candidates(caught)} == {"itu", "fpca"}
    assert MERGED.agency_id_of(MERGED.lookup(name=name, agency="fpca")) == "fpca"


def test_a_lookup_by_key_and_field_that_finds_nothing_names_both() -> None:
    with pytest.raises(NotFoundError) as caught:
        DATA.lookup("ITU-D", code="ITU-R")
    assert str(caught.value).startswith("""no record matches "'ITU-D' with code='ITU-R'"; """)
    assert DATA.get("ITU-D", code="ITU-R") is None
    assert DATA.lookup("ITU-D", code="ITU-D") is DATA.lookup("ITU-D")


@pytest.mark.parametrize("name", GENERIC)
def test_an_ambiguous_lookup_by_key_and_field_names_both(name: str) -> None:
    """The lookup as asked, quoted (and so cut) as one value."""
    with pytest.raises(AmbiguousKeyError) as caught:
        MERGED.get(name, name=name)
    assert str(caught.value).startswith(f"{quote(f'{name!r} with name={name!r}')} names 2 ")


# ---------------------------------------------------------- bounded messages

LONG_LOOKUPS: dict[str, Any] = {
    "a key": lambda: DATA.lookup(LONG),
    "a key and a field": lambda: DATA.lookup(LONG, code=LONG),
    "a field value": lambda: DATA.lookup(code=LONG),
    "a field name": lambda: DATA.get(**{LONG: "itu"}),
    "an agency": lambda: DATA.lookup("itu", agency=LONG),
    "a kind": lambda: DATA.get("itu", kind=LONG),
}


@pytest.mark.parametrize("lookup", LONG_LOOKUPS.values(), ids=list(LONG_LOOKUPS))
def test_a_very_long_value_in_a_lookup_gets_a_bounded_message(lookup: Any) -> None:
    with pytest.raises((LookupError, TypeError, ValueError)) as caught:
        lookup()
    assert_bounded(str(caught.value))
