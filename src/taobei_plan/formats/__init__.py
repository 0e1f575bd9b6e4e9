"""Readers of published formats: bytes in, the line text the parser reads out.

One module a format, each with ``read(data, encoding) -> Extracted``. The format is detected from
the bytes (``detect``), never from a file name; ``--from`` names it instead. Reader modules are
imported only when a file of their format is read, so plain text pays for none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from ..errors import UsageError

#: Format name → reader module, in the order ``--from`` lists them.
READERS: dict[str, str] = {"text": "text"}
#: File name endings a folder contributes (any case); a single file named on the command line is
#: read whatever its name, since the format comes from its bytes.
EXTENSIONS: tuple[str, ...] = (".txt",)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a reader made of a document: its text, one paragraph a line, and how it was read."""

    text: str
    format: str
    encoding: str
    #: For paged formats (PDF, OFD): the 1-based page of each line of ``text``.
    pages: tuple[int, ...] | None = None


def detect(data: bytes) -> str:
    """The format the bytes are in; anything not recognised is text."""
    return "text"


def extract(data: bytes, fmt: str | None = None, encoding: str | None = None) -> Extracted:
    """Turn a document's bytes into line text, in the format named or detected."""
    chosen = fmt or detect(data)
    if chosen not in READERS:
        raise UsageError(f"unknown input format '{chosen}'; choose one of {', '.join(READERS)}")
    reader = import_module(f".{READERS[chosen]}", __name__)
    result: Extracted = reader.read(data, encoding)
    return result
