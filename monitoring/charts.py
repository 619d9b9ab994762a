"""Server-side SVG charts: the same markup on screen and in the PDF (WeasyPrint draws inline SVG).

No JavaScript, no styles — only SVG presentation attributes, so the strict CSP holds and print is identical.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import fmt_number

GOOD = "#2e7d32"
BAD = "#e07b00"
NEUTRAL = "#7a8aa0"
TARGET = "#b00020"
REGION = "#1f4e9c"
GRID = "#d5dbe3"
TEXT = "#222222"
FONT = 'font-family="PT Serif, Georgia, serif"'


@dataclass
class Bar:
    label: str
    value: Decimal | None
    target: Decimal | None = None
    reference: Decimal | None = None  # the regional value
    good: bool | None = None  # None: no target to judge by
    note: str = ""


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + (1 if line else 0) > width and line:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)].rstrip() + "…"
    return out


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _ticks(maximum: float, count: int = 4) -> list[float]:
    return [maximum * i / count for i in range(count + 1)]


def _num(x) -> str:
    return fmt_number(x)


def hbar_chart(
    bars: list[Bar],
    *,
    unit: str = "%",
    scale_max=None,
    title: str = "",
    width: int = 760,
    label_width: int = 250,
    legend: bool = True,
) -> str:
    """Horizontal bars (achieved) with a red tick for the target and a dashed blue one for the region."""
    row_h, top, bottom = 30, 28 if title else 8, 46 if legend else 26
    plot_x, plot_w = label_width + 8, width - label_width - 8 - 64
    values = [float(v) for b in bars for v in (b.value, b.target, b.reference) if v is not None]
    maximum = float(scale_max) if scale_max is not None else _nice_max(max(values, default=1) * 1.05)
    height = top + row_h * len(bars) + bottom

    def x(v):
        return plot_x + plot_w * min(float(v), maximum) / maximum

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title or "Диаграмма")}" {FONT}>'
    ]
    if title:
        out.append(
            f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold" '
            f'fill="{TEXT}">{escape(title)}</text>'
        )
    axis_y = top + row_h * len(bars)
    for tick in _ticks(maximum):
        tx = x(tick)
        out.append(
            f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="{axis_y + 14}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT}">{_num(tick)}</text>'
        )
    for i, bar in enumerate(bars):
        y0 = top + i * row_h
        lines = _wrap(bar.label, label_width // 7)
        for j, line in enumerate(lines):
            ly = y0 + row_h / 2 + 4 + (j - (len(lines) - 1) / 2) * 13
            out.append(
                f'<text x="{label_width}" y="{ly:.1f}" text-anchor="end" font-size="12" '
                f'fill="{TEXT}">{escape(line)}</text>'
            )
        if bar.value is not None:
            color = NEUTRAL if bar.good is None else (GOOD if bar.good else BAD)
            w = max(0.0, x(bar.value) - plot_x)
            out.append(
                f'<rect x="{plot_x}" y="{y0 + 7}" width="{w:.1f}" height="{row_h - 14}" fill="{color}"/>'
            )
            # The figure goes right of everything drawn in the row, so no line crosses it.
            pos = plot_x + w + 4
            for line in sorted(x(v) for v in (bar.target, bar.reference) if v is not None):
                if pos - 3 <= line <= pos + 40:
                    pos = line + 5
            out.append(
                f'<text x="{pos:.1f}" y="{y0 + row_h / 2 + 4:.1f}" font-size="11" '
                f'fill="{TEXT}">{escape(_num(bar.value))}{escape(bar.note)}</text>'
            )
        else:
            out.append(
                f'<text x="{plot_x + 4}" y="{y0 + row_h / 2 + 4:.1f}" font-size="11" fill="{NEUTRAL}">'
                "нет данных</text>"
            )
        if bar.reference is not None:
            rx = x(bar.reference)
            out.append(
                f'<line x1="{rx:.1f}" y1="{y0 + 3}" x2="{rx:.1f}" y2="{y0 + row_h - 3}" stroke="{REGION}" '
                'stroke-width="2" stroke-dasharray="3,2"/>'
            )
        if bar.target is not None:
            tx = x(bar.target)
            out.append(
                f'<line x1="{tx:.1f}" y1="{y0 + 2}" x2="{tx:.1f}" y2="{y0 + row_h - 2}" stroke="{TARGET}" '
                'stroke-width="3"/>'
            )
    out.append(
        f'<line x1="{plot_x}" y1="{axis_y}" x2="{plot_x + plot_w}" y2="{axis_y}" stroke="{TEXT}" '
        'stroke-width="1"/>'
    )
    if legend:
        ly = height - 12
        items = [
            ("rect", GOOD, "достигнуто (цель выполнена)"),
            ("rect", BAD, "ниже цели"),
            ("line", TARGET, "целевое значение"),
            ("dash", REGION, "региональный показатель"),
        ]
        lx = plot_x - 120 if plot_x > 160 else 10
        for kind, color, text in items:
            if kind == "rect":
                out.append(f'<rect x="{lx}" y="{ly - 9}" width="14" height="10" fill="{color}"/>')
            elif kind == "line":
                out.append(
                    f'<line x1="{lx + 7}" y1="{ly - 11}" x2="{lx + 7}" y2="{ly + 2}" stroke="{color}" '
                    'stroke-width="3"/>'
                )
            else:
                out.append(
                    f'<line x1="{lx + 7}" y1="{ly - 11}" x2="{lx + 7}" y2="{ly + 2}" stroke="{color}" '
                    'stroke-width="2" stroke-dasharray="3,2"/>'
                )
            out.append(f'<text x="{lx + 18}" y="{ly}" font-size="11" fill="{TEXT}">{escape(text)}</text>')
            lx += 18 + len(text) * 6 + 18
    out.append(
        f'<text x="{width - 4}" y="{axis_y + 14}" text-anchor="end" font-size="11" '
        f'fill="{TEXT}">{escape(unit)}</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))


def trend_chart(
    labels: list[str],
    series: list[tuple[str, list, str, bool]],
    *,
    unit: str = "",
    title: str = "",
    width: int = 360,
    height: int = 200,
    scale_max=None,
) -> str:
    """A line chart over academic years. ``series``: (name, values, colour, dashed)."""
    left, right, top, bottom = 44, 12, 26 if title else 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _, vals, _, _ in series for v in vals if v is not None]
    maximum = _nice_max(max(values, default=1) * 1.1)
    if scale_max is not None:
        maximum = min(maximum, float(scale_max))
    n = max(1, len(labels))

    def px(i):
        return left + (plot_w * (i + 0.5) / n)

    def py(v):
        return top + plot_h - plot_h * float(v) / maximum

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title or "Динамика")}" {FONT}>'
    ]
    if title:
        out.append(
            f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="12" font-weight="bold" '
            f'fill="{TEXT}">{escape(title)}</text>'
        )
    for tick in _ticks(maximum):
        ty = py(tick)
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="{GRID}"/>')
        out.append(
            f'<text x="{left - 4}" y="{ty + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{TEXT}">{_num(tick)}</text>'
        )
    for i, label in enumerate(labels):
        out.append(
            f'<text x="{px(i):.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10" '
            f'fill="{TEXT}">{escape(label)}</text>'
        )
    for _name, vals, color, dashed in series:
        points = [(px(i), py(v)) for i, v in enumerate(vals) if v is not None]
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        if len(points) > 1:
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for (a, b), v in zip(points, [v for v in vals if v is not None], strict=True):
            out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{color}"/>')
            if not dashed:
                out.append(
                    f'<text x="{a:.1f}" y="{b - 6:.1f}" text-anchor="middle" font-size="10" '
                    f'fill="{TEXT}">{escape(_num(v))}</text>'
                )
    lx = left
    for name, _, color, dashed in series:
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        out.append(
            f'<line x1="{lx}" y1="{height - 8}" x2="{lx + 16}" y2="{height - 8}" stroke="{color}" '
            f'stroke-width="2"{dash}/>'
        )
        out.append(f'<text x="{lx + 20}" y="{height - 4}" font-size="10" fill="{TEXT}">{escape(name)}</text>')
        lx += 28 + len(name) * 5.5
    if unit:
        out.append(
            f'<text x="4" y="{top - 4 if top > 14 else 10}" font-size="10" '
            f'fill="{TEXT}">{escape(unit)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def district_charts(rows) -> dict:
    """The district report's two charts: shares and levels (%), and plan fulfilment of the numbers (%)."""
    percent = [r for r in rows if r.indicator.unit == "percent"]
    counts = [r for r in rows if r.indicator.unit != "percent" and r.target]
    shares = (
        hbar_chart(
            [
                Bar(
                    f"{r.indicator.code}. {r.indicator.short_name}",
                    r.achieved,
                    r.target,
                    r.regional,
                    None if r.deviation is None else r.deviation >= 0,
                )
                for r in percent
            ],
            unit="%",
            scale_max=100,
            title="Доли и уровни, % (достигнуто против целевого значения)",
        )
        if percent
        else ""
    )
    fulfilment = (
        hbar_chart(
            [
                Bar(
                    f"{r.indicator.code}. {r.indicator.short_name}",
                    None
                    if r.achieved is None
                    else (Decimal(r.achieved) / Decimal(r.target) * 100).quantize(Decimal("0.1")),
                    Decimal(100),
                    None,
                    None if r.achieved is None else r.deviation >= 0,
                    note=" %",
                )
                for r in counts
            ],
            unit="% плана",
            title="Числовые показатели: выполнение плана, % (цель — 100 %)",
        )
        if counts
        else ""
    )
    return {"shares": shares, "fulfilment": fulfilment}
