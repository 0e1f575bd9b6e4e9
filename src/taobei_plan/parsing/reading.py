"""What the clause grammar read from one clause: the working record ``responsibility`` fills."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from ..models import LeadMode, Unit


@dataclass(slots=True)
class Reading:
    """One clause as read; memoised readings are shared, so callers take a ``copy``."""

    form: str
    leads: list[Unit] = field(default_factory=list)
    co: list[Unit] = field(default_factory=list)
    separate: bool = False
    scope: str | None = None
    deadline: str | None = None
    convention: str | None = None  # the convention phrase this clause declares
    leftover: str = ""
    leaders: list[str] = field(default_factory=list)  # people named by 责任领导: and the like
    #: a sentence after the units (具体任务均涉及…，不再做分工，下同)
    note: str | None = None
    unknown_labels: list[str] = field(default_factory=list)
    #: every unit is a name (``_is_name``): decided once for a memoised reading, not per use
    names_only: bool = False
    comma_convention: str | None = None  # 逗号前为牵头单位, as written
    typographic: str | None = None  # 以黑体字标注的为牵头单位: cannot be applied to text
    #: 以下均需相关乡镇配合，不再列出: (the sentence, its units, their role) for every later task
    standing: tuple[str, tuple[Unit, ...], Literal["lead", "co"]] | None = None

    @property
    def lead_mode(self) -> LeadMode:
        if not self.leads:
            return "none"
        if len(self.leads) == 1:
            return "sole"
        return "separate" if self.separate else "joint"

    @property
    def fits(self) -> bool:
        return bool(self.leads or self.co)

    def copy(self) -> Reading:
        """A copy whose lists the caller may change (units are frozen; lists are not)."""
        return replace(
            self,
            leads=list(self.leads),
            co=list(self.co),
            leaders=list(self.leaders),
            unknown_labels=list(self.unknown_labels),
        )
