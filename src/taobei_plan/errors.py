"""The one error family the library raises; the CLI maps each to an exit code and a line."""

from __future__ import annotations

from typing import Self

#: How much of a user's input an error or diagnostic message quotes.
QUOTE_LIMIT = 60


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Quoted input cut to a readable length on one line: a message never echoes a 100 KB value."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def shown(text: str) -> str:
    """``text`` as it can be printed and stored: bytes of a file name that are not UTF-8 (what
    ``unzip`` makes of a GBK archive; Python holds them as surrogates) as ``\\xe4``, control
    characters (a newline forging an ``Error:`` line, a terminal escape) as ``\\n``, ``\\x1b``."""
    if text.isprintable():
        return text
    if any("\udc80" <= char <= "\udcff" for char in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(
        char if char.isprintable() or char == "\u3000" else _escaped(char) for char in text
    )


def _escaped(char: str) -> str:
    escaped = repr(char)[1:-1]  # \n, \t, \x1b, \u2028
    return escaped if escaped != char else f"\\u{ord(char):04x}"


class TaobeiError(Exception):
    """Base of every error taobei raises on bad input. ``exit_code`` is what the CLI returns;
    ``path`` the file it is about, once the caller that knows the file has said (``at``)."""

    exit_code = 1
    path: str | None = None

    def at(self, path: str) -> Self:
        """This error, about the file at ``path``; the first file named stays (the innermost)."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.path}: {message}" if self.path is not None else message


class UsageError(TaobeiError):
    """Bad options or an unreadable path: exit 2."""

    exit_code = 2


class InputError(UsageError):
    """A file that cannot be read: missing, a directory, no permission."""


class DecodeError(TaobeiError):
    """Bytes that decode under no encoding tried, or binary data."""


class NoTaskListError(TaobeiError):
    """Text with no recognisable task list."""


class QueryError(TaobeiError):
    """A query that names nothing known (exit 1) — ambiguity is a UsageError (exit 2).
    ``suggestions``: known names close to the one asked for."""

    suggestions: tuple[str, ...] = ()


class ParsedFileError(TaobeiError):
    """A JSON/YAML file that is not a parsed notice."""


class TooLargeError(TaobeiError):
    """An input over the size limit (``--max-size``): refused before it is read whole."""


class TimeLimitError(TaobeiError):
    """A document that took longer than the time per document (``--timeout``) to read."""
