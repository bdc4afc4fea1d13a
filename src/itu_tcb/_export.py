"""Output helpers of the CLI and the data package (private: the public ways out are
:meth:`Dataset.to_document <itu_tcb.Dataset.to_document>`, the tables and the data
package).

* **One record in the document format** (:func:`record_dict`), as ``show --json``
  prints it.
* **Rendering** (:func:`render`) of the flat rows of :mod:`itu_tcb.tables`, and
  :func:`write_atomic` / :func:`write_files` for writing files all at once or not at
  all.

In CSV, a list is one cell with its items joined by ``"; "`` (an item that itself
holds ``"; "`` cannot be told apart there: use JSON or JSON Lines for a lossless
copy), ``None`` is an empty cell, booleans are ``true`` / ``false``, and rows end in
``\\r\\n`` as RFC 4180 says (a cell holding a line break is quoted). A text with a
NUL character cannot be written as CSV (:class:`ValueError`). All text is UTF-8.
JSON is one array of the rows; JSON Lines is one row per line (U+0085, U+2028 and
U+2029 are written as ``\\u`` escapes, so no reader splits a row).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import secrets
import stat
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .models import Record

if TYPE_CHECKING:
    pass

__all__ = [
    "EXISTS",
    "FORMATS",
    "LIST_SEPARATOR",
    "record_dict",
    "render",
    "write_atomic",
    "write_files",
]

#: The output formats of :func:`render`.
FORMATS = ("csv", "json", "jsonl")

#: What joins the items of a list in one CSV cell.
LIST_SEPARATOR = "; "


# ------------------------------------------------------------ document format


def record_dict(record: Record) -> dict[str, Any]:
    """A record in the document format: plain dicts, lists and strings."""
    from ._convert import CONVERTER

    result: dict[str, Any] = CONVERTER.unstructure(record)
    return result


# ------------------------------------------------------------------ rendering


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    return str(value)


#: Characters that JSON leaves as they are but that many readers take for line breaks
#: (``str.splitlines`` among them); escaped so that a JSON Lines row stays on one line.
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def _json(value: Any, indent: int | None = None) -> str:
    # JSON escapes every other control character; these three can only occur in strings.
    return json.dumps(value, indent=indent, ensure_ascii=False).translate(_LINE_BREAKS)


def render(rows: Iterable[dict[str, Any]], header: Sequence[str], fmt: str) -> str:
    """Flat rows as text: ``"csv"`` (with a header row), ``"json"`` or ``"jsonl"``."""
    if fmt == "csv":
        buffer = io.StringIO()
        # "\r\n" also makes Python 3.10 quote a cell that holds a lone "\r".
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            line = [_csv_cell(row[name]) for name in header]
            for name, cell in zip(header, line, strict=True):
                if "\x00" in cell:
                    raise ValueError(
                        f"CSV cannot hold the NUL character of {name!r} in row "
                        f"{row.get('id', '?')!r}; export as json or jsonl instead"
                    )
            writer.writerow(line)
        return buffer.getvalue()
    if fmt == "json":
        return _json(list(rows), indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(_json(row) + "\n" for row in rows)
    raise ValueError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")


#: The reason a :class:`FileExistsError` of :func:`write_atomic` gives for a file
#: that exists (any other reason says what is there instead).
EXISTS = "it already exists"

#: What :func:`write_atomic` calls an existing file that it refuses to replace.
_NOT_REGULAR = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}

#: Errors of :func:`os.link` that mean "no hard links here", not "the target exists".
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
)


def _existing(target: str) -> os.stat_result | None:
    """The status of ``target`` if it exists (links followed); refuses all but a regular file."""
    try:
        status = os.stat(target)
    except FileNotFoundError:  # nothing there, or a link that leads to nothing yet
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a loop of symbolic links", target) from None
        raise
    if stat.S_ISREG(status.st_mode):
        return status
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a directory", target)
    what = _NOT_REGULAR.get(stat.S_IFMT(status.st_mode), "something else")
    raise OSError(errno.EINVAL, f"it is {what}, not a regular file", target)


def _link(given: str) -> str:
    """What the symbolic link ``given`` is, for a message: "a symbolic link to 'x.json'"
    (as the link names it), or, through other links, to the path they all lead to."""
    hop = os.readlink(given)
    if os.path.islink(os.path.join(os.path.dirname(given), hop)):
        return f"a chain of symbolic links to {os.path.realpath(given)!r}"
    return f"a symbolic link to {hop!r}"


def _publish_new(temporary: str, target: str, given: str) -> None:
    """Give the finished ``temporary`` the name ``target``, which must not exist.

    A hard link is made and fails, atomically, if ``target`` exists meanwhile; the
    temporary name is then removed. Where the file system has no hard links, a last
    check precedes :func:`os.replace`: a file created between the two is replaced.
    """
    if hasattr(os, "link"):
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise FileExistsError(errno.EEXIST, EXISTS, given) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
        else:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, EXISTS, given)
    os.replace(temporary, target)


def write_atomic(path: str | os.PathLike[str], text: str | bytes, *, force: bool = False) -> None:
    """Write ``text`` (as UTF-8; bytes as they are) to ``path`` all at once, or not at all.

    The text goes to a new temporary file in the same directory, which then takes the
    place of ``path`` in one step: a reader never sees half a file, and a failed write
    leaves ``path`` as it was and no temporary file behind.

    * Without ``force``, an existing ``path`` (even a symbolic link) is kept and
      :class:`FileExistsError` is raised, before anything is written or, if the file
      appears meanwhile, when the new file is put in place (by a hard link, which
      cannot replace a file; where the file system has no hard links, a final check
      and :func:`os.replace` leave a short race). Its reason is :data:`EXISTS`, or
      for a symbolic link that leads where no file is yet, what the link is.
    * With ``force``, an existing regular file is replaced and keeps its permission
      bits; a symbolic link is written through (the file it leads to is replaced and
      the link stays).
    * Only a regular file is ever replaced: a directory (or a path that ends with a
      separator, ``out/``, which names one) raises :class:`IsADirectoryError`, and a
      device, FIFO or socket :class:`OSError` saying what it is, whether or not
      ``force`` is given. A missing folder is an :class:`OSError` saying whose: the
      path's, or that of the file a symbolic link leads to.
    """
    given = os.fspath(path)
    if given.endswith(tuple(s for s in (os.sep, os.altsep) if s)):  # "out/": not a file name
        raise IsADirectoryError(errno.EISDIR, "it names a folder, not a file", given)
    target = os.path.realpath(given)
    existing = _existing(target)
    if not force and existing is not None:
        raise FileExistsError(errno.EEXIST, EXISTS, given)
    if not force and os.path.lexists(given):  # a link to where nothing is yet
        raise FileExistsError(errno.EEXIST, f"it is {_link(given)}, where no file is yet", given)
    directory, name = os.path.split(target)
    temporary = os.path.join(directory, f".{name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(temporary, flags, 0o666)
    except OSError as exc:  # named as the user gave it, never by the temporary name
        reason = exc.strerror
        if exc.errno == errno.ENOENT:  # the folder of the file, or of the file a link leads to
            linked = os.path.islink(given)
            reason = f"it is {_link(given)}, whose folder" if linked else "its folder"
            reason += " does not exist"
        raise OSError(exc.errno, reason, given) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if existing is not None:
                os.chmod(temporary, stat.S_IMODE(existing.st_mode))
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temporary, target)
        else:
            _publish_new(temporary, target, given)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_files(
    directory: str | os.PathLike[str], files: Mapping[str, str | bytes], *, force: bool = False
) -> list[str]:
    """Write several files into ``directory``, each with :func:`write_atomic`, in order.

    ``files`` maps plain file names to their contents; the paths written are returned.
    The directory is created if it is missing (its parent must exist). Without
    ``force``, nothing is written when any of the files exists already
    (:class:`FileExistsError` names the first). If a write fails part-way, the files
    this call created are removed again (and the directory, if this call created it);
    a file that ``force`` already replaced stays replaced. Other files in the directory
    are never touched. Write the file that marks the set complete (a package's
    descriptor) last.
    """
    given = os.fspath(directory)
    for name in files:
        if not name or os.path.basename(name) != name or name in (".", ".."):
            raise ValueError(f"{name!r} is not a plain file name")
    created_directory = False
    if not os.path.lexists(given):
        os.mkdir(given)
        created_directory = True
    elif not os.path.isdir(given):
        raise NotADirectoryError(errno.ENOTDIR, "it is not a directory", given)
    paths = {name: os.path.join(given, name) for name in files}
    if not force:
        for path in paths.values():
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, EXISTS, path)
    created: list[str] = []
    try:
        for name, content in files.items():
            path = paths[name]
            new = not os.path.lexists(path)
            write_atomic(path, content, force=force)
            if new:
                created.append(path)
    except BaseException:
        for path in reversed(created):
            with contextlib.suppress(OSError):
                os.unlink(path)
        if created_directory:
            with contextlib.suppress(OSError):
                os.rmdir(given)
        raise
    return list(paths.values())
