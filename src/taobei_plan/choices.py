"""The values a user chooses among, in a module light enough for the CLI to declare its options
with at start-up (typer shows an enum's values as the option's choices)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Which of a department's tasks a query keeps: those it leads, supports, or both."""

    LEAD = "lead"
    CO = "co"
    ANY = "any"
