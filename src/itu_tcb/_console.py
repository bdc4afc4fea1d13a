"""The command line's streams: its one-line messages, its output written at once
(whatever the output's encoding can hold) and the failures of writing it.

Messages go to standard error, one line each, whatever names they quote. Output
that the output's encoding cannot hold is escaped (``\\u00e9``), never an error.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import shlex
import sys
from collections.abc import Sequence
from typing import TextIO

import attrs

from .report import Report

PROG = "itu-tcb"


class UsageError(Exception):
    """Bad arguments: reported on one line, exit status 2."""


class Failure(Exception):
    """The command cannot go on (a closed stream, say): one line, exit status 2."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, say)."""


class ReaderGone(BrokenPipeError):
    """The reader of the output went away before it was written; ``status`` is the
    command's own exit status (``validate`` of an invalid file is still 1)."""

    def __init__(self, status: int) -> None:
        super().__init__(errno.EPIPE, "the reader of the output went away")
        self.status = status


def one_line(message: str) -> str:
    """``message`` with every character that is not printable (a newline, a control
    character) written as a backslash escape: one line, whatever names it quotes."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def say(message: str) -> None:
    """One line on standard error, if there is a standard error."""
    if sys.stderr is not None:
        print(one_line(message), file=sys.stderr)


def shown(name: str) -> str:
    """A user's file name in a message: as it is, or quoted with backslash escapes
    (as ``repr`` writes it) when it holds a character that is not printable."""
    return name if name.isprintable() else repr(name)


def shown_report(report: Report) -> Report:
    """``report`` with its documents named by :func:`shown`: one line per problem."""
    problems = tuple(
        attrs.evolve(p, source=shown(p.source)) if p.source else p for p in report.problems
    )
    return attrs.evolve(report, source=shown(report.source), problems=problems)


def positionals(names: Sequence[str]) -> str:
    """File names as a shell reads them back, to end a command: each quoted only when
    it needs to be, after one ``--`` when one would pass for an option (``-w.json``)."""
    quoted = [shlex.quote(name) for name in names]
    return " ".join(["--", *quoted] if any(n.startswith("-") for n in names) else quoted)


def option(flag: str, value: str) -> str:
    """An option and its value as a shell reads them back (``--base=-w.json`` when
    the value would pass for an option)."""
    return f"{flag}{'=' if value.startswith('-') else ' '}{shlex.quote(value)}"


def read_stdin() -> bytes:
    """Standard input's bytes (never text: a str would be taken for a path)."""
    stdin = sys.stdin
    if stdin is None:
        raise Failure("cannot read standard input: it is closed")
    try:
        if hasattr(stdin, "buffer"):
            data: bytes = stdin.buffer.read()
            return data
        return stdin.read().encode("utf-8", "surrogatepass")
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise Failure(f"cannot read standard input: {reason}") from None


def _json_escapes(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character as JSON's ``\\uXXXX`` (a surrogate pair
    beyond U+FFFF). Valid JSON, since JSON text holds no such character outside strings."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


codecs.register_error("itu_tcb.json", _json_escapes)


def deliver(
    out: TextIO | None, text: str, *, utf8: bool = False, escape_json: bool = False
) -> None:
    """Write a command's whole output to ``out``: the one place that writes it.

    What the output's encoding cannot hold (a lone surrogate from an undecodable file
    name, or any non-ASCII text under ``PYTHONIOENCODING=ascii``) is escaped with
    backslashes: as ``\\uXXXX`` for JSON output (``escape_json``), so that it parses.
    ``utf8`` output (an export, a file's content) goes as UTF-8 bytes to the binary
    buffer when there is one: no console encoding, no newline translation. A failed
    write raises :class:`OutputError`, but a closed pipe stays a :class:`BrokenPipeError`.
    """
    if not text:
        return
    if out is None:
        raise Failure("cannot write the output: standard output is closed")
    try:
        binary = getattr(out, "buffer", None) if utf8 else None
        if binary is not None:
            out.flush()
            binary.write(text.encode("utf-8", "backslashreplace"))
        else:
            encoding = getattr(out, "encoding", None) or "utf-8"
            errors = "itu_tcb.json" if escape_json else "backslashreplace"
            out.write(text.encode(encoding, errors).decode(encoding))
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def flush_stdout() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def discard_stdout() -> None:
    """Point file descriptor 1 at the null device: what could not be written stays
    buffered, and the interpreter's last flush on exit must not fail (and print) again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fileno = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fileno)
        finally:
            os.close(devnull)
