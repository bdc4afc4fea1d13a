"""The ``itu-tcb`` command: a thin shell over the public API.

Exit status: 0 on success, 1 when nothing is found or a document is invalid, 2 on
a usage error, an unreadable input or output that cannot be written (``diff``, where
1 means the two differ, exits 2 for an invalid document too). Errors are one
line on stderr, never a traceback. No output replaces a file the command read (an
input document, the bundled data), even with ``--force``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import _console as console
from ._arguments import build_parser, parse
from ._console import PROG, Failure, OutputError, ReaderGone, UsageError, say, shown
from ._lookups import expect
from ._rules import quote
from .dataset import Dataset
from .errors import AmbiguousKeyError, DataError, NotFoundError, UnreadableError
from .loading import bundled_path, load

if TYPE_CHECKING:
    from ._input import Input
    from .report import Report

__all__ = ["build_parser", "main", "run"]

OK, NOT_FOUND, USAGE = 0, 1, 2
INVALID = NOT_FOUND  # a document that is not valid


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _whose(data: Dataset, record: Any) -> str:
    """``\\t[agency]`` once the data holds several agencies' profiles, else nothing."""
    return f"\t[{data.agency_id_of(record)}]" if len(data.profiles()) > 1 else ""


def _with_agency(data: Dataset, record: Any) -> dict[str, Any]:
    """A record in the document format with its agency's id, as ``search --json``
    gives it: a record that names no agency (an activity, a category) has one too."""
    from ._convert import record_dict

    return {**record_dict(record), "agency": data.agency_id_of(record)}


