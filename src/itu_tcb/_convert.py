"""The one strict cattrs converter, its structure hooks, and its errors as problems.

cattrs coerces by default (``1`` to ``"1"``). Here every primitive must already have
its JSON type, extra keys are errors, and each field's rule (:mod:`._rules`) is
checked where the field is read, so a broken value keeps its path. Each model class
gets one hook, made from its field declarations, the same for one record and for
100,000: a function compiled for the class tests each field inline (its JSON type,
then :meth:`~._rules.Rule.fast`) and builds the record slot by slot; at the first
value not of that plainest valid form it hands the object to its second part, which
reads every field through the converter's hooks and collects every problem (cattrs'
``ClassValidationError``). The input is parsed JSON that :mod:`._json` has checked.
"""

from __future__ import annotations

import contextvars
import enum
import typing
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._fields import FieldSpec, specs
from ._json import PRIMITIVES, Invalid, as_text, mismatch
from ._rules import Rule, cut, quote
from .models import Record
from .report import Problem, ProblemKind, format_path

__all__ = ["CONVERTER", "Hook", "Path", "problems_of", "record_dict", "unknown_field"]

Hook = Callable[..., Any]
Path = tuple[str | int, ...]
_SCALARS = ("str", "int", "bool")

_MISSING = object()
#: What the function of a field's value gives for a value it refuses (see ``_value``).
_REFUSED = object()


def _enum_hook(cls: type[enum.Enum]) -> Hook:
    allowed = tuple(member.value for member in cls)
    listing = ", ".join(repr(v) for v in allowed)

    def hook(value: Any, _: Any = None) -> Any:
        if type(value) is str and value in allowed:
            return cls(value)
        as_text(value)  # else its problem as a string
        import difflib  # only for a bad document: not paid by a good one

        close = difflib.get_close_matches(value, allowed, n=1)
        raise Invalid(
            ProblemKind.ENUM,
            f"{quote(value)} is not one of {listing}",
            f"did you mean {close[0]!r}?" if close else None,
        )

    return hook


def _primitive(check: Callable[[Any], Any]) -> Hook:
    def hook(value: Any, _: Any = None) -> Any:
        return check(value)

    return hook


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def _is_variadic_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _noted(exc: Exception, note: str | AttributeValidationNote | IterableValidationNote) -> None:
    """``exc.add_note``, which Python 3.10 lacks; cattrs reads ``__notes__``."""
    setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010


def _ruled(read: Hook, rule: Rule | None) -> Hook:
    """A field's reader: its type's hook, then its rule (if it has one)."""
    if rule is None:
        return read

    def hook(value: Any, target: Any) -> Any:
        result = read(value, target)
        if result is not None:  # an optional field left empty has no rule to follow
            message = rule.check(result)
            if message is not None:
                raise Invalid(ProblemKind.VALUE, message)
        return result

    return hook


class _Strict(cattrs.Converter):
    def __init__(self) -> None:
        super().__init__(forbid_extra_keys=True, detailed_validation=True)
        for python_type, check in PRIMITIVES.items():
            self.register_structure_hook(python_type, _primitive(check))
        self.register_structure_hook_factory(_is_enum, _enum_hook)
        self.register_structure_hook_factory(_is_variadic_tuple, self._tuple_hook)
        self.register_structure_hook_factory(attrs.has, self._record_hook)
        # Enums out as their values, so JSON and pandas get plain strings.
        self.register_unstructure_hook_factory(_is_enum, lambda _: lambda member: member.value)

    def _tuple_hook(self, tuple_type: Any) -> Hook:
        item_type = typing.get_args(tuple_type)[0]
        item_hook = self.get_structure_hook(item_type)

        def hook(value: Any, _: Any = None) -> tuple[Any, ...]:
            if type(value) is not list:
                raise mismatch(value, "a list")
            out = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    out.append(item_hook(item, item_type))
                except Exception as exc:  # noqa: BLE001 - every failure is collected
                    _noted(exc, IterableValidationNote(f"@ index {index}", index, item_type))
                    errors.append(exc)
            if errors:
                raise IterableValidationError("while structuring a list", errors, tuple_type)
            return tuple(out)

        return hook

    def _record_hook(self, cls: type) -> Hook:
        fields = specs(cls)
        readers = [(s, _ruled(self.get_structure_hook(s.annotation), s.rule)) for s in fields]
        # Each slot's ``__set__``: what attrs' own ``__init__`` sets a frozen field with.
        setters = [getattr(cls, spec.name).__set__ for spec in fields]
        names = frozenset(spec.name for spec in fields)

        def thorough(value: Any) -> Any:
            """The second part of the hook: every field through the converter's hooks,
            then a ``ClassValidationError`` of every problem, or the record."""
            if type(value) is not dict:
                raise mismatch(value, f"an object ({cls.__name__})")
            values = []
            errors: list[Exception] = []
            for spec, read in readers:
                given = value.get(spec.name, _MISSING)
                if given is _MISSING and not spec.required:
                    values.append(spec.default)
                    continue
                try:
                    if given is _MISSING:
                        raise KeyError(spec.name)
                    values.append(read(given, spec.annotation))
                except Exception as exc:  # noqa: BLE001 - every failure is collected
                    note = f"Structuring class {cls.__name__} @ attribute {spec.name}"
                    _noted(exc, AttributeValidationNote(note, spec.name, spec.annotation))
                    errors.append(exc)
            extra = value.keys() - names
            if extra:
                errors.append(ForbiddenExtraKeysError("", cls, set(extra)))
            if errors:
                raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
            record: Any = object.__new__(cls)
            for setter, field_value in zip(setters, values, strict=True):
                setter(record, field_value)
            return record

        return _write(cls, fields, setters, thorough, self.get_structure_hook)


