"""``taobei check``: diagnostics in compiler form, and how the notice was read."""

from __future__ import annotations

from collections import Counter

from .diagnostics import format_diagnostic
from .models import Notice
from .query import unsure_tasks


def report(notice: Notice, strict: bool = False) -> tuple[str, bool]:
    """The report text and whether it fails (errors; warnings too when ``strict``)."""
    path = notice.source.path
    lines = [format_diagnostic(path, d) for d in notice.diagnostics]
    lines += reading(notice)
    lines += unsure(notice)
    counts = Counter(d.severity for d in notice.diagnostics)
    tasks = notice.tasks()
    lines.append(
        f"{path}: {len(notice.sections)} sections, {len(tasks)} tasks; "
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
    )
    failed = bool(counts["error"] or (strict and counts["warning"]))
    return "\n".join(lines) + "\n", failed


def unsure(notice: Notice) -> list[str]:
    """Every task read with doubt (a guessed lead, an unknown label, a non-name…), one a line:
    the tasks to check against the document before a ledger is trusted."""
    doubts = unsure_tasks(notice.diagnostics)
    if not doubts:
        return []
    out = [f"  not sure of {len(doubts)} tasks:"]
    for task in notice.tasks():
        if task.seq in doubts:
            codes = ", ".join(dict.fromkeys(doubts[task.seq]))
            out.append(
                f"    line {task.line}: task {task.label or task.seq} (seq {task.seq}): {codes}"
            )
    return out


def reading(notice: Notice) -> list[str]:
    """How the notice was read: numbering levels, clause forms, conventions, with counts."""
    tasks = notice.tasks()
    sections = [s for s in notice.sections if s.numeral]
    out = []
    if sections:
        out.append(f"  sections: {len(sections)} numbered like '{sections[0].label}'")
    subheadings = sum(len(s.subheadings) for s in notice.sections)
    if subheadings:
        out.append(f"  sub-headings: {subheadings}")
    if tasks:
        carried = sum(1 for t in tasks if t.responsibility is not None)
        out.append(
            f"  task level: {len(tasks)} items numbered like '{tasks[0].label}', "
            f"{carried} with a responsibility clause"
        )
    forms = Counter(t.responsibility.form for t in tasks if t.responsibility)
    if forms:
        out.append("  clause forms: " + ", ".join(f"{f} {n}" for f, n in forms.most_common()))
    for convention in notice.conventions:
        out.append(f"  convention (line {convention.line}): {convention.rule}")
    return out
