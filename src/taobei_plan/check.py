"""``taobei check``: diagnostics in compiler form, and how the notice was read, in the reader's
language (the code of each diagnostic stays as it is: it is what a script greps for)."""

from __future__ import annotations

from collections import Counter

from .diagnostics import format_diagnostic
from .language import N_, _, chinese
from .models import Diagnostic, Notice
from .query import unsure_tasks

SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def report(notice: Notice, strict: bool = False) -> tuple[str, bool]:
    """The report text and whether it fails (errors; warnings too when ``strict``)."""
    path = notice.source.path
    lines = [_line(path, d) for d in notice.diagnostics]
    lines += reading(notice)
    lines += unsure(notice)
    counts = Counter(d.severity for d in notice.diagnostics)
    tasks = notice.tasks()
    lines.append(
        _("{path}: {sections} sections, {tasks} tasks; {errors} errors, {warnings} warnings, "
          "{info} info").format(
            path=path, sections=len(notice.sections), tasks=len(tasks), errors=counts["error"],
            warnings=counts["warning"], info=counts["info"],
        )
    )  # fmt: skip
    failed = bool(counts["error"] or (strict and counts["warning"]))
    return "\n".join(lines) + "\n", failed


def unsure(notice: Notice) -> list[str]:
    """Every task read with doubt (a guessed lead, an unknown label, a non-name…), one a line:
    the tasks to check against the document before a ledger is trusted."""
    doubts = unsure_tasks(notice.diagnostics)
    if not doubts:
        return []
    out = ["  " + _("not sure of {count} tasks:").format(count=len(doubts))]
    for task in notice.tasks():
        if task.seq in doubts:
            codes = ", ".join(dict.fromkeys(doubts[task.seq]))
            out.append("    " + _("line {line}: task {label} (seq {seq}): {codes}").format(
                line=task.line, label=task.label or task.seq, seq=task.seq, codes=codes))  # fmt: skip
    return out


def _line(path: str, diagnostic: Diagnostic) -> str:
    """A diagnostic in compiler form; severity and message in Chinese in a Chinese locale."""
    if not chinese():
        return format_diagnostic(path, diagnostic)
    from .exports.problems import in_chinese

    where = f"{path}:{diagnostic.line}" if diagnostic.line is not None else path
    message = in_chinese(diagnostic.code, diagnostic.message)
    return f"{where}: {_(SEVERITIES[diagnostic.severity])}: {diagnostic.code}: {message}"


def reading(notice: Notice) -> list[str]:
    """How the notice was read: numbering levels, clause forms, conventions, with counts."""
    tasks = notice.tasks()
    sections = [s for s in notice.sections if s.numeral]
    out = []
    if sections:
        out.append("  " + _("sections: {count} numbered like '{label}'").format(
            count=len(sections), label=sections[0].label))  # fmt: skip
    subheadings = sum(len(s.subheadings) for s in notice.sections)
    if subheadings:
        out.append("  " + _("sub-headings: {count}").format(count=subheadings))
    if tasks:
        carried = sum(1 for t in tasks if t.responsibility is not None)
        out.append("  " + _("task level: {count} items numbered like '{label}', {carried} with a "
                            "responsibility clause").format(
            count=len(tasks), label=tasks[0].label, carried=carried))  # fmt: skip
    forms = Counter(t.responsibility.form for t in tasks if t.responsibility)
    if forms:
        out.append("  " + _("clause forms: {forms}").format(
            forms=", ".join(f"{f} {n}" for f, n in forms.most_common())))  # fmt: skip
    for convention in notice.conventions:
        out.append("  " + _("convention (line {line}): {rule}").format(
            line=convention.line, rule=convention.rule))  # fmt: skip
    if notice.jurisdiction:
        out.append("  " + _("issued by the government of {area}").format(area=notice.jurisdiction))
    else:
        out.append("  " + _("issuing government unknown: its units are not taken for other "
                            "notices' units of the same name"))  # fmt: skip
    return out
