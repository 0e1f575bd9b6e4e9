"""Render the 台账 of the bundled notice to docs/ledger.png: `python scripts/screenshot_ledger.py`.

Exports the workbook with taobei, has LibreOffice Calc (headless, private profile) print it to PDF
with the workbook's own print settings, and renders the first page as PNG (pypdfium2 + Pillow),
so the README's picture always shows what `taobei export` writes and how it prints. Needs soffice
with Calc (Debian: libreoffice-calc-nogui), a CJK font (fonts-wqy-microhei) and
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
    with tempfile.TemporaryDirectory() as private:
        workbook = Path(private) / "ledger.xlsx"
        subprocess.run(
            [str(Path(shutil.which("taobei") or "taobei")), "export", "-o", str(workbook)],
            check=True,
        )
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{private}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", private, str(workbook)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(Path(private) / "ledger.pdf"))
        image = document[0].render(scale=1.6).to_pil()
        target = ROOT / "docs" / "ledger.png"
        target.parent.mkdir(exist_ok=True)
        image.crop((0, 0, image.width, image.height // 2)).save(target)
        document.close()
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
