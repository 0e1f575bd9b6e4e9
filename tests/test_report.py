"""The report page: its SVG charts, its safety, and how it behaves in a real browser (Debian's
Chromium driven by Playwright, never a downloaded browser; skipped, saying why, without them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.exports.charts import LABEL, PLOT, Bar, Segment, bar_chart

from conftest import FIXTURES, RAW

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = (
    "一、建设\n1.加强<script>alert(1)</script>管理，<img src=x onerror=alert(2)>推进工作。"
    "[区水利局牵头负责]\n2.完善制度。[<b>区财政局</b>负责]\n"
)


def report(tmp_path: Path, *files: str) -> Path:
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["report", *files, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{target}\n"
    return target


# ---- the SVG module -------------------------------------------------------------------------


def test_bar_lengths_are_proportional() -> None:
    svg = bar_chart(
        [Bar("甲", (Segment(6, "lead"), Segment(2, "co"))), Bar("乙", (Segment(4, "lead"),))], "t"
    )
    widths = [
        float(w) for w in re.findall(r'<rect class="\w+" x="[\d.]+" y="\d+" width="([\d.]+)"', svg)
    ]
    assert widths == [PLOT * 6 / 8, PLOT * 2 / 8, PLOT * 4 / 8]
    starts = [float(x) for x in re.findall(r'<rect class="\w+" x="([\d.]+)"', svg)]
    assert starts == [LABEL, LABEL + PLOT * 6 / 8, LABEL]  # the co segment follows the lead one


def test_labels_and_attributes_are_escaped() -> None:
    svg = bar_chart(
        [Bar('<script>x</script>"', (Segment(1, "lead"),), data={"unit": '"><b>'})], "<t>"
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and 'data-unit="&quot;&gt;&lt;b&gt;"' in svg
    assert "<title>&lt;t&gt;</title>" in svg


# ---- the page -------------------------------------------------------------------------------


def test_page_is_self_contained_small_and_escaped(tmp_path: Path) -> None:
    page = report(tmp_path).read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < 300_000
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing fetched
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('<g class="bar') == 57 + 9 + 5  # units, sections, sections with investments
    notice = tmp_path / "hostile.txt"
    notice.write_text(HOSTILE, encoding="utf-8")
    hostile = report(tmp_path, str(notice)).read_text(encoding="utf-8")
    assert "<script>alert" not in hostile and "<img" not in hostile and "<b>区" not in hostile
    assert "加强&lt;script&gt;alert(1)&lt;/script&gt;管理" in hostile
    assert not re.search(r"<[^>]*\son[a-z]+=", hostile)  # no inline event handler in any tag


def test_default_output_is_beside_the_notice(tmp_path: Path) -> None:
    notice = tmp_path / "通知.txt"
    notice.write_bytes(RAW.read_bytes())
    result = runner.invoke(app, ["report", str(notice)])
    assert result.exit_code == 0
    assert result.stdout == f"{tmp_path / '通知.report.html'}\n"
    assert (tmp_path / "通知.report.html").exists()
    refused = runner.invoke(app, ["report", str(notice), "-o", str(notice)])
    assert refused.exit_code == 2


def test_several_notices_get_a_switcher_and_a_cross_table(tmp_path: Path) -> None:
    farm = FIXTURES / "corpus" / "gov-farm-machinery-2018-42.txt"
    page = report(tmp_path, str(RAW), str(farm)).read_text(encoding="utf-8")
    assert (
        '<nav class="switcher"><a href="#n1">白洮政发〔2021〕29号</a><a href="#n2">国发〔2018〕42号</a></nav>'
        in page
    )
    assert page.count('<section class="notice"') == 2
    # two governments: each unit is named with its own
    assert "<td>工业和信息化部（中央）</td><td></td><td>" in page


def test_the_cross_table_keeps_two_districts_bureaus_apart(tmp_path: Path) -> None:
    lishan = FIXTURES / "corpus" / "lishan-2023-lines-partial.txt"
    page = report(tmp_path, str(RAW), str(lishan)).read_text(encoding="utf-8")
    assert "<td>区发改局（白城市洮北区）</td><td>8/3</td><td></td><td>11</td>" in page
    assert "<td>区发改局（鞍山市立山区）</td><td></td><td>3/0</td><td>3</td>" in page


# ---- in a real browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed; .ci/run installs Debian's chromium")
    sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def open_page(browser, path: Path, javascript: bool = True):  # type: ignore[no-untyped-def]
    """The page with every request but its own file refused and recorded, and its errors."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.requests, page.errors, page.dialogs = [], [], []
    url = path.as_uri()

    def route(request_route) -> None:  # type: ignore[no-untyped-def]
        if request_route.request.url == url:
            request_route.continue_()
        else:
            page.requests.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return page


