"""Plain text: decode bytes into the line text the parser reads (BOM, named encoding, detection).

Every other format ends in text too; a web page whose charset is not declared reuses ``decode``.
"""

from __future__ import annotations

import codecs
import re

from ..errors import DecodeError, UsageError
from . import Extracted

#: Encodings tried, in order, when the caller names none and no BOM decides.
FALLBACK_ENCODINGS = ("utf-8", "gb18030")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: C0 controls other than tab, LF, FF, CR: no text file holds them, binary files do.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark names, if the data starts with one."""
    return next((name for mark, name in _BOMS if data.startswith(mark)), None)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``: the named encoding, else a BOM, else UTF-8, else GB18030.

    Raises DecodeError naming every encoding tried; text that decodes but holds control bytes
    (a binary file) is refused too, since no encoding makes it a notice.
    """
    if encoding is not None:
        candidates: tuple[str, ...] = (encoding,)
    else:
        bom = bom_encoding(data)
        candidates = (bom,) if bom else FALLBACK_ENCODINGS
    for name in candidates:
        try:
            text = data.decode(name)
        except LookupError:
            raise UsageError(f"unknown encoding '{name}'") from None
        except UnicodeDecodeError:
            continue
        if looks_binary(text):
            raise DecodeError("the file holds binary data, not text; is it the right file?")
        return text, name
    tried = ", ".join(candidates)
    raise DecodeError(f"cannot decode the file as {tried}; name its encoding with --encoding")


def looks_binary(text: str) -> bool:
    """NUL or other C0 controls (but tab, LF, FF, CR) in the first 64 KiB mean binary data."""
    return _BINARY.search(text, 0, 65536) is not None


def read(data: bytes, encoding: str | None = None) -> Extracted:
    """A text file as it is."""
    text, used = decode(data, encoding)
    return Extracted(text, "text", used)
