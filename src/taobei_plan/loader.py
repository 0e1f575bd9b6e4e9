"""Reading notices from files, stdin or the bundled copy: the I/O around the pure parser."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import InputError
from .models import Notice, SourceInfo
from .parser import parse
from .source import decode, sha256

BUNDLED_NAME = "taobei-14th-five-year-plan-tasks.txt"
BUNDLED = "<bundled>"


def bundled_bytes() -> bytes:
    """The Taobei notice shipped inside the package."""
    return (resources.files("taobei_plan") / "data" / BUNDLED_NAME).read_bytes()


def read_bytes(path: str | Path) -> bytes:
    """Read a file, turning OS errors into one clear InputError."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a notice file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def parse_bytes(data: bytes, path: str = "<bytes>", encoding: str | None = None) -> Notice:
    """Decode ``data`` (see ``source.decode``) and parse it, recording where it came from."""
    text, used = decode(data, encoding)
    return parse(text, source=SourceInfo(path=path, encoding=used, sha256=sha256(data)))


def parse_file(path: str | Path, encoding: str | None = None) -> Notice:
    """Read, decode and parse a notice file."""
    return parse_bytes(read_bytes(path), str(path), encoding)


def parse_bundled() -> Notice:
    return parse_bytes(bundled_bytes(), BUNDLED)
