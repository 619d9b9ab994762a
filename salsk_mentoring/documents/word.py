"""The one DOCX writer: a printable document of the portal as an editable Word file (python-docx).

For the officials who edit an order, the analytic brief or an IOM before signing it. The document is made the
portal's way — Django template → HTML, the very HTML that WeasyPrint lays out as the PDF — and this module reads
that HTML into Word's own objects, so the DOCX has the same content as the PDF:

* headings, paragraphs (bold, italic, line breaks), lists as paragraphs, with the print classes' alignment
  (``text-center``, the order's heading lines, the appendix mark at the right, justified order points with a
  1.25 cm indent);
* tables as real Word tables (borders, merged cells of ``colspan`` and ``rowspan``, the header rows repeated on
  every page, numbers ``td.n`` at the right); the layout tables of a print form (date line, signatures) without
  borders;
* each ``section.appendix`` of an order on a new page, landscape where the PDF is landscape (``.landscape``);
  ``.new-page`` breaks the page;
* an SVG chart (``svg.chart``, :mod:`salsk_mentoring.drawing`), which Word cannot take from HTML, as a picture:
  the SVG read back into its drawing and rasterised as a PNG at 2×, as wide as the chart (at most the text
  width, and no taller than the page), its title the picture's alt text. Should that fail — or for an SVG that is
  not a portal chart — a paragraph names it (its data are in the tables next to it) and the failure is logged;
* what the document's own ``<style>`` asks for letter-spacing and the space above a block (``margin-top``), read
  as WeasyPrint reads it (:mod:`.wordcss`): Word's character spacing and space before the paragraph — «ПРИКАЗ»
  letter-spaced, the signature block of an order set off below the text;
* the charts of a ``.chart-grid`` (print.css sets its children side by side, two to a row) in a borderless
  two-column table, one picture per cell at half the text width, a row never split across pages.

Page setup after ГОСТ Р 7.0.97-2016: A4, margins 20 mm left, 10 mm right, 20 mm top and bottom (landscape
sections: 20/20/10/20 as print.css), Times New Roman (every Word has it, Cyrillic included) 14 pt for the text,
12 pt in tables, page numbers at the top centre from the second page. The text is marked Russian (spell check).
"""

import io
import logging
import re

from lxml import html as lxml_html

from .. import drawing
from .wordcss import PrintStyles

logger = logging.getLogger(__name__)

EMU_PER_MM = 36000
FONT = "Times New Roman"
TEXT_PT, TABLE_PT, SMALL_PT = 14, 12, 12
#: A table column's width from its text: a character of 12 pt Times New Roman (bold headers included), a capital
#: letter («М», «Ф», «Ш» are the widest), and beside the text the cell's margins (CELL_PADDING_MM) and a little
#: air. With less, «Ф5», «М1» and «Регион» broke into «Ф/5», «М/1» and «Регио/н».
CHAR_MM = 2.3
CAPITAL_MM = 3.8
COLUMN_AIR_MM = 1.0

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "table", "section", "ul", "ol", "li", "figure", "svg", "hr"}
INLINE_BOLD = {"b", "strong", "th"}
INLINE_ITALIC = {"i", "em"}
LAYOUT_TABLES = {"order-dateline", "order-signature", "signatures", "iom-fill-plain", "layout"}
SKIPPED = {"style", "script", "head", "title", "colgroup", "col"}
#: Word's default left and right cell margins (1.9 mm each): a picture in a cell is this much narrower.
CELL_PADDING_MM = 4


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _tag(element) -> str:
    return element.tag.lower().split("}")[-1] if isinstance(element.tag, str) else ""


def _only_chart(element):
    """The SVG of ``element`` when it is one (``svg``) or holds one and nothing else to read; else ``None``."""
    if _tag(element) == "svg":
        return element
    svgs = [e for e in element.iter() if _tag(e) == "svg"]
    if len(svgs) != 1:
        return None
    chart = svgs[0]
    drawn = set(chart.iter())
    for e in element.iter():
        own_text = e.text if isinstance(e.tag, str) and e not in drawn else ""
        tail = e.tail if e is not element and (e is chart or e not in drawn) else ""
        if (own_text or "").strip() or (tail or "").strip():
            return None
    return chart


