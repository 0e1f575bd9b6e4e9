"""The language people read taobei in: Chinese when their locale is, English otherwise.

The locale is read as POSIX reads it for messages (``LC_ALL``, else ``LC_MESSAGES``, else
``LANG``; the first one set decides); ``TAOBEI_LANG=zh|en`` overrides it. Only what people read
changes with it — help, errors, tables, the headers of a CSV *file* — never machine output
(JSON/YAML keys and values, CSV on stdout, exit codes).
"""

from __future__ import annotations

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
