"""The arguments of the ``itu-tcb`` command: its parser, help texts and option types."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ._console import PROG, UsageError, writing_output
from ._formats import FORMATS
from ._lookup import MIN_SCORE, check_min_score
from ._rules import QUOTED, cut, quote
from ._version import __version__
from .models import RecordKind

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["build_parser", "parse"]

_KINDS = ", ".join(kind.collection for kind in RecordKind)


def _bounded(message: str) -> str:
    """A usage message with each word the user gave cut as :func:`~._rules.quote` cuts
    a value (argparse quotes an argument whole)."""
    return re.sub(rf"\S{{{QUOTED + 1},}}", lambda word: cut(word[0]), message)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(_bounded(message))

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write (--help > /dev/full would exit 0): report it.
        # With no standard output, help goes to standard error, as argparse does.
        file = file if file is not None else sys.stderr
        if message and file is not None:
            with writing_output():
                file.write(message)


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
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {quote(text)}")
    return value


def _score(text: str) -> float:
    try:
        return check_min_score(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number from 0 to 1, got {quote(text)}"
        ) from None


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


#: Each command: its one-line help, a description and examples (shown by --help).
_HELP = {
    "summary": (
        "the whole profile (the default command)",
        "Print the profile as readable text: every agency with records of its own in full, "
        "the others by name, and where the facts come from.",
        ["itu-tcb summary", "itu-tcb summary --json > itu.json"],
    ),
    "list": (
        "the records of one kind",
        f"List the records of one kind, one per line: id and title. KIND is one of: {_KINDS} "
        "(the singular works too).",
        ["itu-tcb list sectors", "itu-tcb list activities --json"],
    ),
    "show": (
        "one record by id, code, acronym, name or alias",
        "Show one record with every field that has a value. Case, accents, hyphens and "
        "extra spaces in KEY do not matter; a key that several records share is refused "
        "with the list of them (choose one with --agency).",
        ["itu-tcb show ITU-D", 'itu-tcb show "workshops and seminars" --agency itu'],
    ),
    "search": (
        "ranked matches for some text",
        "Search names, codes, acronyms and aliases (typos allowed) and descriptions (by "
        "whole words); print score, id, title and what matched, best first.",
        ["itu-tcb search regulatrs", 'itu-tcb search "cyber security" --limit 3 --json'],
    ),
    "validate": (
        "check documents ('-' is stdin)",
        "Check each FILE and print its problems as FILE:PATH: severity: message: every "
        "problem of each record, and the checks across records (ids, references, names) "
        "for the records that load, so validate again after a fix. With "
        "--with-bundled (or --base FILE), check each file as a part merged on top of the "
        "bundled ITU data (or of FILE): its references may point there, and a key it takes "
        "from a record there is reported.",
        ["itu-tcb validate profile.json", "itu-tcb validate --with-bundled profile.json"],
    ),
    "merge": (
        "merge documents into one document",
        "Merge the FILEs in order (after the bundled data, with --with-bundled) and print "
        "the merged document, or write it with -o (never over a file the command read). "
        "When they cannot be merged, every problem goes to standard error and nothing is "
        "written.",
        ["itu-tcb merge --with-bundled profile.json -o merged.json"],
    ),
    "schema": (
        "print the JSON Schema of the document format",
        "Print the JSON Schema (draft 2020-12) of the document format; save it beside a "
        'document and point the document\'s "$schema" at it for completions in an editor.',
        ["itu-tcb schema -o itu-tcb.schema.json"],
    ),
    "diff": (
        "what changed between two documents, record by record",
        "List the records added (+), removed (-) and changed (~) from OLD to NEW, matched "
        "by id: each changed field with its old and new value, each key that stopped or "
        "started answering. With --with-bundled, compare FILE with the bundled data. With "
        "--base-bundled (or --base FILE), read OLD and NEW each as a part merged on top of "
        "the bundled ITU data (or of FILE), as validate does: two drafts of a profile whose "
        "references point there. Exit status 0 when the two hold the same data, 1 when they "
        "differ, 2 on an error; with --breaking, 1 only when a record was removed or a key "
        "stopped answering its record.",
        [
            "itu-tcb diff old.json new.json",
            "itu-tcb diff --with-bundled my-copy-of-last-release.json",
            "itu-tcb diff --breaking --json before.json after.json",
            "itu-tcb diff --base-bundled profile-2026.json profile-2027.json",
        ],
    ),
    "export": (
        "a table as CSV, JSON, JSON Lines or Parquet; --all: every table, or a data package",
        "Export one table (TABLE: a kind, or a table of a list such as membership_counts; "
        "TABLES below), or with --all every table into the directory DIR, all written or "
        "none. With --all --format datapackage, a Frictionless Data Package.",
        [
            "itu-tcb export activities --format json",
            "itu-tcb export sectors -o sectors.csv",
            "itu-tcb export --all --format datapackage out/",
        ],
    ),
}


def _command(sub: Any, name: str, parents: list[argparse.ArgumentParser]) -> _Parser:
    short, description, examples = _HELP[name]
    epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    if name == "export":
        from .tables import table_names

        epilog = f"tables: {', '.join(table_names())}\n\n{epilog}"
    parser: _Parser = sub.add_parser(
        name,
        parents=parents,
        help=short,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _repeatable(parser: argparse.ArgumentParser, option: str, metavar: str, help: str) -> None:
    """An option that may be given again, each value kept in order."""
    parser.add_argument(option, action="append", default=[], metavar=metavar, help=help)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the CLI reference in the docs)."""
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    parser = _Parser(
        prog=PROG,
        description="The ITU's Trade Capacity Building profile, from the UN TCB Resource Guide. "
        "Without a command: the summary. Each command's --help has examples.",
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
    _command(sub, "summary", [common])
    listing = _command(sub, "list", [common])
    listing.add_argument("kind", type=_kind, metavar="KIND", help=f"one of: {_KINDS}")
    show = _command(sub, "show", [common])
    show.add_argument("key", metavar="KEY", help="an id, code, acronym, name or alias")
    search = _command(sub, "search", [common])
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
            "--agency",
            metavar="AGENCY",
            help="look only among the records of this agency (its id, acronym or name)",
        )
    check = _command(sub, "validate", [common])
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--with-bundled",
        action="store_true",
        help="check each file as a part merged on top of the bundled ITU data",
    )
    _repeatable(
        check,
        "--base",
        "FILE",
        "check each file merged on top of this document (repeatable; after the bundled data)",
    )
    _repeatable(
        check,
        "--replace",
        "ID",
        "an id of the base that the file may redefine (repeatable; needs a base)",
    )
    combine = _command(sub, "merge", [common])
    combine.add_argument("files", nargs="+", metavar="FILE")
    combine.add_argument(
        "--with-bundled", action="store_true", help="merge on top of the bundled ITU data"
    )
    _repeatable(combine, "--replace", "ID", "an id that a later document may redefine (repeatable)")
    combine.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
    combine.add_argument("--force", action="store_true", help="replace an existing file")
    compare = _command(sub, "diff", [common])
    compare.add_argument("old", metavar="OLD")
    compare.add_argument("new", nargs="?", metavar="NEW")
    compare.add_argument(
        "--with-bundled", action="store_true", help="compare OLD with the bundled ITU data"
    )
    compare.add_argument(
        "--base-bundled",
        action="store_true",
        help="read OLD and NEW each as a part merged on top of the bundled ITU data",
    )
    _repeatable(
        compare,
        "--base",
        "FILE",
        "read OLD and NEW each merged on top of this document (repeatable; after the bundled data)",
    )
    _repeatable(
        compare,
        "--replace",
        "ID",
        "an id of the base that OLD and NEW may redefine (repeatable; needs a base)",
    )
    compare.add_argument(
        "--breaking",
        action="store_true",
        help="exit 1 only when a record was removed or a key stopped answering",
    )
    schema = _command(sub, "schema", [])
    schema.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
    schema.add_argument("--force", action="store_true", help="replace an existing file")
    export = _command(sub, "export", [])
    export.add_argument(
        "table", metavar="TABLE|DIR", help="a table (see below); with --all, the directory"
    )
    export.add_argument(
        "--all", action="store_true", help="write every table into the directory DIR"
    )
    export.add_argument(
        "--format",
        choices=(*FORMATS, "parquet", "datapackage"),
        default="csv",
        help="default: csv; datapackage needs --all",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
    export.add_argument("--force", action="store_true", help="replace existing files")
    return parser


#: The commands that print no JSON of their own, and what to use instead.
_WITHOUT_JSON = {
    "export": "export has no option --json; use 'export TABLE --format json'",
    "schema": "schema has no option --json; its output is JSON already",
}


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; an option the command lacks is named with the ones it has."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        args, extra = parser.parse_known_args(words)
    except UsageError as exc:
        missing = str(exc).startswith("the following arguments are required")
        if missing and "--json" in words and "export" in words:  # ``export --json``
            raise UsageError(_WITHOUT_JSON["export"]) from None
        raise
    unknown = [word for word in extra if word.startswith("-") and word != "-"]
    if "json" in vars(args) and args.command in ("export", "schema"):
        unknown.insert(0, "--json")  # given before the command, which has no such option
    if unknown:
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        chosen = commands.choices.get(args.command, parser)
        names = [o for a in chosen._actions for o in a.option_strings]
        close = difflib.get_close_matches(unknown[0].split("=")[0], names, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        if unknown[0] == "--json" and args.command in _WITHOUT_JSON:
            raise UsageError(_WITHOUT_JSON[args.command])
        if unknown[0].split("=")[0] == "--data" and args.command:  # given after the command
            hint = f"; --data goes before the command: '{PROG} --data FILE {args.command} ...'"
        raise UsageError(_bounded(f"{args.command or PROG} has no option {unknown[0]}{hint}"))
    if extra:
        raise UsageError(_bounded(f"unrecognized arguments: {' '.join(extra)}"))
    return args