#: For the document being structured, the objects its parse shared (by ``id``; the
#: parse keeps them alive, so each ``id`` stays its own), each with the value built
#: of it once it is, else ``None`` (see ``_json._Parser.shared``).
SHARED: contextvars.ContextVar[dict[int, Any] | None] = contextvars.ContextVar(
    "itu_tcb_shared", default=None
)


def _write(
    cls: type,
    fields: Sequence[FieldSpec],
    setters: Sequence[Callable[[Any, Any], None]],
    read: Callable[[Any], Any],
    hook_of: Callable[[Any], Hook],
) -> Hook:
    """The first part of a record's hook, a function compiled for ``cls``: each field
    read and tested inline; a value not of the plainest valid form goes to ``read``."""
    names: dict[str, Any] = {"M": _MISSING, "R": _REFUSED, "read": read, "cls": cls}

    def bind(value: Any) -> str:
        name = f"n{len(names)}"
        names[name] = value
        return name

    # What the parse shared (see ``SHARED``) is built once per document.
    once = not issubclass(cls, Record) and any(s.shape.kind == "tuple" for s in fields)
    out = ["def structure(o, _=None):"]
    if once:
        out += [f" memo = {bind(SHARED.get)}()", " r = memo.get(id(o)) if memo else None"]
        out += [" if r is not None:", "  return r"]
    keys = bind(frozenset(spec.name for spec in fields))
    out += [f" if type(o) is not dict or not {keys}.issuperset(o):", "  return read(o)"]
    for number, spec in enumerate(fields):
        out += [" " + line for line in _field(spec, f"v{number}", bind, hook_of)]
    out.append(f" r = {bind(object.__new__)}(cls)")
    out += [f" {bind(setter)}(r, v{n})" for n, setter in enumerate(setters)]
    if once:
        out += [" if memo and id(o) in memo:", "  memo[id(o)] = r"]
    out.append(" return r")
    text = "\n".join(out) + "\n"
    exec(compile(text, f"<itu_tcb structure {cls.__qualname__}>", "exec"), names)
    made: Hook = names["structure"]
    made.thorough = read  # type: ignore[attr-defined]  # the second part alone
    return made