def _summary(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    if args.json:
        out.write(_json(data.to_document()))
    else:
        from ._text import summary

        out.write(summary(data) + "\n")
    return OK


def _list(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    records = data.collection(args.kind)
    if args.json:
        out.write(_json([_with_agency(data, r) for r in records]))
    else:
        for record in records:
            out.write(f"{record.id}\t{record.title}{_whose(data, record)}\n")
    if not records:
        say(f"{PROG}: no {args.kind.collection} in {data.origin}")
    return OK if records else NOT_FOUND


def _show(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    try:
        record = data.lookup(args.key, agency=args.agency)
    except ValueError as exc:  # a key with no letter or digit
        raise UsageError(str(exc)) from None
    if args.json:
        out.write(_json({"kind": record.kind.collection, **_with_agency(data, record)}))
    else:
        from ._text import detail

        out.write(detail(data, record) + "\n")
    return OK


def _search(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    try:
        matches = data.search(
            args.text, limit=args.limit, agency=args.agency, min_score=args.min_score
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        found = [
            {
                "id": m.record.id,
                "kind": m.record.kind.collection,
                "title": m.record.title,
                "score": m.score,
                "matched": m.matched,
                "agency": data.agency_id_of(m.record),
            }
            for m in matches
        ]
        out.write(_json(found))
    else:
        for m in matches:
            line = f"{m.score:.2f}\t{m.record.id}\t{m.record.title}\t({m.matched})"
            out.write(f"{line}{_whose(data, m.record)}\n")
    if not matches:
        say(f"{PROG}: nothing matches {quote(args.text)}")
    return OK if matches else NOT_FOUND


def _input(name: str) -> tuple[bytes | Path, str]:
    """What a command reads for a file name (``-`` is stdin), and its label in messages
    (one line, whatever the name)."""
    return (console.read_stdin(), "<stdin>") if name == "-" else (Path(name), shown(name))


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    """Check each file (``-`` is stdin) and print every problem as ``FILE:PATH: ...``.

    Reads only: inputs are opened for reading and never written. Exit 0 when all
    are valid, 1 when any is invalid, 2 when any cannot be read (or ``-`` twice).
    """
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
        source, label = _input(name)
        if not base:
            reports.append(read(source, label=label, build=False)[1])
            continue
        report = read_on(source, base, label, replace=args.replace)
        # The errors in the base's own documents (each names its part): the file's
        # verdict would blame the file.
        broken = tuple(p for p in report.errors if p.source not in (None, report.source))
        if broken:
            _say_report(Report("the base", broken), args.json)
            say(f"{PROG}: error: the base is not valid; no file was checked against it")
            return USAGE
        reports.append(report)
    if args.json:
        out.write(_json([r.to_dict() for r in reports]))
    else:
        out.write("".join(f"{report}\n" for report in reports))
    if any(p.kind is ProblemKind.UNREADABLE for r in reports for p in r.problems):
        return USAGE
    return OK if all(reports) else NOT_FOUND


def _say_report(report: Report, as_json: bool) -> None:
    """A report of documents that could not be used, on standard error: as
    ``validate`` prints it (``--json``: as ``validate --json`` does)."""
    if as_json:
        if sys.stderr is not None:
            sys.stderr.write(_json([report.to_dict()]))
        return
    for line in str(console.shown_report(report)).split("\n"):
        say(line)


def _write_failed(exc: OSError, target: str) -> int:
    """Say in one line why writing ``target`` failed (``merge -o``, ``export``)."""
    from ._write import EXISTS

    name = exc.filename or target
    if isinstance(exc, FileExistsError):
        if exc.strerror != EXISTS and os.path.islink(name):  # it leads where no file is yet
            say(f"{PROG}: error: {name!r}: {exc.strerror}; add --force to write through it")
        else:
            say(f"{PROG}: error: {name!r} exists; add --force to replace it")
    else:
        reason = exc.strerror or type(exc).__name__
        say(f"{PROG}: error: cannot write {name!r}: {reason}")
    return USAGE


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
    *earlier, last = args.files
    label = os.fsdecode(Path(last))  # how the merge names the last file in its problems
    alone = label not in {os.fsdecode(Path(name)) for name in earlier}
    options = ["--with-bundled"] if args.with_bundled else []
    options += [console.option("--replace", ident) for ident in args.replace]
    if alone and all(w.source in (None, label) for w in merged.warnings):
        bases = [console.option("--base", name) for name in earlier]
        return " ".join([PROG, "validate", *options, *bases, console.positionals([last])])
    if args.output is not None:
        return f"{PROG} validate {console.positionals([args.output])}"
    again = " ".join([PROG, "merge", *options, console.positionals(args.files)])
    return f"{again} | {PROG} validate -"


def _read(args: argparse.Namespace) -> list[str]:
    """Every file ``merge`` or ``export`` read: its documents and, where it read
    them, the bundled data (no output may replace one of them)."""
    files = [*getattr(args, "files", ()), args.data]
    if getattr(args, "with_bundled", False) or (args.data is None and args.command in _COMMANDS):
        files.append(bundled_path())
    return [name for name in files if name not in (None, "-")]


def _merge(args: argparse.Namespace, out: TextIO) -> int:
    """Merge the files (after the bundled data, with ``--with-bundled``) and write the
    merged document. Standard output is the data channel: when the files cannot be
    merged, nothing goes there, and every problem goes to standard error, as
    ``validate`` prints them (with ``--json``, the report as ``validate --json`` does)."""
    from ._html import count
    from ._write import write_atomic
    from .dataset import merge

    if "-" in args.files:
        raise UsageError("merge reads files, not standard input ('-')")
    if args.output == "-":
        args.output = None
    parts: list[Dataset | Input] = [load()] if args.with_bundled else []
    parts += [Path(name) for name in args.files]
    try:
        merged = merge(*parts, replace=args.replace)
    except DataError as exc:  # stdout stays empty: it may be redirected to the target
        _say_report(exc.report, args.json)
        return USAGE if isinstance(exc, UnreadableError) else INVALID
    text = _json(merged.to_document())
    if args.output is None:
        out.write(text)
    else:
        try:
            write_atomic(args.output, text, force=args.force, keep=_read(args))
        except OSError as exc:
            return _write_failed(exc, args.output)
    if merged.warnings:  # after the write: the command may validate OUT
        command = _merge_warnings_command(args, merged)
        say(_warnings_note(len(merged.warnings), "the merged documents", command))
    if args.output is not None:
        records = count(len(merged), "record")
        documents = count(len(merged.documents()), "document")
        say(f"{PROG}: wrote {records} of {documents} to {shown(args.output)}")
    return OK


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    """Compare two documents (or one with the bundled data), each read on its own or
    as a part merged on a base; exit as ``diff`` does."""
    from .dataset import merge

    names = [args.old] if args.new is None else [args.old, args.new]
    if len(names) != (1 if args.with_bundled else 2):
        raise UsageError("diff takes OLD and NEW, or one FILE with --with-bundled")
    if names.count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    based = args.base_bundled or bool(args.base)
    if args.with_bundled and based:
        raise UsageError("--with-bundled compares FILE with the bundled data, not on a base")
    if "-" in args.base:
        raise UsageError("a --base document must be a file, not '-'")
    if args.replace and not based:
        raise UsageError("--replace names ids of a base: give --base-bundled or --base")
    # The options of ``validate`` that check a side on the same base (for its warnings).
    on = ["--with-bundled"] if args.base_bundled else []
    on += [console.option("--base", name) for name in args.base]
    on += [console.option("--replace", ident) for ident in args.replace]
    try:  # as ``diff`` does: 1 means the two differ, 2 is trouble
        parts: list[Dataset | Input] = [load()] if args.base_bundled else []
        base = merge(*parts, *map(Path, args.base)) if based else None
        sides = [_document(name, base, on, args.replace) for name in names]
    except DataError as exc:
        say(f"{PROG}: error: {exc}")
        return USAGE
    if args.with_bundled:
        sides.append(load())
    found = sides[0].diff(sides[1])
    if args.json:
        out.write(_json(found.to_dict()))
    else:
        out.write(f"{found}\n")
    breaking = bool(found.removed or found.keys_lost)
    return NOT_FOUND if (breaking if args.breaking else bool(found)) else OK


def _print_schema(args: argparse.Namespace, out: TextIO) -> int:
    from ._json_schema import json_schema
    from ._write import write_atomic

    text = _json(json_schema())
    if args.output in (None, "-"):
        out.write(text)
        return OK
    try:
        write_atomic(args.output, text, force=args.force)
    except OSError as exc:
        return _write_failed(exc, args.output)
    say(f"{PROG}: wrote the JSON Schema to {shown(args.output)}")
    return OK


#: Where an export's reader finds how to credit the data (a table holds no citation).
_CREDIT = f"; credit the data as its citation and terms say ({PROG} summary)"


def _table_content(data: Dataset, name: str, fmt: str) -> str | bytes:
    if fmt == "parquet":
        from ._arrow import parquet_bytes

        return parquet_bytes(data, name)
    from ._formats import render
    from .tables import columns

    return render(data.to_records(name), columns(name), fmt)


def _export(args: argparse.Namespace, data: Dataset, out: TextIO) -> int:
    from ._html import count
    from ._write import write_atomic, write_files
    from .tables import table, table_names

    target = args.table if args.all else args.output
    try:
        if args.all:
            if args.output is not None:
                raise UsageError("with --all, name the directory: 'export --all --format F DIR'")
            if args.format == "datapackage":
                from .datapackage import write_datapackage

                paths = write_datapackage(data, args.table, force=args.force, keep=_read(args))
            else:
                files = {
                    f"{n}.{args.format}": _table_content(data, n, args.format)
                    for n in table_names()
                }
                paths = write_files(args.table, files, force=args.force, keep=_read(args))
            say(f"{PROG}: wrote {count(len(paths), 'file')} to {shown(args.table)}{_CREDIT}")
            return OK
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
        write_atomic(args.output, content, force=args.force, keep=_read(args))
        rows = count(len(data.to_records(name)), "row")
        say(f"{PROG}: wrote {rows} to {shown(args.output)}{_CREDIT}")
        return OK
    except (ValueError, ImportError) as exc:  # a value the format cannot hold; a missing extra
        say(f"{PROG}: error: {exc}")
        return USAGE
    except OSError as exc:
        return _write_failed(exc, target)


def _document(
    name: str, base: Dataset | None = None, on: Sequence[str] = (), replace: Sequence[str] = ()
) -> Dataset:
    """A document a command reads (``-`` is stdin), or with a ``base``, that document
    as a part merged on top of it (checked as ``validate`` with the options ``on``
    checks it, ``replace`` naming the ids it may redefine); its warnings are one line
    on stderr."""
    from .dataset import merge
    from .loading import read, read_on

    source, label = _input(name)
    if base is None:
        dataset, report = read(source, label)
    else:
        report = read_on(source, base, label, replace)
        dataset = merge(base, source, replace=replace) if report else None
    if dataset is None:
        raise DataError.of(report)
    if report.warnings:
        again = "- (with the same input)" if name == "-" else console.positionals([name])
        command = " ".join([PROG, "validate", *on, again])
        say(_warnings_note(len(report.warnings), label, command))
    return dataset


#: The commands that read the data (the bundled data, or the ``--data`` document).
_COMMANDS: dict[str, Callable[[argparse.Namespace, Dataset, TextIO], int]] = {
    "summary": _summary,
    "list": _list,
    "show": _show,
    "search": _search,
    "export": _export,
}

#: The commands that read the files they are given, never the data.
_FILE_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "validate": _validate,
    "merge": _merge,
    "schema": _print_schema,
    "diff": _diff,
}


def run(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting.

    Command output goes to ``out`` (standard output by default), all at once when
    the command is done; ``--help`` and ``--version`` print to standard output, as
    argparse does. A failure to write the output is raised (for :func:`main`); when
    the reader went away, as a :class:`BrokenPipeError` that carries the status.
    ``argv`` is a list of words (``["list", "sectors"]``, not ``"list sectors"``).
    """
    if argv is not None:
        if isinstance(argv, str | bytes) or not isinstance(argv, Sequence):
            raise TypeError(
                f"run() takes a list of arguments, such as ['list', 'sectors'], not "
                f"{type(argv).__name__}"
            )
        for position, word in enumerate(argv):
            expect(word, str, f"argument {position}")
    if out is not None and not callable(getattr(out, "write", None)):
        raise TypeError(f"out must be a text stream, not {type(out).__name__}")
    out = out if out is not None else sys.stdout
    try:
        args = parse(argv)
        command = args.command = args.command or "summary"
        args.json = getattr(args, "json", False)
        if args.data is not None and command in _FILE_COMMANDS:
            instead = {
                "validate": "; to check on a base, use --base",
                "merge": "; name the file to merge onto first",
            }
            raise UsageError(f"{command} does not read --data{instead.get(command, '')}")
        sink = io.StringIO()
        if command in _FILE_COMMANDS:
            status = _FILE_COMMANDS[command](args, sink)
        else:
            data = load() if args.data is None else _document(args.data)
            status = _COMMANDS[command](args, data, sink)
        escape_json = args.json or command == "schema"
        utf8 = command == "export" or (command == "merge" and status == OK)
        try:
            console.deliver(out, sink.getvalue(), utf8=utf8, escape_json=escape_json)
        except BrokenPipeError:
            raise ReaderGone(status) from None
        return status
    except SystemExit as exc:  # --help and --version print, then "exit"
        return exc.code if isinstance(exc.code, int) else USAGE
    except UsageError as exc:
        say(f"{PROG}: error: {exc} (see '{PROG} --help')")
        return USAGE
    except (Failure, UnreadableError) as exc:
        say(f"{PROG}: error: {exc}")
        return USAGE
    except (NotFoundError, AmbiguousKeyError) as exc:
        say(f"{PROG}: {exc}")
        return NOT_FOUND
    except DataError as exc:
        say(f"{PROG}: error: {exc}")
        return INVALID


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``itu-tcb`` console script; never prints a traceback."""
    status = OK
    try:
        status = run(argv)
        console.flush_stdout()
    except BrokenPipeError as exc:
        # The reader went away (``itu-tcb list activities | head -1``): not an error
        # in itself, and the exit status is still the command's own (an invalid file
        # stays 1). What could not be written goes to the null device, so that the
        # interpreter's last flush does not fail once more on its way out.
        if isinstance(exc, ReaderGone):
            status = exc.status
        console.discard_stdout()
    except OutputError as exc:  # ``itu-tcb summary > /dev/full``
        say(f"{PROG}: error: {exc}")
        console.discard_stdout()
        status = USAGE
    except MemoryError:
        say(f"{PROG}: error: out of memory (is the input far too large?)")
        status = USAGE
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)
