"""The taobei command through typer's CliRunner, plus the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from taobei_plan.cli import app

from conftest import RAW, installed

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def test_parse_bundled_json() -> None:
    result = run("parse")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert sum(len(s["tasks"]) for s in data["sections"]) == 118
    assert "生态建设" in result.stdout and "\\u" not in result.stdout


def test_parse_yaml_equals_json() -> None:
    as_yaml = yaml.safe_load(run("parse", "--format", "yaml").stdout)
    as_json = json.loads(run("parse").stdout)
    assert as_yaml == as_json


def test_parse_file_and_stdin() -> None:
    from_file = json.loads(run("parse", str(RAW)).stdout)
    from_stdin = json.loads(run("parse", "-", input=RAW.read_bytes()).stdout)
    assert from_file["source"]["path"] == str(RAW)
    assert from_stdin["source"]["path"] == "<stdin>"
    assert from_file["sections"] == from_stdin["sections"]
    assert from_file["source"]["sha256"] == from_stdin["source"]["sha256"]


@pytest.mark.parametrize(
    ("name", "loader"),
    [("out.json", json.loads), ("out.yaml", yaml.safe_load), ("out.yml", yaml.safe_load)],
)
def test_parse_output_format_from_extension(tmp_path, name, loader) -> None:
    target = tmp_path / name
    result = run("parse", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert len(loader(target.read_text("utf-8"))["sections"]) == 9


def test_format_option_overrides_extension(tmp_path) -> None:
    target = tmp_path / "out.json"
    run("parse", "-o", str(target), "--format", "yaml")
    assert target.read_text("utf-8").startswith("source:")


def test_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Notice"
    for key in ("metadata", "notice", "plan", "sections", "closing", "diagnostics", "source"):
        assert key in schema["properties"]


def test_version() -> None:
    from taobei_plan import __version__
    from taobei_plan.parsing import compiled

    build = " (compiled parser)" if compiled() else ""  # the wheel built by hatch_build.py
    assert run("--version").stdout.strip() == f"taobei {__version__}{build}"


def test_every_command_has_help_with_an_example() -> None:
    names = [c.name for c in app.registered_commands]
    assert set(names) >= {"parse", "schema", "tasks", "depts", "check"}
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example: taobei" in result.stdout, name
    assert "Example: taobei" in run("--help").stdout


def test_missing_file_is_one_line_exit_2() -> None:
    result = run("parse", "no-such-file.txt")
    assert result.exit_code == 2
    assert result.stderr == "Error: no-such-file.txt: no such file; check the path\n"
    assert result.stdout == ""


def test_unknown_format_exit_2() -> None:
    result = run("parse", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown format 'xml'")


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "taobei_plan", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("taobei ")


def test_installed_console_script() -> None:
    exe = installed("taobei")
    assert exe, "the taobei console script is not installed"
    result = subprocess.run([exe, "parse"], capture_output=True, check=True)
    data = json.loads(result.stdout.decode("utf-8"))
    assert len(data["sections"]) == 9
    assert "生态建设".encode() in result.stdout


def test_help_loads_neither_parser_nor_rich_nor_yaml() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['taobei', '--help']\n"
        "from taobei_plan.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['rich', 'yaml', 'pydantic', 'regex', 'taobei_plan.parsing.parser', 'taobei_plan.parsing.units',\n"
        "         'taobei_plan.models']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip() == "[]"
    assert "Usage: taobei" in result.stdout


def test_a_run_builds_only_the_command_it_names() -> None:
    """typer builds every registered command's parameters on each run; main() keeps only the
    named one for the run (and all of them without a known name, for usage and suggestions)."""
    from taobei_plan.cli import _invoked, app

    every = app.registered_commands
    names = [command.name for command in every]
    assert names == [
        "parse", "text", "schema", "check", "diff", "export", "report",
        "tasks", "depts", "indicators", "projects", "returns", "collect", "status",
    ]  # fmt: skip
    assert [c.name for c in _invoked(every, ["tasks", "f.txt", "--dept", "区水利局"])] == ["tasks"]
    assert [c.name for c in _invoked(every, ["--debug", "-v", "depts", "--help"])] == ["depts"]
    for args in ([], ["--help"], ["--version"], ["taks", "f.txt"]):
        assert _invoked(every, args) is every


def test_main_runs_one_command_after_another_in_one_process() -> None:
    """main() puts every command back after its run (a caller may run it again)."""
    code = (
        "import sys\n"
        "from taobei_plan.cli import app, main\n"
        "for argv in (['taobei', 'schema'], ['taobei', 'depts', '--format', 'csv']):\n"
        "    sys.argv = argv\n"
        "    try:\n        main()\n    except SystemExit as end:\n        assert end.code in (0, None)\n"
        "print(len(app.registered_commands), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip() == "14"
    assert '"title": "Notice"' in result.stdout
    assert "name,kind,lead,co,total" in result.stdout


def test_notice_json_is_the_dumped_json_byte_for_byte() -> None:
    """``taobei parse`` writes a notice from its model a task at a time (half the memory);
    the text is exactly what encoding the whole dumped notice gives."""
    from taobei_plan.exports.emit import json_chunks, notice_json_chunks
    from taobei_plan.loader import load_text_notice

    notice = load_text_notice(str(RAW))
    assert "".join(notice_json_chunks(notice)) == "".join(
        json_chunks(notice.model_dump(mode="json"))
    )


NUMBERS = (
    "一、建设\n"
    "1. 某产品产量达到0.00001吨，粮食产量达到123456789012345678901234567吨，"
    "地区生产总值达到" + "9" * 400 + ".5亿元。[区水利局牵头负责]\n"
    "2. 其他[区发改局负责]\n"
)


def test_notice_json_writes_numbers_as_the_standard_library_does() -> None:
    """Tasks are written by pydantic, whose floats differ from Python's (0.00001 for 1e-05):
    they are written again as Python writes them; integers past 2**64 stay exact; a number
    past a float's range is the integer it rounds to, never Infinity (not JSON)."""
    from taobei_plan.exports.emit import json_chunks, notice_json_chunks
    from taobei_plan.parsing.parser import parse

    notice = parse(NUMBERS)
    written = "".join(notice_json_chunks(notice))
    assert written == "".join(json_chunks(notice.model_dump(mode="json")))
    assert '"value": 1e-05,' in written
    assert '"value": 123456789012345678901234567,' in written

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    data = json.loads(written, parse_constant=refuse)
    values = [i["value"] for i in data["sections"][0]["tasks"][0]["indicators"]]
    assert values[-1] == 10**400 and isinstance(values[-1], int)


