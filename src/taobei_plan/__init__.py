"""taobei: Chinese government task-list notices (任务清单, 任务分工方案) as validated data.

``parse(text)`` is pure; ``parse_file(path)`` reads and decodes. Names are loaded on first use so
that ``taobei --help`` does not pay for pydantic and the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Notice", "TaobeiError", "__version__", "parse", "parse_bytes", "parse_file"]

if TYPE_CHECKING:
    from .errors import TaobeiError
    from .loader import parse_bytes, parse_file
    from .models import Notice
    from .parsing.parser import parse

_LAZY = {
    "parse": "parsing.parser",
    "parse_file": "loader",
    "parse_bytes": "loader",
    "Notice": "models",
    "TaobeiError": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