def _span(cell, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return max(1, int(value)) if value.isdigit() else 1


def _grid_rows(table) -> list:
    """The rows of an HTML ``table`` as ``(is_header, [(cell, column, colspan, rowspan)])``: each cell at its
    column in the table's grid — after the cells of its row and the cells of rows above that span down into it."""
    rows = []
    below = {}  # column → rows still covered by a cell above (rowspan)
    for tr in table.iter("tr"):
        tds = [td for td in tr if _tag(td) in ("td", "th")]
        if not tds:
            continue
        covered = {column for column, left in below.items() if left > 0}
        below = {column: left - 1 for column, left in below.items() if left > 1}
        cells, column = [], 0
        for td in tds:
            while column in covered:
                column += 1
            span, down = _span(td, "colspan"), _span(td, "rowspan")
            cells.append((td, column, span, down))
            for taken in range(column, column + span):
                if down > 1:
                    below[taken] = down - 1
                covered.add(taken)
            column += span
        parent = tr.getparent()
        is_header = (parent is not None and parent.tag == "thead") or all(_tag(td) == "th" for td in tds)
        rows.append((is_header, cells))
    return rows


def _mm(value):
    from docx.shared import Emu

    return Emu(int(value * EMU_PER_MM))


def _child(parent, tag):
    """``parent``'s ``tag`` element (``w:rFonts``), added when it has none."""
    from docx.oxml.ns import qn

    element = parent.find(qn(tag))
    if element is None:
        element = parent.makeelement(qn(tag), {})
        parent.append(element)
    return element


def _set_font(rpr):
    """The run properties ``rpr`` set to the document's font for every script; their ``w:rFonts`` is returned."""
    from docx.oxml.ns import qn

    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    return fonts


class DocxWriter:
    """Reads the body of a print HTML into a python-docx Document."""

    def __init__(self, *, title: str = ""):
        from docx import Document

        self.doc = Document()
        self.title = title
        self._setup_styles()
        self._setup_section(self.doc.sections[0], landscape=False)
        self.first_block = True
        self.styles = None  # the document's own print CSS (:mod:`.wordcss`), read by :meth:`feed`

    def _spacing(self, element) -> float:
        return self.styles.letter_spacing_pt(element) if self.styles is not None else 0.0

    def _space_above(self, element) -> float:
        return self.styles.margin_top_pt(element) if self.styles is not None else 0.0

    # --- page and styles ------------------------------------------------------------------------------------
    def _setup_styles(self):
        from docx.oxml.ns import qn
        from docx.shared import Pt

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(TEXT_PT)
        rpr = normal.element.get_or_add_rPr()
        _set_font(rpr)
        lang = _child(rpr, "w:lang")
        lang.set(qn("w:val"), "ru-RU")
        lang.set(qn("w:eastAsia"), "ru-RU")
        lang.set(qn("w:bidi"), "ar-SA")
        paragraph = normal.paragraph_format
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(0)
        paragraph.line_spacing = 1.0
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            style = styles[name]
            style.font.name = FONT
            style.font.color.rgb = None
            style.font.bold = True
            style.font.size = Pt(TEXT_PT)
            style.font.italic = False
            hfonts = _set_font(style.element.get_or_add_rPr())
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                hfonts.attrib.pop(qn(theme), None)
            style.paragraph_format.space_before = Pt(6)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
        self.doc.core_properties.title = self.title
        self.doc.core_properties.author = ""
        self.doc.core_properties.language = "ru-RU"

    def _setup_section(self, section, *, landscape: bool):
        from docx.enum.section import WD_ORIENT

        width, height = 210, 297
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = _mm(height), _mm(width)
            top, right, bottom, left = 20, 20, 10, 20
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = _mm(width), _mm(height)
            top, right, bottom, left = 20, 10, 20, 20
        section.top_margin, section.right_margin = _mm(top), _mm(right)
        section.bottom_margin, section.left_margin = _mm(bottom), _mm(left)
        section.header_distance = _mm(10)
        section.footer_distance = _mm(10)
        self._page_number(section)

    def _page_number(self, section):
        """ГОСТ Р 7.0.97: the page number at the top centre, not on the first page."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        if paragraph.runs:
            return
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        run.font.size = Pt(SMALL_PT)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    @property
    def text_width_mm(self) -> float:
        section = self.doc.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / EMU_PER_MM

    def new_section(self, *, landscape: bool):
        from docx.enum.section import WD_SECTION

        if self.first_block:
            self._setup_section(self.doc.sections[-1], landscape=landscape)
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._setup_section(section, landscape=landscape)

    def page_break(self):
        from docx.enum.text import WD_BREAK

        if self.first_block:
            return
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- blocks ---------------------------------------------------------------------------------------------
    def feed(self, html: str):
        root = lxml_html.document_fromstring(html)
        self.styles = PrintStyles(root, default_font_pt=TEXT_PT)
        body = root.find("body")
        self.block(body if body is not None else root)

    def block(self, element, *, inherited: set | None = None):
        """The children of ``element``: runs of inline content become paragraphs, blocks are handled by tag."""
        inherited = inherited or set()
        inline = []
        if element.text and element.text.strip():
            inline.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):  # a comment
                if child.tail and child.tail.strip():
                    inline.append(child.tail)
                continue
            tag = child.tag.lower().split("}")[-1]
            if tag in SKIPPED:
                pass
            elif tag in BLOCK_TAGS or (tag == "br" and not inline):
                if inline:
                    self.paragraph(inline, classes=_classes(element) | inherited, spacing_from=element)
                    inline = []
                if tag != "br":
                    self.element(child, tag, inherited)
            else:
                inline.append(child)
            if child.tail and child.tail.strip():
                inline.append(child.tail)
        if inline:
            self.paragraph(inline, classes=_classes(element) | inherited, spacing_from=element)

    def element(self, child, tag, inherited):
        classes = _classes(child)
        if tag == "section" or (tag == "div" and "landscape" in classes and self.first_block):
            if "appendix" in classes or "landscape" in classes:
                self.new_section(landscape="landscape" in classes)
            elif "new-page" in classes:
                self.page_break()
            self.block(child, inherited=inherited)
            return
        if "new-page" in classes:
            self.page_break()
        if tag == "table":
            self.table(child)
        elif tag in ("h1", "h2", "h3", "h4"):
            self.heading(child, tag, classes)
        elif tag in ("ul", "ol"):
            for number, item in enumerate(child.findall("li"), start=1):
                marker = f"{number}. " if tag == "ol" else "– "
                self.paragraph([marker, *self._inline_items(item)], classes=classes | {"list-item"}, element=item)
        elif tag == "svg":
            self.chart(child, classes)
        elif "chart-grid" in classes:
            self.chart_grid(child)
        elif tag == "hr":
            return
        elif self._has_blocks(child):
            self.block(child, inherited=inherited | (classes & {"text-center", "approve-block", "appendix-mark"}))
        else:
            self.paragraph(self._inline_items(child), classes=classes | inherited, element=child)

    def chart(self, element, classes):
        """An inline SVG chart as a centred picture (see the module docstring), else a named placeholder."""
        paragraph = self.doc.add_paragraph()
        self._chart_into(paragraph, element, classes, width_mm=self.text_width_mm)

    def chart_grid(self, element):
        """A grid of charts (``.chart-grid``: the PDF sets its children side by side, two to a row, print.css) as a
        borderless two-column table, each chart's picture fitted to its cell — half the text width. A child that
        is not one chart alone ends the run of charts and is written as usual."""
        run = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            svg = _only_chart(child)
            if svg is not None:
                run.append(svg)
                continue
            self._charts_table(run)
            run = []
            tag = child.tag.lower()
            if tag in BLOCK_TAGS:
                self.element(child, tag, set())
            else:
                self.paragraph([child], classes=set())
        self._charts_table(run)

    def _charts_table(self, svgs, columns=2):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.shared import Pt

        if not svgs:
            return
        table = self.doc.add_table(rows=0, cols=columns)  # the default table style: no borders
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        cell_mm = self.text_width_mm / columns
        for start in range(0, len(svgs), columns):
            row = table.add_row()
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row of charts stays on one page
            for cell, svg in zip(row.cells, svgs[start : start + columns], strict=False):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(8)  # as the PDF's margin below a chart
                self._chart_into(paragraph, svg, _classes(svg), width_mm=cell_mm - CELL_PADDING_MM)
            for cell in row.cells:
                cell.width = _mm(cell_mm)
        for column in table.columns:
            column.width = _mm(cell_mm)
        self.doc.add_paragraph()  # Word joins two adjacent tables into one
        self.first_block = False

    def _chart_into(self, paragraph, element, classes, *, width_mm: float):
        """The chart ``element`` as a centred picture in ``paragraph``, at most ``width_mm`` wide and no taller than
        the page's text; else its named placeholder there (logged)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.first_block = False
        name = (element.get("aria-label") or "").strip() or "диаграмма"
        try:
            if "chart" not in classes:
                raise ValueError("not a portal chart (svg.chart)")
            chart = drawing.from_svg(element)
            picture = drawing.png(chart)
        except Exception:  # any failure of one chart must not lose the document: its name stays in the text
            logger.exception("DOCX: the chart «%s» is left as a placeholder", name)
            self._runs(paragraph, [f"[Диаграмма: {name} — см. PDF-версию документа]"])
            return
        section = self.doc.sections[-1]
        text_height_mm = (section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_MM - 10
        chart_mm = chart.width / drawing.PX_PER_MM
        fit = min(1.0, width_mm / chart_mm, text_height_mm / (chart.height / drawing.PX_PER_MM))
        shape = paragraph.add_run().add_picture(io.BytesIO(picture), width=_mm(chart_mm * fit))
        shape._inline.docPr.set("descr", name)  # the alt text

    def _has_blocks(self, element) -> bool:
        return any(isinstance(c.tag, str) and c.tag.lower() in BLOCK_TAGS for c in element)

    @staticmethod
    def _inline_items(element) -> list:
        items = []
        if element.text:
            items.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                items.append(child)
            if child.tail:
                items.append(child.tail)
        return items

    def heading(self, element, tag, classes):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        level = {"h1": 1, "h2": 2, "h3": 3, "h4": 3}[tag]
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        self._runs(paragraph, self._inline_items(element), bold=True, spacing=self._spacing(element))
        if level == 1 or "text-center" in classes:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._css_space_before(paragraph, element)
        self.first_block = False

    def paragraph(self, items, *, classes: set, container=None, size=None, element=None, spacing_from=None):
        """A paragraph of ``items``; ``element``: the block it is (its CSS space above and letter-spacing),
        ``spacing_from``: the container whose inline content it is (its letter-spacing only)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        if not any((isinstance(i, str) and i.strip()) or not isinstance(i, str) for i in items):
            return None
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        fmt = paragraph.paragraph_format
        bold = bool(classes & {"order-issuer", "order-kind", "doc-title", "stamp"})
        if classes & {"text-center", "order-issuer", "order-kind", "order-place", "doc-title", "doc-subtitle",
                      "appendix-missing", "caption"}:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif classes & {"order-number", "order-sign-name", "text-end", "name"} and container is not None:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif classes & {"order-point", "order-preamble"} or (container is None and not classes & {
                "appendix-mark", "approve-block", "order-title", "list-item", "report-footer", "signature"}):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if classes & {"order-point", "order-preamble"}:
            fmt.first_line_indent = _mm(12.5)
            fmt.space_after = Pt(4)
        if "appendix-mark" in classes:
            fmt.left_indent = _mm(self.text_width_mm * 0.55)
            fmt.space_after = Pt(14)
            size = size or 12
        if "approve-block" in classes:
            fmt.left_indent = _mm(self.text_width_mm * 0.6)
        if "order-title" in classes:
            fmt.right_indent = _mm(self.text_width_mm * 0.45)
            fmt.space_after = Pt(18)
        if classes & {"order-issuer", "order-kind", "doc-title"}:
            fmt.space_after = Pt(12)
        if "report-footer" in classes:
            size = size or 10
            fmt.space_before = Pt(12)
        if container is None and not classes & {"appendix-mark", "approve-block"}:
            fmt.space_after = fmt.space_after or Pt(6)
        if "order-kind" in classes:
            size = size or 16
        spacing = self._spacing(element if element is not None else spacing_from)
        self._runs(paragraph, items, bold=bold, italic="appendix-missing" in classes, size=size, spacing=spacing)
        self._css_space_before(paragraph, element)
        self.first_block = False
        return paragraph

    def _css_space_before(self, paragraph, element):
        """The block's CSS ``margin-top`` as Word's space before (where the CSS gives one)."""
        from docx.shared import Pt

        above = self._space_above(element)
        if above > 0:
            paragraph.paragraph_format.space_before = Pt(above)

    def _runs(self, paragraph, items, *, bold=False, italic=False, size=None, spacing=0.0):
        """``items`` (texts and inline elements) as runs; ``spacing``: the letter-spacing of the texts at the top
        level in points (an inline element has its own, :mod:`.wordcss`)."""
        from docx.enum.text import WD_BREAK
        from docx.shared import Pt

        state = {"first": True}

        def add(text, b, i, tracking=None):
            text = re.sub(r"\s+", " ", text)
            if state["first"]:
                text = text.lstrip()
            if not text:
                return
            run = paragraph.add_run(text)
            run.bold = b or None
            run.italic = i or None
            if size:
                run.font.size = Pt(size)
            tracking = spacing if tracking is None else tracking
            if tracking:
                _letter_spacing(run, tracking)
            state["first"] = False

        def walk(item, b, i):
            if isinstance(item, str):
                add(item, b, i)
                return
            if not isinstance(item.tag, str):
                return
            tag = item.tag.lower()
            if tag in SKIPPED:
                return
            if tag == "br":
                paragraph.add_run().add_break(WD_BREAK.LINE)
                state["first"] = True
                return
            cb, ci = b or tag in INLINE_BOLD, i or tag in INLINE_ITALIC
            classes = _classes(item)
            if tag in ("div", "p") and paragraph.runs and not state["first"]:
                paragraph.add_run().add_break(WD_BREAK.LINE)  # a block inside a cell: its own line
                state["first"] = True
            tracking = self._spacing(item)
            if "sigline" in classes:
                add(" ______________ ", cb, ci, tracking)
            if item.text:
                add(item.text, cb, ci, tracking)
            for child in item:
                walk(child, cb, ci)
                if child.tail:
                    add(child.tail, cb, ci, tracking)

        for item in items:
            walk(item, bold, italic)
        # trailing spaces off the last run
        if paragraph.runs:
            last = paragraph.runs[-1]
            if last.text:
                last.text = last.text.rstrip()

    # --- tables ---------------------------------------------------------------------------------------------
    def table(self, element):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        classes = _classes(element)
        layout = bool(classes & LAYOUT_TABLES)
        rows = _grid_rows(element)  # (is_header, [(cell element, column, colspan, rowspan)])
        if not rows:
            return
        columns = max(column + span for _, cells in rows for _, column, span, _ in cells)
        table = self.doc.add_table(rows=0, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if not layout:
            table.style = self.doc.styles["Table Grid"]
        widths = self._column_widths(rows, columns, layout=layout)
        above = self._space_above(element)  # CSS margin-top: before the first row (a table has no space before)
        leading_header = True
        for is_header, cells in rows:
            row = table.add_row()
            if is_header and leading_header:
                tr_pr = row._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                tr_pr.append(header)  # repeated at the top of every page
            else:
                leading_header = False
            if not layout:
                cant_split = OxmlElement("w:cantSplit")
                row._tr.get_or_add_trPr().append(cant_split)
            for td, index, span, _ in cells:
                cell = row.cells[index]
                if span > 1:
                    cell = cell.merge(row.cells[min(columns, index + span) - 1])
                td_classes = _classes(td)
                paragraph = cell.paragraphs[0]
                items = self._inline_items(td)
                spacing = self._spacing(td)
                if "section" in _classes(td.getparent()):  # a group's heading row stays with its first row
                    self._runs(paragraph, items, bold=True, size=TABLE_PT, spacing=spacing)
                    paragraph.paragraph_format.keep_with_next = True
                elif td.tag == "th":
                    self._runs(paragraph, items, bold=True, size=TABLE_PT, spacing=spacing)
                else:
                    self._runs(paragraph, items, size=TABLE_PT if not layout else None, spacing=spacing)
                if above > 0 and len(table.rows) == 1:
                    paragraph.paragraph_format.space_before = Pt(above)
                if td.tag == "th" or td_classes & {"num", "text-center", "order-place", "caption", "date"}:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif td_classes & {"order-number", "order-sign-name", "text-end", "name", "n"}:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if "line" in td_classes and layout:
                    self._bottom_border(cell)
            for i, cell in enumerate(row.cells):
                cell.width = _mm(widths[i])
        for i, column in enumerate(table.columns):
            column.width = _mm(widths[i])
        for number, (_, cells) in enumerate(rows):  # rowspan: the cell merged down, once all its rows exist
            for _, index, span, down in cells:
                if down > 1:
                    last = table.cell(min(len(rows), number + down) - 1, min(columns, index + span) - 1)
                    table.cell(number, index).merge(last)
        self.doc.add_paragraph()  # Word joins two adjacent tables into one
        self.first_block = False

    @staticmethod
    def _bottom_border(cell):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tc_pr = cell._tc.get_or_add_tcPr()
        borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        tc_pr.append(borders)

    def _column_widths(self, rows, columns, *, layout: bool) -> list[float]:
        """Widths from the text (its longest line and word per column, as the PDF's automatic layout)."""
        longest = [1.0] * columns
        word = [CHAR_MM] * columns
        for _, cells in rows:
            for td, index, span, _ in cells:
                if span == 1:
                    text = " ".join(td.text_content().split())
                    longest[index] = max(longest[index], min(len(text), 60))
                    word[index] = max(word[index], max((_unbreakable(w) for w in text.split()), default=1))
        available = self.text_width_mm
        beside = CELL_PADDING_MM + COLUMN_AIR_MM
        minimum = [w + beside for w in word]
        maximum = [max(m, w * CHAR_MM + beside) for m, w in zip(minimum, longest, strict=True)]
        if sum(maximum) <= available:
            return [w * available / sum(maximum) for w in maximum] if not layout else [available / columns] * columns
        if sum(minimum) >= available:
            return [w * available / sum(minimum) for w in minimum]
        share = (available - sum(minimum)) / (sum(maximum) - sum(minimum))
        return [lo + (hi - lo) * share for lo, hi in zip(minimum, maximum, strict=True)]

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _letter_spacing(run, points: float):
    """Word's character spacing of ``run`` (``w:spacing``, in twentieths of a point), in its place in ``w:rPr``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    element = OxmlElement("w:spacing")
    element.set(qn("w:val"), str(round(points * 20)))
    rpr.insert_element_before(
        element, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
        "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    )


def _unbreakable(word: str) -> float:
    """Millimetres of a word's longest part that cannot be broken: a soft hyphen («Откло&shy;нение») is a place
    to break at, the hyphen it prints counted."""
    parts = word.split("\u00ad")
    widest = max(sum(CAPITAL_MM if char.isupper() else CHAR_MM for char in part) for part in parts)
    return widest + (CHAR_MM if len(parts) > 1 else 0)


def html_to_docx(html: str, *, title: str = "") -> bytes:
    """The print HTML of a document as an editable DOCX (see the module docstring)."""
    writer = DocxWriter(title=title)
    writer.feed(html)
    return writer.save()
