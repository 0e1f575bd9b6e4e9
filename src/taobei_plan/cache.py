"""A parse cache for queries: the same bytes, parsed by the same code, give the same notice.

A clerk runs ``taobei tasks --dept …`` again and again on one file; after the first run the
notice is read back from JSON instead of parsed, which also spares importing the parser. The key
is the SHA-256 of the bytes, the encoding asked for, and a fingerprint of taobei's own modules
(so a changed parser never serves an old result). The cache lives in ``$TAOBEI_CACHE_DIR``, else
``$XDG_CACHE_HOME/taobei``, else ``~/.cache/taobei``; ``TAOBEI_NO_CACHE=1`` turns it off. It is
best effort: any error reading or writing it is ignored and the file is simply parsed.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Notice

_PACKAGE = Path(__file__).resolve().parent


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
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".txt"):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _entry(data: bytes, encoding: str | None) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    key = hashlib.sha256(data + f"\0{encoding}\0{_fingerprint()}".encode()).hexdigest()
    return directory / f"{key}.json"


def load(data: bytes, path: str, encoding: str | None) -> Notice | None:
    """The cached notice for these bytes, its source path set to ``path``; None on a miss."""
    entry = _entry(data, encoding)
    if entry is None:
        return None
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    from .models import Notice

    try:
        notice = Notice.model_validate_json(raw)
    except ValueError:
        return None
    notice.source.path = path
    return notice


def store(data: bytes, encoding: str | None, notice: Notice) -> None:
    """Remember ``notice`` for these bytes (atomically; failures are ignored)."""
    entry = _entry(data, encoding)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(notice.model_dump_json(), encoding="utf-8")
        os.replace(temporary, entry)
    except OSError:
        return
