"""The ``itu-tcb`` command: a thin shell over the public API.

Exit status: 0 on success, 1 when nothing is found or a document is invalid, 2 on
a usage error, an unreadable input or output that cannot be written. Errors are one
line on stderr. Output that the output's encoding cannot hold is escaped
(``\\u00e9``), never an error.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ._lookup import MIN_SCORE, check_min_score
from ._version import __version__
from .dataset import Dataset
from .errors import AmbiguousKeyError, DataError, NotFoundError
from .loading import load
from .models import RecordKind

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from ._input import Input
    from .report import Problem, Report

PROG = "itu-tcb"
OK, NOT_FOUND, USAGE = 0, 1, 2
INVALID = NOT_FOUND  # a document that is not valid


class UsageError(Exception):
    """Bad arguments: reported on one line, exit status 2."""


class _Failure(Exception):
    """The command cannot go on (a closed stream, say): one line, exit status 2."""


class _OutputError(Exception):
    """Standard output cannot be written (a full disk, say); :func:`main` reports it."""


class _ReaderGone(BrokenPipeError):
    """The reader of the output went away before it was written; ``status`` is the
    command's own exit status (``validate`` of an invalid file is still 1)."""

    def __init__(self, status: int) -> None:
        super().__init__(errno.EPIPE, "the reader of the output went away")
        self.status = status


