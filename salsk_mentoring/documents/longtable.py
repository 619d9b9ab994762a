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

The typesetter in modules along its concepts: this one reads a table appendix from HTML; :mod:`.textfit`
measures and breaks text; :mod:`.widths` fixes the column widths; :mod:`.pages` draws the pages.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

# The concepts live in their own modules; their names are this module's too (the engine's callers and the
# tests use ``longtable.wrap``, ``longtable.set_table``…).
from .pages import Line, Sheet, estimate, portrait_fits, set_table, text_width  # noqa: F401
from .textfit import (  # noqa: F401
    FONT,
    FONT_BOLD,
    FONT_FILES,
    MARK_PT,
    MM,
    PAD_X,
    PAD_Y,
    PAGE_NUMBER_PT,
    RULE,
    TABLE_LEADING,
    TABLE_PT,
    TEXT_PT,
    WORDS,
    _register_fonts,
    _width,
    _words,
    hyphen_points,
    hyphenated,
    wrap,
    wrap_header,
)
from .widths import dense_widths, natural_widths, share_width  # noqa: F401

LONG_TABLE_ROWS = 150
VERSION = "longtable-2"  # part of the cache key: a change here lays the stored parts out again


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


def column_widths(part: TablePart, available: float, size: float = TABLE_PT) -> list[float]:
    minimum, maximum = natural_widths(part.headers, part.rows, size=size, nowrap=part.centred)
    return share_width(minimum, maximum, available)


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
