"""Horizontal bar charts as inline SVG: a bar a row, stacked segments, labels escaped.

A charting library would put hundreds of kilobytes of script (or a network fetch) into every
report; a bar chart is a few rectangles. Every label and attribute value is escaped here, since
labels are unit names and section titles taken from untrusted documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

ROW = 18  # px a bar row takes
LABEL = 190  # px at least for the labels on the left
MAX_LABEL = 372  # px at most: 30 Chinese characters (a longer label is clipped, whole on hover)
PLOT = 360  # px for the longest bar
VALUE = 40  # px for the number on the right


@dataclass(frozen=True)
class Segment:
    value: float
    css: str  # class of the rectangle: its colour comes from the page's stylesheet
    title: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    href: str | None = None  # the label links here (an anchor on the page)
    data: dict[str, str] = field(default_factory=dict)  # data-* attributes of the bar's group
    css: str = ""  # extra class of the bar's group (e.g. the unit's kind)
    value: str | None = None  # the text after the bar (default: the total and the unit)

    @property
    def total(self) -> float:
        return sum(s.value for s in self.segments)


def bar_chart(bars: list[Bar], title: str, css: str = "chart", unit: str = "") -> str:
    """An SVG of ``bars`` top to bottom; lengths proportional to the values (the longest bar
    is ``PLOT`` px), the total printed after each bar."""
    top = max((bar.total for bar in bars), default=0) or 1
    height = ROW * len(bars) + 4
    shown = [bar.value if bar.value is not None else f"{bar.total:g}{unit}" for bar in bars]
    # room on the left for the widest label (a unit's full name), after the longest bar for
    # the widest value text, so no label is clipped
    left = min(MAX_LABEL, max([LABEL, *(_text_width(bar.label) + 12 for bar in bars)]))
    width = left + PLOT + max([VALUE, *(_text_width(text) + 8 for text in shown)])
    out = [
        f'<svg class="{escape(css)}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>"
    ]
    for index, bar in enumerate(bars):
        y = index * ROW + 2
        data = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in bar.data.items())
        group_css = escape(f"bar {bar.css}".strip())
        out.append(f'<g class="{group_css}"{data} tabindex="0">')
        label = escape(_clip(bar.label))
        text = f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{label}</text>'
        if bar.href:
            text = f'<a href="{escape(bar.href)}">{text}</a>'
        out.append(f"<title>{escape(bar.label)}</title>{text}")
        x = float(left)
        for segment in bar.segments:
            length = segment.value / top * PLOT
            if length > 0:
                tip = f"<title>{escape(segment.title)}</title>" if segment.title else ""
                out.append(
                    f'<rect class="{escape(segment.css)}" x="{x:.1f}" y="{y}" '
                    f'width="{length:.1f}" height="{ROW - 4}">{tip}</rect>'
                )
            x += length
        value = escape(shown[index])
        out.append(f'<text class="value" x="{x + 4:.1f}" y="{y + 12}">{value}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _clip(label: str, limit: int = (MAX_LABEL - 12) // 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _text_width(text: str) -> int:
    """Pixels ``text`` takes at the chart's 12 px type: a Chinese character 12, others 7."""
    return sum(12 if ord(ch) > 0x2E80 else 7 for ch in text)
