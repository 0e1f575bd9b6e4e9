"""How models are built: ``validated`` is the constructor without its Python frame, and every
instance of a class shares one set of its field names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from taobei_plan.models import Indicator, Notice, Responsibility, Task, Unit, validated

WATER = Unit(name="区水利局", raw="区水利局", kind="department")
TASK_FIELDS = {
    "seq": 1,
    "number": 1,
    "label": "1.",
    "section": 1,
    "line": 36,
    "end_line": 36,
    "text": "实施河湖连通工程。",
    "responsibility": Responsibility(raw="区水利局牵头负责", form="bracket", leads=[WATER]),
}


def test_validated_makes_what_the_constructor_makes() -> None:
    made = validated(Task, **TASK_FIELDS)
    assert type(made) is Task
    assert made == Task(**TASK_FIELDS)
    assert made.model_dump() == Task(**TASK_FIELDS).model_dump()
    assert made.model_fields_set == set(Task.model_fields)
    assert made.responsibility is not None and made.responsibility.leads == [WATER]


def test_validated_coerces_and_defaults_like_the_constructor() -> None:
    made = validated(Indicator, metric="污水处理率", value=96, unit="%", raw="污水处理率达到96%")
    assert made == Indicator(metric="污水处理率", value=96, unit="%", raw="污水处理率达到96%")
    assert (made.comparator, made.kind, made.value_max, made.scope) == (None, "level", None, None)


@pytest.mark.parametrize(
    ("change", "error_type"),
    [({"bogus": 1}, "extra_forbidden"), ({"seq": "first"}, "int_parsing")],
)
def test_validated_rejects_what_the_constructor_rejects(
    change: dict[str, object], error_type: str
) -> None:
    fields = {**TASK_FIELDS, **change}
    with pytest.raises(ValidationError) as by_constructor:
        Task(**fields)
    with pytest.raises(ValidationError) as by_validator:
        validated(Task, **fields)
    assert [e["type"] for e in by_validator.value.errors()] == [error_type]
    assert by_validator.value.errors() == by_constructor.value.errors()
    assert by_validator.value.title == by_constructor.value.title == "Task"


def test_instances_of_a_class_share_one_set_of_field_names(notice: Notice) -> None:
    """Pydantic keeps a set per instance (728 bytes from five fields); a parsed notice's
    instances share their class's set, so a notice weighs about its text, not twice it."""
    tasks = notice.tasks()
    shared = tasks[0].model_fields_set
    assert shared == set(Task.model_fields)
    assert all(task.model_fields_set is shared for task in tasks)
    responsibilities = [t.responsibility for t in tasks if t.responsibility is not None]
    assert len({id(r.model_fields_set) for r in responsibilities}) == 1


def test_a_parse_result_belongs_to_its_caller() -> None:
    """Units are shared by the memo tables: changing one in a result must not reach the next
    parse of the same text (a frozen model refuses the change; a copy is the caller's own)."""
    from taobei_plan import parse

    text = "一、生态建设\n1.做好一件事。[区水利局牵头负责,各乡(镇)按职责分工负责]\n"
    first = parse(text).tasks()[0].responsibility
    assert first is not None
    with pytest.raises(ValidationError, match="frozen"):
        first.leads[0].name = "区财政局"
    first.leads[0] = first.leads[0].model_copy(update={"name": "区财政局"})
    first.co.clear()
    again = parse(text).tasks()[0].responsibility
    assert again is not None
    assert [u.name for u in again.leads] == ["区水利局"]
    assert [u.name for u in again.co] == ["各乡(镇)"]
