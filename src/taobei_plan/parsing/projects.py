"""Investments (总投资…亿元) and milestones (2022年开工建设) named in a task's text.

Amounts are read from the decimal text, so ``1.63亿元`` is exactly 163000000 元.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..models import Investment, Milestone
from .quantities import number
from .source import fold

_YUAN = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}
_INVESTMENT = re.compile(r"总投资(?:约|达)?(?P<amount>\d+(?:\.\d+)?)(?P<unit>亿元|万元|元)")
_BOUNDARY = re.compile(r"[,;。:、!?]")
_VERBS = re.compile(r"^(?:谋划|计划|积极|加快|推进|实施|建设|启动|开工|配合实施|配合)+")
#: An event: a year, then a short phrase ending in an act of building or opening.
_MILESTONE = re.compile(
    r"""(?P<year>\d{4})年(?:底|内|前|末|上半年|下半年)?  # 2023年底
    (?P<event>[^\d,;。:、]{0,8}?                        # a short phrase, then its act:
      (?:开工建设|开工|竣工投产|竣工投入使用|竣工验收|竣工|投产|建成投用|建成投产|建成|完工
        |投入使用|投用|达产|开业|运营|通车|上线|落地|签约|启动))
    (?=[,;。:、]|$)                                       # ending the clause
    """,
    re.X,
)


def investments(text: str, folded: str | None = None) -> list[Investment]:
    """Every 总投资 amount in ``text`` with the project it funds, when the sentence names it."""
    folded = fold(text) if folded is None else folded
    found: list[Investment] = []
    if "总投资" not in folded:
        return found
    for match in _INVESTMENT.finditer(folded):
        amount = Decimal(match["amount"])
        yuan = amount * _YUAN[match["unit"]]
        start, end = _project(folded, match)
        found.append(
            Investment(
                amount=number(match["amount"]),
                unit=match["unit"],
                yuan=int(yuan),
                project=text[start:end] if end > start else None,
                raw=text[min(start, match.start()) : max(end, match.end())],
            )
        )
    return found


def _project(folded: str, match: re.Match[str]) -> tuple[int, int]:
    """实施总投资1.4亿元的保护性耕作项目 → after 的; 某项目总投资7.2亿元 → before 总投资."""
    if folded.startswith("的", match.end()):
        stop = _BOUNDARY.search(folded, match.end())
        return match.end() + 1, stop.start() if stop else len(folded)
    starts = [m.end() for m in _BOUNDARY.finditer(folded, 0, match.start())]
    start = starts[-1] if starts else 0
    verbs = _VERBS.match(folded, start, match.start())
    return (verbs.end() if verbs else start), match.start()


def milestones(text: str, folded: str | None = None) -> list[Milestone]:
    """Dated events: 力争2022年开工建设,2024年竣工投产 → (2022, 开工建设), (2024, 竣工投产)."""
    folded = fold(text) if folded is None else folded
    if "年" not in folded:
        return []
    return [
        Milestone(
            year=int(m["year"]),
            event=text[m.start("event") : m.end("event")],
            raw=text[m.start() : m.end()],
        )
        for m in _MILESTONE.finditer(folded)
    ]
