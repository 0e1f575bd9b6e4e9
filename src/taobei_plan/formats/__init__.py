"""Readers of published formats: bytes in, the line text the parser reads out.

One module a format, each with ``read(data, encoding) -> Extracted``. The format is detected from
the bytes (``detect``), never from a file name; ``--from`` names it instead. Reader modules are
imported only when a file of their format is read, so plain text pays for none of them.
"""

from __future__ import annotations

import re
import zlib
from importlib import import_module
from typing import NamedTuple

from ..errors import DecodeError, TaobeiError, UsageError, shorten
from ..language import _

#: Format name → reader module, in the order ``--from`` lists them (``wps`` is read as ``doc``).
READERS: dict[str, str] = {
    "text": "text",
    "html": "html",
    "docx": "docx",
    "doc": "doc",
    "wps": "doc",
    "pdf": "pdf",
    "ofd": "ofd",
    "xlsx": "xlsx",
}
#: File name endings a folder contributes (any case); a single file named on the command line is
#: read whatever its name, since the format comes from its bytes.
EXTENSIONS: tuple[str, ...] = (
    ".txt", ".html", ".htm", ".docx", ".doc", ".wps", ".pdf", ".ofd", ".xlsx",
)  # fmt: skip
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_MARKUP = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|table|"
    rb"title|span|center|font|br|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


class Extracted(NamedTuple):
    """What a reader made of a document: its text, one paragraph a line, and how it was read."""

    text: str
    format: str
    encoding: str
    #: For paged formats (PDF, OFD): the 1-based page of each line of ``text``.
    pages: tuple[int, ...] | None = None


def detect(data: bytes) -> str:
    """The format the bytes are in, from their signature; anything not recognised is text.

    Raises DecodeError for containers that hold no notice (a ZIP of something else, an
    encrypted Office file).
    """
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(_OLE2):
        if _ENCRYPTED in data[:1_000_000]:
            raise DecodeError(
                _("the file is password-protected; save an unprotected copy to read it")
            )
        return "doc"
    if _MARKUP.match(head) or (head.lstrip().startswith(b"<") and b"<html" in head.lower()):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    from .packages import Package

    package = Package(data, "ZIP")
    if package.has("word/document.xml"):
        return "docx"
    if package.has("OFD.xml"):
        return "ofd"
    if package.has("xl/workbook.xml"):
        return "xlsx"
    raise DecodeError(_("a ZIP archive that is not a Word, OFD or Excel document"))


def check_format_name(fmt: str | None) -> None:
    """``--from``: a format taobei reads (a usage error, before anything is read)."""
    if fmt is not None and fmt not in READERS:
        raise UsageError(
            _("unknown input format '{fmt}'; choose one of {formats}").format(
                fmt=fmt, formats=", ".join(READERS)
            )
        )


#: Formats whose pages may claim far more text than their bytes: their readers spend a budget.
PAGED = ("pdf", "ofd")


def extract(
    data: bytes, fmt: str | None = None, encoding: str | None = None, limit: int | None = None
) -> Extracted:
    """Turn a document's bytes into line text, in the format named or detected; a paged
    document stops reading past ``limit`` characters."""
    check_format_name(fmt)
    chosen = fmt or detect(data)
    reader = import_module(f".{READERS[chosen]}", __name__)
    try:
        if chosen in PAGED:
            result: Extracted = reader.read(data, encoding, limit)
        else:
            result = reader.read(data, encoding)
    except TaobeiError:
        raise
    except (
        ValueError,
        LookupError,
        OSError,
        RecursionError,
        NotImplementedError,
        zlib.error,
    ) as error:
        # a library meeting a document it cannot handle: the document's problem, said in a line
        detail = shorten(f"{type(error).__name__}: {error}", 120)
        raise DecodeError(
            _("this {chosen} document cannot be read ({detail})").format(
                chosen=chosen, detail=detail
            )
        ) from None
    return result
