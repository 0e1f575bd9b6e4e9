"""The language people read taobei in: Chinese when their locale is, English otherwise.

The locale is read as POSIX reads it for messages (``LC_ALL``, else ``LC_MESSAGES``, else
``LANG``; the first one set decides); ``TAOBEI_LANG=zh|en`` overrides it. Only what people read
changes with it — help, errors, tables, the headers of a CSV *file* — never machine output
(JSON/YAML keys and values, CSV on stdout, exit codes).
"""

from __future__ import annotations

import functools
import gettext
import os
from typing import Literal

Language = Literal["zh", "en"]


def language() -> Language:
    """``zh`` or ``en``, from ``TAOBEI_LANG`` or the locale."""
    chosen = os.environ.get("TAOBEI_LANG", "").strip().lower()
    if chosen in ("zh", "en"):
        return "zh" if chosen == "zh" else "en"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def chinese() -> bool:
    return language() == "zh"


#: The gettext domain of taobei's catalogue (``locale/zh/LC_MESSAGES/taobei.mo``, compiled from
#: ``taobei.po`` by ``scripts/catalog.py``; the .mo ships in the wheel).
DOMAIN = "taobei"


def locale_dir() -> str:
    from importlib import resources

    return str(resources.files("taobei_plan") / "locale")


@functools.cache
def _catalogue() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, locale_dir(), languages=["zh"], fallback=True)


def _(message: str) -> str:
    """``message`` in the reader's language (the catalogue's Chinese, or as written)."""
    return _catalogue().gettext(message) if chinese() else message


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (a constant, translated
    where it is shown)."""
    return message


def use_for_click() -> None:
    """Click's and typer's own words (Usage:, Options, Show this message and exit.) come from
    the stdlib's global gettext: point it at taobei's catalogue, in the reader's language."""
    os.environ["LANGUAGE"] = language()
    gettext.bindtextdomain(DOMAIN, locale_dir())
    gettext.textdomain(DOMAIN)
