"""Pages of a long table drawn on ReportLab's canvas: the preamble on the first page, the header row on every
page, a row split between pages only when it is taller than a page, page numbers (ГОСТ Р 7.0.97's at the top
centre from page 2, or «стр. N из M» at the foot). Byte-stable output (ReportLab's invariant mode)."""

import io
from dataclasses import dataclass, field

from .textfit import (
    FONT,
    FONT_BOLD,
    MM,
    PAD_X,
    PAD_Y,
    PAGE_NUMBER_PT,
    RULE,
    TABLE_PT,
    TEXT_PT,
    _register_fonts,
    _width,
    wrap,
    wrap_header,
)


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


def estimate(sheet: Sheet, headers, rows, widths, sample: int = 400) -> tuple[int, float]:
    """(pages, lines a row takes on average) of ``set_table``'s layout, from an even sample of the rows."""
    if not rows:
        return 1, 1.0
    inner = [w - 2 * sheet.pad_x - RULE for w in widths]
    leading = sheet.size * sheet.leading
    step = max(1, len(rows) // sample)
    picked = rows[::step]
    counts = [max([len(wrap(t, w, FONT, sheet.size)) for t, w in zip(row, inner, strict=True) if t] or [1])
              for row in picked]
    heights = [count * leading + 2 * sheet.pad_y for count in counts]
    top, right, bottom, left = sheet.margins
    header = max(len(wrap_header(h, w, FONT_BOLD, sheet.size)) for h, w in zip(headers, inner, strict=True)) * leading
    foot = 2 * sheet.size if sheet.numbering == "of" else 0
    page = sheet.pagesize[1] - (top + bottom) * MM - header - 2 * sheet.pad_y - foot
    # The rows laid on pages as set_table lays them — whole, so the foot of a page keeps what the next row did
    # not fit in (with rows of two or three lines that is a row in twenty); each sampled row stands for ``step``.
    pages, used = 1, sum(line.size * 1.15 * 2 + line.space_after for line in sheet.preamble)
    for index in range(len(rows)):
        height = heights[min(index // step, len(heights) - 1)]
        if used + height > page and used > 0:
            pages, used = pages + 1, 0.0
        used += height
    return pages, sum(counts) / len(counts)


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
