"""Make the justified, mixed-font PDF fixtures: `python scripts/make_pdf_fixtures.py`.

Government PDFs set their lines justified and take punctuation and digits from another font
than the Chinese text, often one whose descriptor gives no ascent or descent. Two fixtures of the
Taobei notice's body (tests/fixtures/formats/):

- ``taobei-justified.pdf``: LibreOffice's export of a .docx whose paragraphs are justified with a
  first-line indent, the Chinese in Noto Serif CJK SC and punctuation and digits in Noto Sans CJK
  SC / Liberation Serif (needs soffice and fonts-noto-cjk; skipped without them);
- ``taobei-justified-fonts.pdf``: written here, byte for byte reproducible: every line justified
  by character spacing, text in one CID font (STSong-Light, not embedded), punctuation, digits
  and Latin letters in a second whose descriptor gives other metrics (ascent 300, descent
  -1200, as a writer leaves them that copies metrics in another unit). pdfium boxes characters
  by their font's ascent and descent, so that font's boxes hang far below the text on the same
  baseline: read by boxes, each line fell apart into runs of each font.

The outputs are committed; tests only read them.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_format_fixtures import LINES, METADATA_END, OUT, convert

#: Runs set in the second font: punctuation, digits and Latin letters.
OTHER_FONT = re.compile(r"([，。、；：（）“”《》！？\[\],.;:()%A-Za-z0-9]+)")


def justified_docx(target: Path) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    for line in LINES[METADATA_END:]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(32)
        for part in OTHER_FONT.split(line):
            if not part:
                continue
            run = paragraph.add_run(part)
            run.font.size = Pt(16)
            east = "Noto Sans CJK SC" if OTHER_FONT.fullmatch(part) else "Noto Serif CJK SC"
            fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), east)
            fonts.set(qn("w:ascii"), "Liberation Serif")
            fonts.set(qn("w:hAnsi"), "Liberation Serif")
    document.save(str(target))
    return target


# ---- a PDF written by hand ------------------------------------------------------------------

SIZE = 16.0  # points
LEFT, RIGHT, TOP, BOTTOM = 90.0, 505.0, 760.0, 80.0
LEADING = 28.0


def _width(char: str) -> float:
    """Advance of a character in em: ASCII half width (the W array below), the rest full."""
    return 0.5 if " " <= char <= "~" else 1.0


def _wrapped(line: str) -> list[str]:
    """A paragraph broken at the text width, its first line indented by two characters."""
    rows, row, width = [], "", 2.0
    for char in line:
        if (width + _width(char)) * SIZE > RIGHT - LEFT and row:
            rows.append(row)
            row, width = "", 0.0
        row += char
        width += _width(char)
    return [*rows, row] if row else rows


def _show(text: str, font: str, x: float, y: float, spacing: float) -> str:
    hexed = "".join(f"{ord(c):04X}" for c in text)
    return f"/{font} {SIZE:g} Tf {spacing:.3f} Tc 1 0 0 1 {x:.3f} {y:.3f} Tm <{hexed}> Tj"


def _line_ops(row: str, x: float, y: float, justified: bool) -> list[str]:
    """One printed line, its runs alternating between the fonts; a full line is justified by
    spreading the gap left at the right margin over its characters."""
    natural = sum(_width(c) for c in row) * SIZE
    spacing = (RIGHT - x - natural) / (len(row) - 1) if justified and len(row) > 1 else 0.0
    ops = []
    for part in OTHER_FONT.split(row):
        if part:
            font = "F2" if OTHER_FONT.fullmatch(part) else "F1"
            ops.append(_show(part, font, x, y, spacing))
            x += sum(_width(c) * SIZE + spacing for c in part)
    return ops


def _pages() -> list[list[str]]:
    pages: list[list[str]] = [[]]
    y = TOP
    for line in LINES[METADATA_END:]:
        rows = _wrapped(line) if line else []
        for index, row in enumerate(rows):
            if y < BOTTOM:
                pages.append([])
                y = TOP
            x = LEFT + (2 * SIZE if index == 0 else 0.0)
            pages[-1] += _line_ops(row, x, y, justified=index < len(rows) - 1)
            y -= LEADING
    return pages


def _font(first: int, name: str, ascent: int, descent: int) -> list[str]:
    """A Type0 font over STSong-Light (Adobe-GB1), drawn from the viewer's own fonts, with the
    ascent and descent its descriptor gives (pdfium boxes characters by them)."""
    return [
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /UniGB-UCS2-H "
        f"/DescendantFonts [{first + 1} 0 R] >>",
        f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} /CIDSystemInfo "
        f"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor {first + 2} 0 R "
        "/DW 1000 /W [1 95 500] >>",
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 6 /FontBBox [-25 {descent} 1000 "
        f"{ascent}] /ItalicAngle 0 /Ascent {ascent} /Descent {descent} /CapHeight 700 "
        "/StemV 93 >>",
    ]


def _stream(content: str) -> str:
    return f"<< /Length {len(content.encode())} >>\nstream\n{content}endstream"


def hand_written_pdf() -> bytes:
    pages = _pages()
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    objects += _font(3, "STSong-Light", 880, -120)  # F1, the text
    objects += _font(6, "STSong-Light,Punctuation", 300, -1200)  # F2: its box hangs low
    fonts = "<< /F1 3 0 R /F2 6 0 R >>"
    kids = []
    for number, ops in enumerate(pages, start=1):
        footer = _show(str(number), "F2", 290, 40, 0.0)
        objects.append(_stream(f"BT {footer} ET\nBT\n" + "\n".join(ops) + "\nET\n"))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font {fonts} >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def main() -> None:
    target = OUT / "taobei-justified-fonts.pdf"
    target.write_bytes(hand_written_pdf())
    print(f"wrote {target}")
    with tempfile.TemporaryDirectory() as private:
        made = convert(justified_docx(Path(private) / "taobei-justified.docx"), "pdf")
        if made is not None:
            print(f"wrote {made}")


if __name__ == "__main__":
    main()
