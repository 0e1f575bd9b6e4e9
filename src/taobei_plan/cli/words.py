"""typer's own words in the reader's language: the few its bundled click writes without asking
gettext — the usage line's prefix, the ``--help`` option's help, and the usage errors (``Try
'taobei tasks --help' for help.``, ``Error: No such option: --x``) — through command classes of
taobei's own, typer's public extension point (``cls``)."""

from __future__ import annotations

import re
import sys
from typing import Any

from typer.core import TyperCommand, TyperGroup

from ..language import _, chinese

#: Click's usage-error messages and their Chinese: the shapes a mistyped command line gives.
_MESSAGES = (
    (re.compile(r"No such option: (?P<a>\S+)"), "没有这个选项：{a}"),
    (re.compile(r"Missing argument '(?P<a>.+)'\."), "缺少参数 {a}"),
    (re.compile(r"Missing option '(?P<a>.+)'\."), "缺少选项 {a}"),
    (re.compile(r"Option '(?P<a>.+)' requires an argument\."), "选项 {a} 需要一个值"),
    (re.compile(r"Got unexpected extra arguments? \((?P<a>.+)\)"), "多余的参数：{a}"),
    (re.compile(r"Invalid value for (?P<a>.+?): (?:Value error, )?(?P<b>'.*') is not one of "
                r"(?P<c>.+?)\.?"), "{a} 的值无效：{b} 不是 {c} 之一"),
    (re.compile(r"Invalid value for (?P<a>.+?): (?P<b>.+)", re.S), "{a} 的值无效：{b}"),
)  # fmt: skip
#: The suggestion click adds to a mistyped name.
_SUGGESTION = re.compile(r"\.? Did you mean (?P<names>.+)\?$")


def in_chinese(message: str) -> str:
    """A usage error's message in Chinese, or as it is when its shape is not listed."""
    suggestion = _SUGGESTION.search(message)
    if suggestion:
        message = message[: suggestion.start()]
    for pattern, text in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            message = text.format(**found.groupdict())
            break
    message = message.rstrip("。.")
    return message + (f"；您要找的是不是 {suggestion['names']}？" if suggestion else "")


def _show(error: Any, file: Any = None) -> None:
    """``UsageError.show`` in the reader's language."""
    from typer._click.utils import echo  # only ever reached in a Chinese locale, on an error

    stream = file or sys.stderr
    ctx = error.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = (
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
                + "\n"
            )
        echo(f"{ctx.get_usage()}\n{hint}", file=stream)
    echo(_("Error: {message}").format(message=in_chinese(error.format_message())), file=stream)


def _translated(error: Exception) -> None:
    if chinese() and hasattr(error, "ctx") and hasattr(error, "format_message"):
        error.show = lambda file=None: _show(error, file)  # type: ignore[attr-defined]


class _OwnWords:
    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except Exception as error:
            _translated(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except Exception as error:
            _translated(error)
            raise


class Command(_OwnWords, TyperCommand):
    """A command whose help and usage errors are wholly in the reader's language."""


class Group(_OwnWords, TyperGroup):
    """The group (``taobei``) whose help and usage errors are in the reader's language."""
