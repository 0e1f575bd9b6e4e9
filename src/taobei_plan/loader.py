"""Reading notices from files, stdin or the bundled copy: the I/O around the pure parser.

The parser is imported only when something must be parsed, so a query answered from the cache
or from a parsed JSON file does not pay for it.
"""

from __future__ import annotations

import codecs
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .errors import InputError, NoTaskListError, ParsedFileError, TaobeiError

if TYPE_CHECKING:
    from .models import Notice

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
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give a notice text file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def parse_bytes(data: bytes, path: str = "<bytes>", encoding: str | None = None) -> Notice:
    """Read ``data`` (see ``formats.extract``) and parse it, recording where it came from.

    Errors name ``path``, so a message read among many files still says which one.
    """
    from .formats import extract
    from .models import SourceInfo
    from .parsing.parser import parse
    from .parsing.source import sha256

    try:
        if not data.strip():
            raise NoTaskListError("the file is empty; nothing to parse")
        document = extract(data, None, encoding)
        info = SourceInfo(path=path, encoding=document.encoding, sha256=sha256(data))
        return parse(document.text, source=info)
    except TaobeiError as error:
        raise type(error)(f"{path}: {error}") from None


def parse_file(path: str | Path, encoding: str | None = None) -> Notice:
    """Read, decode and parse a notice file."""
    return parse_bytes(read_bytes(path), str(path), encoding)


def parse_bundled() -> Notice:
    return parse_bytes(bundled_bytes(), BUNDLED)


STDIN = "-"


def _source_bytes(source: str | None) -> tuple[bytes, str]:
    if source is None:
        return bundled_bytes(), BUNDLED
    if source == STDIN:
        return sys.stdin.buffer.read(), "<stdin>"
    return read_bytes(source), source


def load_text_notice(source: str | None, encoding: str | None = None) -> Notice:
    """A notice text file, ``-`` for stdin, or None for the bundled notice, parsed."""
    data, path = _source_bytes(source)
    return parse_bytes(data, path, encoding)


_PARSED_STARTS = (b"{", b"source:", b"---")


def load_notice(source: str | None, encoding: str | None = None) -> Notice:
    """Like ``load_text_notice``, but a file that is already parsed (JSON/YAML) is read as is,
    and a text parsed before is read back from the cache (see ``cache``)."""
    data, path = _source_bytes(source)
    if data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(_PARSED_STARTS):
        return _load_parsed(data, path)
    notice = cache.load(data, path, encoding)
    if notice is None:
        notice = parse_bytes(data, path, encoding)
        cache.store(data, encoding, notice)
    return notice


def _load_parsed(data: bytes, path: str) -> Notice:
    """A notice that taobei parsed before, as JSON or YAML."""
    import yaml

    from .models import Notice

    try:
        text = data.decode("utf-8-sig")
        if text.lstrip().startswith("{"):
            return Notice.model_validate_json(text)
        return Notice.model_validate(yaml.safe_load(text))
    except (ValueError, TypeError, yaml.YAMLError) as error:  # pydantic's are ValueErrors
        first = str(error).splitlines()[0]
        raise ParsedFileError(f"{path}: not a parsed taobei notice ({first})") from None
