"""Reading notices from files, stdin or the bundled copy: the I/O around the pure parser.

Every input is untrusted and read with a size limit (``MAX_SIZE``, ``--max-size``): a file over it
is refused before it is read whole. The parser is imported only when something must be parsed, so
a query answered from the cache or from a parsed JSON file does not pay for it.
"""

from __future__ import annotations

import codecs
import functools
import sys
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import cache
from .deadline import deadline
from .errors import (
    InputError,
    NoTaskListError,
    ParsedFileError,
    TaobeiError,
    TimeLimitError,
    TooLargeError,
    shorten,
    shown,
)
from .language import _

if TYPE_CHECKING:
    from .formats import Extracted
    from .models import Notice

BUNDLED_NAME = "taobei-14th-five-year-plan-tasks.txt"
BUNDLED = "<bundled>"
STDIN = "-"

#: Inputs larger than this are refused (bytes); the CLI's ``--max-size`` changes it.
DEFAULT_MAX_SIZE = 20 * 1024 * 1024
_limit = {"max_size": DEFAULT_MAX_SIZE, "measures": False}


def set_max_size(size: int) -> None:
    """The input size limit for this process (``--max-size``)."""
    _limit["max_size"] = size


def set_measures(measures: bool) -> None:
    """Whether this process reads numbered measures with no clause as tasks (``--measures``)."""
    _limit["measures"] = measures


def measures() -> bool:
    return bool(_limit["measures"])


#: A size: bytes, or with K, M or G (KB, MB, GB; powers of 1024).
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    """``50M`` → 52428800; a UsageError when it is not a size."""
    from .errors import UsageError

    plain = text.strip().upper().removesuffix("B")
    number = plain.rstrip("KMG")
    unit = plain[len(number) :]
    if not number.isdigit() or unit not in _SIZE_UNITS or int(number) == 0:
        raise UsageError(
            _("--max-size '{size}' is not a size; write e.g. 50M or 1G").format(
                size=shorten(text, 20)
            )
        )
    return int(number) * _SIZE_UNITS[unit]


def max_size() -> int:
    return int(_limit["max_size"])


def bundled_bytes() -> bytes:
    """The Taobei notice shipped inside the package."""
    return (resources.files("taobei_plan") / "data" / BUNDLED_NAME).read_bytes()


def _read_limited(handle: IO[bytes], path: str | Path) -> bytes:
    """At most the limit; one byte more means the input is too large."""
    limit = max_size()
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(
            f"{path}: larger than the input limit of {_readable_size(limit)}; "
            "raise it with --max-size if the file is really a notice"
        )
    return data


def _readable_size(size: int) -> str:
    """A size as people read it: 20 MB, 1 KB (not 0.000976562 MB)."""
    if size < 1024 * 1024:
        return f"{size / 1024:g} KB"
    return f"{size / (1024 * 1024):g} MB"


