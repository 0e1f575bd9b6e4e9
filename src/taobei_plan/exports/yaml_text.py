"""YAML text of plain data, written by taobei, byte for byte what PyYAML's ``safe_dump`` writes.

PyYAML spends most of a large notice's YAML in its Python representer and serializer (the C
emitter only helps the last step), which made ``taobei parse --format yaml`` three times the JSON
command. A notice's data is a tree of dicts, lists, strings, numbers, booleans and nulls in block
style, and most of its strings are plain scalars; this writer emits that common case directly
and asks PyYAML itself wherever its choice is less obvious: a string that is neither plain nor
simply quoted is written by PyYAML one scalar at a time, and anything else (another type, an
object shared by two places, which PyYAML writes as an anchor and an alias, a key PyYAML writes
as a complex key) makes ``yaml_text`` return None so the caller writes the whole document with
PyYAML. A test
compares both writers on every golden and on generated data.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.resolver import Resolver

#: Options of every YAML text taobei writes; ``yaml_text`` gives PyYAML's text for these.
OPTIONS: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 1_000_000}

#: A first character that makes a plain scalar mean something else to YAML: indicators
#: (PyYAML's ``analyze_scalar``), and ``-``, ``?``, ``:``, ``.`` whose meaning depends on what
#: follows (``- x``, ``...``): strings starting with these are left to PyYAML.
_NOT_FIRST = frozenset("#,[]{}&*!|>'\"%@`-?:. ")

#: Characters PyYAML writes as they are with ``allow_unicode`` (its printable set, less the line
#: breaks ``\x85``, ``\u2028``, ``\u2029`` and the byte-order mark).
_PRINTABLE_LINE = re.compile(
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]*"
)

#: YAML's line breaks; in a quoted scalar each line after one starts with the indent.
_BREAKS = re.compile("[\n\x85\u2028\u2029]")
_BREAK_INDENT = re.compile("([\n\x85\u2028\u2029])  ")

_IMPLICIT = Resolver.yaml_implicit_resolvers
_ANY_FIRST = _IMPLICIT.get(None, [])


class _Unwritten(Exception):
    """Raised inside the writer when the data needs PyYAML for the whole document."""


def _printable_line(text: str) -> bool:
    return _PRINTABLE_LINE.fullmatch(text) is not None


def _means_other_type(text: str) -> bool:
    """Whether YAML reads ``text`` unquoted as something else (``123``, ``true``, ``null``,
    ``2025-01-01``): PyYAML's own resolver table, so the answer is PyYAML's."""
    resolvers = _IMPLICIT.get(text[0], []) + _ANY_FIRST
    return any(pattern.match(text) for _tag, pattern in resolvers)


def _string(text: str) -> str:
    """A string scalar as PyYAML writes it in block context, on one line."""
    if not text or text[0] in _NOT_FIRST or not _printable_line(text):
        return _by_pyyaml(text)
    if text[-1] in " :" or ": " in text or " #" in text or _means_other_type(text):
        return "'" + text.replace("'", "''") + "'"
    return text


def _by_pyyaml(text: str) -> str:
    """One scalar written by PyYAML as an item of a sequence at column 0. Its style is the same
    anywhere in block context, and so is its text but for the indent of a quoted string's
    continuation lines (two columns past the key or ``-`` before it; ``_indented`` moves them)."""
    return str(yaml.dump([text], Dumper=yaml.SafeDumper, **OPTIONS))[2:-1]


def _indented(scalar: str, indent: int) -> str:
    """A quoted scalar written after a key or ``-`` at column ``indent``: a line after the first
    (a string over several lines) starts two columns past it; blank lines stay empty and no line
    of a quoted string starts with a space of its own (PyYAML double-quotes those)."""
    if indent == 0 or not _BREAKS.search(scalar):
        return scalar
    return _BREAK_INDENT.sub(r"\1" + " " * (indent + 2), scalar)


def _float(number: float) -> str:
    """PyYAML's ``represent_float``."""
    if number != number:
        return ".nan"
    if number in (float("inf"), float("-inf")):
        return ".inf" if number > 0 else "-.inf"
    text = repr(number).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _other_scalar(value: Any) -> str | None:
    """``value``, not a string, as an inline YAML value; None for a non-empty collection."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if kind is dict or kind is list:
        return None if value else ("{}" if kind is dict else "[]")
    raise _Unwritten


class _Writer:
    """The block-style layout of PyYAML's emitter: a mapping's values two columns in, a
    sequence inside a mapping at the mapping's own column, ``- `` items holding their first
    key or item on the same line."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.seen: set[int] = set()
        self.keys: dict[str, str] = {}
        self.strings: dict[str, str] = {}  # short strings (unit names) recur: written once

    def scalar(self, value: Any, indent: int) -> str | None:
        """``value`` as an inline value after a key or ``-`` at column ``indent``; None for a
        non-empty collection."""
        if type(value) is not str:
            return _other_scalar(value)
        written = self.strings.get(value)
        if written is None:
            written = _string(value)
            if len(value) <= 64:
                self.strings[value] = written
        return _indented(written, indent) if written[0] in "'\"" else written

    def enter(self, collection: dict[Any, Any] | list[Any]) -> None:
        if id(collection) in self.seen:  # PyYAML would write an anchor and an alias
            raise _Unwritten
        self.seen.add(id(collection))

    def key(self, key: Any) -> str:
        written = self.keys.get(key) if type(key) is str else None
        if written is None:
            if type(key) is not str or not key or len(key) >= 128 or _BREAKS.search(key):
                raise _Unwritten  # PyYAML writes these as complex keys (``? key``)
            written = self.keys[key] = _string(key)
        return written

    def mapping(self, data: dict[Any, Any], indent: int, first: str) -> None:
        self.enter(data)
        pad = " " * indent
        for index, (key, value) in enumerate(data.items()):
            prefix = first if index == 0 else pad
            scalar = self.scalar(value, indent)
            if scalar is not None:
                self.out.append(f"{prefix}{self.key(key)}: {scalar}\n")
                continue
            self.out.append(f"{prefix}{self.key(key)}:\n")
            if type(value) is dict:
                self.mapping(value, indent + 2, pad + "  ")
            else:
                self.sequence(value, indent, pad)

    def sequence(self, data: list[Any], indent: int, first: str) -> None:
        self.enter(data)
        pad = " " * indent
        for index, item in enumerate(data):
            prefix = first if index == 0 else pad
            scalar = self.scalar(item, indent)
            if scalar is not None:
                self.out.append(f"{prefix}- {scalar}\n")
            elif type(item) is dict:
                self.mapping(item, indent + 2, prefix + "- ")
            else:
                self.sequence(item, indent + 2, prefix + "- ")


def yaml_text(data: Any) -> str | None:
    """``data`` as PyYAML's ``safe_dump(data, **OPTIONS)`` writes it, or None where this writer
    leaves the document to PyYAML."""
    writer = _Writer()
    try:
        if type(data) is dict and data:
            writer.mapping(data, 0, "")
        elif type(data) is list and data:
            writer.sequence(data, 0, "")
        else:
            return None
    except _Unwritten:
        return None
    return "".join(writer.out)
