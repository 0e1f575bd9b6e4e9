"""A row of a table flattened to text, split into its cells: at tabs (what a copy from Word or a
converter writes) or at bars (Markdown, ``序号 | 工作任务 | 牵头单位``)."""

from __future__ import annotations

import re

#: Cells of a flattened table separated by bars (序号 | 工作任务 | 牵头单位, or ｜), as a
#: converter or a Markdown copy writes them.
_BAR = re.compile(r"[ \t]*[|｜][ \t]*")


def split_cells(raw: str) -> list[str] | None:
    """A row's cells, split at tabs or at bars (two at least); None for a line of prose."""
    text = raw.strip()
    if "\t" in raw.strip(" \u3000\r\n"):  # (folding turns tabs into spaces: split the raw line)
        return raw.strip(" \u3000\r\n").split("\t")  # leading tabs: cells merged from above
    if ("|" in text or "｜" in text) and len(_BAR.findall(text)) >= 2:
        cells: list[str] = _BAR.split(text.strip("|｜ \t"))
        return cells
    return None