def _field(
    spec: FieldSpec, v: str, bind: Callable[[Any], str], hook_of: Callable[[Any], Hook]
) -> list[str]:
    """Statements that leave in ``v`` the value of a field made of ``o``'s, or hand
    ``o`` on: a scalar tested inline, any other value by a function made for it that
    gives ``R`` for a value it refuses."""
    shape, rule = spec.shape, spec.rule

    def refused(given: str) -> str:  # the test of the value ``given`` (it sets ``v``)
        if shape.kind not in _SCALARS:
            return f"({v} := {bind(_value(spec, hook_of))}({given})) is R"
        test = f"type({given}) is not {bind(shape.type)}"
        return test if rule is None else f"{test} or not {bind(rule.fast)}({v})"

    if spec.required and not shape.optional:  # the test refuses M, a missing value
        get = f"o.get({spec.name!r}, M)"
        return [f"if {refused(f'({v} := {get})' if shape.kind in _SCALARS else get)}:", REFUSE]
    if spec.default is None and shape.optional:  # missing and null are the same value
        return [f"if ({v} := o.get({spec.name!r})) is not None and ({refused(v)}):", REFUSE]
    test = f"{v} is not None and ({refused(v)})" if shape.optional else refused(v)
    missing = REFUSE.strip() if spec.required else f"{v} = {bind(spec.default)}"
    return [f"if ({v} := o.get({spec.name!r}, M)) is M:", f" {missing}", f"elif {test}:", REFUSE]


#: The statement that hands the object to the thorough reading.
REFUSE = " return read(o)"


def _value(spec: FieldSpec, hook_of: Callable[[Any], Hook]) -> Callable[[Any], Any]:
    """The function that makes a field's value (an enum member, a record, a tuple) of
    its plainest valid form, else gives ``_REFUSED`` (``M``, a missing value, too)."""
    shape, rule = spec.shape, spec.rule
    if shape.kind == "enum":
        members = {m.value: m for m in shape.type if type(m.value) is str}
        return lambda value: members.get(value, _REFUSED) if type(value) is str else _REFUSED
    if shape.kind == "record":
        return _refusing(hook_of(shape.type))
    item = shape.item
    assert item is not None
    if item.kind == "record":
        each = hook_of(item.type)
        return _refusing(lambda value: tuple(map(each, value)), list)
    if item.kind in _SCALARS and not item.optional:
        item_type, fast = item.type, None if rule is None else rule.fast

        def plain(value: Any) -> Any:
            if type(value) is not list:
                return _REFUSED
            if not value:
                return ()
            if any(type(x) is not item_type for x in value) or not (fast is None or fast(value)):
                return _REFUSED
            return tuple(value)

        return plain
    return lambda value: _REFUSED  # pragma: no cover - no model has such a field


def _refusing(make: Callable[[Any], Any], kind: type = dict) -> Callable[[Any], Any]:
    """``make``, for a value of type ``kind``; ``_REFUSED`` for any other, or when
    ``make`` fails."""

    def made(value: Any) -> Any:
        if type(value) is not kind:
            return _REFUSED
        try:
            return make(value)
        except Exception:  # noqa: BLE001 - the thorough reading says why
            return _REFUSED

    return made


CONVERTER = _Strict()


def record_dict(record: Any) -> dict[str, Any]:
    """A record (or value) in the document format: plain dicts, lists and strings."""
    result: dict[str, Any] = CONVERTER.unstructure(record)
    return result


def problems_of(exc: Exception, path: Path) -> list[Problem]:
    """Flatten a cattrs error tree into problems, each with its JSON path."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        out: list[Problem] = []
        noted, plain = exc.group_exceptions()
        for sub, note in noted:
            step: str | int = note.name if isinstance(note, AttributeValidationNote) else note.index
            out.extend(problems_of(sub, (*path, step)))
        for sub in plain:
            out.extend(problems_of(sub, path))
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        known = tuple(f.name for f in attrs.fields(exc.cl))
        return [unknown_field(path, key, known) for key in sorted(exc.extra_fields, key=repr)]
    if isinstance(exc, Invalid):
        found = [] if exc.reported else [(exc.message, exc.kind, exc.hint)]
    elif isinstance(exc, KeyError):
        found = [("required field is missing", ProblemKind.MISSING, None)]
    else:
        found = [(str(exc), ProblemKind.VALUE, None)]
    where = format_path(path)
    return [Problem(path=where, message=m, kind=kind, hint=hint) for m, kind, hint in found]


def unknown_field(path: Path, key: str, known: tuple[str, ...]) -> Problem:
    """A problem for a key the format does not have, with a "did you mean" hint."""
    import difflib  # only for a bad document: not paid by a good one

    close = difflib.get_close_matches(key, known, n=1)
    return Problem(
        path=format_path((*path, cut(key))),  # a long key cut, as a message quotes it
        message=f"unknown field {quote(key)}",
        kind=ProblemKind.UNKNOWN_FIELD,
        hint=f"did you mean {close[0]!r}?" if close else "remove it; the format has no such field",
    )
