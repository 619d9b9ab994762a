"""Teachers, the mentor bank, mentees and mentoring pairs (Order 866, appendices 3 and 7).

One module per concept; everything is imported from here (``from mentors.models import Pair``):

- ``teachers``   — the teachers' registry and who counts as a young specialist;
- ``programmes`` — forms of mentoring, the sample programmes of Appendix 3, the schools' programmes;
- ``bank``       — the mentor bank of Appendix 7 and the consents to publication;
- ``mentees``    — young specialists and students being mentored;
- ``pairs``      — mentoring pairs and groups with their rules;
- ``meetings``   — a pair's meetings and feedback surveys;
- ``network``    — a school's request to the methodist for a network (cross-school) pair.

A relation to a model of another module names it by string (``"mentors.Teacher"``), as the relations to
other apps do; a module imports another only for code it runs (the bank counts a mentor's load in pairs, a
pair refreshes its activity from meetings), so the modules form no cycle.
"""

from .bank import PHOTO_MAX_MB, MentorBankEntry, MentorBankQuerySet, PublicationConsent, validate_photo
from .meetings import FeedbackSurvey, Meeting
from .mentees import Mentee, MenteeQuerySet
from .network import NetworkPairRequest, NetworkPairRequestQuerySet
from .pairs import Pair, PairQuerySet
from .programmes import MentoringForm, Programme, ProgrammeTemplate, lines
from .teachers import YOUNG_SPECIALIST_MAX_YEARS, Teacher, TeacherQuerySet

__all__ = [
    "PHOTO_MAX_MB",
    "YOUNG_SPECIALIST_MAX_YEARS",
    "FeedbackSurvey",
    "Meeting",
    "Mentee",
    "MenteeQuerySet",
    "MentorBankEntry",
    "MentorBankQuerySet",
    "MentoringForm",
    "NetworkPairRequest",
    "NetworkPairRequestQuerySet",
    "Pair",
    "PairQuerySet",
    "Programme",
    "ProgrammeTemplate",
    "PublicationConsent",
    "Teacher",
    "TeacherQuerySet",
    "lines",
    "validate_photo",
]
