"""Questions asked of a parsed notice: which tasks a department leads or supports, who is busiest.

Library functions return plain rows; the CLI only chooses how to print them. Each takes a
``Notice`` or the same notice as JSON data (``Notice.model_dump(mode="json")``, as the parse
cache stores it) and works on the data: a repeated query then never builds the models, and the
rows are the model's own JSON either way.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .choices import Role
from .errors import QueryError, UsageError, shorten
from .language import _
from .parsing.jurisdiction import qualified_names
from .parsing.source import canonical, width_fold
from .schedule import due_label

if TYPE_CHECKING:
    from .models import Diagnostic, Notice

#: A notice (or a part of one) as JSON data.
Data = dict[str, Any]

TASK_COLUMNS = ("seq", "number", "section", "section_title", "role", "text", "leads", "co", "via",
                "due", "deadline")  # fmt: skip
DEPT_COLUMNS = ("name", "kind", "lead", "co", "total", "collective")


#: Codes that say a task's reading is not sure: a unit or a lead may be wrong or missing. A
#: silent wrong lead is the worst answer, so these are counted wherever tasks are listed.
UNSURE = frozenset(
    {
        "guessed-leads",
        "unknown-label",
        "not-a-unit",
        "unknown-clause",
        "clause-leftover",
        "unclosed-bracket",
        "missing-clause",
        "truncated-task",
    }
)


def unsure_tasks(diagnostics: Sequence[Diagnostic | Data]) -> dict[int, list[str]]:
    """Tasks (by seq) with a reading taobei is not sure of, and the codes that say why (of a
    notice's diagnostics, as models or as JSON data)."""
    found: dict[int, list[str]] = {}
    for diagnostic in diagnostics:
        d = diagnostic if isinstance(diagnostic, dict) else diagnostic.model_dump()
        if d.get("task") is not None and d["code"] in UNSURE:
            found.setdefault(d["task"], []).append(d["code"])
    return found


class Department(NamedTuple):
    name: str
    full_name: str | None
    aliases: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        """Every name the department is known by (``resolve`` adds the government's prefix)."""
        names = (self.name, *([self.full_name] if self.full_name else []), *self.aliases)
        return tuple(canonical(n) for n in names)


@cache
def directory() -> tuple[Department, ...]:
    """The department directory shipped with the package (data/departments.yaml), read by
    libyaml where PyYAML has it: the file is ours, and the C loader reads it seven times faster."""
    import yaml

    text = (resources.files("taobei_plan") / "data" / "departments.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return tuple(
        Department(entry["name"], entry.get("full_name"), tuple(entry.get("aliases", [])))
        for entry in yaml.load(text, Loader=loader)
    )


def as_data(notice: Notice | Data) -> Data:
    """The notice as JSON data (a model is dumped once, here)."""
    return notice if isinstance(notice, dict) else notice.model_dump(mode="json")


def _tasks(notice: Data) -> list[Data]:
    return [task for section in notice["sections"] for task in section["tasks"]]


def unit_forms(notice: Data) -> dict[str, set[str]]:
    """Canonical unit name → the raw forms it is written in."""
    forms: dict[str, set[str]] = {}
    for task in _tasks(notice):
        for unit in _task_units(task):
            forms.setdefault(unit["name"], set()).add(canonical(unit["raw"]))
    return forms


def _task_units(task: Data) -> list[Data]:
    r = task["responsibility"]
    return [] if r is None else [*r["leads"], *r["co"]]


def resolve(query: str, notice: Notice | Data) -> str:
    """The canonical name ``query`` means: exact (name, raw form, alias), else a unique substring.

    Raises UsageError (exit 2) when ambiguous, QueryError (exit 1) when unknown.
    """
    notice = as_data(notice)
    quick = width_fold("".join(query.split()))
    if any(u["name"] == quick for task in _tasks(notice) for u in _task_units(task)):
        return quick  # a unit's own name: no need for the directory or the traditional table
    wanted = canonical(query)
    forms = unit_forms(notice)
    known: dict[str, str] = {}  # any name → canonical
    for department in directory():
        for name in department.names():
            known.setdefault(name, department.name)
    for name, raws in forms.items():
        known.setdefault(name, name)
        for raw in raws:
            known.setdefault(raw, name)
    area = notice.get("jurisdiction")
    for name, target in list(known.items()):  # 洮北区发改局: 区发改局 of the notice's 洮北区
        for qualified in qualified_names(name, area):
            known.setdefault(canonical(qualified), target)
    if wanted in known:
        return known[wanted]
    matches = sorted({target for name, target in known.items() if wanted and wanted in name})
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(
            _("'{query}' is ambiguous: it matches {names}; give one of them in full").format(
                query=shorten(query), names=", ".join(matches))
        )  # fmt: skip
    close = difflib.get_close_matches(wanted[:100], list(known), n=3, cutoff=0.5)
    hint = (
        _("; did you mean {names}?").format(names=", ".join(dict.fromkeys(known[c] for c in close)))
        if close
        else _("; run 'taobei depts' to list the units")
    )
    error = QueryError(_("unknown department '{query}'").format(query=shorten(query)) + hint)
    error.suggestions = tuple(close)
    raise error


def _addressed(dept: str, notice: Data, classes: bool) -> tuple[list[str], bool]:
    from .addressees import addressed

    return addressed(dept, notice, classes)


def require_filters(**filters: str | None) -> None:
    """An empty filter (``--dept ""``) would silently match everything: a usage error instead."""
    for option, value in filters.items():
        if value is not None and not value.strip():
            raise UsageError(
                _("--{option} is empty; give a value or leave the option out").format(option=option)
            )


def _section_filter(notice: Data, section: str | None) -> set[int] | None:
    """Section numbers a ``--section`` value names: a number, a numeral (三) or part of a title."""
    if section is None:
        return None
    require_filters(section=section)
    wanted = section.strip()
    chosen = {
        s["number"]
        for s in notice["sections"]
        if (wanted.isdigit() and s["number"] == int(wanted)) or wanted == s["numeral"]
        or (not wanted.isdigit() and wanted in s["title"])
    }  # fmt: skip
    if not chosen:
        known = "、".join(f"{s['number']} {s['title']}" for s in notice["sections"])
        raise QueryError(
            _("no section '{section}'; sections are: {known}").format(
                section=shorten(section), known=known
            )
        )
    return chosen


def role_of(task: Data, name: str) -> Literal["lead", "co"] | None:
    """Whether the unit ``name`` leads or supports a task (given as JSON data)."""
    r = task["responsibility"]
    if r is None:
        return None
    if any(u["name"] == name for u in r["leads"]):
        return "lead"
    if any(u["name"] == name for u in r["co"]):
        return "co"
    return None


def _role(role: Role | str) -> Role:
    """A role as given by a library caller ("lead") or the CLI (``Role.LEAD``)."""
    try:
        return Role(role)
    except ValueError:
        raise UsageError(
            _("unknown role '{role}'; choose lead, co or any").format(role=shorten(str(role)))
        ) from None


def task_rows(
    notice: Notice | Data,
    dept: str | None = None,
    role: Role | str = Role.ANY,
    section: str | None = None,
    grep: str | None = None,
    classes: bool = True,
) -> list[dict[str, Any]]:
    """Tasks (as output dicts) matching every filter given, in document order. ``classes``: a
    department the notice does not name may match the addressees of its class (各乡(镇))."""
    require_filters(dept=dept, section=section, grep=grep)
    role = _role(role)
    notice = as_data(notice)
    names, collective = _addressed(dept, notice, classes) if dept else ([], False)
    sections = _section_filter(notice, section)
    titles = {s["number"]: s["title"] for s in notice["sections"]}
    rows = []
    for task in _tasks(notice):
        matched, via = next(((r, n) for n in names if (r := role_of(task, n))), (None, None))
        if names and (matched is None or (role != Role.ANY and matched != role.value)):
            continue
        if sections is not None and task["section"] not in sections:
            continue
        if grep and canonical(grep) not in canonical(task["text"]):
            continue
        row = dict(task)
        row["section_title"] = titles.get(task["section"], "")
        row["role"] = matched
        row["via"] = via if collective else None
        rows.append(row)
    return rows


def ledger_row(row: dict[str, Any]) -> dict[str, Any]:
    """A task row flattened for CSV and tables: unit names joined."""
    r = row.get("responsibility") or {}
    due = row.get("due") or {}
    return {
        **row,
        "leads": [u["name"] for u in r.get("leads", [])],
        "co": [u["name"] for u in r.get("co", [])],
        "due": due.get("date"),
        "due_label": due_label(due),
        "deadline": due.get("text") or row.get("deadline"),
    }


def dept_rows(notice: Notice | Data) -> list[dict[str, Any]]:
    """Every unit with its kind and how many tasks it leads and supports, busiest first; the
    addressees of a whole class (``collective``) after the units named."""
    lead: Counter[str] = Counter()
    co: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for task in _tasks(as_data(notice)):
        r = task["responsibility"]
        if r is None:
            continue
        for unit in r["leads"]:
            lead[unit["name"]] += 1
            kinds.setdefault(unit["name"], unit["kind"])
        for unit in r["co"]:
            co[unit["name"]] += 1
            kinds.setdefault(unit["name"], unit["kind"])
    from .addressees import is_collective

    rows = [
        {"name": n, "kind": kinds[n], "lead": lead[n], "co": co[n], "total": lead[n] + co[n],
         "collective": is_collective(n, kinds[n])}
        for n in kinds
    ]  # fmt: skip
    # units named first; addressees of a class (各乡(镇), 各相关单位) after, not atop the ranking
    return sorted(rows, key=lambda r: (r["collective"], -r["total"], -r["lead"], r["name"]))


def notice_name(notice: Notice | Data) -> str:
    """How a row names its notice: 文号, else the title, else the file."""
    parts = {"metadata", "notice", "plan", "source"}  # of a model, only what names it
    data = notice if isinstance(notice, dict) else notice.model_dump(include=parts)
    name: str = (
        data["metadata"]["document_number"]
        or data["notice"]["document_number"]
        or data["plan"]["title"]
        or data["metadata"]["title"]
        or data["source"]["path"]
    )
    return name


def tasks_across(
    notices: Sequence[Notice | Data],
    dept: str | None = None,
    role: Role | str = Role.ANY,
    section: str | None = None,
    grep: str | None = None,
    strict: bool = True,
) -> list[tuple[Notice | Data, list[dict[str, Any]] | None]]:
    """``task_rows`` of each notice; None for a notice that does not know the department or
    section asked for. With ``strict``, that no notice knows it is an error (the first one's)."""
    for classes in (False, True):  # a class of addressees only when no notice names the unit
        results: list[tuple[Notice | Data, list[dict[str, Any]] | None]] = []
        errors = []
        for notice in notices:
            try:
                results.append((notice, task_rows(notice, dept, role, section, grep, classes)))
            except QueryError as error:
                errors.append(error)
                results.append((notice, None))
        if not dept or len(errors) < len(notices):
            break
    if strict and errors and len(errors) == len(notices):
        raise errors[0]
    if dept:  # only notices where the name finds tasks: a directory name alone is no conflict
        _one_government(dept, [notice for notice, rows in results if rows])
    return results


def _area(notice: Notice | Data) -> str | None:
    area: str | None = (
        notice.get("jurisdiction") if isinstance(notice, dict) else notice.jurisdiction
    )
    return area


def _one_government(dept: str, notices: Sequence[Notice | Data]) -> None:
    """Across notices of several governments, a unit's name alone (区发改局) names several
    units: a usage error listing them by their full names (洮北区发改局, 立山区发改局), which
    each resolve within their own government's notices. Notices of an unknown government
    are no conflict."""
    first: dict[str, Notice | Data] = {}
    for notice in notices:
        area = _area(notice)
        if area is not None:
            first.setdefault(area, notice)
    if len(first) < 2:
        return
    found: dict[str, str] = {}
    for area, notice in first.items():
        try:
            name = resolve(dept, notice)
        except QueryError:  # matched through addressees (各乡镇), not by a name
            name = dept
        found[area] = next(iter(qualified_names(name, area)), f"{area} {name}")
    if len(found) > 1:
        raise UsageError(
            _("'{query}' names units of {count} governments: {names}; give one of them").format(
                query=shorten(dept), count=len(found), names=", ".join(found.values())
            )
        )
