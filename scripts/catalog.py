"""Taobei's Chinese catalogue, brought up to date with the code: `python scripts/catalog.py`.

Babel reads every `_("…")` and `N_("…")` of `src/taobei_plan`, with the words passed
to `_` as values (table headers, unit kinds: listed in `SHOWN`) and typer's own (`TYPER`), into
`locale/zh/LC_MESSAGES/taobei.po`, keeping the translations already there and dropping messages the
code no longer has; then compiles `taobei.mo`, which ships in the wheel. Translate what it reports
as untranslated in the .po, then run it again. `--check` changes nothing and exits 1 when either
file is not what this would write (the test suite runs it).
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "taobei_plan"
FOLDER = PACKAGE / "locale" / "zh" / "LC_MESSAGES"
PO, MO = FOLDER / "taobei.po", FOLDER / "taobei.mo"
#: The catalogue's dates, fixed: the files change only when a message does.
STAMP = datetime(2026, 1, 1, tzinfo=UTC)

#: Words the code passes to `_` as values: table headers, roles, unit kinds.
SHOWN = ("seq", "no.", "sec", "role", "text", "leads", "co", "unit", "kind", "lead", "total",
         "load", "task", "metric", "cmp", "value", "scaled", "year", "project", "amount", "due",
         "tasks", "done", "overdue", "due-soon", "on-track", "no-deadline", "change", "old", "new",
         "what changed",
         "department", "group", "locality", "generic")  # fmt: skip
#: typer's own words, which it asks the stdlib's gettext for (taobei points it at this catalogue).
TYPER = ("Options", "Arguments", "Commands", "Error", "Aborted!", "Missing command.",
         "No such command {name!r}.", "[default: {}]", "default: {default}", "required",
         "[required]")  # fmt: skip


def template() -> Catalog:
    """Every message of the code, where it is."""
    found = Catalog(project="taobei", locale="zh", charset="utf-8", creation_date=STAMP,
                    revision_date=STAMP)  # fmt: skip
    keywords = {"_": None, "N_": None}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message, locations=[(f"src/taobei_plan/{filename}", line)])
    for message in (*SHOWN, *TYPER):
        found.add(message)
    return found


def updated() -> tuple[bytes, bytes, list[str]]:
    """The .po and .mo this would write, and the messages still untranslated."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle, locale="zh")
    catalogue.update(template(), no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    catalogue.creation_date = catalogue.revision_date = STAMP
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalogue, width=100, omit_header=True, sort_output=True, include_lineno=False)
    write_mo(mo, catalogue)
    missing = [str(m.id) for m in catalogue if m.id and not m.string]
    return po.getvalue(), mo.getvalue(), missing


def main() -> int:
    po, mo, missing = updated()
    if "--check" in sys.argv[1:]:
        stale = [p.name for p, data in ((PO, po), (MO, mo)) if p.read_bytes() != data]
        for problem in stale:
            print(f"{problem} is not current: run python scripts/catalog.py", file=sys.stderr)
        for message in missing:
            print(f"untranslated: {message}", file=sys.stderr)
        return 1 if stale or missing else 0
    PO.write_bytes(po)
    MO.write_bytes(mo)
    for message in missing:
        print(f"untranslated: {message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
