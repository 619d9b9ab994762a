"""A chart as a drawing — rectangles, lines, polylines, circles and texts with coordinates, colours and dashes —
and its writers.

A chart is built once (``monitoring/charts.py``) as a :class:`Drawing` and written by :func:`svg` as the inline
SVG of the page and of the PDF (WeasyPrint draws it; only presentation attributes, no styles, so the strict CSP
holds). Word cannot take that SVG, so the DOCX writer (:mod:`salsk_mentoring.documents.word`), which sees only
the print HTML, reads it back with :func:`from_svg` — the SVG of a chart is its drawing, attribute for
attribute — and rasterises it with :func:`png` (Pillow, in the print font PT Serif, at 2× for print). No second
copy of a chart's geometry, no state shared between rendering the HTML and converting it.

Numbers are written as the chart computed them: an integer as it is, a float with one decimal.
"""

import functools
import io
import re
from dataclasses import dataclass, field

from django.utils.html import escape

SVG_FONT = 'font-family="PT Serif, Georgia, serif"'
PX_PER_MM = 96 / 25.4  # an SVG user unit is a CSS pixel
PNG_SCALE = 2  # pixels of the picture per unit of the drawing: ≈200 dpi on a printed page
SUPERSAMPLE = 2  # drawn this much larger and scaled down: smooth edges (Pillow draws shapes without antialiasing)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float | None = None  # SVG's default: 1
    dash: str | None = None  # stroke-dasharray, "3,2"


@dataclass(frozen=True)
class Polyline:
    points: tuple
    stroke: str
    width: float = 1
    dash: str | None = None


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    fill: str
    anchor: str | None = None  # start (None), middle, end
    bold: bool = False


@dataclass
class Drawing:
    width: int
    height: int
    label: str  # what the chart shows: aria-label of the SVG, alt text of the picture
    items: list = field(default_factory=list)

    def add(self, item):
        self.items.append(item)


# --- SVG ------------------------------------------------------------------------------------------------------
def _n(value) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _attrs(*pairs) -> str:
    return "".join(f' {name}="{value}"' for name, value in pairs if value is not None)


def _numbers(item, *names):
    return [(name, _n(getattr(item, name))) for name in names]


def _svg_item(item) -> str:
    if isinstance(item, Rect):
        return f'<rect{_attrs(*_numbers(item, "x", "y", "width", "height"), ("fill", item.fill))}/>'
    if isinstance(item, Line):
        width = None if item.width is None else _n(item.width)
        paint = (("stroke", item.stroke), ("stroke-width", width), ("stroke-dasharray", item.dash))
        return f'<line{_attrs(*_numbers(item, "x1", "y1", "x2", "y2"), *paint)}/>'
    if isinstance(item, Polyline):
        points = " ".join(f"{_n(a)},{_n(b)}" for a, b in item.points)
        paint = (("stroke", item.stroke), ("stroke-width", _n(item.width)), ("stroke-dasharray", item.dash))
        return f'<polyline{_attrs(("points", points), ("fill", "none"), *paint)}/>'
    if isinstance(item, Circle):
        return f'<circle{_attrs(*_numbers(item, "cx", "cy", "r"), ("fill", item.fill))}/>'
    if isinstance(item, Text):
        attrs = _attrs(
            ("x", _n(item.x)), ("y", _n(item.y)), ("text-anchor", item.anchor), ("font-size", _n(item.size)),
            ("font-weight", "bold" if item.bold else None), ("fill", item.fill),
        )
        return f"<text{attrs}>{escape(item.text)}</text>"
    raise TypeError(f"not a drawing item: {item!r}")


def svg(drawing: Drawing) -> str:
    """The drawing as inline SVG markup (``class="chart"``)."""
    w, h = _n(drawing.width), _n(drawing.height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-label="{escape(drawing.label)}" {SVG_FONT}>'
    )
    return head + "".join(_svg_item(item) for item in drawing.items) + "</svg>"


