"""Field declarations (``itu_tcb._fields``): the checks of records built in Python
(types first, then each field's rule, every failure at once), the same as the
loader's, and the declarations read back (shapes, the field tables of the docs)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itu_tcb
from helpers import BUNDLED, DATA, LONG, any_model, assert_bounded
from itu_tcb import strategies as its
from itu_tcb._fields import shape_of
from tools import fielddocs as _fielddocs

# ------------------------------------------------------------------ rules


def sector(**changes: Any) -> itu_tcb.Sector:
    fields: dict[str, Any] = {"id": "s", "code": "S", "name": "Sector", "agency": "a"}
    return itu_tcb.Sector(**{**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"id": "Not A Slug"}, "id", "not an id"),
        ({"id": "a--b"}, "id", "not an id"),
        ({"id": "-a"}, "id", "not an id"),
        ({"name": ""}, "name", "empty"),
        ({"name": "   "}, "name", "empty"),
        ({"name": " padded"}, "name", "whitespace"),
        ({"description": "trailing\n"}, "description", "whitespace"),
        ({"aliases": ("ok", "")}, "aliases", "item 1"),
        ({"aliases": ("twice", "twice")}, "aliases", "listed twice"),
        ({"agency": "UPPER"}, "agency", "not an id"),
    ],
)
def test_field_rules_reject_bad_values(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        sector(**changes)
    assert caught.value.kind == "Sector"
    assert [name for name, _ in caught.value.problems] == [field]
    assert words in caught.value.problems[0][1]
    assert str(caught.value).startswith(f"invalid Sector: {field}: ")
    assert isinstance(caught.value, ValueError)


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        sector(id="BAD", code="", name=" x", agency="?")
    assert [name for name, _ in caught.value.problems] == ["id", "code", "name", "agency"]


@pytest.mark.parametrize(
    ("partners", "words"),
    [(("a", "B"), "item 1"), (("a", "a"), "listed twice")],
)
def test_reference_lists_must_be_distinct_slugs(partners: tuple[str, ...], words: str) -> None:
    with pytest.raises(itu_tcb.RecordError, match=words):
        itu_tcb.Partnership(
            id="p",
            name="P",
            partnership_kind=itu_tcb.PartnershipKind.ACADEMIC,
            agency="a",
            partners=partners,
        )


def test_optional_references_must_be_slugs_when_given() -> None:
    assert itu_tcb.Initiative(id="i", name="I", agency="a").programme is None
    with pytest.raises(itu_tcb.RecordError, match="programme"):
        itu_tcb.Initiative(id="i", name="I", agency="a", programme="Not Slug")


@given(st.integers(min_value=-(2**63 - 1), max_value=-1))
def test_counts_are_zero_or_more(value: int) -> None:
    with pytest.raises(itu_tcb.RecordError, match="negative"):
        itu_tcb.Count(value=value)


@given(st.integers(min_value=2**63) | st.integers(max_value=-(2**63)))
def test_counts_beyond_64_bits_are_refused_as_the_loader_refuses_them(value: int) -> None:
    with pytest.raises(itu_tcb.RecordError, match="beyond the 64-bit limit"):
        itu_tcb.Count(value=value)


# ------------------------------------------------------------------ types


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (
            lambda: itu_tcb.Count(value=5, qualifier="nearly"),  # type: ignore[arg-type]
            "qualifier",
            "expected a Qualifier, got str 'nearly' (use Qualifier.NEARLY)",
        ),
        (lambda: itu_tcb.Count(value="5"), "value", "expected an int, got str '5'"),  # type: ignore[arg-type]
        (lambda: itu_tcb.Count(value=True), "value", "expected an int, got bool True"),
        (lambda: sector(aliases="ab"), "aliases", "expected a tuple, got str 'ab'"),
        (lambda: sector(aliases=("a", 3)), "aliases", "item 1: expected a str, got int 3"),
        (lambda: sector(code=1), "code", "expected a str, got int 1"),
        (lambda: sector(code=None), "code", "expected a str, got None"),
        (lambda: sector(description=1.5), "description", "expected a str, got float 1.5"),
        (lambda: sector(source="s"), "source", "expected a SourceRef, got str 's'"),
        (
            lambda: itu_tcb.Agency(id="a", years_active=3),  # type: ignore[arg-type]
            "years_active",
            "expected a Count, got int 3",
        ),
        (
            lambda: itu_tcb.SourceRef(links=({"label": "x"},)),  # type: ignore[arg-type]
            "links",
            "item 0: expected a Link, got dict",
        ),
        (
            lambda: itu_tcb.Partnership(id="p", name="P", partnership_kind="academic", agency="a"),  # type: ignore[arg-type]
            "partnership_kind",
            "expected a PartnershipKind, got str 'academic' (use PartnershipKind.ACADEMIC)",
        ),
    ],
)
def test_fields_of_the_wrong_type_are_record_errors(build: Any, field: str, message: str) -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        build()
    assert caught.value.problems[0] == (field, message)


def test_a_flag_must_be_true_or_false_not_a_number() -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        itu_tcb.Partnership(
            id="p",
            name="P",
            partnership_kind=itu_tcb.PartnershipKind.ACADEMIC,
            agency="a",
            open_ended=1,  # type: ignore[arg-type]
        )
    assert caught.value.problems == (("open_ended", "expected a bool, got int 1"),)


def test_a_field_of_the_wrong_type_skips_its_rule_and_others_are_still_checked() -> None:
    with pytest.raises(itu_tcb.RecordError) as caught:
        sector(id=7, aliases=["twice", "twice"], name=" padded")
    assert caught.value.problems == (
        ("id", "expected a str, got int 7"),
        ("aliases", "'twice' is listed twice"),
        ("name", "' padded' has leading or trailing whitespace"),
    )


@given(any_model)
def test_a_list_where_a_tuple_is_due_is_kept_as_a_tuple(value: Any) -> None:
    lists = {
        f.name: list(getattr(value, f.name))
        for f in attrs.fields(type(value))
        if isinstance(getattr(value, f.name), tuple)
    }
    rebuilt = attrs.evolve(value, **lists)
    assert rebuilt == value
    assert all(type(getattr(rebuilt, name)) is tuple for name in lists)


class _Other:
    """A value of a type that no field holds."""


@given(any_model, st.data())
def test_every_field_of_every_model_checks_its_type(value: Any, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(attrs.fields(type(value))))
    with pytest.raises(itu_tcb.RecordError) as caught:
        attrs.evolve(value, **{field.name: _Other()})
    assert [name for name, _ in caught.value.problems] == [field.name]
    assert caught.value.problems[0][1].endswith(", got _Other")


# ---------------------------------------------- as the loader checks them


any_text = st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zl", "Zp", "L", "Zs"]))
#: Mostly acceptable values, with the hostile ones mixed in.
some_text = st.one_of(its.texts(), st.text(alphabet="ab", min_size=1), any_text)
some_count = st.one_of(st.integers(0, 1000), st.integers())


@settings(deadline=None)
@given(name=some_text, code=some_text, label=some_text, value=some_count)
def test_a_dataset_built_in_python_loads_back_from_its_document(
    name: str, code: str, label: str, value: int
) -> None:
    """Whatever the values: if Python accepts the records, the loader accepts their
    document and gives an equal dataset (no value passes one and fails the other)."""
    meta = itu_tcb.load().metadata
    try:
        dataset = itu_tcb.Dataset(
            metadata=meta,
            agencies=(
                itu_tcb.Agency(
                    id="fictional",
                    name=name,
                    years_active=itu_tcb.Count(value=value),
                    source=itu_tcb.SourceRef(links=(itu_tcb.Link(label=label),)),
                ),
            ),
            sectors=(
                itu_tcb.Sector(id="fictional-s", code=code, name="Sector", agency="fictional"),
            ),
        )
    except (itu_tcb.RecordError, itu_tcb.DataError):
        assume(False)
        raise
    document = dataset.to_document()
    assert itu_tcb.validate(document).valid
    assert itu_tcb.load(json.dumps(document)) == dataset


@given(text=any_text)
def test_python_records_and_the_loader_refuse_the_same_texts(text: str) -> None:
    python: str | None = None
    try:
        itu_tcb.Link(label=text)
    except itu_tcb.RecordError as exc:
        python = exc.problems[0][1]
    doc = copy.deepcopy(BUNDLED)
    doc["agencies"][0]["source"]["links"][0]["label"] = text
    problems = [p for p in itu_tcb.validate(doc).problems if "links" in p.path]
    assert (problems[0].message if problems else None) == python


# --------------------------------------------- the declarations read back


def test_the_docs_field_tables_are_current() -> None:
    path = Path(__file__).parent.parent / "docs" / "fields.md"
    if not path.exists():  # pragma: no cover - a wheel without the docs
        pytest.skip("docs/ is not beside the tests")
    assert path.read_text(encoding="utf-8") == _fielddocs.render(), (
        "docs/fields.md is stale: regenerate it with 'python -m tools.generate'"
    )


def test_an_unknown_type_is_an_error() -> None:
    with pytest.raises(TypeError, match="the format has no values of the type"):
        shape_of(float)


# ---------------------------------------------------------- bounded messages


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", LONG),
        ("name", f"{LONG} "),
        ("code", f"\u200b{LONG}"),
        ("aliases", (LONG, LONG)),
        ("description", LONG.encode()),
    ],
)
def test_a_record_built_with_a_very_long_value_says_so_in_a_bounded_message(
    field: str, value: Any
) -> None:
    """The RecordError of a record built in Python shows the value's start only (a
    value of no text type is named by its type)."""
    with pytest.raises(itu_tcb.RecordError) as caught:
        attrs.evolve(DATA.sectors[0], **{field: value})
    shown = LONG if isinstance(value, str | tuple) else type(value).__name__
    assert_bounded(str(caught.value), shown)
