"""Output for machines: JSON, JSONL, YAML and CSV, exact, stable and UTF-8.

Everything here takes plain data (dicts and lists) so one function serves every command; a
whole notice is also written straight from its model (``notice_json_chunks``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..models import Notice, Section


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def json_chunks(data: Any) -> Iterator[str]:
    """The same text as ``to_json``, in pieces: a large notice is written without holding its
    whole JSON text (several times the input) in memory at once."""
    yield from json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data)
    yield "\n"


def notice_json_chunks(notice: Notice) -> Iterator[str]:
    """The same text as ``json_chunks(notice.model_dump(mode="json"))``, dumped one task at a
    time: a large notice is never held twice (as the model and as Python data), which is what
    set the peak memory of ``taobei parse``. Each section and task stands in the data as a
    ``_Later``, which the encoder asks ``default`` for only when it reaches it."""
    sections = [_Later(partial(_section_data, section)) for section in notice.sections]
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=_produce)
    yield from encoder.iterencode(_data_with(notice, "sections", sections))
    yield "\n"


class _Later:
    """A value dumped only when the writer reaches it."""

    __slots__ = ("produce",)

    def __init__(self, produce: Callable[[], Any]) -> None:
        self.produce = produce


def _produce(value: object) -> Any:
    """``JSONEncoder``'s ``default``: what a ``_Later`` stands for (anything else is an error,
    as without a ``default``)."""
    if not isinstance(value, _Later):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return value.produce()


def _section_data(section: Section) -> dict[str, Any]:
    tasks = [_Later(partial(task.model_dump, mode="json")) for task in section.tasks]
    return _data_with(section, "tasks", tasks)


def _data_with(model: BaseModel, field: str, value: Any) -> dict[str, Any]:
    """``model``'s JSON data with ``value`` for one field, in the model's field order."""
    data = model.model_dump(mode="json", exclude={field})
    return {name: value if name == field else data[name] for name in type(model).model_fields}


def to_jsonl(records: Iterable[Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_yaml(data: Any) -> str:
    """YAML through libyaml when PyYAML has it (the same text, five times faster). libyaml
    escapes characters beyond the BMP (𠀀 → "\\U00020000") even with ``allow_unicode``: a text
    holding any escape (any backslash) is written again by the Python dumper, the reference."""
    import yaml

    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 1_000_000}
    fast = getattr(yaml, "CSafeDumper", None)
    if fast is not None:
        text = str(yaml.dump(data, Dumper=fast, **options))
        if "\\" not in text:
            return text
    return str(yaml.safe_dump(data, **options))


def to_csv(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], headers: Sequence[str] | None = None
) -> str:
    """CSV of ``columns``; ``headers``: the header row's names (default: the column names)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    if headers is None:
        writer.writeheader()
    else:
        writer.writerow(dict(zip(columns, headers, strict=True)))
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    return buffer.getvalue()


#: A cell starting with one of these is a formula to a spreadsheet (CSV/Excel injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined by 、; text a spreadsheet would run as a formula gets a leading
    quote, the usual defence, so opening a ledger never runs what a notice says."""
    if isinstance(value, list):
        value = "、".join(str(v) for v in value)
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return "" if value is None else value


def render(
    data: Any,
    fmt: str,
    *,
    records: Sequence[dict[str, Any]] | None = None,
    columns: Sequence[str] = (),
) -> str:
    """Serialise for machines. ``records`` are the flat rows used by jsonl and csv."""
    if fmt == "json":
        return to_json(data)
    if fmt == "yaml":
        return to_yaml(data)
    rows = records if records is not None else (data if isinstance(data, list) else [data])
    if fmt == "jsonl":
        return to_jsonl(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    raise ValueError(f"unknown format {fmt}")
