"""The fast long-table typesetter: long tables set on ReportLab's canvas instead of laid out by WeasyPrint.

WeasyPrint spends 6–12 ms on every table row (style cascade, Pango line breaking, the automatic table layout),
so Order 866 with a 1,000-entry mentor bank took 14 s to print and a list of 60,000 teachers would take hours.
This module measures and breaks the text itself and draws the rows straight onto the pages: every column's
width fixed from all the data (CSS 2.1's automatic layout on the text widths), the header row repeated on every
page, a row split between pages only when it is taller than a page. Two kinds of document use it:

* **a table appendix of an order** (:func:`table_part`, :func:`to_pdf`): the document is still made the portal's
  way — Django template → HTML — and this module reads that very HTML (the one ``?format=html`` shows and
  WeasyPrint would lay out), but only when the part has the plain shape of a table appendix: one
  ``section.appendix`` holding the appendix mark, a heading and a single ``table.doc`` of text cells, with at
  least ``LONG_TABLE_ROWS`` rows. Anything else (a nested element in a cell, a second table, a paragraph) is
  WeasyPrint's, so nothing is ever dropped. The look follows static/print/print.css and
  templates/orders/print/style.html (keep them in step): A4, margins 20/10/20/20 mm (landscape 20/20/10/20 mm),
  page numbers from page 2 at the top centre in 12 pt (ГОСТ Р 7.0.97), the mark «Приложение N к приказу …» at
  the top right in 12 pt, the heading centred in bold 14 pt, the table in 11 pt with 0.5 pt rules;
* **a list** (:func:`listing_pdf`, every registry's «PDF» button): a title, the filter and the date on the
  first page, landscape when the columns do not fit a portrait page, 10 pt, «стр. N из M» at the foot of
  every page with the title and the date.

The same PT Serif files as the HTML documents, embedded (the canvas starts in PT Serif too: ReportLab's
default Helvetica would be a font the file names but does not carry). The output is byte-stable (ReportLab's
invariant mode), so the part cache and signed orders can rely on it.
"""

import functools
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

LONG_TABLE_ROWS = 150
VERSION = "longtable-2"  # part of the cache key: a change here lays the stored parts out again

MM = 72 / 25.4
TEXT_PT, TABLE_PT, MARK_PT, PAGE_NUMBER_PT = 14, 11, 12, 12
TABLE_LEADING = TABLE_PT * 1.2
PAD_X, PAD_Y, RULE = 4, 3, 0.5
FONT, FONT_BOLD = "PortalPTSerif", "PortalPTSerif-Bold"
FONT_FILES = {
    FONT: "fonts/pt-serif/PT_Serif-Web-Regular.ttf",
    FONT_BOLD: "fonts/pt-serif/PT_Serif-Web-Bold.ttf",
}


@dataclass
class TablePart:
    """What the typesetter takes from the HTML."""

    title_tag: str = ""
    landscape: bool = False
    mark: list[str] = field(default_factory=list)
    heading: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    centred: set[int] = field(default_factory=set)  # columns of ``td.num`` cells


