"""Appendix content shared by orders and standalone downloads.

Each domain app renders its own appendices of Order 866 (and of later orders)
in ``<app>/appendices.py``: one function per appendix kind,
``def <kind>(*, params: dict, user) -> AppendixContent``. The ``orders`` app
lays them out (the «Приложение N к приказу …» mark, page breaks, landscape) and
also offers each alone as PDF and, for tables, XLSX (``xlsx_headers``/``xlsx_rows``).

The body template renders only the appendix itself (its heading and table),
never the mark or page setup; it gets ``appendix`` (this object) and ``context``.
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
