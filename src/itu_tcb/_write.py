"""Writing files all at once or not at all (``itu-tcb export``, ``merge -o``, the
data package).

A file is written to a temporary file beside it, which then takes its place in one
step: a reader never sees half a file, and a failed write leaves the target as it
was and no temporary file behind. Several files are all checked first, all written
to temporary files, then put in place together; if one cannot be, those already in
place are put back as they were. No write replaces a file it is told to keep (what
the caller read), by any name (a symbolic or a hard link), nor anything inside the
installed ``itu_tcb`` package, even with ``force``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable, Mapping
from importlib import resources

__all__ = ["EXISTS", "write_atomic", "write_files"]

#: The reason a :class:`FileExistsError` gives for a file that exists (any other
#: reason says what is there instead).
EXISTS = "it already exists"

#: What an existing file that is refused is called.
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


def _refuse_kept(given: str, target: str, keep: Iterable[str]) -> None:
    """Refuse a target that is a file of ``keep`` or inside the installed package (where
    it is a folder, not a zip file)."""
    package = os.path.realpath(str(resources.files("itu_tcb")))
    if os.path.isdir(package) and os.path.commonpath([package, target]) == package:
        reason = "it is inside the installed itu_tcb package, which every load reads"
        raise PermissionError(errno.EPERM, reason, given)
    for name in keep:
        try:
            same = os.path.samefile(target, name)
        except (OSError, ValueError):  # one of them does not exist (ValueError: a NUL)
            continue
        if same:
            reason = (
                f"it is the same file as the input {name!r}, which it would replace; "
                "write to another file"
            )
            raise PermissionError(errno.EPERM, reason, given)


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


class _Pending:
    """One file checked and written to a temporary file beside its target."""

    def __init__(self, given: str, force: bool, keep: Iterable[str]) -> None:
        if not given:  # the working directory, once resolved
            raise FileNotFoundError(errno.ENOENT, "the file name is empty", given)
        if given.endswith(tuple(s for s in (os.sep, os.altsep) if s)):  # "out/"
            raise IsADirectoryError(errno.EISDIR, "it names a folder, not a file", given)
        self.given, self.force = given, force
        self.target = os.path.realpath(given)
        _refuse_kept(given, self.target, keep)
        self.existing = _existing(self.target)
        if not force and self.existing is not None:
            raise FileExistsError(errno.EEXIST, EXISTS, given)
        if not force and os.path.lexists(given):  # a link to where nothing is yet
            reason = f"it is {_link(given)}, where no file is yet"
            raise FileExistsError(errno.EEXIST, reason, given)
        self.temporary: str | None = None
        self.backup: str | None = None

    def write(self, content: str | bytes) -> None:
        directory, name = os.path.split(self.target)
        temporary = os.path.join(directory, f".{name}.{secrets.token_hex(6)}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            descriptor = os.open(temporary, flags, 0o666)
        except OSError as exc:  # named as the user gave it, never by the temporary name
            reason = exc.strerror
            if exc.errno == errno.ENOENT:  # the folder of the file, or of the file a link leads to
                linked = os.path.islink(self.given)
                reason = f"it is {_link(self.given)}, whose folder" if linked else "its folder"
                reason += " does not exist"
            raise OSError(exc.errno, reason, self.given) from None
        self.temporary = temporary
        with os.fdopen(descriptor, "wb") as handle:
            if self.existing is not None:
                os.chmod(temporary, stat.S_IMODE(self.existing.st_mode))
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())

    def publish(self) -> None:
        """Put the temporary file in place: over the target with ``force`` (the old
        file kept aside until :meth:`done`), else where no file may be yet."""
        assert self.temporary is not None
        if self.force:
            if self.existing is not None:  # kept aside by a second name, to put back
                backup = f"{self.temporary}.old"
                with contextlib.suppress(OSError, AttributeError):  # no hard links: none
                    os.link(self.target, backup)
                    self.backup = backup
            os.replace(self.temporary, self.target)
            self.temporary = None
            return
        if hasattr(os, "link"):  # a hard link fails, atomically, if the target exists
            try:
                os.link(self.temporary, self.target)
            except FileExistsError:
                raise FileExistsError(errno.EEXIST, EXISTS, self.given) from None
            except OSError as exc:
                if exc.errno not in _NO_HARD_LINKS:
                    raise
            else:
                with contextlib.suppress(OSError):
                    os.unlink(self.temporary)
                self.temporary = None
                return
        if os.path.lexists(self.target):  # no hard links here: a last check, then rename
            raise FileExistsError(errno.EEXIST, EXISTS, self.given)
        os.replace(self.temporary, self.target)
        self.temporary = None

    def undo(self, published: bool) -> None:
        """Leave everything as it was: the target restored (or removed, if it was
        new), and no temporary file."""
        with contextlib.suppress(OSError):
            if self.temporary is not None:
                os.unlink(self.temporary)
            if published and self.backup is not None:
                os.replace(self.backup, self.target)
            elif published:
                os.unlink(self.target)
        self.done()

    def done(self) -> None:
        if self.backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.backup)
            self.backup = None


def write_atomic(
    path: str | os.PathLike[str],
    text: str | bytes,
    *,
    force: bool = False,
    keep: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write ``text`` (as UTF-8; bytes as they are) to ``path`` all at once, or not at all.

    * Without ``force``, an existing ``path`` (even a symbolic link) is kept and
      :class:`FileExistsError` is raised, before anything is written or, if the file
      appears meanwhile, when the new file is put in place. Its reason is
      :data:`EXISTS`, or for a symbolic link that leads where no file is yet, what the
      link is.
    * With ``force``, an existing regular file is replaced and keeps its permission
      bits; a symbolic link is written through.
    * Only a regular file is ever replaced: a directory raises
      :class:`IsADirectoryError`, a device, FIFO or socket an :class:`OSError` saying
      what it is. A file of ``keep`` (by any name), or one inside the installed
      package, raises :class:`PermissionError`, ``force`` or not.
    """
    write_files(None, {os.fspath(path): text}, force=force, keep=keep)


