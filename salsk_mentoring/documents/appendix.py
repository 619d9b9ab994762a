"""Appendix content shared by orders and standalone downloads.

Each domain app renders its own appendices of Order 866 (and of later orders)
in ``<app>/appendices.py``: one function per appendix kind,
``def <kind>(*, params: dict, user) -> AppendixContent``. The ``orders`` app
lays them out (the «Приложение N к приказу …» mark, page breaks, landscape) and
also offers each alone as PDF and, for tables, XLSX (``xlsx_headers``/``xlsx_rows``).

The body template renders only the appendix itself (its heading and table),
never the mark or page setup; it gets ``appendix`` (this object) and ``context``.

An order's card lists its appendices by title, «данные отсутствуют» state and whether each is a table
(the XLSX link); building every row for that is wasted work (a 1,000-entry mentor bank, the monitoring
aggregates). A kind may therefore also offer ``def <kind>_outline(*, params: dict, user) -> AppendixOutline``
answering those three questions with cheap queries (``exists()`` instead of rows). It must give exactly what
``<kind>(...).outline()`` gives — tests/orders/test_outline.py checks every kind, with and without data;
without it the card falls back to the full function.
"""

from dataclasses import dataclass, field


@dataclass
class AppendixContent:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    landscape: bool = False
    xlsx_headers: list[str] | None = None
    xlsx_rows: list[list] | None = None
    # Russian explanation shown instead of the body when the data is missing (e.g. no targets for the year).
    missing: str = ""

    def outline(self) -> "AppendixOutline":
        return AppendixOutline(title=self.title, missing=self.missing, is_table=bool(self.xlsx_headers))


@dataclass(frozen=True)
class AppendixOutline:
    """What an order's card shows of an appendix: its heading, the missing-data reason, whether it is a table."""

    title: str
    missing: str = ""
    is_table: bool = False
