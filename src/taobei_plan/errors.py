"""The one error family the library raises; the CLI maps each to an exit code and a line."""

from __future__ import annotations


class TaobeiError(Exception):
    """Base of every error taobei raises on bad input. ``exit_code`` is what the CLI returns."""

    exit_code = 1


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
    """A query that names nothing known (exit 1) — ambiguity is a UsageError (exit 2)."""


class ParsedFileError(TaobeiError):
    """A JSON/YAML file that is not a parsed notice."""
