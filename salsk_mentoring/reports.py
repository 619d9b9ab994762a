"""Old import path of the document responses, kept while modules being split elsewhere still import it: use
``salsk_mentoring.documents.responses``."""

from .documents.responses import attachment, document_response

__all__ = ["attachment", "document_response"]