def write_files(
    directory: str | os.PathLike[str] | None,
    files: Mapping[str, str | bytes],
    *,
    force: bool = False,
    keep: Iterable[str | os.PathLike[str]] = (),
) -> list[str]:
    """Write several files into ``directory`` all at once, or none of them.

    ``files`` maps plain file names to their contents (with ``directory`` ``None``,
    paths); the paths written are returned. The directory is created if it is missing
    (its parent must exist). Every target is checked before anything is written, as
    :func:`write_atomic` checks one; then every file is written to a temporary file;
    then all are put in place. If any step fails, every target is left as it was
    (those replaced are put back, those created removed, and the directory too if
    this call made it). Other files in the directory are never touched.
    """
    kept = [os.fspath(name) for name in keep]
    created = None
    if directory is not None:
        given = os.fspath(directory)
        for name in files:
            if not name or os.path.basename(name) != name or name in (".", ".."):
                raise ValueError(f"{name!r} is not a plain file name")
        _refuse_kept(given, os.path.realpath(given), ())
        if not os.path.lexists(given):
            os.mkdir(given)
            created = given
        elif not os.path.isdir(given):
            raise NotADirectoryError(errno.ENOTDIR, "it is not a directory", given)
        paths = [os.path.join(given, name) for name in files]
    else:
        paths = list(files)
    pending: list[_Pending] = []
    published = 0
    current: _Pending | None = None
    try:
        pending = [_Pending(path, force, kept) for path in paths]
        for current, content in zip(pending, files.values(), strict=True):
            current.write(content)
        for current in pending:
            current.publish()
            published += 1
    except BaseException as exc:
        for number, item in enumerate(pending):
            item.undo(number < published)
        if created is not None:
            with contextlib.suppress(OSError):
                os.rmdir(created)
        if isinstance(exc, OSError) and current is not None and exc.filename != current.given:
            # Named as the user gave it, never by the temporary or the resolved name.
            raise type(exc)(exc.errno, exc.strerror, current.given) from None
        raise
    for item in pending:
        item.done()
    return paths