# --- reading an SVG back ----------------------------------------------------------------------------------------
def _number(text: str):
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def from_svg(element) -> Drawing:
    """The drawing of an SVG written by :func:`svg` (an lxml element, from the HTML or XML parser).

    Anything else — an element the writer does not make — raises ``ValueError``: the caller keeps its fallback.
    """

    def tag(el):
        return el.tag.split("}")[-1].lower() if isinstance(el.tag, str) else None

    if tag(element) != "svg":
        raise ValueError("not an svg element")
    drawing = Drawing(_number(element.get("width")), _number(element.get("height")), element.get("aria-label") or "")
    for el in element:
        kind, get = tag(el), el.get
        if kind is None:  # a comment
            continue
        if kind == "rect":
            drawing.add(Rect(*(_number(get(k)) for k in ("x", "y", "width", "height")), get("fill")))
        elif kind == "line":
            width = get("stroke-width")
            drawing.add(Line(
                *(_number(get(k)) for k in ("x1", "y1", "x2", "y2")), get("stroke"),
                None if width is None else _number(width), get("stroke-dasharray"),
            ))
        elif kind == "polyline":
            points = tuple(tuple(_number(v) for v in pair.split(",")) for pair in get("points").split())
            drawing.add(Polyline(points, get("stroke"), _number(get("stroke-width", "1")), get("stroke-dasharray")))
        elif kind == "circle":
            drawing.add(Circle(*(_number(get(k)) for k in ("cx", "cy", "r")), get("fill")))
        elif kind == "text":
            drawing.add(Text(
                _number(get("x")), _number(get("y")), el.text or "", _number(get("font-size")), get("fill"),
                get("text-anchor"), get("font-weight") == "bold",
            ))
        else:
            raise ValueError(f"<{kind}> is not drawn by salsk_mentoring.drawing")
    return drawing


# --- PNG --------------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _font(size: int, bold: bool):
    """PT Serif, the print font of the PDFs (the files the project's static finders serve, as textfit's)."""
    from django.contrib.staticfiles import finders
    from PIL import ImageFont

    from .documents.textfit import FONT, FONT_BOLD, FONT_FILES

    return ImageFont.truetype(finders.find(FONT_FILES[FONT_BOLD if bold else FONT]), size)


def _dashes(points, pattern):
    """The visible pieces of a dashed polyline (the pattern runs on across its corners, as SVG's)."""
    pieces, index, left, on, piece = [], 0, pattern[0], True, [points[0]]
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        done = 0.0
        while length - done > left:
            done += left
            point = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
            if on:
                pieces.append([*piece, point])
            piece = [point]
            index = (index + 1) % len(pattern)
            left, on = pattern[index], not on
        left -= length - done
        piece.append((x2, y2))
    if on and len(piece) > 1:
        pieces.append(piece)
    return pieces


def png(drawing: Drawing, *, scale: int = PNG_SCALE) -> bytes:
    """The drawing as a PNG of ``scale`` pixels per unit (``width × scale`` by ``height × scale``) on white."""
    from PIL import Image, ImageDraw

    k = scale * SUPERSAMPLE
    size = (round(drawing.width * scale), round(drawing.height * scale))
    image = Image.new("RGB", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), "white")
    draw = ImageDraw.Draw(image)

    def stroke(points, colour, width, dash):
        points = [(x * k, y * k) for x, y in points]
        width = max(1, round((1 if width is None else width) * k))
        if dash:
            pattern = [float(v) * k for v in re.split(r"[\s,]+", dash.strip())]
            for piece in _dashes(points, pattern if len(pattern) % 2 == 0 else pattern * 2):
                draw.line(piece, fill=colour, width=width)
        else:
            draw.line(points, fill=colour, width=width, joint="curve")

    for item in drawing.items:
        if isinstance(item, Rect):
            if item.width > 0 and item.height > 0:
                box = [item.x * k, item.y * k, (item.x + item.width) * k - 1, (item.y + item.height) * k - 1]
                draw.rectangle(box, fill=item.fill)
        elif isinstance(item, Line):
            stroke([(item.x1, item.y1), (item.x2, item.y2)], item.stroke, item.width, item.dash)
        elif isinstance(item, Polyline):
            stroke(item.points, item.stroke, item.width, item.dash)
        elif isinstance(item, Circle):
            draw.ellipse([(item.cx - item.r) * k, (item.cy - item.r) * k, (item.cx + item.r) * k,
                          (item.cy + item.r) * k], fill=item.fill)
        elif isinstance(item, Text):
            anchor = {"middle": "ms", "end": "rs"}.get(item.anchor, "ls")  # SVG's y is the baseline
            font = _font(round(item.size * k), item.bold)
            draw.text((item.x * k, item.y * k), item.text, fill=item.fill, font=font, anchor=anchor)
    # Averaged down (a box filter: the edges smooth, the fills exact) to a palette: a chart has few colours and
    # 256 keep the smoothed edges too (median cut keeps white and the fills exact) — half the bytes of a
    # full-colour PNG, in less than half the time.
    image = image.reduce(SUPERSAMPLE).quantize(256, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()