class _Shape(HTMLParser):
    """Reads the part's body; any element outside the plain table-appendix shape marks it unfit."""

    ALLOWED = {"section", "div", "h1", "table", "thead", "tbody", "tr", "th", "td", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.part = TablePart()
        self.fit = True
        self.in_body = self.in_title = False
        self.group = None  # "thead" or "tbody"
        self.target = None  # "mark", "heading", "th", "td"
        self.buffer = []
        self.tables = 0
        self.row = None

    def fail(self):
        self.fit = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag == "body":
            self.in_body = True
            return
        if not self.in_body or not self.fit:
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag not in self.ALLOWED or any(name in ("colspan", "rowspan", "style") for name, _ in attrs):
            return self.fail()
        if tag == "br":
            if self.target is None:
                return self.fail()
            self.buffer.append("\n")
        elif tag == "section":
            if "appendix" not in classes:
                return self.fail()
            self.part.landscape = "landscape" in classes
        elif tag == "div":
            if classes != ["appendix-mark"] or self.target is not None:
                return self.fail()
            self._open("mark")
        elif tag == "h1":
            if self.part.heading or self.tables:
                return self.fail()
            self._open("heading")
        elif tag == "table":
            self.tables += 1
            if self.tables > 1 or "doc" not in classes:
                return self.fail()
        elif tag in ("thead", "tbody"):
            self.group = tag
        elif tag == "tr":
            if self.group is None or self.row is not None:
                return self.fail()
            self.row = []
        elif tag in ("th", "td"):
            if self.row is None or self.target is not None or (tag == "th") != (self.group == "thead"):
                return self.fail()
            if tag == "td" and "num" in classes:
                self.part.centred.add(len(self.row))
            self._open(tag)

    def _open(self, target):
        self.target, self.buffer = target, []

    def _text(self):
        return "\n".join(" ".join(line.split()) for line in "".join(self.buffer).split("\n")).strip()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if not self.in_body or not self.fit:
            return
        if tag == "div" and self.target == "mark":
            self.part.mark = [line for line in self._text().split("\n") if line]
            self.target = None
        elif tag == "h1" and self.target == "heading":
            self.part.heading, self.target = self._text(), None
        elif tag in ("th", "td") and self.target == tag:
            self.row.append(self._text())
            self.target = None
        elif tag == "tr" and self.row is not None:
            if self.group == "thead":
                if self.part.headers:
                    return self.fail()  # one header row only
                self.part.headers = self.row
            else:
                self.part.rows.append(self.row)
            self.row = None
        elif tag in ("thead", "tbody"):
            self.group = None

    def handle_data(self, data):
        if self.in_title:
            self.part.title_tag += data
        elif self.target is not None:
            self.buffer.append(data)
        elif self.in_body and data.strip():
            self.fail()


def may_be_long_table(html: str) -> bool:
    """A cheap first look: enough table rows to be worth reading the part."""
    return html.count("<tr") >= LONG_TABLE_ROWS


def table_part(html: str) -> TablePart | None:
    """The table appendix in a part's HTML, or None when the part is not a long plain table."""
    if not may_be_long_table(html):
        return None
    shape = _Shape()
    shape.feed(html)
    shape.close()
    part = shape.part
    if not shape.fit or not part.mark or not part.headers or len(part.rows) < LONG_TABLE_ROWS:
        return None
    if any(len(row) != len(part.headers) for row in part.rows):
        return None
    return part


# --- Measuring and breaking text ---------------------------------------------------------------------------

_registered = False


def _register_fonts():
    global _registered
    if _registered:
        return
    from django.contrib.staticfiles import finders
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, finders.find(path)))
    _registered = True


