"""Writing where the user asked, without losing anything the user had.

A regular file (or a new one) is written atomically: a private temporary beside the target
(``mkstemp``: ``O_EXCL``, random name, no link followed), then ``os.replace``; on any failure the
old file is left as it was and the temporary is removed. A target that exists and is not a regular
file (``/dev/stdout``, a FIFO, a device) is opened and written in place instead, since replacing
it would swap a device for a file. Before any work starts, ``check_target`` refuses targets that
would destroy an input of the same run, or a file the user made read-only.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError, UsageError
from ..language import _


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def check_target(path: str | Path, inputs: Iterable[str | Path] = (), force: bool = False) -> None:
    """Refuse an output path that is one of ``inputs`` (same real path or same file), or a
    read-only regular file unless ``force``: both would lose what the user had."""
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise InputError(
            _("{target}: cannot write ({reason})").format(target=target, reason=_reason(error))
        ) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(
            _("{target}: is a directory; give a file name to write").format(target=target)
        )
    for source in inputs:
        if _same_file(target, info, Path(source)):
            raise UsageError(
                _("{target}: is also an input of this run; refusing to overwrite it").format(
                    target=target
                )
            )
    if force or info is None or not stat.S_ISREG(info.st_mode):
        return
    if _read_only(info) or not os.access(target, os.W_OK):
        raise UsageError(
            _("{target}: is read-only; use --force to replace it").format(target=target)
        )
    if _open_elsewhere(target):
        raise UsageError(
            _("{target}: is open in another program; close it or give --force").format(
                target=target
            )
        )


def _open_elsewhere(target: Path) -> bool:
    """The lock file an office program keeps beside a file it has open: LibreOffice's
    ``.~lock.NAME#``, Excel's and WPS's ``~$NAME`` (Excel drops two characters of a long name).
    Replacing the file under it loses what the user is typing there."""
    name = target.name
    locks = (f".~lock.{name}#", f"~${name}", f"~${name[2:]}")
    return any((target.parent / lock).is_file() for lock in locks)


def _read_only(info: os.stat_result) -> bool:
    """No write bit at all: root may write anyway, but the user said 'keep this'."""
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _same_file(target: Path, info: os.stat_result | None, source: Path) -> bool:
    if str(source) in ("-", "<stdin>"):
        return False
    try:
        if target.resolve() == source.resolve():
            return True
        other = source.stat()
    except OSError:
        return False
    return info is not None and (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino)


Content = str | bytes | Iterable[str]


def _pieces(content: Content) -> Iterator[bytes]:
    """Content as UTF-8 bytes, in pieces of about 64 KiB (text may arrive as many small chunks)."""
    if isinstance(content, bytes):
        yield content
        return
    if isinstance(content, str):
        yield content.encode("utf-8")
        return
    buffer: list[str] = []
    size = 0
    for chunk in content:
        buffer.append(chunk)
        size += len(chunk)
        if size >= 65536:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    yield "".join(buffer).encode("utf-8")


def write_file(path: str | Path, content: Content) -> None:
    """Write ``content`` (text as UTF-8) to ``path``: atomically for regular files, in place for
    devices and pipes. Raises InputError naming the path and the reason."""
    target = Path(path)
    data = _pieces(content)
    try:
        info = target.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(target, data)
    else:  # through a link: the file it names is replaced in its own folder, the link kept
        _write_atomic(target.resolve() if target.is_symlink() else target, data)


def _write_in_place(target: Path, data: Iterable[bytes]) -> None:
    try:
        with open(target, "wb") as handle:
            handle.writelines(data)
    except OSError as error:
        raise InputError(
            _("{target}: cannot write ({reason})").format(target=target, reason=_reason(error))
        ) from None


def _write_atomic(target: Path, data: Iterable[bytes]) -> None:
    """A temporary beside the target (named with this process's id, so one a killed run left
    is known stale and swept by the next), synced to disk, then renamed over the target."""
    _sweep_stale(target)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
        )
    except OSError as error:
        raise InputError(
            _("{target}: cannot write ({reason})").format(target=target, reason=_reason(error))
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())  # a crash after the rename never leaves an empty file
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise InputError(
                _("{target}: cannot write ({reason})").format(target=target, reason=_reason(error))
            ) from None
        raise


def _sweep_stale(target: Path) -> None:
    """Remove temporaries of ``target`` that processes no longer alive left (SIGKILL, a power
    cut); those of a live process (another run writing the same file) are its own."""
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive, not ours to judge
    return True


def _mode_for(target: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_stdout(content: Content) -> None:
    """Write to stdout as UTF-8 bytes; a failing stdout (full disk, closed) is an I/O error.

    A reader that went away (``| head``) raises BrokenPipeError, which the CLI treats as success.
    """
    if sys.stdout is None:  # started with stdout closed
        raise InputError(_("<stdout>: cannot write (stdout is closed)"))
    out = sys.stdout.buffer
    for piece in _pieces(content):  # an error making a piece is that error, not stdout's
        _write_piece(out.write, piece)
    _write_piece(lambda _: sys.stdout.flush(), b"")


def _write_piece(write: Callable[[bytes], object], piece: bytes) -> None:
    try:
        write(piece)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:  # ValueError: stdout was closed
        reason = _reason(error) if isinstance(error, OSError) else "stdout is closed"
        _discard_stdout()
        raise InputError(_("<stdout>: cannot write ({reason})").format(reason=reason)) from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of what is left in its buffer
    does not fail a second time, with a traceback, after our one-line error."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