def visible_rows(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator("section.notice:not([hidden]) tr.task:visible").count()


def test_report_in_a_browser(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, report(tmp_path))
    assert page.requests == [] and page.errors == []
    assert page.locator("svg.units g.bar").count() == 57
    assert visible_rows(page) == 118
    page.select_option("select.unit-filter", "区水利局")
    assert visible_rows(page) == 7
    seqs = page.locator("tr.task:visible td:first-child").all_inner_texts()
    assert seqs == ["1", "2", "3", "19", "21", "47", "49"]
    page.select_option("select.unit-filter", "")
    page.fill("input.task-search", "秸秆")
    assert page.locator("tr.task:visible td:first-child").all_inner_texts() == ["10", "12"]
    page.fill("input.task-search", "")
    page.locator('svg.units g.bar[data-unit="区林草局"]').click()
    assert visible_rows(page) == 8
    shot = page.screenshot(full_page=False)
    assert len(shot) > 30_000  # a blank page is a few kilobytes
    assert page.errors == [] and page.requests == []


def test_without_javascript_every_table_is_there(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, report(tmp_path), javascript=False)
    assert visible_rows(page) == 118
    assert page.locator("table.indicators tbody tr").count() == 84  # 78 of targets, 6 of tasks


def test_injected_markup_shows_as_text_and_runs_nothing(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    notice = tmp_path / "hostile.txt"
    notice.write_text(HOSTILE, encoding="utf-8")
    page = open_page(browser, report(tmp_path, str(notice)))
    assert page.dialogs == [] and page.requests == []
    cell = page.locator("tr.task td:nth-child(4)").first.inner_text()
    assert cell == "加强<script>alert(1)</script>管理，<img src=x onerror=alert(2)>推进工作。"
    assert page.locator("tr.task img, tr.task script").count() == 0


def test_a_run_no_line_can_take_stays_inside_the_page(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 400-digit figure or a long link in the notice breaks inside its cell: the page is no
    wider than the window (before, the page was 3,500 pixels wide)."""
    notice = tmp_path / "long.txt"
    link = "http://example.org/" + "a" * 300
    notice.write_text(
        f"一、甲\n1.按{link}推进工作。[区水利局牵头负责]\n到2025年,全区污水处理率达到{'9' * 400}%。\n",
        encoding="utf-8",
    )
    page = open_page(browser, report(tmp_path, str(notice)))
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("table.indicators td.free").nth(1).inner_text() == "9" * 400
    assert link in page.locator("tr.task td.free").first.inner_text().replace("\n", "")


def test_a_page_lists_at_most_its_row_budget_of_tasks(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A notice of 50,000 tasks made a 36 MB page that took half a minute to open: past the
    budget a notice keeps its counts and charts, and the page points to the workbook."""
    from taobei_plan.exports import report as module

    farm = FIXTURES / "corpus" / "gov-farm-machinery-2018-42.txt"
    monkeypatch.setattr(module, "MAX_TASK_ROWS", 120)
    page = report(tmp_path, str(farm), str(RAW)).read_text(encoding="utf-8")
    assert (
        page.count('<tr class="task"') == 18
    )  # the first notice's; the second's 118 pass the budget
    assert page.count('<p class="too-many">') == 1
    assert (
        f"本通知有 118 项任务，超出一页报告能列出的数量（共 120 项）：任务、目标指标和投资项目的明细未列出。"
        f"完整的任务台账请用 <code>taobei export {RAW.name} -o 台账.xlsx</code> 生成。"
    ) in page
    assert "<li>一、生态建设（21 项）</li><li>二、产业发展（18 项）</li>" in page
    assert str(RAW.parent) not in page  # the file's name, never where it lies


def printed(browser, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of each page of ``path`` as headless Chromium prints it."""
    import pypdfium2 as pdfium

    page = open_page(browser, path)
    document = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True))
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_the_report_prints_as_an_office_circulates_it(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """118 tasks printed on 34 pages, without page numbers, with the source's path in the
    footer; choosing a department printed every task anyway."""
    pages = printed(browser, report(tmp_path))
    assert len(pages) <= 14
    title = "白城市洮北区国民经济和社会发展第十四个五年规划纲要任务清单"
    for number, text in enumerate(pages, start=1):
        assert text.startswith(f"{title}\r\n第 {number} 页 共 {len(pages)} 页\r\n")
    whole = "".join(pages)
    assert str(tmp_path) not in whole and "来源：<bundled>" in whole
    assert "编号" not in whole.split("一、生态建设")[0][-200:]  # 编号 and 板块: not printed
    water = tmp_path / "water.html"
    result = runner.invoke(app, ["report", "--dept", "区水利局", "-o", str(water)])
    assert result.exit_code == 0, result.stderr
    page = water.read_text(encoding="utf-8")
    assert page.count('<tr class="task"') == 7
    assert re.findall(r'<td class="role-col">([^<]*)</td>', page) == ["牵头"] * 5 + ["配合"] * 2
    assert page.count('class="chip lead chosen"') == 5 and page.count('class="chip co chosen"') == 2
    assert len(printed(browser, water)) < len(pages)
    township = tmp_path / "township.html"
    runner.invoke(app, ["report", "--dept", "东风乡", "-o", str(township)])
    roles = re.findall(r'<td class="role-col">([^<]*)</td>', township.read_text(encoding="utf-8"))
    assert roles == ["配合（各乡(镇)）"] * 16


def test_search_hides_empty_sections_counts_and_marks_the_word(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, report(tmp_path))
    page.fill("input.task-search", "秸秆")
    assert page.locator("tbody.tasks:visible").count() == 1  # 10 and 12 are both 生态建设
    assert page.locator("tbody.tasks:visible .count").inner_text() == "2"
    assert page.locator("mark").all_inner_texts() == ["秸秆"] * 3  # task 12 says it twice
    page.select_option("select.unit-filter", "区水利局")
    page.fill("input.task-search", "")
    assert page.locator(".chip.chosen:visible").count() == 7
    roles = page.locator("tr.task:visible td.role-col").all_inner_texts()
    assert roles == ["牵头"] * 5 + ["配合"] * 2  # 本单位 shows once a unit is chosen
    page.select_option("select.unit-filter", "")
    assert page.locator("td.role-col:visible").count() == 0
    assert page.errors == [] and page.requests == []
