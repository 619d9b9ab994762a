"""A long table appendix (the 1,000-entry mentor bank) laid out by ReportLab instead of WeasyPrint.

WeasyPrint spends 6–12 ms on every table row (style cascade, Pango line breaking, the automatic table
layout), so Order 866 with a 1,000-entry mentor bank took 14 s to print; ReportLab sets the same table
about thirty times faster. The document is still made the portal's way — Django template → HTML — and
this module reads that very HTML (the one ``?format=html`` shows and WeasyPrint would lay out), but only
when the part has the plain shape of a table appendix: one ``section.appendix`` holding the appendix mark,
a heading and a single ``table.doc`` of text cells, with at least ``LONG_TABLE_ROWS`` rows. Anything else
(a nested element in a cell, a second table, a paragraph) is WeasyPrint's, so nothing is ever dropped.

The look follows static/print/print.css and templates/orders/print/style.html (keep them in step):
A4, margins 20/10/20/20 mm (landscape 20/20/10/20 mm), page numbers from page 2 at the top centre in
12 pt, the mark «Приложение N к приказу …» at the top right in 12 pt, the heading centred in bold 14 pt,
the table in 11 pt with 0.5 pt rules, the header repeated on every page and no row split between pages;
the same PT Serif files as the HTML documents. The output is byte-stable (ReportLab's invariant mode).
"""

import functools
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

LONG_TABLE_ROWS = 150
VERSION = "longtable-1"  # part of the cache key: a change here lays the stored parts out again

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


# --- Typesetting -------------------------------------------------------------------------------------------

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


@functools.lru_cache(maxsize=65536)
def _width(text, font, size):
    """Names, organisations and positions repeat down a long table: each width is measured once."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


WORDS = re.compile(r"(\s*)(\S+?-(?=\S)|\S+)")  # a break opportunity at a space and after a hyphen


def wrap(text: str, width: float, font: str = FONT, size: float = TABLE_PT) -> list[str]:
    """Greedy line breaking as the browser does it (no hyphenation); a word wider than the column is cut."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for match in WORDS.finditer(paragraph):
            space, word = match.groups()
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


def column_widths(part: TablePart, available: float) -> list[float]:
    """The automatic table layout of CSS 2.1 (as WeasyPrint does it), on the text widths of the cells:
    each column between its longest word and its longest line, the spare width shared by need."""
    columns = len(part.headers)
    extra = 2 * PAD_X + RULE
    minimum, maximum = [0.0] * columns, [0.0] * columns
    cells = [(part.headers, FONT_BOLD)] + [(row, FONT) for row in part.rows]
    for row, font in cells:
        for i, text in enumerate(row):
            for line in text.split("\n"):
                full = _width(line, font, TABLE_PT)
                maximum[i] = max(maximum[i], full)
                if font == FONT and i in part.centred:  # td.num { white-space: nowrap }
                    minimum[i] = max(minimum[i], full)
                else:
                    for word in (m.group(2) for m in WORDS.finditer(line)):
                        minimum[i] = max(minimum[i], _width(word, font, TABLE_PT))
    minimum = [w + extra for w in minimum]
    maximum = [max(w + extra, m) for w, m in zip(maximum, minimum, strict=True)]
    if sum(maximum) <= available:
        grow = available - sum(maximum)
        return [w + grow * w / sum(maximum) for w in maximum]
    if sum(minimum) >= available:
        return minimum
    share = (available - sum(minimum)) / (sum(maximum) - sum(minimum))
    return [lo + (hi - lo) * share for lo, hi in zip(minimum, maximum, strict=True)]


def to_pdf(part: TablePart) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    _register_fonts()
    if part.landscape:  # @page landscape
        pagesize, (top, right, bottom, left), indent = landscape(A4), (20, 20, 10, 20), 0.62
    else:  # @page
        pagesize, (top, right, bottom, left), indent = A4, (20, 10, 20, 20), 0.55
    width = pagesize[0] - (left + right) * MM
    mark = ParagraphStyle(
        "mark",
        fontName=FONT,
        fontSize=MARK_PT,
        leading=MARK_PT * 1.2,
        leftIndent=width * indent,
        spaceAfter=14,
        alignment=TA_LEFT,
    )
    heading = ParagraphStyle(
        "heading",
        fontName=FONT_BOLD,
        fontSize=TEXT_PT,
        leading=TEXT_PT * 1.15,
        spaceAfter=8,
        alignment=TA_CENTER,
    )
    widths = column_widths(part, width)
    inner = [w - 2 * PAD_X - RULE for w in widths]
    data = [["\n".join(wrap(h, w, FONT_BOLD)) for h, w in zip(part.headers, inner, strict=True)]]
    data += [["\n".join(wrap(c, w)) for c, w in zip(row, inner, strict=True)] for row in part.rows]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, TABLE_PT, TABLE_LEADING),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, TABLE_PT, TABLE_LEADING),
        ("GRID", (0, 0), (-1, -1), RULE, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "CENTER") for i in sorted(part.centred)]
    table.setStyle(TableStyle(commands))

    def number_pages(canvas, doc):  # @top-center { content: counter(page) }, none on the first page
        if doc.page > 1:
            canvas.setFont(FONT, PAGE_NUMBER_PT)
            canvas.drawCentredString(
                left * MM + width / 2, pagesize[1] - top * MM / 2 - PAGE_NUMBER_PT * 0.3, str(doc.page)
            )

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        topMargin=top * MM,
        rightMargin=right * MM,
        bottomMargin=bottom * MM,
        leftMargin=left * MM,
        title=part.title_tag.strip(),
        author="",
        creator="",
        producer="",
        invariant=1,
        pageCompression=1,
    )
    flowables = [Paragraph("<br/>".join(escape(line) for line in part.mark), mark)]
    if part.heading:
        flowables.append(Paragraph(escape(part.heading).replace("\n", "<br/>"), heading))
    flowables.append(table)
    document.build(flowables, onFirstPage=number_pages, onLaterPages=number_pages)
    return buffer.getvalue()
