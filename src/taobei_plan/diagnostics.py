"""Problems are data: collected while parsing, returned with the result, printed by the CLI."""

from __future__ import annotations

from .errors import shorten
from .models import Diagnostic, Severity

MESSAGE_LIMIT = 200


class Diagnostics(list[Diagnostic]):
    """An ordered list of diagnostics with one helper per severity."""

    def add(self, severity: Severity, code: str, line: int | None, message: str) -> None:
        """Record a problem; the message is one line of bounded length, whatever it quotes."""
        message = shorten(message, MESSAGE_LIMIT)
        self.append(Diagnostic(code=code, severity=severity, line=line, message=message))

    def error(self, code: str, line: int | None, message: str) -> None:
        self.add("error", code, line, message)

    def warning(self, code: str, line: int | None, message: str) -> None:
        self.add("warning", code, line, message)

    def info(self, code: str, line: int | None, message: str) -> None:
        self.add("info", code, line, message)


def format_diagnostic(path: str, diagnostic: Diagnostic) -> str:
    """``FILE:LINE: severity: code: message``, the compiler form editors understand."""
    where = f"{path}:{diagnostic.line}" if diagnostic.line is not None else path
    return f"{where}: {diagnostic.severity}: {diagnostic.code}: {diagnostic.message}"