READING_COMMANDS = ("parse", "check", "tasks", "depts", "indicators", "projects", "export",
                    "report")  # fmt: skip


@pytest.mark.parametrize("command", [*READING_COMMANDS, "text"])
def test_every_reading_command_takes_the_source_options_once(command: str) -> None:
    """The options of how to read a notice are declared once and given to every command that
    reads one (``text`` has no --measures: it reads no tasks)."""
    words = run(command, "--help").stdout.split()
    for option in ("--encoding", "--from", "--max-size", "--timeout"):
        assert words.count(option) == 1, option
    assert words.count("--measures") == (command != "text")


@pytest.mark.parametrize("command", ["tasks", "export"])
def test_role_is_a_choice(command: str) -> None:
    assert "--role <lead|co|any>" in run(command, "--help").stdout
    result = run(command, "--role", "both", "-o", "x.xlsx")
    assert result.exit_code == 2
    assert "'both' is not one of 'lead', 'co', 'any'." in result.stderr


def test_the_source_options_reach_the_reading() -> None:
    """--max-size given once is applied before the command's body reads anything."""
    from taobei_plan.loader import DEFAULT_MAX_SIZE, set_max_size

    try:
        result = run("tasks", "--max-size", "1K", str(RAW))
    finally:
        set_max_size(DEFAULT_MAX_SIZE)  # the limit is the process's: leave it as found
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {RAW}: larger than the input limit of 1 KB; raise it with --max-size if the "
        "file is really a notice\n"
    )


def test_an_error_names_its_file_once() -> None:
    from taobei_plan.errors import NoTaskListError

    error = NoTaskListError("no task list found").at("a.txt").at("outer.zip")
    assert (error.path, str(error)) == ("a.txt", "a.txt: no task list found")
    assert str(NoTaskListError("x")) == "x"


def test_a_commands_limits_end_with_it() -> None:
    """--max-size, --timeout and --measures are this run's: a library caller in the same
    process (after main(), in a test) reads with its own limits again."""
    from taobei_plan.deadline import timeout
    from taobei_plan.loader import DEFAULT_MAX_SIZE, max_size, measures

    result = CliRunner().invoke(app, ["parse", "--max-size", "1M", "--timeout", "5", "--measures"])
    assert result.exit_code == 0
    assert (max_size(), measures(), timeout()) == (DEFAULT_MAX_SIZE, False, None)
