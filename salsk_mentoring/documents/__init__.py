"""The documents engine: every printable or downloadable document of the portal is made here.

* :mod:`.pdf` — Django template → HTML → WeasyPrint, with a fetcher that serves nothing but the portal's
  static files; the same HTML answers ``?format=html``.
* :mod:`.longtable` — a long plain table (a list of 1,000 teachers, the mentor bank appendix) set by ReportLab
  from the same HTML, ~30× faster than WeasyPrint lays out table rows (text in :mod:`.textfit`, column widths in
  :mod:`.widths`, pages in :mod:`.pages`); :mod:`.listing` makes every registry's list PDF with it.
* :mod:`.parts` — a document made of separately laid-out parts (an order and its appendices): each part's PDF
  kept under the hash of its HTML (:class:`salsk_mentoring.models.PrintedPart`), the parts merged by pypdf.
* :mod:`.pool` — the print pool: missing parts laid out by processes forked from a prepared fork server.
* :mod:`.xlsx` — the one XLSX writer (typed cells, formula injection neutralised).
* :mod:`.appendix` — what a domain app gives for an appendix of an order (``<app>/appendices.py``).
* :mod:`.responses` — a document as an HTTP download.

The engine imports no app of the portal: the apps give it HTML, rows and headers.
"""

from .appendix import AppendixContent, AppendixOutline

__all__ = ["AppendixContent", "AppendixOutline"]
