"""Writing files all at once or not at all (``itu-tcb export``, ``merge -o``, the
data package).

A file is written to a temporary file beside it, which then takes its place in one
step: a reader never sees half a file, and a failed write leaves the target as it
was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Mapping

__all__ = ["EXISTS", "write_atomic", "write_files"]

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
