"""Plain text: decode bytes into the line text the parser reads (BOM, named encoding, detection).

Every other format ends in text too; a web page whose charset is not declared reuses ``decode``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

from ..errors import DecodeError, UsageError
from ..language import _
from . import Extracted

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
    """Return ``(text, encoding)``: the named encoding, else a BOM, else UTF-16 when its zero
    bytes say so, else UTF-8, else GB18030 or Big5 (whichever reads as common characters).

    Raises DecodeError naming every encoding tried; text that decodes but holds control bytes
    (a binary file) is refused too, since no encoding makes it a notice.
    """
    candidates: Iterable[str]
    if encoding is not None:
        candidates = (encoding,)
    else:
        bom = bom_encoding(data)
        candidates = (bom,) if bom else _guesses(data)
    tried: list[str] = []
    for name in candidates:
        tried.append(name)
        try:
            text = data.decode(name)
        except LookupError:
            raise UsageError(_("unknown encoding '{name}'").format(name=name)) from None
        except UnicodeDecodeError:
            continue
        if looks_binary(text):
            raise DecodeError(_("the file holds binary data, not text; is it the right file?"))
        return text, name
    raise DecodeError(
        f"cannot decode the file as {', '.join(tried)}; name its encoding with --encoding"
    )


def _guesses(data: bytes) -> Iterator[str]:
    """The encodings to try when no BOM decides, lazily: UTF-16 first when the zero bytes of its
    ASCII characters (digits, line ends) stand at every other place, as no UTF-8 or GB text has
    them; Big5 before GB18030 when it reads as common characters and GB18030 does not (Big5
    bytes mostly decode as GB18030 too, as kana, Cyrillic and rare characters)."""
    utf16 = _utf16_order(data[:_SAMPLE])
    if utf16 is not None:
        yield utf16
    yield "utf-8"
    if _is_big5(data):
        yield "big5"
    yield "gb18030"


def _utf16_order(sample: bytes) -> str | None:
    """``utf-16-le`` when the sample's zero bytes stand at odd places, ``utf-16-be`` when at even
    ones, else None (one zero byte is not enough: binary files have them anywhere)."""
    odd = sample[1::2].count(0)
    even = sample.count(0) - odd
    if len(sample) % 2 or even + odd < 4:
        return None
    if odd > 8 * even:
        return "utf-16-le"
    if even > 8 * odd:
        return "utf-16-be"
    return None


def _is_big5(data: bytes) -> bool:
    """Whether the data decodes as Big5 and reads as common characters where GB18030 does not.
    Only the first 64 KiB are weighed: a notice tells its encoding in its first lines."""
    sample = data[:_SAMPLE]
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    big5 = sample.decode("big5", errors="ignore")
    gb = sample.decode("gb18030", errors="ignore")
    return _rare_share(big5, "big5", _BIG5_COMMON) < _rare_share(gb, "gb2312", _GB_COMMON) / 4


#: The bytes of each encoding's common characters: Big5's level 1 (A440–C67E) and its symbols
#: (A140–A3FE); GB2312's level 1 (B0A1–D7F9) and its symbols (A1A1–A3FE).
_BIG5_COMMON = (0xA140, 0xC67E)
_GB_COMMON = (0xA1A1, 0xD7F9)
_SAMPLE = 65536


def _rare_share(text: str, codec: str, common: tuple[int, int]) -> float:
    """The share of the non-ASCII characters of ``text`` outside ``codec``'s common range."""
    rare = total = 0
    for char in text:
        if char < "\x80":
            continue
        total += 1
        try:
            code = int.from_bytes(char.encode(codec), "big")
        except UnicodeEncodeError:
            rare += 1
            continue
        rare += not common[0] <= code <= common[1]
    return rare / total if total else 1.0


def looks_binary(text: str) -> bool:
    """NUL or other C0 controls (but tab, LF, FF, CR) in the first 64 KiB mean binary data."""
    return _BINARY.search(text, 0, 65536) is not None


def read(data: bytes, encoding: str | None = None) -> Extracted:
    """A text file as it is."""
    text, used = decode(data, encoding)
    return Extracted(text, "text", used)
