"""The fast pass: a record built in one step from a parsed object of the plainest
valid form, or refused.

For each class a document is structured into, :func:`builder` writes (once, from
the class's field declarations) a function that takes a parsed JSON object and
either returns exactly the record the strict converter builds from it, or raises
:class:`Refused`. It accepts only:

* an object (a ``dict``) with every required field, and no key but the fields;
* strings without a lone surrogate that the field's rule's pattern matches whole
  (for an ASCII string and a rule that says it is ``printable``, its cheaper test);
* integers within 64 bits and the rule's minimum; booleans; an enum's values;
* lists of such items (as tuples; without repeats where the rule says so), and
  objects that their own class's function accepts.

Anything else is refused, and the caller structures that record with the strict
converter instead (:mod:`itu_tcb._document`), so every problem, its kind, path and
order are the converter's own. This is sound because each test below is the strict
hook's plainest accepting case: a rule's pattern and minimum accept exactly what its
check accepts (a property test for each rule), and a value of exactly its JSON type
is what the type's hook returns unchanged. A property test compares the two ways on
mutated records (``tests/test_fastpass.py``).

The function's text is generated (as attrs and cattrs generate theirs), so a
record costs no Python call per field. It builds the frozen record as attrs'
``__init__`` does, slot by slot, but without the check of records built in Python
(:class:`~itu_tcb._fields.Checked`), whose type and rule tests it has just applied.
Equal small values (flat source references, counts, links) are built once and
shared, as the converter shares them. A class whose declarations it cannot read
that way gets no function (``None``): its records all take the strict way.
"""

from __future__ import annotations

import re
import threading
import types
from collections.abc import Callable
from typing import Any

import attrs

from ._fields import Checked, FieldSpec, Shape, specs
from ._json import INT_LIMIT, has_surrogate
from .models import Record

__all__ = ["Build", "Refused", "builder"]

Build = Callable[[Any], Any]

#: How many distinct small values each class's function keeps for sharing.
_SHARED = 4096


class Refused(Exception):
    """The object is not of the plainest valid form: structure it the strict way."""


class _Unsupported(Exception):
    """A declaration the fast pass does not read (the class then has no function)."""


_MISSING = object()
_built: dict[type, Build | None] = {}
_lock = threading.RLock()  # a class's function makes its fields' classes' first


def builder(cls: type) -> Build | None:
    """The fast pass function of ``cls`` (written on first use), or ``None``."""
    try:
        return _built[cls]
    except KeyError:
        pass
    with _lock:
        if cls not in _built:
            try:
                _built[cls] = _write(cls)
            except _Unsupported:
                _built[cls] = None
        return _built[cls]


