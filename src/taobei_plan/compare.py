"""What changed between two notices: this year's 分工方案 against last year's, or two versions.

Tasks are matched by what they say, not by their numbers (a renumbered list is no change):
identical texts first, then the most similar remaining pairs (rapidfuzz's normalised Indel
similarity, a C implementation; a pair needs ``SIMILAR`` percent, or ``SIMILAR_SAME_UNITS`` when
both name the same units), most similar first. A matched pair reports the fields that differ;
unmatched tasks are added or removed. Target indicators are matched by metric, year and scope.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Indicator, Notice, Task

#: Similarity (percent) at which two task texts are one task reworded.
SIMILAR = 60.0
#: The same, for two tasks naming the same lead and co units.
SIMILAR_SAME_UNITS = 45.0
#: Candidates kept for each unmatched old task: the matching stays linear in memory.
CANDIDATES = 5
#: Fields a matched pair is compared on, in the order they are reported.
FIELDS = ("text", "leads", "co", "due", "section")


@dataclass(frozen=True)
class TaskChange:
    """A task found in both notices, and the fields that differ (empty: only moved)."""

    old: Task
    new: Task
    fields: tuple[str, ...]
    old_section: str
    new_section: str


@dataclass(frozen=True)
class IndicatorChange:
    old: Indicator
    new: Indicator


@dataclass
class NoticeDiff:
    """Tasks added, removed and changed, and target indicators added, removed and changed."""

    added: list[tuple[Task, str]] = field(default_factory=list)  # with its section's title
    removed: list[tuple[Task, str]] = field(default_factory=list)
    changed: list[TaskChange] = field(default_factory=list)
    indicators_added: list[Indicator] = field(default_factory=list)
    indicators_removed: list[Indicator] = field(default_factory=list)
    indicators_changed: list[IndicatorChange] = field(default_factory=list)

    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.indicators_added
            or self.indicators_removed
            or self.indicators_changed
        )


def diff_notices(old: Notice, new: Notice) -> NoticeDiff:
    """What changed from ``old`` to ``new``: changed pairs in the new notice's order, added and
    removed tasks in their own notice's order, with their sections' titles."""
    old_tasks, new_tasks = old.tasks(), new.tasks()
    old_titles, new_titles = _section_titles(old), _section_titles(new)
    pairs = match_tasks(old_tasks, new_tasks)
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    result = NoticeDiff()
    for i, j in sorted(pairs, key=lambda pair: pair[1]):
        before, after = old_tasks[i], new_tasks[j]
        sections = (old_titles[before.section], new_titles[after.section])
        fields = changed_fields(before, after, *sections)
        if fields:
            result.changed.append(TaskChange(before, after, fields, *sections))
    result.removed = [
        (task, old_titles[task.section]) for i, task in enumerate(old_tasks) if i not in paired_old
    ]
    result.added = [
        (task, new_titles[task.section]) for j, task in enumerate(new_tasks) if j not in paired_new
    ]
    _diff_indicators(_target_indicators(old), _target_indicators(new), result)
    return result


def _section_titles(notice: Notice) -> dict[int, str]:
    return {section.number: section.title for section in notice.sections}


def _flat(text: str) -> str:
    return "".join(text.split())


def match_tasks(old: list[Task], new: list[Task]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same task: equal texts in order, then the most
    similar of the rest, in rounds until a round pairs none (a text repeated many times has
    more look-alikes than the candidates one round keeps)."""
    waiting: dict[str, list[int]] = {}
    for j, task in enumerate(new):
        waiting.setdefault(_flat(task.text), []).append(j)
    pairs, left_old = [], []
    for i, task in enumerate(old):
        same = waiting.get(_flat(task.text))
        if same:
            pairs.append((i, same.pop(0)))
        else:
            left_old.append(i)
    taken = {j for _, j in pairs}
    left_new = [j for j in range(len(new)) if j not in taken]
    while left_old and left_new:
        found = _similar_pairs(old, new, left_old, left_new)
        if not found:
            break
        pairs += found
        paired_old, paired_new = {i for i, _ in found}, {j for _, j in found}
        left_old = [i for i in left_old if i not in paired_old]
        left_new = [j for j in left_new if j not in paired_new]
    return pairs