def _say(message: str) -> None:
    """One line on standard error, if there is a standard error (see :func:`_one_line`)."""
    if sys.stderr is not None:
        print(_one_line(message), file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write (--help > /dev/full would exit 0): report it.
        # With no standard output, help goes to standard error, as argparse does.
        file = file if file is not None else sys.stderr
        if message and file is not None:
            try:
                file.write(message)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise _OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def _kind(text: str) -> RecordKind:
    try:
        return RecordKind.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return value


def _score(text: str) -> float:
    try:
        return check_min_score(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None


class _Once(argparse.Action):
    """An option that may be given once: a second ``--data`` would silently win."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if getattr(namespace, self.dest, None) is not None:
            raise UsageError(
                f"{option_string} may be given once; to read several documents, merge them"
            )
        setattr(namespace, self.dest, values)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the CLI reference in the docs)."""
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    parser = _Parser(
        prog=PROG,
        description="The ITU's Trade Capacity Building profile, from the UN TCB Resource Guide.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--data",
        metavar="FILE",
        action=_Once,
        help="read this itu_tcb document instead of the bundled ITU data ('-' is stdin)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("summary", parents=[common], help="the whole profile (the default)")
    listing = sub.add_parser("list", parents=[common], help="the records of one kind")
    listing.add_argument("kind", type=_kind, metavar="KIND", help="e.g. sectors, activities")
    show = sub.add_parser("show", parents=[common], help="one record by id, code or name")
    show.add_argument("key", metavar="KEY")
    search = sub.add_parser("search", parents=[common], help="ranked matches for some text")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--limit", type=_positive, default=10, metavar="N", help="default: 10")
    search.add_argument(
        "--min-score",
        type=_score,
        default=MIN_SCORE,
        metavar="S",
        help=f"leave out matches scoring below S, from 0 to 1 (default: {MIN_SCORE})",
    )
    for scoped in (show, search):
        scoped.add_argument(
            "--agency", metavar="ID", help="look only among the records of this agency (its id)"
        )
    check = sub.add_parser("validate", parents=[common], help="check documents ('-' is stdin)")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--with-bundled",
        action="store_true",
        help="check each file as a part merged on top of the bundled ITU data",
    )
    check.add_argument(
        "--base",
        action="append",
        default=[],
        metavar="FILE",
        help="check each file merged on top of this document (repeatable; after the bundled data)",
    )
    check.add_argument(
        "--replace",
        action="append",
        default=[],
        metavar="ID",
        help="an id of the base that the file may redefine (repeatable; needs a base)",
    )
    combine = sub.add_parser("merge", parents=[common], help="merge documents into one document")
    combine.add_argument("files", nargs="+", metavar="FILE")
    combine.add_argument(
        "--with-bundled", action="store_true", help="merge on top of the bundled ITU data"
    )
    combine.add_argument(
        "--replace",
        action="append",
        default=[],
        metavar="ID",
        help="an id that a later document may redefine (repeatable)",
    )
    combine.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
    combine.add_argument("--force", action="store_true", help="replace an existing file")
    sub.add_parser("schema", help="print the JSON Schema of the document format")
    export = sub.add_parser(
        "export",
        help="a table as CSV, JSON, JSON Lines or Parquet; --all: every table, or a data package",
    )
    export.add_argument(
        "table",
        metavar="TABLE|DIR",
        help="a table (e.g. sectors, membership_counts); with --all, the directory",
    )
    export.add_argument(
        "--all", action="store_true", help="write every table into the directory DIR"
    )
    export.add_argument(
        "--format",
        choices=("csv", "json", "jsonl", "parquet", "datapackage"),
        default="csv",
        help="default: csv; datapackage needs --all",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
    export.add_argument("--force", action="store_true", help="replace existing files")
    return parser


def _emit(out: TextIO, value: Any) -> None:
    json.dump(value, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _summary(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    if args.json:
        _emit(out, data.to_document())
    else:
        from ._text import summary, terminal_width

        out.write(summary(data, terminal_width()) + "\n")
    return OK


def _list(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    records = data.collection(args.kind)
    if args.json:
        from ._convert import record_dict

        _emit(out, [record_dict(r) for r in records])
    else:
        from ._text import display_title

        for record in records:
            out.write(f"{record.id}\t{display_title(data, record)}\n")
    if not records:
        _say(f"{PROG}: no {args.kind.collection} in {data.origin}")
    return OK if records else NOT_FOUND


def _show(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    record = data.lookup(args.key, agency=args.agency)
    if args.json:
        from ._convert import record_dict

        _emit(out, {"kind": record.kind.collection, **record_dict(record)})
    else:
        from ._text import detail, terminal_width

        out.write(detail(data, record, terminal_width()) + "\n")
    return OK


def _search(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    try:
        matches = data.search(
            args.text, limit=args.limit, agency=args.agency, min_score=args.min_score
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _emit(
            out,
            [
                {
                    "id": m.record.id,
                    "kind": m.record.kind.collection,
                    "title": m.record.title,
                    "score": m.score,
                    "matched": m.matched,
                    "agency": data.agency_id_of(m.record),
                }
                for m in matches
            ],
        )
    else:
        from ._text import display_title

        several = len(data.profiles()) > 1  # then each match says whose record it is
        for m in matches:
            title = display_title(data, m.record)
            whose = f"\t[{data.agency_id_of(m.record)}]" if several else ""
            out.write(f"{m.score:.2f}\t{m.record.id}\t{title}\t({m.matched}){whose}\n")
    if not matches:
        _say(f"{PROG}: nothing matches {args.text!r}")
    return OK if matches else NOT_FOUND


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    """Check each file (``-`` is stdin) and print every problem as ``FILE:PATH: ...``.

    Reads only: inputs are opened for reading and never written. Exit 0 when all
    are valid, 1 when any is invalid, 2 when any cannot be read (or ``-`` twice).
    """
    from pathlib import Path

    from .loading import read, read_on
    from .report import ProblemKind, Report

    if args.files.count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    if "-" in args.base:
        raise UsageError("a --base document must be a file, not '-'")
    base: list[Dataset | Input] = [load()] if args.with_bundled else []
    base += [Path(name) for name in args.base]
    if args.replace and not base:
        raise UsageError("--replace names ids of a base: give --with-bundled or --base")
    reports: list[Report] = []
    for name in args.files:
        source: bytes | Path = _read_stdin() if name == "-" else Path(name)
        label = "<stdin>" if name == "-" else _shown(name)  # one line, whatever the name
        if not base:
            reports.append(read(source, label=label, build=False)[1])
            continue
        report = read_on(source, base, label, replace=args.replace)
        broken = _base_errors(report)
        if broken:  # the file's verdict would blame the file
            _say_report(Report("the base", broken), args.json)
            _say(f"{PROG}: error: the base is not valid; no file was checked against it")
            return USAGE
        reports.append(report)
    if args.json:
        text = json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False) + "\n"
    else:
        text = "".join(f"{report}\n" for report in reports)
    out.write(text)
    if any(p.kind is ProblemKind.UNREADABLE for r in reports for p in r.problems):
        return USAGE
    return OK if all(reports) else NOT_FOUND


def _base_errors(report: Report) -> tuple[Problem, ...]:
    """The errors of a report checked on a base that are in the base's own documents
    (each names its part), not in the document checked."""
    return tuple(p for p in report.errors if p.source not in (None, report.source))


def _say_report(report: Report, as_json: bool) -> None:
    """A report of documents that could not be used, on standard error: as
    ``validate`` prints it (``--json``: as ``validate --json`` does)."""
    if as_json:
        if sys.stderr is not None:
            print(json.dumps([report.to_dict()], indent=2, ensure_ascii=False), file=sys.stderr)
        return
    for line in str(_shown_report(report)).split("\n"):
        _say(line)


def _write_failed(exc: OSError, target: str) -> int:
    """Say in one line why writing ``target`` failed (``merge -o``, ``export``)."""
    from ._write import EXISTS

    name = exc.filename or target
    if isinstance(exc, FileExistsError):
        if exc.strerror != EXISTS and os.path.islink(name):  # it leads where no file is yet
            _say(f"{PROG}: error: {name!r}: {exc.strerror}; add --force to write through it")
        else:
            _say(f"{PROG}: error: {name!r} exists; add --force to replace it")
    else:
        reason = exc.strerror or type(exc).__name__
        _say(f"{PROG}: error: cannot write {name!r}: {reason}")
    return USAGE


def _keep_inputs(outputs: Iterable[str], inputs: Iterable[str]) -> None:
    """Refuse (:class:`_Failure`) an output that is the same file as an input, by any
    name (a symbolic or hard link): not even ``--force`` writes over what was read."""
    inputs = list(inputs)
    for output in outputs:
        for name in inputs:
            try:
                same = os.path.samefile(output, name)
            except (OSError, ValueError):  # one of them does not exist (ValueError: a NUL)
                continue
            if same:
                raise _Failure(
                    f"cannot write {output!r}: it is the same file as the input {name!r}, "
                    "which it would replace; write to another file"
                )


def _warnings_note(number: int, where: str, command: str) -> str:
    """The line that says how many warnings ``where`` has and which command lists them."""
    from ._html import count

    them = "it" if number == 1 else "them"
    return f"{PROG}: {count(number, 'warning')} in {where}; to see {them}: {command}"


def _merge_warnings_command(args: argparse.Namespace, merged: Dataset) -> str:
    """A command that lists every warning of a merge.

    The last file validated on the others (after the bundled data, if merged) as its
    base shows its warnings and the merge's own, at paths into the file. The base's
    own warnings are not shown, so when an earlier file has some, the merged document
    is validated instead: ``OUT``, or the merge again through a pipe.
    """
    from pathlib import Path

    *earlier, last = args.files
    label = os.fsdecode(Path(last))  # how the merge names the last file in its problems
    alone = label not in {os.fsdecode(Path(name)) for name in earlier}
    options = ["--with-bundled"] if args.with_bundled else []
    options += [_option("--replace", ident) for ident in args.replace]
    if alone and all(w.source in (None, label) for w in merged.warnings):
        bases = [_option("--base", name) for name in earlier]
        return " ".join([PROG, "validate", *options, *bases, _positionals([last])])
    if args.output is not None:
        return f"{PROG} validate {_positionals([args.output])}"
    again = " ".join([PROG, "merge", *options, _positionals(args.files)])
    return f"{again} | {PROG} validate -"


def _merge(args: argparse.Namespace, out: TextIO) -> int:
    """Merge the files (after the bundled data, with ``--with-bundled``) and write the
    merged document. Standard output is the data channel: when the files cannot be
    merged, nothing goes there, and every problem goes to standard error, as
    ``validate`` prints them (with ``--json``, the report as ``validate --json`` does)."""
    from pathlib import Path

    from ._html import count
    from ._write import write_atomic
    from .dataset import merge
    from .report import ProblemKind

    if "-" in args.files:
        raise UsageError("merge reads files, not standard input ('-')")
    if args.output == "-":
        args.output = None
    if args.output is not None:
        _keep_inputs([args.output], args.files)
    parts: list[Dataset | Input] = [load()] if args.with_bundled else []
    parts += [Path(name) for name in args.files]
    try:
        merged = merge(*parts, replace=args.replace)
    except DataError as exc:  # stdout stays empty: it may be redirected to the target
        _say_report(exc.report, args.json)
        unreadable = any(p.kind is ProblemKind.UNREADABLE for p in exc.report.problems)
        return USAGE if unreadable else INVALID
    text = json.dumps(merged.to_document(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        out.write(text)
    else:
        try:
            write_atomic(args.output, text, force=args.force)
        except OSError as exc:
            return _write_failed(exc, args.output)
    if merged.warnings:  # after the write: the command may validate OUT
        command = _merge_warnings_command(args, merged)
        _say(_warnings_note(len(merged.warnings), "the merged documents", command))
    if args.output is not None:
        records = count(len(merged), "record")
        documents = count(len(merged.documents()), "document")
        _say(f"{PROG}: wrote {records} of {documents} to {_shown(args.output)}")
    return OK


def _read_stdin() -> bytes:
    stdin = sys.stdin
    if stdin is None:
        raise _Failure("cannot read standard input: it is closed")
    try:
        # Bytes, never text: a str would be taken for a path unless it starts with '{'.
        if hasattr(stdin, "buffer"):
            data: bytes = stdin.buffer.read()
            return data
        return stdin.read().encode("utf-8", "surrogatepass")
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise _Failure(f"cannot read standard input: {reason}") from None


def _print_schema(out: TextIO) -> int:
    from ._json_schema import json_schema

    _emit(out, json_schema())
    return OK


_SUFFIXES = {"csv": ".csv", "json": ".json", "jsonl": ".jsonl", "parquet": ".parquet"}


def _table_content(data: Dataset, name: str, fmt: str) -> str | bytes:
    if fmt == "parquet":
        from ._arrow import parquet_bytes

        return parquet_bytes(data, name)
    from ._formats import render
    from .tables import columns

    return render(data.to_records(name), columns(name), fmt)


def _inputs(args: argparse.Namespace) -> list[str]:
    """The file that a command reading the data read (``--data FILE``), if any."""
    return [] if args.data in (None, "-") else [args.data]


def _export_all(args: argparse.Namespace, data: Dataset) -> int:
    from ._html import count
    from ._write import write_files
    from .tables import table_names

    if args.output is not None:
        raise UsageError("with --all, name the directory: 'export --all --format FORMAT DIR'")
    if args.format == "datapackage":
        from .datapackage import _file_names, write_datapackage

        _keep_inputs((os.path.join(args.table, n) for n in _file_names()), _inputs(args))
        paths = write_datapackage(data, args.table, force=args.force)
    else:
        names = [f"{n}{_SUFFIXES[args.format]}" for n in table_names()]
        _keep_inputs((os.path.join(args.table, n) for n in names), _inputs(args))
        files = {
            name: _table_content(data, n, args.format)
            for name, n in zip(names, table_names(), strict=True)
        }
        paths = write_files(args.table, files, force=args.force)
    _say(f"{PROG}: wrote {count(len(paths), 'file')} to {_shown(args.table)}")
    return OK


def _export_one(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    from ._html import count
    from ._write import write_atomic
    from .tables import table

    if args.format == "datapackage":
        raise UsageError(
            "a data package holds every table: 'export --all --format datapackage DIR'"
        )
    try:
        name = table(args.table).name
    except ValueError as exc:
        raise UsageError(f"argument TABLE: {exc}") from None
    to_stdout = args.output in (None, "-")
    if to_stdout and args.format == "parquet":
        raise UsageError("parquet is binary: write it to a file with -o FILE")
    content = _table_content(data, name, args.format)
    if to_stdout:  # standard output: run() writes it as UTF-8 bytes
        assert isinstance(content, str)
        out.write(content)
        return OK
    _keep_inputs([args.output], _inputs(args))
    write_atomic(args.output, content, force=args.force)
    rows = count(len(data.to_records(name)), "row")
    _say(f"{PROG}: wrote {rows} to {_shown(args.output)}")
    return OK


def _export(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    target = args.table if args.all else args.output
    try:
        if args.all:
            return _export_all(args, data)
        return _export_one(args, data, out)
    except ValueError as exc:  # a value that the format cannot hold
        _say(f"{PROG}: error: {exc}")
        return USAGE
    except ImportError as exc:  # an optional extra that is not installed
        _say(f"{PROG}: error: {exc}")
        return USAGE
    except OSError as exc:
        return _write_failed(exc, target)


def _dataset(args: argparse.Namespace) -> Dataset:
    """The data a command reads; a ``--data`` document's warnings are one line on stderr."""
    if args.data is None:
        return load()
    if args.data == "-":
        from .loading import read

        dataset, report = read(_read_stdin(), label="<stdin>")
        if dataset is None:
            raise DataError(report)
    else:
        from pathlib import Path

        from .loading import read

        dataset, report = read(Path(args.data), label=_shown(args.data))
        if dataset is None:
            raise DataError(report)
    if dataset.warnings:
        again = "- (with the same input)" if args.data == "-" else _positionals([args.data])
        command = f"{PROG} validate {again}"
        _say(_warnings_note(len(dataset.warnings), dataset.origin, command))
    return dataset


def _positionals(names: Sequence[str]) -> str:
    """File names as a shell reads them back, to end a command: each quoted only when
    it needs to be, after one ``--`` when one would pass for an option (``-w.json``)."""
    import shlex

    quoted = [shlex.quote(name) for name in names]
    return " ".join(["--", *quoted] if any(n.startswith("-") for n in names) else quoted)


def _option(flag: str, value: str) -> str:
    """An option and its value as a shell reads them back (``--base=-w.json`` when
    the value would pass for an option)."""
    import shlex

    return f"{flag}{'=' if value.startswith('-') else ' '}{shlex.quote(value)}"


def _shown(name: str) -> str:
    """A user's file name in a message: as it is, or quoted with backslash escapes
    (as ``repr`` writes it) when it holds a character that is not printable (a newline)."""
    return name if name.isprintable() else repr(name)


def _shown_report(report: Report) -> Report:
    """``report`` with its documents named by :func:`_shown`: one line per problem."""
    import attrs

    problems = tuple(
        attrs.evolve(p, source=_shown(p.source)) if p.source else p for p in report.problems
    )
    return attrs.evolve(report, source=_shown(report.source), problems=problems)


def _one_line(message: str) -> str:
    """``message`` with every character that is not printable (a newline, a control
    character) written as a backslash escape: one line, whatever names it quotes."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


_COMMANDS: dict[str, Callable[[argparse.Namespace, Dataset, TextIO], int]] = {
    "summary": _summary,
    "list": _list,
    "show": _show,
    "search": _search,
    "export": _export,
}


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


def _deliver(
    out: TextIO | None, text: str, *, utf8: bool = False, escape_json: bool = False
) -> None:
    """Write a command's whole output to ``out``: the one place that writes it.

    What the output's encoding cannot hold (a lone surrogate from an undecodable file
    name, or any non-ASCII text under ``PYTHONIOENCODING=ascii``) is escaped with
    backslashes: as ``\\uXXXX`` for JSON output (``escape_json``), so that it parses.
    ``utf8`` output (an export, a file's content) goes as UTF-8 bytes to the binary
    buffer when there is one: no console encoding, no newline translation. A failed
    write raises :class:`_OutputError`, but a closed pipe stays a :class:`BrokenPipeError`.
    """
    if not text:
        return
    if out is None:
        raise _Failure("cannot write the output: standard output is closed")
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
        raise _OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def run(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting.

    Command output goes to ``out`` (standard output by default), all at once when
    the command is done; ``--help`` and ``--version`` print to standard output, as
    argparse does. A failure to write the output is raised (for :func:`main`); when
    the reader went away, as a :class:`BrokenPipeError` that carries the status.
    """
    out = out if out is not None else sys.stdout
    try:
        args = build_parser().parse_args(argv)
        command = args.command or "summary"
        if command == "export" and getattr(args, "json", False):
            raise UsageError("export has no --json; use 'export KIND --format json'")
        args.json = getattr(args, "json", False)
        if args.data is not None and command not in _COMMANDS:
            # These commands read the files they are given, never the data.
            instead = {
                "validate": "; to check on a base, use --base",
                "merge": "; name the file to merge onto first",
            }
            raise UsageError(f"{command} does not read --data{instead.get(command, '')}")
        sink = io.StringIO()
        if command == "validate":
            status = _validate(args, sink)
        elif command == "merge":
            status = _merge(args, sink)
        elif command == "schema":
            status = _print_schema(sink)
        else:
            status = _COMMANDS[command](args, _dataset(args), sink)
        escape_json = args.json or command == "schema"
        utf8 = command == "export" or (command == "merge" and status == OK)
        try:
            _deliver(out, sink.getvalue(), utf8=utf8, escape_json=escape_json)
        except BrokenPipeError:
            raise _ReaderGone(status) from None
        return status
    except SystemExit as exc:  # --help and --version print, then "exit"
        return exc.code if isinstance(exc.code, int) else USAGE
    except UsageError as exc:
        _say(f"{PROG}: error: {exc} (see '{PROG} --help')")
        return USAGE
    except _Failure as exc:
        _say(f"{PROG}: error: {exc}")
        return USAGE
    except (NotFoundError, AmbiguousKeyError) as exc:
        _say(f"{PROG}: {exc}")
        return NOT_FOUND
    except DataError as exc:
        from .report import ProblemKind

        _say(f"{PROG}: error: {exc}")
        if any(p.kind is ProblemKind.UNREADABLE for p in exc.report.problems):
            return USAGE
        return INVALID


def _flush_stdout() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def _discard_stdout() -> None:
    """Point file descriptor 1 at the null device.

    What could not be written stays buffered, and the interpreter flushes standard
    output once more on exit: that last flush must not fail (and print) again.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fileno = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fileno)
        finally:
            os.close(devnull)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``itu-tcb`` console script; never prints a traceback."""
    status = OK
    try:
        status = run(argv)
        _flush_stdout()
    except BrokenPipeError as exc:
        # The reader went away (``itu-tcb list activities | head -1``): not an error
        # in itself, and the exit status is still the command's own (an invalid file
        # stays 1). What could not be written goes to the null device, so that the
        # interpreter's last flush does not fail once more on its way out.
        if isinstance(exc, _ReaderGone):
            status = exc.status
        _discard_stdout()
    except _OutputError as exc:  # ``itu-tcb summary > /dev/full``
        _say(f"{PROG}: error: {exc}")
        _discard_stdout()
        status = USAGE
    except MemoryError:
        _say(f"{PROG}: error: out of memory (is the input far too large?)")
        status = USAGE
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)
