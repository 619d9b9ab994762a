"""Old import path of the XLSX writer, kept while modules being split elsewhere still import it: use
``salsk_mentoring.documents.xlsx`` and ``salsk_mentoring.documents.responses``."""

from .documents.responses import XLSX_CONTENT_TYPE
from .documents.xlsx import write_rows

__all__ = ["XLSX_CONTENT_TYPE", "write_rows"]