def read_bytes(path: str | Path) -> bytes:
    """Read a file (up to the size limit), turning OS errors into one clear InputError."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            return _read_limited(handle, path)
    except FileNotFoundError:
        raise InputError(_("{path}: no such file; check the path").format(path=path)) from None
    except IsADirectoryError:
        raise InputError(
            _("{path}: is a directory; give a notice file").format(path=path)
        ) from None
    except PermissionError:
        raise InputError(_("{path}: cannot read (permission denied)").format(path=path)) from None
    except OSError as error:
        raise InputError(
            _("{path}: cannot read ({reason})").format(path=path, reason=error.strerror or error)
        ) from None


def read_stdin() -> bytes:
    try:
        return _read_limited(sys.stdin.buffer, "<stdin>")
    except OSError as error:
        raise InputError(
            _("<stdin>: cannot read ({reason})").format(reason=error.strerror or error)
        ) from None


def parse_bytes(
    data: bytes,
    path: str = "<bytes>",
    encoding: str | None = None,
    fmt: str | None = None,
    measures: bool | None = None,
) -> Notice:
    """Read ``data`` (see ``formats.extract``; ``fmt`` names the format, else it is detected)
    and parse it, recording where it came from and, for paged formats, each element's page.
    ``measures`` (default: this process's ``--measures``) is ``parse``'s.

    Errors name ``path``, so a message read among many files still says which one.
    """
    from .models import SourceInfo
    from .parsing.parser import parse
    from .parsing.source import sha256

    try:
        with deadline():
            document = read_document(data, path, encoding, fmt)
            info = SourceInfo(
                path=shown(path),
                encoding=document.encoding,
                sha256=sha256(data),
                format=document.format,
            )
            try:
                chosen = _limit["measures"] if measures is None else measures
                notice = parse(document.text, source=info, measures=bool(chosen))
            except TaobeiError as error:
                raise error.at(path) from None
    except TimeLimitError as error:  # the alarm may ring between the steps that name the file
        raise error.at(path) from None
    if document.pages:
        _paginate(notice, document.pages)
    return notice


def read_document(
    data: bytes, path: str, encoding: str | None = None, fmt: str | None = None
) -> Extracted:
    """The line text of a document (``taobei text``): what the parser reads and lines cite."""
    from .formats import check_format_name, extract

    check_format_name(fmt)
    try:
        if not data.strip():
            raise NoTaskListError(_("the file is empty; nothing to parse"))
        document = extract(data, fmt, encoding, max_size())
        _check_extracted(document.text)
        return document
    except TaobeiError as error:
        raise error.at(path) from None


#: Lines of text a document may unfold into (more with a raised input limit, in proportion).
MAX_LINES = 1_000_000


def _check_extracted(text: str) -> None:
    """A document's text is bounded as a text file is (the input limit, in characters): a
    small docx, PDF or page can unfold into far more text than its bytes, and the parse takes
    about ten times what it reads."""
    limit = max_size()
    if len(text) > limit:
        raise TooLargeError(
            f"the document unfolds into more than {limit:,} characters of text (the input "
            "limit); raise it with --max-size if it is really a notice"
        )
    lines = text.count("\n") + 1
    if lines > MAX_LINES * max(1, limit // DEFAULT_MAX_SIZE):
        raise TooLargeError(
            f"the document unfolds into {lines:,} lines (a line costs the parse far more than a "
            "character); no notice holds so many"
        )


def _paginate(notice: Notice, pages: tuple[int, ...]) -> None:
    """Give every element read from a paged document the page its first line is on."""

    def page(line: int) -> int | None:
        return pages[line - 1] if 0 < line <= len(pages) else None

    for section in notice.sections:
        section.page = page(section.line)
        for task in section.tasks:
            task.page = page(task.line)
        for target in section.targets:
            target.page = page(target.line)
        for paragraph in (*section.text, *section.subheadings):
            paragraph.page = page(paragraph.line)


def parse_file(
    path: str | Path,
    encoding: str | None = None,
    fmt: str | None = None,
    measures: bool | None = None,
) -> Notice:
    """Read, decode and parse a notice file."""
    return parse_bytes(read_bytes(path), str(path), encoding, fmt, measures)


def parse_bundled() -> Notice:
    return parse_bytes(bundled_bytes(), BUNDLED)


def source_bytes(source: str | None) -> tuple[bytes, str]:
    """The bytes of a path, ``-`` (stdin) or None (the bundled notice), and the name to show."""
    if source is None:
        return bundled_bytes(), BUNDLED
    if source == STDIN:
        return read_stdin(), "<stdin>"
    return read_bytes(source), shown(source)


def load_text_notice(
    source: str | None, encoding: str | None = None, fmt: str | None = None
) -> Notice:
    """A notice file, ``-`` for stdin, or None for the bundled notice, parsed."""
    data, path = source_bytes(source)
    return parse_bytes(data, path, encoding, fmt)


_PARSED_STARTS = (b"{", b"source:", b"---")


def load_notice(source: str | None, encoding: str | None = None, fmt: str | None = None) -> Notice:
    """Like ``load_text_notice``, but a file that is already parsed (JSON/YAML) is read as is,
    and a document parsed before is read back from the cache (see ``cache``)."""
    data, path = source_bytes(source)
    if _already_parsed(data, fmt):
        return _load_parsed(data, path)
    key = _cache_key(encoding, fmt)
    notice = cache.load(data, path, key)
    if notice is None:
        notice = parse_bytes(data, path, encoding, fmt)
        cache.store(data, key, notice)
    return notice


def load_notice_data(
    source: str | None, encoding: str | None = None, fmt: str | None = None
) -> dict[str, Any]:
    """``load_notice`` as JSON data (``Notice.model_dump(mode="json")``): a cache hit is
    answered without the models, which is most of a repeated query's start-up time."""
    data, path = source_bytes(source)
    if _already_parsed(data, fmt):
        return _load_parsed(data, path).model_dump(mode="json")
    key = _cache_key(encoding, fmt)
    stored = cache.load_data(data, path, key)
    if stored is not None:
        return stored
    notice = parse_bytes(data, path, encoding, fmt)
    cache.store(data, key, notice)
    return notice.model_dump(mode="json")


def _already_parsed(data: bytes, fmt: str | None) -> bool:
    """Bytes that are taobei's own JSON or YAML output (unless ``--from`` says otherwise)."""
    return fmt is None and data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(_PARSED_STARTS)


def _cache_key(encoding: str | None, fmt: str | None) -> str:
    """How the bytes are read, the part of a cache key besides the bytes themselves."""
    return f"{encoding}\0{fmt}" + ("\0measures" if _limit["measures"] else "")


def _load_parsed(data: bytes, path: str) -> Notice:
    """A notice that taobei parsed before, as JSON or YAML (YAML without anchors or aliases:
    a few hundred bytes of aliases expand to gigabytes)."""
    import yaml

    from .models import Notice

    try:
        text = data.decode("utf-8-sig")
        if text.lstrip().startswith("{"):
            return Notice.model_validate_json(text)
        return Notice.model_validate(yaml.load(text, Loader=_no_alias_loader()))
    except (ValueError, TypeError, yaml.YAMLError) as error:  # pydantic's are ValueErrors
        first = shorten(str(error).splitlines()[0] if str(error) else type(error).__name__, 120)
        raise ParsedFileError(
            _("{path}: not a parsed taobei notice ({first})").format(path=path, first=first)
        ) from None


@functools.cache
def _no_alias_loader() -> type[Any]:
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        """SafeLoader that refuses aliases: taobei never writes them, so any is hostile."""

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(None, None, "YAML aliases are not accepted")
            return super().compose_node(parent, index)

    return NoAliasLoader


def load_database(source: str | None) -> list[Notice] | None:
    """The notices in a taobei database at ``source`` (queries answer across them); None when
    ``source`` is not an SQLite file."""
    if source is None or source == STDIN:
        return None
    try:
        with open(source, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return None  # reported by the ordinary reading path
    from .formats.database import is_database, read_notices

    return read_notices(Path(source)) if is_database(head) else None


def load_all(
    source: str | None, encoding: str | None = None, fmt: str | None = None
) -> tuple[list[Notice] | list[dict[str, Any]], bool]:
    """The notices a query asks about: every notice of a taobei database (and True), else the
    one notice at ``source`` as JSON data (and False)."""
    stored = load_database(source)
    if stored is not None:
        return stored, True
    return [load_notice_data(source, encoding, fmt)], False
