"""The ``taobei`` app: its global options and the one place errors become exit codes.

A thin translation from options to library calls and one output step.

Only typer is imported at start-up; each command imports what it needs, so ``--help`` stays fast.
Errors from the library become one ``Error: …`` line on stderr and the exit code of their class
(see the README): 0 ok, 1 the content has a problem, 2 usage or I/O.
"""

import functools
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from .. import __version__
from ..language import N_, _

app = typer.Typer(
    name="taobei",
    help=_("Turn Chinese government task-list notices (任务清单) into validated, queryable data."),
    epilog=_("Example:") + " taobei parse notice.txt | jq '.sections[].tasks | length'",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}
T = TypeVar("T")


def _version(value: bool) -> None:
    if value:
        from ..parsing import compiled

        typer.echo(f"taobei {__version__}" + (" (compiled parser)" if compiled() else ""))
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show a traceback on errors."))] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help=_("Say more on stderr (e.g. why the cache is off).")),
    ] = False,
) -> None:
    """Turn Chinese government task-list notices (任务清单) into validated, queryable data."""
    _state["debug"] = debug
    if verbose:
        import logging

        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("taobei: %(message)s"))
        logger = logging.getLogger("taobei")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


@dataclass(frozen=True)
class SourceOptions:
    """How a command reads the notices it is given: the options every reading command shares,
    declared once (``reads_notices``) and handed to the command as one value."""

    encoding: str | None = None
    source_format: str | None = None
    max_size: str | None = None
    timeout: float | None = None
    measures: bool = False

    def apply(self) -> None:
        """Set this run's limits: ``--max-size`` and ``--timeout`` (their defaults when not
        given) and ``--measures``."""
        from ..deadline import DEFAULT_TIMEOUT, set_timeout
        from ..loader import DEFAULT_MAX_SIZE, parse_size, set_max_size, set_measures

        set_max_size(DEFAULT_MAX_SIZE if self.max_size is None else parse_size(self.max_size))
        set_measures(self.measures)
        set_timeout(DEFAULT_TIMEOUT if self.timeout is None else self.timeout)


def _limits() -> tuple[int, bool, float | None]:
    from ..deadline import timeout
    from ..loader import max_size, measures

    return max_size(), measures(), timeout()


def _restore(limits: tuple[int, bool, float | None]) -> None:
    from ..deadline import set_timeout
    from ..loader import set_max_size, set_measures

    set_max_size(limits[0])
    set_measures(limits[1])
    set_timeout(limits[2])


def _source_parameters(measures: bool) -> list[inspect.Parameter]:
    from .options import (
        EncodingOption,
        FromOption,
        MaxSizeOption,
        MeasuresOption,
        TimeoutOption,
    )

    declared: list[tuple[str, Any, Any]] = [
        ("encoding", EncodingOption, None),
        ("source_format", FromOption, None),
        ("max_size", MaxSizeOption, None),
        ("timeout", TimeoutOption, None),
    ]
    if measures:
        declared.append(("measures", MeasuresOption, False))
    return [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
        for name, kind, default in declared
    ]


def reads_notices(*, measures: bool = True) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Give a command the options that say how to read a notice (``--encoding``, ``--from``,
    ``--max-size``, ``--timeout`` and, unless ``measures`` is False, ``--measures``), passed to
    it as one ``read: SourceOptions`` argument whose limits are already applied."""

    def decorate(body: Callable[..., T]) -> Callable[..., T]:
        extra = _source_parameters(measures)
        names = [parameter.name for parameter in extra]

        @functools.wraps(body)
        def command(*args: Any, **kwargs: Any) -> T:
            read = SourceOptions(**{name: kwargs.pop(name) for name in names if name in kwargs})
            before = _limits()
            try:
                read.apply()
                return body(*args, read=read, **kwargs)
            finally:  # a caller in the same process (main() run twice, a test) gets its own back
                _restore(before)

        own = [p for p in inspect.signature(body).parameters.values() if p.name != "read"]
        command.__signature__ = inspect.Signature([*own, *extra])  # type: ignore[attr-defined]
        return command

    return decorate


def runs(body: Callable[..., int | None]) -> Callable[..., None]:
    """A command whose body runs through ``run``: a taobei error is one stderr line and its
    exit code; a body returning a number exits with it."""

    @functools.wraps(body)
    def command(*args: Any, **kwargs: Any) -> None:
        code = run(lambda: body(*args, **kwargs))
        if code:
            raise typer.Exit(code)

    return command


def run(action: Callable[[], T]) -> T:
    """Run a command body, turning taobei errors into one stderr line and an exit code."""
    from ..errors import TaobeiError

    try:
        return action()
    except TaobeiError as error:
        if _state["debug"]:
            raise
        typer.echo(_("Error: {message}").format(message=_one_line(str(error))), err=True)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        typer.echo(_("Interrupted"), err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # The reader went away (| head): not an error. Point stdout at /dev/null so the
        # interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # a bug: still one line, the traceback only with --debug
        if _state["debug"]:
            raise
        typer.echo(
            f"Error: internal error ({type(error).__name__}: {_one_line(str(error))}); "
            "run with --debug and report it",
            err=True,
        )
        raise typer.Exit(1) from None


#: The parser's fixed sentences (it stays free of any language), translated where shown; a test
#: checks they are the parser's own.
PARSER_SENTENCES = (
    N_("no task list found: looked for numbered items (一、 （一） 1. （1）) carrying a "
       "responsibility clause ([…牵头负责], （…负责）, 牵头单位:…)"),
    N_("numbered measures carry no responsibility clause; --measures lists them"),
    N_("no numbering level has a clause on most items"),
)  # fmt: skip


def _one_line(message: str) -> str:
    """Errors are one line of readable length, whatever input they quote, with the parser's
    sentences in the reader's language."""
    from ..errors import shorten, shown
    from ..language import chinese

    if chinese():
        for sentence in PARSER_SENTENCES:
            message = message.replace(sentence, _(sentence))
    return shorten(shown(message), 500)


def listing_format(fmt: str | None, output: str | None = None) -> str:
    from ..exports import output_format

    return output_format(fmt, output, sys.stdout.isatty())


def via_note(dept: str, vias: "Sequence[str]") -> str:
    """The line that says a department was matched through addressees of its class."""
    from ..addressees import unit_class
    from ..errors import shorten, shown

    found = unit_class(dept)
    every = _("every {kind}").format(kind=found.name) if found else _("a whole class of units")
    return _("Note: {dept} is not named; listed are the tasks addressed to {addressees} "
             "({every}); nothing further is guessed").format(
                 dept=shorten(shown(dept)), addressees="、".join(vias), every=every)  # fmt: skip


def written_to(output: str | None, source: str | None) -> None:
    """``-o`` of a listing: refused before any work when it would replace the notice read."""
    if output is not None:
        from ..exports.files import check_target

        check_target(output, [source] if source and source != "-" else [])
