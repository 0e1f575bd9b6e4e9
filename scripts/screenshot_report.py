"""Render the report of the bundled notice to docs/report.png (on screen) and
docs/report-printed.png (page 4 as printed on A4): `python scripts/screenshot_report.py`.

Makes the page with `taobei report`, then has headless Chromium (Debian's, no network) take a
picture of its top, and print it to PDF (rendered with pypdfium2 and Pillow, the `fixtures`
extra), so the README's pictures always show what `taobei report` makes and how it prints.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is needed: apt-get install chromium")
    taobei = shutil.which("taobei") or "taobei"
    target = ROOT / "docs" / "report.png"
    target.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as private:
        page = Path(private) / "report.html"
        subprocess.run([taobei, "report", "-o", str(page)], check=True, capture_output=True)
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--disable-background-networking", "--disable-component-update", "--no-first-run",
             f"--user-data-dir={private}/profile", "--window-size=1100,1400",
             f"--screenshot={target}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        printed = Path(private) / "report.pdf"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             f"--user-data-dir={private}/profile", "--no-pdf-header-footer",
             f"--print-to-pdf={printed}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(printed.read_bytes())
        paper = target.with_name("report-printed.png")
        document[3].render(scale=1.4).to_pil().save(paper)  # the first page of the task table
    print(f"wrote {target.relative_to(ROOT)}, {paper.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
