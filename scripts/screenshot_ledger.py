"""Render the 台账 of the bundled notice to docs/ledger.png: `python scripts/screenshot_ledger.py`.

Exports the workbook with taobei, then has LibreOffice (headless, private profile) draw its first
sheet as PNG, so the README's picture always shows what `taobei export` writes. Needs soffice and
a CJK font (Debian: fonts-wqy-microhei).
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
            [str(Path(shutil.which("taobei") or "taobei")), "export", "-o", str(workbook)], check=True
        )
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{private}/profile", "--headless",
             "--convert-to", "png", "--outdir", private, str(workbook)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        target = ROOT / "docs" / "ledger.png"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(Path(private) / "ledger.png", target)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