def _similar_pairs(
    old: list[Task], new: list[Task], left_old: list[int], left_new: list[int]
) -> list[tuple[int, int]]:
    """One round: each old task's ``CANDIDATES`` most similar new ones, paired best first."""
    from rapidfuzz import fuzz, process

    choices = {j: _flat(new[j].text) for j in left_new}
    candidates: list[tuple[float, bool, int, int, int]] = []  # best first: sorted ascending
    for i in left_old:
        for _, score, j in process.extract(
            _flat(old[i].text),
            choices,
            scorer=fuzz.ratio,
            limit=CANDIDATES,
            score_cutoff=SIMILAR_SAME_UNITS,
        ):
            same_units = _units(old[i]) == _units(new[j])
            if score >= SIMILAR or same_units:
                candidates.append((-score, not same_units, abs(i - j), i, j))
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for *_, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return pairs


def _units(task: Task) -> tuple[list[str], list[str]]:
    r = task.responsibility
    return ([u.name for u in r.leads], [u.name for u in r.co]) if r else ([], [])


def field_value(task: Task, name: str, section: str) -> Any:
    """A task's value of one compared field, as the diff reports it."""
    if name == "text":
        return task.text
    if name == "leads":
        return _units(task)[0]
    if name == "co":
        return _units(task)[1]
    if name == "due":
        return task.deadline
    return section


def changed_fields(old: Task, new: Task, old_section: str, new_section: str) -> tuple[str, ...]:
    """The ``FIELDS`` that differ; a text differs only beyond its whitespace (a reflowed line
    is no change)."""
    changed = []
    for name in FIELDS:
        before, after = field_value(old, name, old_section), field_value(new, name, new_section)
        if name == "text":
            before, after = _flat(before), _flat(after)
        if before != after:
            changed.append(name)
    return tuple(changed)


def text_diff(old: str, new: str) -> list[dict[str, str]]:
    """A character diff of a reworded text: runs kept, deleted and inserted, in order."""
    runs: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            runs.append({"op": "equal", "text": old[a0:a1]})
            continue
        if a1 > a0:
            runs.append({"op": "delete", "text": old[a0:a1]})
        if b1 > b0:
            runs.append({"op": "insert", "text": new[b0:b1]})
    return runs


def _target_indicators(notice: Notice) -> list[Indicator]:
    """The indicators the notice's target paragraphs state, in document order."""
    return [i for s in notice.sections for target in s.targets for i in target.indicators]


def _indicator_key(indicator: Indicator) -> tuple[Any, ...]:
    return (indicator.metric or indicator.raw, indicator.year, indicator.scope)


def _indicator_value(indicator: Indicator) -> tuple[Any, ...]:
    return (indicator.value, indicator.value_max, indicator.unit, indicator.comparator)


def _diff_indicators(old: list[Indicator], new: list[Indicator], result: NoticeDiff) -> None:
    """Indicators paired by metric, year and scope (in order, where a key repeats)."""
    waiting: dict[tuple[Any, ...], list[Indicator]] = {}
    for indicator in new:
        waiting.setdefault(_indicator_key(indicator), []).append(indicator)
    for indicator in old:
        same = waiting.get(_indicator_key(indicator))
        if not same:
            result.indicators_removed.append(indicator)
            continue
        other = same.pop(0)
        if _indicator_value(indicator) != _indicator_value(other):
            result.indicators_changed.append(IndicatorChange(indicator, other))
    result.indicators_added = [i for rest in waiting.values() for i in rest]
    order = {id(i): n for n, i in enumerate(new)}
    result.indicators_added.sort(key=lambda i: order[id(i)])
