"""Render the reporting round's pages for the README: `python scripts/screenshot_round.py`.

Runs the round on the bundled notice as an office would (export as of 2026-01-15, returns for
2025-Q4, 区发改局 fills two rows, collect), has LibreOffice Calc print the return and the 台账 to
PDF with their own print settings, and renders page 1 of 区发改局's return (docs/return.png) and
the 督办清单 page (docs/supervision.png) as PNG. Needs soffice with Calc, a CJK font and
`pip install -e '.[fixtures]'`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) is needed: apt-get install libreoffice-calc-nogui")
    taobei = str(Path(shutil.which("taobei") or "taobei"))
    with tempfile.TemporaryDirectory() as private:
        folder = Path(private)
        ledger, returns = folder / "台账.xlsx", folder / "报送表"
        subprocess.run([taobei, "export", "-o", str(ledger), "--as-of", "2026-01-15"], check=True)
        subprocess.run([taobei, "returns", str(ledger), "-o", str(returns), "--period", "2025-Q4"],
                       check=True, capture_output=True)  # fmt: skip
        unit = returns / "区发改局.xlsx"
        _fill(unit, {30: ("滞后", "绿电园区一期并网推迟至2026年一季度"),
                     61: ("已完成", "长白快铁提速工程已竣工投入使用")})  # fmt: skip
        subprocess.run([taobei, "collect", str(ledger), str(unit), "--as-of", "2026-01-15"],
                       check=True, capture_output=True)  # fmt: skip
        for workbook in (unit, ledger):
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{private}/profile", "--headless",
                 "--convert-to", "pdf", "--outdir", private, str(workbook)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
        _page(folder / "区发改局.pdf", "任务落实情况报送表", ROOT / "docs" / "return.png")
        _page(folder / "台账.pdf", "督办清单（逾期和临期任务）", ROOT / "docs" / "supervision.png")


def _fill(path: Path, answers: dict[int, tuple[str, str]]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["报送表"]
    header = [c.value for c in sheet[4]]
    for row in sheet.iter_rows(min_row=5):
        if row[0].value in answers:
            row[header.index("完成状态")].value, row[header.index("本期进展")].value = answers[
                row[0].value
            ]
    book.save(path)


def _page(pdf: Path, words: str, target: Path) -> None:
    """The first page holding ``words``, its top half, as PNG."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        if words in page.get_textpage().get_text_range():
            image = page.render(scale=1.6).to_pil()
            image.crop((0, 0, image.width, image.height // 2)).save(target)
            print(f"wrote {target.relative_to(ROOT)}")
            break
    else:
        raise SystemExit(f"{pdf.name}: no page holds {words}")
    document.close()


if __name__ == "__main__":
    main()
