"""ZIP packages and their XML, read as untrusted: bounded sizes, no entities, no network.

DOCX, XLSX and OFD are ZIP packages of XML parts. A hostile package can declare a part that
inflates to gigabytes (a ZIP bomb), or XML that defines entities (billion laughs, external
entities reading local files). Parts are read only up to their declared size, which must be under
``MAX_PART``; the parts read for one document may not add up past ``MAX_TOTAL``; XML with a DTD
is refused outright, and the parser never resolves entities or touches the network.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import TYPE_CHECKING

from ..errors import DecodeError
from ..language import _

if TYPE_CHECKING:
    from lxml import etree

#: The largest single part read (uncompressed), and the most read for one document.
MAX_PART = 64 * 1024 * 1024
MAX_TOTAL = 256 * 1024 * 1024
MAX_ENTRIES = 20_000
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class Package:
    """A ZIP package opened from bytes; ``read`` enforces the size limits."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError) as error:
            raise DecodeError(
                f"a damaged {kind} file (not a readable ZIP package: {error})"
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise DecodeError(
                _("a {kind} package with {parts} parts is not a notice").format(
                    kind=kind, parts=len(infos)
                )
            )
        self._names = {info.filename.lstrip("/").casefold(): info for info in infos}
        self._total = 0

    def has(self, name: str) -> bool:
        return name.casefold() in self._names

    def names(self) -> list[str]:
        return [info.filename for info in self._names.values()]

    def read(self, name: str) -> bytes:
        """A part's bytes; DecodeError when missing, damaged or over the size limits."""
        info = self._names.get(name.lstrip("/").casefold())
        if info is None:
            raise DecodeError(
                _("a damaged {kind} file: its part {name} is missing").format(
                    kind=self.kind, name=name
                )
            )
        self._total += info.file_size
        if info.file_size > MAX_PART or self._total > MAX_TOTAL:
            raise DecodeError(
                f"refused: the {self.kind} part {name} inflates to {info.file_size:,} bytes, "
                f"past the limit of {MAX_PART // (1024 * 1024)} MB (a ZIP bomb?)"
            )
        try:
            with self._zip.open(info) as handle:
                return handle.read(MAX_PART + 1)  # stops at the declared size anyway
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            ValueError,
            NotImplementedError,
        ) as error:
            raise DecodeError(
                _("a damaged {kind} file ({name}: {error})").format(
                    kind=self.kind, name=name, error=error
                )
            ) from None


#: Tags (counted as ``<``) one XML part or web page may hold: a 100-page docx holds about 100,000.
#: A tree costs some 150 bytes an element, so 57 MB of ``<w:p>`` packed into a 169 KB docx once
#: took 940 MB before a line was read.
MAX_TAGS = 2_000_000


def check_tags(count: int, name: str) -> None:
    """Refuse markup of more tags than ``MAX_TAGS`` before a tree of it is built."""
    if count > MAX_TAGS:
        raise DecodeError(
            _(
                "refused: {name} holds {count:,} tags, past the limit of {limit:,} (no "
                "notice holds so many)"
            ).format(name=name, count=count, limit=MAX_TAGS)
        )


def xml(data: bytes, name: str) -> etree._Element:
    """Parse an XML part safely: no DTD, no entity expansion, no network, no huge trees."""
    from lxml import etree

    if _DTD.search(data):
        raise DecodeError(
            _("refused: {name} declares a DTD or entities (never resolved)").format(name=name)
        )
    check_tags(data.count(b"<"), name)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DecodeError(
            _("a damaged document: {name} is not well-formed XML ({error})").format(
                name=name, error=error
            )
        ) from None


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def check_sizes(path: str) -> None:
    """Refuse a ZIP package on disk (a workbook someone sent back) whose parts inflate past the
    limits, before a library that does not bound them (openpyxl) opens it: DecodeError."""
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError) as error:
        raise DecodeError(
            _("{path}: not a readable workbook ({error})").format(path=path, error=error)
        ) from None
    total = sum(info.file_size for info in infos)
    largest = max((info.file_size for info in infos), default=0)
    if len(infos) > MAX_ENTRIES or largest > MAX_PART or total > MAX_TOTAL:
        raise DecodeError(
            _("{path}: refused: its parts inflate to {size:,} bytes (a ZIP bomb?)").format(
                path=path, size=total
            )
        )
