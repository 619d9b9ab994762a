"""The bench cases, one module per portal app: ``run(bench)`` times that app's pages, imports, exports and PDFs.

``manage.py bench`` runs them in the order of :data:`CASES` (``--only`` picks some by app name). A new case:
a module here and its line below.
"""

from . import documents, events, imports, iom, mentors, monitoring, orders, schools

CASES = {
    "schools": schools.run,
    "mentors": mentors.run,
    "imports": imports.run,
    "iom": iom.run,
    "events": events.run,
    "monitoring": monitoring.run,
    "orders": orders.run,
    "documents": documents.run,  # every list export and report in every format (issue 16)
}
