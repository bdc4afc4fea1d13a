"""The command line's streams: one-line messages on standard error, the output
written at once, and the failures of writing it.

Output that the output's encoding cannot hold is escaped (``\\u00e9``), never an error.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import shlex
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

import attrs

from .report import Report

PROG = "itu-tcb"


class UsageError(Exception):
    """Bad arguments: reported on one line, exit status 2."""


class Failure(Exception):
    """The command cannot go on (a closed stream, a file it cannot write): exit status 2."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, say)."""


class ReaderGone(BrokenPipeError):
    """The reader of the output went away; ``status`` is the command's own exit status
    (``validate`` of an invalid file is still 1)."""

    def __init__(self, status: int) -> None:
        super().__init__(errno.EPIPE, "the reader of the output went away")
        self.status = status


def say(message: str) -> None:
    """One line on standard error, if there is one: each character that is not
    printable as a backslash escape."""
    if sys.stderr is not None:
        print("".join(c if c.isprintable() else repr(c)[1:-1] for c in message), file=sys.stderr)


def shown(name: str) -> str:
    """A user's file name in a message: as ``repr`` writes it if it is not printable."""
    return name if name.isprintable() else repr(name)


def shown_report(report: Report) -> Report:
    """``report`` with its documents named by :func:`shown`: one line per problem."""
    problems = tuple(
        attrs.evolve(p, source=shown(p.source)) if p.source else p for p in report.problems
    )
    return attrs.evolve(report, source=shown(report.source), problems=problems)


def positionals(names: Sequence[str]) -> str:
    """File names as a shell reads them back, after ``--`` when one looks like an option."""
    quoted = [shlex.quote(name) for name in names]
    return " ".join(["--", *quoted] if any(n.startswith("-") for n in names) else quoted)


def option(flag: str, value: str) -> str:
    """An option and its value as a shell reads them back (``--base=-w.json``)."""
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
    """A codec error handler: what cannot be encoded as JSON's ``\\uXXXX`` escapes."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return json.dumps(error.object[error.start : error.end])[1:-1], error.end


codecs.register_error("itu_tcb.json", _json_escapes)


@contextlib.contextmanager
def writing_output() -> Iterator[None]:
    """A failed write raises :class:`OutputError`; a closed pipe stays a BrokenPipeError."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def deliver(
    out: TextIO | None, text: str, *, utf8: bool = False, escape_json: bool = False
) -> None:
    """Write a command's whole output to ``out``: the one place that writes it.

    What the encoding cannot hold (a lone surrogate from a file name, non-ASCII under
    ``PYTHONIOENCODING=ascii``) is escaped: as ``\\uXXXX`` in JSON (``escape_json``),
    so that it parses. ``utf8`` output goes as UTF-8 bytes to the binary buffer when
    there is one: no console encoding, no newline translation.
    """
    if not text:
        return
    if out is None:
        raise Failure("cannot write the output: standard output is closed")
    with writing_output():
        binary = getattr(out, "buffer", None) if utf8 else None
        if binary is not None:
            out.flush()
            binary.write(text.encode("utf-8", "backslashreplace"))
        else:
            encoding = getattr(out, "encoding", None) or "utf-8"
            errors = "itu_tcb.json" if escape_json else "backslashreplace"
            out.write(text.encode(encoding, errors).decode(encoding))
        out.flush()


def flush_stdout() -> None:
    if sys.stdout is not None:
        with writing_output():
            sys.stdout.flush()


def discard_stdout() -> None:
    """Point file descriptor 1 at the null device, so that the interpreter's last flush
    on exit does not fail (and print) again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fileno = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fileno)
        finally:
            os.close(devnull)