class _Writer:
    """The text of one class's function and the names that text reads."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "Refused": Refused,
            "has_surrogate": has_surrogate,
            "MISSING": _MISSING,
        }
        self.lines: list[str] = []

    def name(self, prefix: str, value: Any) -> str:
        """A fresh name that the text reads ``value`` by."""
        found = f"{prefix}{len(self.names)}"
        self.names[found] = value
        return found

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)


def _write(cls: type) -> Build:
    if not (attrs.has(cls) and isinstance(cls, type)):
        raise _Unsupported
    if getattr(cls, "__attrs_post_init__", None) is not Checked.__attrs_post_init__:
        raise _Unsupported  # a class that does more after __init__ than the checks
    if hasattr(cls, "__attrs_pre_init__"):
        raise _Unsupported
    writer = _Writer()
    fields = specs(cls)
    local = [f"v{i}" for i in range(len(fields))]
    writer.add(0, f"def build_{cls.__name__}(o):")
    writer.add(1, "if type(o) is not dict:")
    writer.add(2, "raise Refused")
    writer.add(1, "n = 0")
    for var, spec in zip(local, fields, strict=True):
        _field(writer, spec, var)
    writer.add(1, "if n != len(o):")
    writer.add(2, "raise Refused  # a key that is no field")
    shared = not issubclass(cls, Record) and all(s.shape.kind != "record" for s in fields)
    setters = [_setter(writer, cls, spec.name) for spec in fields]
    new = writer.name("new", object.__new__)
    kind = writer.name("cls", cls)
    build = [f"r = {new}({kind})"] + [f"{s}(r, {v})" for s, v in zip(setters, local, strict=True)]
    if shared:
        # Built once per distinct value: only values whose fields are scalars or
        # empty tuples (each field's type is fixed by its test above, so equal keys
        # mean equal values of the same types).
        cache = writer.name("shared", {})
        empty = [v for v, s in zip(local, fields, strict=True) if s.shape.kind == "tuple"]
        indent = 1
        if empty:
            writer.add(1, f"if {' and '.join(f'not {v}' for v in empty)}:")
            indent = 2
        writer.add(indent, f"key = ({', '.join(local)},)")
        writer.add(indent, f"r = {cache}.get(key)")
        writer.add(indent, "if r is None:")
        for line in build:
            writer.add(indent + 1, line)
        writer.add(indent + 1, f"if len({cache}) < {_SHARED}:")
        writer.add(indent + 2, f"{cache}[key] = r")
        writer.add(indent, "return r")
    if not shared or empty:
        for line in build:
            writer.add(1, line)
        writer.add(1, "return r")
    text = "\n".join(writer.lines) + "\n"
    namespace = dict(writer.names)
    exec(compile(text, f"<itu_tcb fast pass {cls.__qualname__}>", "exec"), namespace)
    made: Build = namespace[f"build_{cls.__name__}"]
    return made


def _setter(writer: _Writer, cls: type, name: str) -> str:
    """The name of the slot descriptor's ``__set__`` for field ``name`` (what attrs'
    ``__init__`` of a frozen slotted class sets the field through)."""
    slot = getattr(cls, name, None)
    if not isinstance(slot, types.MemberDescriptorType):
        raise _Unsupported  # not a slotted class
    return writer.name("set", slot.__set__)


def _field(writer: _Writer, spec: FieldSpec, var: str) -> None:
    """Read field ``spec`` of ``o`` into ``var``: its default when absent (refused
    when required), else its value, tested and made."""
    shape = spec.shape
    writer.add(1, f"{var} = o.get({spec.name!r}, MISSING)")
    writer.add(1, f"if {var} is MISSING:")
    if spec.required:
        writer.add(2, "raise Refused")
    else:
        writer.add(2, f"{var} = {writer.name('default', spec.default)}")
    writer.add(1, "else:")
    writer.add(2, "n += 1")
    indent = 2
    if shape.optional:
        writer.add(2, f"if {var} is not None:")
        indent = 3
    _value(writer, indent, shape, spec.rule, var)


def _value(writer: _Writer, indent: int, shape: Shape, rule: Any, var: str) -> None:
    """Statements that test ``var`` (not ``None``) and leave in it the value made."""
    if shape.kind == "record":
        writer.add(indent, f"{var} = {_nested(writer, shape.type, rule)}({var})")
        return
    if shape.kind == "enum":
        if rule is not None:
            raise _Unsupported
        members = writer.name("members", {m.value: m for m in shape.type if type(m.value) is str})
        writer.add(indent, f"if type({var}) is not str:")
        writer.add(indent + 1, "raise Refused")
        writer.add(indent, f"{var} = {members}.get({var})")
        writer.add(indent, f"if {var} is None:")
        writer.add(indent + 1, "raise Refused")
        return
    if shape.kind == "tuple":
        item = shape.item
        if item is None or item.optional:
            raise _Unsupported
        writer.add(indent, f"if type({var}) is not list:")
        writer.add(indent + 1, "raise Refused")
        if item.kind == "record":
            writer.add(indent, f"{var} = tuple(map({_nested(writer, item.type, rule)}, {var}))")
            return
        each = None if rule is None else rule.item
        if rule is not None and each is None:
            raise _Unsupported
        test = _scalar(writer, item, each, "x")
        writer.add(indent, f"for x in {var}:")
        writer.add(indent + 1, f"if not ({test}):")
        writer.add(indent + 2, "raise Refused")
        if rule is not None and rule.unique:
            writer.add(indent, f"if len(set({var})) != len({var}):")
            writer.add(indent + 1, "raise Refused")
        writer.add(indent, f"{var} = tuple({var})")
        return
    test = _scalar(writer, shape, rule, var)
    writer.add(indent, f"if not ({test}):")
    writer.add(indent + 1, "raise Refused")


def _nested(writer: _Writer, cls: type, rule: Any) -> str:
    """The name of the function of a nested class (a record field has no rule)."""
    made = builder(cls) if rule is None else None
    if made is None:
        raise _Unsupported
    return writer.name("build", made)


def _scalar(writer: _Writer, shape: Shape, rule: Any, var: str) -> str:
    """An expression true when ``var`` is a plain valid string, integer or boolean."""
    if shape.kind == "str":
        if rule is None:
            return f"type({var}) is str and ({var}.isascii() or not has_surrogate({var}))"
        if rule.pattern is None:
            raise _Unsupported
        match = writer.name("match", re.compile(rule.pattern).fullmatch)
        other = f"not has_surrogate({var}) and {match}({var}) is not None"
        if rule.printable:  # ASCII: the rule's cheaper equivalent of its pattern
            plain = f'{var} and {var}.isprintable() and {var}[0] != " " != {var}[-1]'
        else:
            plain = f"{match}({var}) is not None"
        return f"type({var}) is str and (({plain}) if {var}.isascii() else ({other}))"
    if shape.kind == "int":
        low = -INT_LIMIT
        if rule is not None:
            if rule.minimum is None:
                raise _Unsupported
            low = max(low, rule.minimum)
        return f"type({var}) is int and {low} <= {var} <= {INT_LIMIT}"
    if shape.kind == "bool" and rule is None:
        return f"type({var}) is bool"
    raise _Unsupported
