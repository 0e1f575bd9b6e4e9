"""A parse cache for queries: the same bytes, parsed by the same code, give the same notice.

A clerk runs ``taobei tasks --dept …`` again and again on one file; after the first run the
notice is read back from JSON instead of parsed, which also spares importing the parser. The key
is the SHA-256 of the bytes, how they were asked to be read, and a fingerprint of taobei's own
modules (so a changed parser never serves an old result). The cache lives in
``$TAOBEI_CACHE_DIR``, else ``$XDG_CACHE_HOME/taobei``, else ``~/.cache/taobei``;
``TAOBEI_NO_CACHE=1`` turns it off.

The cache folder is someone else's file until proven ours. It is created ``0700``; a folder that
is world- or group-writable or owned by another user is not used (as ssh treats its files). An
entry is opened without following links or blocking, must be a regular file of bounded size, and
starts with the SHA-256 of its JSON, checked on read: anything else is a miss, and the file is
simply parsed. Temporaries are made by ``mkstemp`` (random name, ``O_EXCL``). Every error is
ignored: the cache is best effort.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Notice

_PACKAGE = Path(__file__).resolve().parent
#: The largest entry read back (a parsed notice is a few times its text; notices are < 20 MB).
MAX_ENTRY = 256 * 1024 * 1024


def cache_dir() -> Path | None:
    if os.environ.get("TAOBEI_NO_CACHE"):
        return None
    if explicit := os.environ.get("TAOBEI_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "taobei"


@cache
def _fingerprint() -> str:
    """Changes whenever a module or data file of the package changes (size or mtime)."""
    digest = hashlib.sha256()
    for path in sorted(_package_files(str(_PACKAGE))):
        info = os.stat(path)
        digest.update(f"{os.path.basename(path)}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _package_files(folder: str) -> list[str]:
    """The package's modules (compiled ones too) and data files (os.scandir: pathlib's rglob
    took a few ms)."""
    found = []
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            found += _package_files(entry.path)
        elif entry.name.endswith((".py", ".so", ".pyd", ".yaml", ".txt")):
            found.append(entry.path)
    return found


_noted: set[Path] = set()


def _trusted_dir(create: bool) -> Path | None:
    """The cache folder if it is safe to use (creating it 0700 when asked), else None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        if create:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.lstat()
    except OSError:
        return None
    problem = _untrusted(info)
    if problem:
        if directory not in _noted:  # one note a run, however often the cache is asked
            _noted.add(directory)
            import logging  # only here: a query answered from the cache never needs it

            logging.getLogger("taobei").info("cache folder %s not used: %s", directory, problem)
        return None
    return directory


def _untrusted(info: os.stat_result) -> str | None:
    if not stat.S_ISDIR(info.st_mode):
        return "not a directory (a link or a file)"
    if info.st_uid != os.geteuid():
        return "owned by another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by other users"
    return None


def _key(data: bytes, reading: str) -> str:
    return hashlib.sha256(data + f"\0{reading}\0{_fingerprint()}".encode()).hexdigest()


def load(data: bytes, path: str, reading: str) -> Notice | None:
    """The cached notice for these bytes read this way, its source path set to ``path``;
    None on a miss (absent, not a regular file, too large, edited, invalid)."""
    body = _verified_body(data, reading)
    if body is None:
        return None
    from .models import Notice

    try:
        notice = Notice.model_validate_json(body)
    except ValueError:
        return None
    notice.source.path = path
    return notice


def load_data(data: bytes, path: str, reading: str) -> dict[str, Any] | None:
    """``load`` without the models: the cached notice as the JSON data it was stored as (what
    ``Notice.model_dump(mode="json")`` gives). The folder is private, the key holds the code's
    fingerprint and the checksum catches damage, so the entry is the JSON this code wrote from
    a validated notice, and a query answers from it without importing pydantic or building a
    model."""
    body = _verified_body(data, reading)
    if body is None:
        return None
    try:
        notice = json.loads(body)
    except ValueError:
        return None
    if not isinstance(notice, dict) or not isinstance(notice.get("source"), dict):
        return None
    notice["source"]["path"] = path
    return notice


def _verified_body(data: bytes, reading: str) -> bytes | None:
    """The JSON of the entry for these bytes, if there is one and its checksum holds."""
    directory = _trusted_dir(create=False)
    if directory is None:
        return None
    raw = _read_entry(directory / f"{_key(data, reading)}.json")
    if raw is None:
        return None
    checksum, _, body = raw.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != checksum:
        return None
    return body


def _read_entry(entry: Path) -> bytes | None:
    """An entry's bytes: never through a link, never from a FIFO or device, never unbounded."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def store(data: bytes, reading: str, notice: Notice) -> None:
    """Remember ``notice`` for these bytes: a private temporary, then an atomic rename."""
    directory = _trusted_dir(create=True)
    if directory is None:
        return
    body = notice.model_dump_json().encode("utf-8")
    entry = directory / f"{_key(data, reading)}.json"
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".entry.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(temporary, entry)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
