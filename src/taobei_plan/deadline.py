"""Time per document (``--timeout``): a small file can cost far more time than its size says (a
PDF whose 2,000 pages draw one content stream, a page of millions of paragraphs), and a batch
must not stall on it.

The deadline is a real-time alarm (``SIGALRM``) in the main thread of the process reading the
document — the command's, or a batch worker's: past it, the read or parse stops with one line
and the file fails alone. A library (C) call in progress finishes first; every reader works in
calls of a page or less. The library has no deadline unless one is set; the CLI sets 60 s.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import TimeLimitError, UsageError
from .language import _

DEFAULT_TIMEOUT = 60.0
_seconds: list[float | None] = [None]


def set_timeout(seconds: float | None) -> None:
    """This process's time per document (None or 0: none)."""
    if seconds is not None and seconds < 0:
        raise UsageError(
            _("--timeout must be 0 (none) or more seconds, not {seconds:g}").format(seconds=seconds)
        )
    _seconds[0] = seconds or None


def timeout() -> float | None:
    return _seconds[0]


@contextmanager
def deadline() -> Iterator[None]:
    """Raise TimeLimitError in the block once the time per document is up."""
    seconds = _seconds[0]
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitError(
            f"reading it took longer than {seconds:g} s (--timeout); stopped. Raise --timeout "
            "if it is really a notice"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
