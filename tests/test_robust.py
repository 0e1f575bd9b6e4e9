"""Real-world input: any encoding and layout gives the same tasks; bad input gives one clear line."""

from __future__ import annotations

import contextlib
import os
import random
import time

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from taobei_plan import TaobeiError, parse
from taobei_plan.cli import app
from taobei_plan.loader import parse_bytes
from taobei_plan.models import Notice

from conftest import RAW

TEXT = RAW.read_text(encoding="utf-8")
runner = CliRunner()


def ledger(notice: Notice) -> list[tuple]:
    """What must survive any re-shaping: printed numbers, leads and co (canonical names)."""
    return [
        (
            t.number,
            [u.name for u in t.responsibility.leads],
            [u.name for u in t.responsibility.co],
        )
        for t in notice.tasks()
    ]


@pytest.fixture(scope="module")
def original() -> list[tuple]:
    return ledger(parse(TEXT))


def wrap(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def random_wrap(text: str, seed: int) -> str:
    """Break every long line (tasks, clauses, targets) at random points, markers included."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        while len(line) > 20 and rng.random() < 0.8:
            cut = rng.randint(1, len(line) - 1)
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})
SHAPES = {
    "crlf": TEXT.replace("\n", "\r\n"),
    "cr": TEXT.replace("\n", "\r"),
    "blank lines doubled": TEXT.replace("\n", "\n\n"),
    "no blank lines": TEXT.replace("\n\n", "\n"),
    "trailing spaces and tabs": TEXT.replace("\n", " \t\n"),
    "ideographic indent": TEXT.replace("\n  ", "\n\u3000\u3000"),
    "nbsp indent": TEXT.replace("\n  ", "\n\u00a0\u00a0"),
    "full-width punctuation, 【】": TEXT.translate(FULL_WIDTH)
    .replace("[", "【")
    .replace("]", "】"),
    "full-width ［］": TEXT.translate(FULL_WIDTH).replace("[", "［").replace("]", "］"),
    "numbers 1．": regex.sub(r"(?m)^(\s*\d+)\.", r"\1．", TEXT),
    "numbers 1、": regex.sub(r"(?m)^(\s*\d+)\.", r"\1、", TEXT),
    **{f"wrapped at {w}": wrap(TEXT, w) for w in (5, 9, 17, 40)},
    **{f"wrapped randomly #{seed}": random_wrap(TEXT, seed) for seed in range(6)},
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_same_tasks_in_any_layout(shape: str, original: list[tuple]) -> None:
    notice = parse(SHAPES[shape])
    assert len(notice.tasks()) == 118
    assert ledger(notice) == original
    assert [d.code for d in notice.diagnostics] == [
        "duplicate-number",
        "implausible-value",
        "missing-number",
    ]


def test_no_blank_lines_and_wrapped(original: list[tuple]) -> None:
    """Without blank lines a wrap right after 。 cannot be told from a new paragraph: the tasks
    are the same, and a target split that way is kept as section text, reported as info."""
    notice = parse(random_wrap(TEXT.replace("\n\n", "\n"), 99))
    assert ledger(notice) == original
    assert [d.code for d in notice.diagnostics if d.severity != "info"] == [
        "duplicate-number",
        "implausible-value",
        "missing-number",
    ]
    assert {d.code for d in notice.diagnostics if d.severity == "info"} == {"text-after-tasks"}


def test_raw_keeps_what_the_file_says() -> None:
    notice = parse(SHAPES["full-width punctuation, 【】"])
    first = notice.tasks()[0].responsibility
    assert first.raw == "区水利局牵头负责，各乡（镇）、场按职责分工负责"
    assert [(u.name, u.raw) for u in first.co] == [("各乡(镇)", "各乡（镇）"), ("各场", "场")]


def test_line_numbers_are_the_users() -> None:
    doubled = parse(SHAPES["blank lines doubled"])
    assert [t.line for t in doubled.tasks()][:3] == [71, 75, 79]
    wrapped = SHAPES["wrapped at 17"].split("\n")
    for task in parse(SHAPES["wrapped at 17"]).tasks():
        assert wrapped[task.line - 1].strip().startswith(f"{task.number}.")


ENCODINGS = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8-sig": TEXT.encode("utf-8-sig"),
    "utf-16": TEXT.encode("utf-16"),
    "utf-16-le": TEXT.encode("utf-16-le"),  # no BOM: its zero bytes tell
    "utf-16-be": TEXT.encode("utf-16-be"),
    "gb18030": TEXT.encode("gb18030"),
}

#: The same task list in traditional characters (as a Taiwan or Hong Kong portal writes it).
TRADITIONAL = (
    "某區人民政府辦公室關於印發重點工作任務分工的通知\n"
    "一、生態建設\n"
    "1.加強水利建設，推進灌區續建配套與節水改造。（區水利局牽頭，各鄉鎮配合）\n"
    "2.推進綠化工作，開展國土綠化行動。（區林業和草原局負責）\n"
)


@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-8"])
def test_traditional_text_in_big5_gb18030_and_utf8(encoding: str) -> None:
    notice = parse_bytes(TRADITIONAL.encode(encoding), "t.txt")
    assert notice.source.encoding == encoding
    assert [t.text[:4] for t in notice.tasks()] == ["加強水利", "推進綠化"]
    assert ledger(notice) == [(1, ["区水利局"], ["各乡镇"]), (2, ["区林业和草原局"], [])]


def test_a_simplified_gbk_notice_is_never_read_as_big5() -> None:
    data = TEXT.replace("\u00a0", " ").encode("gbk")
    assert parse_bytes(data, "x.txt").source.encoding == "gb18030"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_any_encoding(encoding: str, original: list[tuple]) -> None:
    notice = parse_bytes(ENCODINGS[encoding], "x.txt")
    assert notice.source.encoding == encoding
    assert ledger(notice) == original


def test_gbk_file_through_the_cli(tmp_path, original: list[tuple]) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.replace("\u00a0", " ").encode("gbk"))  # GBK has no NBSP
    result = runner.invoke(app, ["tasks", str(path), "--dept", "区水利局", "--format", "json"])
    assert result.exit_code == 0
    assert '"encoding"' not in result.stdout  # tasks output is tasks only
    assert '"区水利局"' in result.stdout


def test_encoding_override(tmp_path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    result = runner.invoke(app, ["parse", str(path), "--encoding", "utf-8"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: cannot decode the file as utf-8; name its encoding with --encoding\n"
    )
    ok = runner.invoke(app, ["parse", str(path), "--encoding", "gb18030"])
    assert ok.exit_code == 0 and '"encoding": "gb18030"' in ok.stdout


def test_unknown_encoding_name_is_usage(tmp_path) -> None:
    result = runner.invoke(app, ["parse", str(RAW), "--encoding", "klingon"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {RAW}: unknown encoding 'klingon'\n"


def test_undecodable_bytes_name_encodings_tried(tmp_path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x80\x80\xff abc")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: cannot decode the file as utf-8, gb18030; name its encoding with --encoding\n"
    )


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", 1, "the file is empty; nothing to parse"),
        (b"  \n\n", 1, "the file is empty; nothing to parse"),
        (
            b"\x00\x01\x02binary\x00",
            1,
            "the file holds binary data, not text; is it the right file?",
        ),
        ("一段没有任务的文字。\n".encode(), 1, "no task list found: looked for numbered items"),
    ],
)
def test_bad_content(tmp_path, content: bytes, code: int, message: str) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    for command in ("parse", "check", "tasks", "depts", "indicators", "projects"):
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == code, command
        assert result.stderr.startswith(f"Error: {path}: {message}"), result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stdout == ""


def test_directory_is_usage_error(tmp_path) -> None:
    for command in ("check", "tasks", "depts", "indicators", "projects"):
        result = runner.invoke(app, [command, str(tmp_path)])
        assert result.exit_code == 2
        assert result.stderr == f"Error: {tmp_path}: is a directory; give a notice file\n"


def test_failed_parse_leaves_output_untouched(tmp_path) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("no tasks here", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(bad), "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.json"]


def test_failed_write_leaves_output_untouched(tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = runner.invoke(app, ["parse", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: cannot write (No space left on device)\n"
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_missing_directory(tmp_path) -> None:
    target = tmp_path / "nope" / "out.json"
    result = runner.invoke(app, ["parse", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {target}: cannot write (")


DAMAGED = """一、生态建设
1.第一件事。[区水利局牵头负责
2.第二件事。[区林草局牵头负责]
3.第三件事。[另行研究]
4.第四件事,文件在此截断
"""


def test_damage_is_reported_and_the_rest_parses() -> None:
    notice = parse("1.章节之前的事。[区水利局牵头负责]\n" + DAMAGED)
    assert [t.number for t in notice.tasks()] == [1, 1, 2, 3, 4]
    assert [(d.code, d.severity, d.line) for d in notice.diagnostics] == [
        ("task-before-section", "warning", 1),
        ("unclosed-bracket", "error", 3),
        ("unknown-clause", "warning", 5),
        ("truncated-task", "warning", 6),
    ]
    second = notice.tasks()[1]
    assert second.text == "第一件事。"
    assert [u.name for u in second.responsibility.leads] == ["区水利局"]
    assert notice.tasks()[2].responsibility.leads[0].name == "区林草局"
    assert "4." in notice.diagnostics[-1].message


def test_check_output_and_exit_codes(tmp_path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "<bundled>:230: warning: duplicate-number: task number 87 appears again (seq 88)",
        "<bundled>:232: warning: implausible-value: 民营企业户数 2740万户 is 27,400,000 户: more "
        "than any district or county holds; check the source (a stray 万?)",
        "<bundled>:236: warning: missing-number: task number 88 is missing (before line 236)",
    ]
    assert lines[-1] == "<bundled>: 9 sections, 118 tasks; 0 errors, 3 warnings, 0 info"
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 1
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(DAMAGED, encoding="utf-8")
    result = runner.invoke(app, ["check", str(damaged)])
    assert result.exit_code == 1
    assert f"{damaged}:2: error: unclosed-bracket: '[' opened here is never closed" in result.stdout


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "一二三十、.．,，()（）[]【】:：;；\n \t\u3000\u00a0123456789负责牵头单位各乡镇场及等配合责任:"
            )
        )
        | st.characters(),
        max_size=400,
    )
)
def test_parse_returns_or_raises_the_documented_error(text: str) -> None:
    try:
        notice = parse(text)
    except TaobeiError:
        return
    assert isinstance(notice, Notice)
    assert all(t.seq == i for i, t in enumerate(notice.tasks(), start=1))


ADVERSARIAL = {
    "a megabyte of [": "一、生态建设\n1.做事" + "[" * 1_000_000,
    "a megabyte of [ lines": "一、生态建设\n1.做事\n" + "[\n" * 500_000,
    "1.1.1. lines": "一、A\n" + "1.1.1.\n" * 150_000,
    "a clause of 100,000 units": "一、A\n1.做事[" + "区水利局、" * 100_000 + "牵头负责]\n",
    "deep nesting": "一、A\n1.做事[" + "(" * 200_000 + ")" * 200_000 + "牵头负责]\n",
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_adversarial_input_is_linear(name: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(TaobeiError):
        parse(ADVERSARIAL[name])
    assert time.perf_counter() - start < 30  # generous: about 1 s here; backtracking takes hours


def test_han_class_is_exactly_the_han_script() -> None:
    """The parser's stdlib ``re`` patterns spell ``\\p{Han}`` out as ranges: they must cover
    the same code points, or a label such as 督办单位: or a 01 item marker would read differently."""
    import re

    from taobei_plan.parsing.chinese import HAN

    text = "".join(map(chr, range(0x110000)))  # every code point
    ours = re.findall(f"[{HAN}]", text)
    theirs = regex.findall(r"\p{Han}", text)
    assert len(ours) == len(theirs) == 103_352
    assert ours == theirs
    assert re.fullmatch(f"[{HAN}]+", "洮北区〇々𠀀") and not re.search(f"[{HAN}]", "ａ1。、:")


_FOLD_ALPHABET = "".join(
    [
        "洮北区水利局牵头负责,各乡(镇)、场按职责分工负责 \n",  # folds to itself
        "（）［］【】〔〕：；，０１２％ａＺ\u3000\u00a0\t",  # width and spaces
        "國發區縣與為會農業環薴苧苎",  # traditional, and the chained 薴 → 苧 (苧 → 苎)
        "\U00020000\U0002a6a5",  # beyond the plane
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=60))
def test_fold_replaces_exactly_what_one_translation_does(text: str) -> None:
    """``fold`` replaces only the characters present; the result must be the one translation
    by the whole table gives, one step per character (薴 is 苧, never 苎)."""
    from taobei_plan.parsing.source import fold, fold_present, fold_table

    assert fold(text) == text.translate(fold_table())  # a name or a query: the table itself
    long = text + "任务" * 40  # a notice's length: the characters present are scanned for
    assert fold(long) == fold_present(long) == long.translate(fold_table())


def test_fold_of_many_distinct_characters_is_one_translation() -> None:
    from taobei_plan.parsing.source import fold, fold_present, fold_table

    many = "".join(chr(code) for code in sorted(fold_table()) if code < 0x10000)[:500] * 3
    assert fold(many) == fold_present(many) == many.translate(fold_table())
    assert fold("薴") == "苧" and fold("（一）区水利局：") == "(一)区水利局:"


def test_only_a_text_of_80_000_characters_builds_the_scanning_class() -> None:
    """A notice is folded through the table, however many a process folds; a text long
    enough to repay the 5–10 ms scanning class is folded by the characters present."""
    import subprocess
    import sys

    script = (
        "from taobei_plan.parsing import source\n"
        "text = '區水利局牵头负责' * 5_000\n"  # 40,000 characters: three notices' worth
        "for _ in range(5): source.fold(text)\n"
        "print(source._foldable.cache_info().currsize)\n"
        "long = text * 2\n"  # 80,000
        "assert source.fold(long) == long.translate(source.fold_table())\n"
        "print(source._foldable.cache_info().currsize)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout.split() == ["0", "1"], run.stderr
