"""Output for machines: JSON, JSONL, YAML and CSV, exact, stable and UTF-8.

Everything here takes plain data (dicts and lists) so one function serves every command; a
whole notice is also written straight from its model (``notice_json_chunks``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
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
    """The same text as ``json_chunks(notice.model_dump(mode="json"))``, written by pydantic's
    serializer (``model_dump_json``, in Rust) a task at a time and indented into place: a large
    notice is never held twice, and the standard library's pure-Python indented encoder, which
    took half of ``taobei parse``, is not used at all."""
    head, tail = _around(notice, "sections", 0)
    yield head
    yield from _array((_section_chunks(section) for section in notice.sections), 1)
    yield tail + "\n"


def _section_chunks(section: Section) -> Iterator[str]:
    head, tail = _around(section, "tasks", 2)
    yield head
    yield from _array((_model_json(task, 4) for task in section.tasks), 3)
    yield tail


def _around(model: BaseModel, field: str, depth: int) -> tuple[str, str]:
    """``model`` as JSON at ``depth``, in two: the text before and after its list ``field``'s
    value. It is written with that list empty; the ``"field": []`` member at the model's own
    indent is found by its text (a string's quotes are escaped, so no value looks like it)."""
    text = _model_json(model.model_copy(update={field: []}), depth)
    member = "\n" + "  " * (depth + 1) + f'"{field}": '
    value = text.index(member + "[]") + len(member)
    return text[:value], text[value + 2 :]


def _array(elements: Iterable[Iterable[str] | str], depth: int) -> Iterator[str]:
    """A JSON array at ``depth`` of elements already written for the depth below it."""
    pad, empty = "  " * (depth + 1), True
    for element in elements:
        yield ("[\n" if empty else ",\n") + pad
        empty = False
        if isinstance(element, str):
            yield element
        else:
            yield from element
    yield "[]" if empty else "\n" + "  " * depth + "]"


#: A line of indented JSON whose value is a number: (indent and key, the number, a comma).
_NUMBER_LINE = re.compile(
    r"""^([ ]*(?:"(?:[^"\\]|\\.)*":[ ])?)  # the indent, and the key of an object member
    (-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)  # the number
    (,?)$""",
    re.X | re.M,
)


def _model_json(model: BaseModel, depth: int) -> str:
    """A model as indented JSON at ``depth``, as the standard library writes it. pydantic writes
    floats below 1e-4 its own way (0.00001 or 9.7e-6 where Python writes 1e-05, 9.7e-06; every
    other float, integer, string and the layout are the same), so a model holding one has its
    floats written again by Python's ``repr``. Strings hold no raw line break, so indenting is
    adding the indent after each one."""
    text = model.model_dump_json(indent=2)
    if "0.0000" in text or "e-" in text:
        text = _NUMBER_LINE.sub(_python_float, text)
    return text.replace("\n", "\n" + "  " * depth)


def _python_float(match: re.Match[str]) -> str:
    number = match[2]
    if "." not in number and "e" not in number and "E" not in number:
        return match[0]
    return f"{match[1]}{float(number)!r}{match[3]}"


def to_jsonl(records: Iterable[Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_yaml(data: Any) -> str:
    """YAML as PyYAML's ``safe_dump`` writes it: by taobei's own writer (twenty times libyaml's
    speed on a notice), or, for the rare data it leaves (an object in two places, a type beyond
    plain data), by PyYAML's Python dumper, the reference. libyaml is not used: it writes some
    text its own way (it escapes 𠀀 as "\\U00020000" even with ``allow_unicode``; an empty key)."""
    import yaml

    from .yaml_text import OPTIONS, yaml_text

    text = yaml_text(data)
    return text if text is not None else str(yaml.safe_dump(data, **OPTIONS))


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