@functools.lru_cache(maxsize=262144)
def _width(text, font, size):
    """Names, organisations and positions repeat down a long table: each width is measured once."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


WORDS = re.compile(r"(\s*)(\S+?-(?=\S)|\S+)")  # a break opportunity at a space and after a hyphen


@functools.lru_cache(maxsize=65536)
def _words(line: str) -> tuple:
    return tuple(WORDS.findall(line))


def wrap(text: str, width: float, font: str = FONT, size: float = TABLE_PT) -> list[str]:
    """Greedy line breaking as the browser does it (no hyphenation); a word wider than the column is cut."""
    if "\n" not in text and _width(text, font, size) <= width:
        return [text]
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for space, word in _words(paragraph):
            candidate = f"{line}{' ' if space else ''}{word}" if line else word
            if _width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while len(line) > 1 and _width(line, font, size) > width:
                cut = len(line) - 1
                while cut > 1 and _width(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


VOWELS = frozenset("аеёиоуыэюяАЕЁИОУЫЭЮЯaeiouyAEIOUY")


def hyphen_points(word: str) -> list[int]:
    """Where a Russian word may be broken with a hyphen (a plain rule for headers: V|CV, C|C, after ь/ъ/й; a
    part keeps a vowel and two letters at least)."""
    points = []
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if len(right) < 2 or not (VOWELS & set(left)) or not (VOWELS & set(right)):
            continue
        a, b = word[i - 1], word[i]
        if not (a.isalpha() and b.isalpha()) or b in "ьъйЬЪЙ":
            continue
        if a in "ьъйЬЪЙ":
            points.append(i)
        elif a in VOWELS and b not in VOWELS and word[i + 1] in VOWELS:
            points.append(i)
        elif a not in VOWELS and b not in VOWELS:
            points.append(i)
    return points


def hyphenated(word: str, width: float, font: str, size: float) -> list[str]:
    """A word wider than ``width`` broken at hyphen points («Педаго-», «гический»); cut where no point fits."""
    pieces = []
    while _width(word, font, size) > width:
        fits = [i for i in hyphen_points(word) if _width(word[:i] + "-", font, size) <= width]
        if not fits:
            break
        pieces.append(word[: fits[-1]] + "-")
        word = word[fits[-1]:]
    return [*pieces, word]


def wrap_header(text: str, width: float, font: str = FONT_BOLD, size: float = TABLE_PT) -> list[str]:
    """A column header broken into lines, its long words hyphenated rather than cut."""
    words = []
    for _, word in _words(text.replace("\n", " ")):
        words.extend(hyphenated(word, width, font, size))
    lines, line = [], ""
    for word in words:
        candidate = f"{line} {word}" if line and not line.endswith("-") else f"{line}{word}"
        if line and line.endswith("-"):
            lines.append(line)
            candidate = word
        elif line and _width(candidate, font, size) > width:
            lines.append(line)
            candidate = word
        line = candidate
    lines.append(line)
    return [piece for line in lines for piece in wrap(line, width, font, size)]


def natural_widths(headers, rows, *, size=TABLE_PT, nowrap=(), dense=False, pad_x=PAD_X):
    """Each column's narrowest (its longest word) and widest (its longest line) text width, padding included;
    ``dense``: the header asks room only for its longest syllable (it is hyphenated into lines)."""
    columns = len(headers)
    extra = 2 * pad_x + RULE + 0.01  # + a hundredth: a cell exactly as wide as its text must not wrap
    minimum, maximum = [0.0] * columns, [0.0] * columns
    for font, group in ((FONT_BOLD, [headers]), (FONT, rows)):
        for row in group:
            for i, text in enumerate(row):
                if not text:
                    continue
                for line in text.split("\n"):
                    full = _width(line, font, size)
                    if full > maximum[i]:
                        maximum[i] = full
                    if font == FONT and i in nowrap:  # td.num { white-space: nowrap }
                        if full > minimum[i]:
                            minimum[i] = full
                    elif full > minimum[i]:
                        for _, word in _words(line):
                            word_width = _width(word, font, size)
                            if word_width > minimum[i]:
                                minimum[i] = word_width
    if not dense:
        minimum = [w + extra for w in minimum]
        maximum = [max(w + extra, m) for w, m in zip(maximum, minimum, strict=True)]
        return minimum, maximum
    # A dense list: the header is broken into lines (its long words hyphenated) rather than widen a column of
    # two-digit numbers: the data alone decide the widths, a header only asks room for its longest syllables.
    minimum, maximum = [0.0] * columns, [0.0] * columns
    for i, header in enumerate(headers):
        for _, word in _words(header):  # a long word in two halves at most, at its most central hyphen point
            whole = _width(word, FONT_BOLD, size)
            halves = [max(_width(word[:p] + "-", FONT_BOLD, size), _width(word[p:], FONT_BOLD, size))
                      for p in hyphen_points(word)]
            minimum[i] = max(minimum[i], min([whole, *halves]))
    for row in rows:
        for i, text in enumerate(row):
            if not text:
                continue
            for line in text.split("\n"):
                full = _width(line, FONT, size)
                maximum[i] = max(maximum[i], full)
                words = [line] if i in nowrap else [word for _, word in _words(line)]
                minimum[i] = max(minimum[i], *(_width(word, FONT, size) for word in words))
    minimum = [w + extra for w in minimum]
    maximum = [max(w + extra, m) for w, m in zip(maximum, minimum, strict=True)]
    return minimum, maximum


def share_width(minimum: list[float], maximum: list[float], available: float) -> list[float]:
    """The automatic table layout of CSS 2.1 (as WeasyPrint does it): each column between its longest word and
    its longest line, the spare width shared by need."""
    if sum(maximum) <= available:
        grow = available - sum(maximum)
        return [w + grow * w / sum(maximum) for w in maximum]
    if sum(minimum) >= available:
        return [w * available / sum(minimum) for w in minimum]  # words are cut rather than the page overflowed
    share = (available - sum(minimum)) / (sum(maximum) - sum(minimum))
    return [lo + (hi - lo) * share for lo, hi in zip(minimum, maximum, strict=True)]


def dense_widths(minimum, maximum, rows, available, *, size=TABLE_PT, sample=150, pad_x=PAD_X) -> list[float]:
    """Widths for a dense list: as few lines per row as the page allows.

    Every column starts at its longest word; the spare width then goes, step by step, to the column where it
    saves the most lines per point of width (judged on an even sample of the rows: a row takes as many lines as
    its fullest cell; a little is counted for a cell's own lines too), never beyond a column's longest line.
    What is left when no step saves a line is shared out as CSS does. The widths hold for the whole list, so
    every page has the same columns."""
    import bisect
    import math

    if sum(maximum) <= available or sum(minimum) >= available:
        return share_width(minimum, maximum, available)
    extra = 2 * pad_x + RULE
    step = max(1, len(rows) // sample)
    cells = [[[_width(line, FONT, size) for line in t.split("\n")] if t else [] for t in row] for row in rows[::step]]
    columns = range(len(minimum))
    widths = list(minimum)

    def lines(paragraphs, width):
        inner = max(1.0, width - extra)
        return sum(max(1, math.ceil(w / inner - 1e-9)) for w in paragraphs) if paragraphs else 1

    # The widths at which some cell of a column loses a line (computed once).
    thresholds = [
        sorted({min(maximum[i], w / k + extra) for row in cells for w in row[i] for k in (1, 2, 3)} | {maximum[i]})
        for i in columns
    ]
    counts = [[lines(row[i], widths[i]) for i in columns] for row in cells]
    # Only a cell on more than one line can save a line: the rows where column i wraps.
    wrapped = [[r for r, count in enumerate(counts) if count[i] > 1] for i in columns]

    def others(count, i):  # the fullest cell of a row but column i's
        return max(c for j, c in enumerate(count) if j != i) if len(count) > 1 else 0

    while True:
        free = available - sum(widths)
        best = None
        for i in columns:
            if widths[i] >= maximum[i] - 0.01 or not wrapped[i]:
                continue
            start = bisect.bisect_right(thresholds[i], widths[i] + 0.01)
            for target in thresholds[i][start:start + 4]:
                if target > widths[i] + free:
                    break
                saved = 0.0
                for r in wrapped[i]:
                    count = counts[r]
                    new = lines(cells[r][i], target)
                    if new < count[i]:
                        saved += max(count) - max(new, others(count, i)) + 0.05 * (count[i] - new)
                ratio = saved / (target - widths[i])
                if saved and (best is None or ratio > best[0]):
                    best = (ratio, i, target)
        if best is None:
            break
        _, i, target = best
        widths[i] = target
        for r in wrapped[i]:
            counts[r][i] = lines(cells[r][i], target)
        wrapped[i] = [r for r in wrapped[i] if counts[r][i] > 1]
    free = available - sum(widths)
    room = [hi - w for hi, w in zip(maximum, widths, strict=True)]
    if free > 0 and sum(room) > 0:
        widths = [w + free * r / sum(room) for w, r in zip(widths, room, strict=True)]
    elif free > 0:
        widths = [w + free * w / sum(widths) for w in widths]
    return widths


def column_widths(part: TablePart, available: float, size: float = TABLE_PT) -> list[float]:
    minimum, maximum = natural_widths(part.headers, part.rows, size=size, nowrap=part.centred)
    return share_width(minimum, maximum, available)


# --- Pages -------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """A line of text above the table on the first page."""

    text: str
    font: str = FONT
    size: float = TEXT_PT
    align: str = "left"  # "left", "center"
    indent: float = 0.0  # from the left, a share of the text width (the appendix mark: 55 %)
    space_after: float = 0.0


@dataclass
class Sheet:
    """Page setup and furniture of a table document."""

    title: str
    landscape: bool = False
    size: float = TABLE_PT
    preamble: list[Line] = field(default_factory=list)
    numbering: str = "gost"  # "gost": the number alone, top centre, from page 2; "of": «стр. N из M» at the foot
    footer: str = ""  # with "of": at the foot on the left (the title and the date)
    pad_x: float = PAD_X
    pad_y: float = PAD_Y
    leading: float = 1.2  # line height, a multiple of the font size
    page_margins: tuple | None = None  # top, right, bottom, left in mm; print.css's by default

    @property
    def pagesize(self):
        from reportlab.lib.pagesizes import A4, landscape

        return landscape(A4) if self.landscape else A4

    @property
    def margins(self):  # top, right, bottom, left in mm, as print.css's @page and @page landscape
        if self.page_margins:
            return self.page_margins
        return (20, 20, 10, 20) if self.landscape else (20, 10, 20, 20)


def text_width(sheet: Sheet) -> float:
    top, right, bottom, left = sheet.margins
    return sheet.pagesize[0] - (left + right) * MM


def portrait_fits(minimum: list[float]) -> bool:
    """A table whose columns cannot be narrower than their longest words goes on landscape pages."""
    return sum(minimum) <= Sheet(title="").pagesize[0] - 30 * MM


def estimate_pages(sheet: Sheet, headers, rows, widths, sample: int = 400) -> int:
    """How many pages ``set_table`` will give, from the heights of an even sample of the rows."""
    if not rows:
        return 1
    inner = [w - 2 * sheet.pad_x - RULE for w in widths]
    leading = sheet.size * sheet.leading
    step = max(1, len(rows) // sample)
    picked = rows[::step]
    lines = sum(max([len(wrap(t, w, FONT, sheet.size)) for t, w in zip(row, inner, strict=True) if t] or [1])
                for row in picked)
    height = (lines * leading + len(picked) * 2 * sheet.pad_y) * len(rows) / len(picked)
    top, right, bottom, left = sheet.margins
    header = max(len(wrap_header(h, w, FONT_BOLD, sheet.size)) for h, w in zip(headers, inner, strict=True)) * leading
    foot = 2 * sheet.size if sheet.numbering == "of" else 0
    page = sheet.pagesize[1] - (top + bottom) * MM - header - 2 * sheet.pad_y - foot
    preamble = sum(line.size * 1.15 * 2 + line.space_after for line in sheet.preamble)
    return max(1, int((height + preamble) // page) + 1)


def set_table(sheet: Sheet, headers: list[str], rows, *, widths: list[float], align: dict | None = None,
              progress=None) -> bytes:
    """Draw the table on pages: the preamble on the first page, the header row on every page, each row whole
    on one page unless it is taller than a page (then its lines continue on the next one). ``rows`` are lists of
    strings; ``align`` maps a column to "center" or "right"; ``progress(pages)`` is called after each page."""
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    align = align or {}
    size = sheet.size
    pad_y = sheet.pad_y
    leading = size * sheet.leading
    ascent = size * 0.95
    pagesize = sheet.pagesize
    top_mm, right_mm, bottom_mm, left_mm = sheet.margins
    left, top, bottom = left_mm * MM, pagesize[1] - top_mm * MM, bottom_mm * MM
    width = pagesize[0] - (left_mm + right_mm) * MM
    if sheet.numbering == "of":
        bottom += 2 * size  # the foot line sits inside the bottom margin's upper part, above the edge
    inner = [w - 2 * sheet.pad_x - RULE for w in widths]
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,
        initialFontSize=size,
        initialLeading=leading,
    )
    canvas.setTitle(sheet.title)
    canvas.setAuthor("")
    canvas.setCreator("")
    canvas.setProducer("")
    canvas.setLineWidth(RULE)
    header_cells = [wrap_header(h, w, FONT_BOLD, size) for h, w in zip(headers, inner, strict=True)]
    header_height = max(len(lines) for lines in header_cells) * leading + 2 * pad_y
    state = {"page": 0, "y": top}

    def furniture():
        page = state["page"]
        if sheet.numbering == "gost" and page > 1:
            canvas.setFont(FONT, PAGE_NUMBER_PT)
            canvas.drawCentredString(left + width / 2, pagesize[1] - top_mm * MM / 2 - PAGE_NUMBER_PT * 0.3, str(page))
        elif sheet.numbering == "of":
            foot = size * 0.9
            canvas.setFont(FONT, foot)
            y = bottom_mm * MM + foot * 0.2
            if sheet.footer:
                canvas.drawString(left, y, sheet.footer)
            label = f"стр. {page} из "
            total_width = _width("0000", FONT, foot)
            x = left + width - total_width
            canvas.drawRightString(x, y, label)
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm("pages_total")
            canvas.restoreState()

    def start_page():
        if state["page"]:
            canvas.showPage()
            canvas.setLineWidth(RULE)
        state["page"] += 1
        furniture()
        state["y"] = top
        state["table_top"] = None
        if state["page"] == 1:
            for line in preamble_lines:
                draw_line(line)
        draw_row(header_cells, header_height, bold=True)

    def draw_line(line):
        indent = width * line.indent
        for text in wrap(line.text, width - indent, line.font, line.size) if line.text else [""]:
            state["y"] -= line.size * 1.15
            canvas.setFont(line.font, line.size)
            if line.align == "center":
                canvas.drawCentredString(left + width / 2, state["y"] + line.size * 0.2, text)
            else:
                canvas.drawString(left + indent, state["y"] + line.size * 0.2, text)
        state["y"] -= line.space_after

    def draw_row(cells, height, bold=False):
        y = state["y"]
        if state["table_top"] is None:
            state["table_top"] = y
            canvas.line(xs[0], y, xs[-1], y)
        text = canvas.beginText()
        text.setFont(FONT_BOLD if bold else FONT, size, leading)
        for i, lines in enumerate(cells):
            how = "center" if bold else align.get(i, "left")
            offset = (height - 2 * pad_y - len(lines) * leading) / 2 if bold else 0
            baseline = y - pad_y - ascent - offset
            font = FONT_BOLD if bold else FONT
            for line in lines:
                x = xs[i] + sheet.pad_x + RULE / 2
                if how == "center":
                    x += (inner[i] - _width(line, font, size)) / 2
                elif how == "right":
                    x += inner[i] - _width(line, font, size)
                text.setTextOrigin(x, baseline)
                text.textOut(line)
                baseline -= leading
        canvas.drawText(text)
        state["y"] = y - height
        canvas.line(xs[0], state["y"], xs[-1], state["y"])

    def close_page():
        for x in xs:
            canvas.line(x, state["table_top"], x, state["y"])
        if progress is not None:
            progress(state["page"])

    preamble_lines = sheet.preamble
    start_page()
    first_row_on_page = True
    for row in rows:
        cells = [wrap(text, w, FONT, size) if text else [] for text, w in zip(row, inner, strict=True)]
        lines = max((len(c) for c in cells), default=0) or 1
        height = lines * leading + 2 * pad_y
        if state["y"] - height < bottom and not first_row_on_page:
            close_page()
            start_page()
            first_row_on_page = True
        while state["y"] - height < bottom:  # taller than what is left of an empty page: split its lines
            fit = max(1, int((state["y"] - bottom - 2 * pad_y) // leading))
            draw_row([c[:fit] for c in cells], fit * leading + 2 * pad_y)
            cells = [c[fit:] for c in cells]
            lines -= fit
            height = lines * leading + 2 * pad_y
            close_page()
            start_page()
        draw_row(cells, height)
        first_row_on_page = False
    close_page()
    canvas.showPage()
    if sheet.numbering == "of":  # the «M» of «стр. N из M» on every page: a form drawn there, defined now
        canvas.beginForm("pages_total")
        canvas.setFont(FONT, size * 0.9)
        canvas.drawString(0, 0, str(state["page"]))
        canvas.endForm()
    canvas.save()
    return buffer.getvalue()


def to_pdf(part: TablePart) -> bytes:
    """A table appendix of an order: the mark at the top right, the heading, the table in 11 pt; page numbers
    from the second page at the top centre."""
    _register_fonts()
    preamble = [Line(text, size=MARK_PT, indent=0.62 if part.landscape else 0.55) for text in part.mark]
    if preamble:
        preamble[-1].space_after = 14
    for text in (part.heading.split("\n") if part.heading else []):
        preamble.append(Line(text, font=FONT_BOLD, size=TEXT_PT, align="center"))
    if part.heading:
        preamble[-1].space_after = 8
    sheet = Sheet(title=part.title_tag.strip(), landscape=part.landscape, size=TABLE_PT, preamble=preamble)
    widths = column_widths(part, text_width(sheet))
    return set_table(sheet, part.headers, part.rows, widths=widths, align={i: "center" for i in part.centred})
