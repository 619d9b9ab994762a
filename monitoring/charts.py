"""Server-side charts: the same SVG on screen and in the PDF (WeasyPrint draws inline SVG), a picture in the DOCX.

Each chart is built once as a drawing (``*_drawing``: rectangles, lines, texts with coordinates) and written by
:mod:`salsk_mentoring.drawing` — as SVG with only presentation attributes (no JavaScript, no styles: the strict
CSP holds and print is identical), and, for Word, read back from that SVG and rasterised as a PNG.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import mark_safe

from salsk_mentoring import drawing
from salsk_mentoring.drawing import Circle, Line, Polyline, Rect, Text

from .models import fmt_number

GOOD = "#2e7d32"
BAD = "#e07b00"
NEUTRAL = "#7a8aa0"
TARGET = "#b00020"
REGION = "#1f4e9c"
GRID = "#d5dbe3"
TEXT = "#222222"


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


def _ticks(maximum: float) -> list[float]:
    """The axis labels from 0 to ``maximum`` in four or five steps, a round step where one divides it: 250 in
    steps of 50, not of 62,5; 100 in steps of 25."""
    for count in (4, 5):
        step = maximum / count
        mantissa = step / 10 ** math.floor(math.log10(step)) if step > 0 else 1
        if any(math.isclose(mantissa, nice) for nice in (1, 2, 2.5, 5)):
            break
    else:
        count = 4
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
    return mark_safe(drawing.svg(hbar_drawing(
        bars, unit=unit, scale_max=scale_max, title=title, width=width, label_width=label_width, legend=legend
    )))


def hbar_drawing(bars, *, unit, scale_max, title, width, label_width, legend) -> drawing.Drawing:
    row_h, top, bottom = 30, 28 if title else 8, 46 if legend else 26
    plot_x, plot_w = label_width + 8, width - label_width - 8 - 64
    values = [float(v) for b in bars for v in (b.value, b.target, b.reference) if v is not None]
    maximum = float(scale_max) if scale_max is not None else _nice_max(max(values, default=1) * 1.05)
    height = top + row_h * len(bars) + bottom

    def x(v):
        return plot_x + plot_w * min(float(v), maximum) / maximum

    chart = drawing.Drawing(width, height, title or "Диаграмма")
    add = chart.add
    if title:
        add(Text(width / 2, 18, title, 14, TEXT, "middle", bold=True))
    axis_y = top + row_h * len(bars)
    for tick in _ticks(maximum):
        tx = x(tick)
        add(Line(tx, top, tx, axis_y, GRID, 1))
        add(Text(tx, axis_y + 14, _num(tick), 11, TEXT, "middle"))
    for i, bar in enumerate(bars):
        y0 = top + i * row_h
        lines = _wrap(bar.label, label_width // 7)
        for j, line in enumerate(lines):
            ly = y0 + row_h / 2 + 4 + (j - (len(lines) - 1) / 2) * 13
            add(Text(label_width, ly, line, 12, TEXT, "end"))
        if bar.value is not None:
            color = NEUTRAL if bar.good is None else (GOOD if bar.good else BAD)
            w = max(0.0, x(bar.value) - plot_x)
            add(Rect(plot_x, y0 + 7, w, row_h - 14, color))
            # The figure goes right of everything drawn in the row, so no line crosses it.
            pos = plot_x + w + 4
            for line in sorted(x(v) for v in (bar.target, bar.reference) if v is not None):
                if pos - 3 <= line <= pos + 40:
                    pos = line + 5
            add(Text(pos, y0 + row_h / 2 + 4, f"{_num(bar.value)}{bar.note}", 11, TEXT))
        else:
            add(Text(plot_x + 4, y0 + row_h / 2 + 4, "нет данных", 11, NEUTRAL))
        if bar.reference is not None:
            rx = x(bar.reference)
            add(Line(rx, y0 + 3, rx, y0 + row_h - 3, REGION, 2, "3,2"))
        if bar.target is not None:
            tx = x(bar.target)
            add(Line(tx, y0 + 2, tx, y0 + row_h - 2, TARGET, 3))
    add(Line(plot_x, axis_y, plot_x + plot_w, axis_y, TEXT, 1))
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
                add(Rect(lx, ly - 9, 14, 10, color))
            else:
                dashed = kind == "dash"
                add(Line(lx + 7, ly - 11, lx + 7, ly + 2, color, 2 if dashed else 3, "3,2" if dashed else None))
            add(Text(lx + 18, ly, text, 11, TEXT))
            lx += 18 + len(text) * 6 + 18
    add(Text(width - 4, axis_y + 14, unit, 11, TEXT, "end"))
    return chart


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
    return mark_safe(drawing.svg(trend_drawing(
        labels, series, unit=unit, title=title, width=width, height=height, scale_max=scale_max
    )))


def trend_drawing(labels, series, *, unit, title, width, height, scale_max) -> drawing.Drawing:
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

    chart = drawing.Drawing(width, height, title or "Динамика")
    add = chart.add
    if title:
        add(Text(width / 2, 16, title, 12, TEXT, "middle", bold=True))
    for tick in _ticks(maximum):
        ty = py(tick)
        add(Line(left, ty, width - right, ty, GRID))
        add(Text(left - 4, ty + 4, _num(tick), 10, TEXT, "end"))
    for i, label in enumerate(labels):
        add(Text(px(i), top + plot_h + 14, label, 10, TEXT, "middle"))
    for _name, vals, color, dashed in series:
        points = [(px(i), py(v)) for i, v in enumerate(vals) if v is not None]
        dash = "5,3" if dashed else None
        if len(points) > 1:
            add(Polyline(tuple(points), color, 2, dash))
        for (a, b), v in zip(points, [v for v in vals if v is not None], strict=True):
            add(Circle(a, b, 3, color))
            if not dashed:
                add(Text(a, b - 6, _num(v), 10, TEXT, "middle"))
    lx = left
    for name, _, color, dashed in series:
        add(Line(lx, height - 8, lx + 16, height - 8, color, 2, "5,3" if dashed else None))
        add(Text(lx + 20, height - 4, name, 10, TEXT))
        lx += 28 + len(name) * 5.5
    if unit:
        add(Text(4, top - 4 if top > 14 else 10, unit, 10, TEXT))
    return chart


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
