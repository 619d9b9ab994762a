"""The mentors' pages, one module per registry; the URLconf and the jobs import them from here.

- ``teachers``, ``bank`` (with consents), ``mentees``, ``programmes``, ``pairs`` (with meetings and
  surveys) — the registries;
- ``board`` — the pairs' health board and mentor matching;
- ``network`` — a school's request for a network pair and the methodist's decision;
- ``public_bank`` — the public mentor bank (no login);
- ``common`` — the mixins they share.
"""

from .bank import (
    ConsentAddView,
    ConsentWithdrawView,
    MentorBankDeleteView,
    MentorBankDetailView,
    MentorBankEditView,
    MentorBankListView,
    MentorBankMixin,
    MentorBankPhotoView,
)
from .board import MatchingDetailView, MatchingListView, PairHealthView
from .common import ChildEditView, ImportLinkMixin
from .mentees import MenteeDeleteView, MenteeDetailView, MenteeEditView, MenteeListView, MenteeMixin
from .network import (
    NetworkPairRequestAcceptView,
    NetworkPairRequestAddView,
    NetworkPairRequestDeclineView,
    NetworkPairRequestDetailView,
    NetworkPairRequestListView,
)
from .pairs import (
    MeetingAddView,
    PairDeleteView,
    PairDetailView,
    PairEditView,
    PairListView,
    PairMixin,
    SurveyAddView,
)
from .programmes import (
    MentoringFormDetailView,
    MentoringFormEditView,
    MentoringFormListView,
    MentoringFormMixin,
    ProgrammeDeleteView,
    ProgrammeDetailView,
    ProgrammeEditView,
    ProgrammeListView,
    ProgrammeMixin,
    ProgrammeTemplateDetailView,
    ProgrammeTemplateEditView,
    ProgrammeTemplateListView,
    ProgrammeTemplateMixin,
    programme_sections,
)
from .public_bank import PublicBankView, PublicCardView, PublicPhotoView
from .teachers import TeacherDeleteView, TeacherDetailView, TeacherEditView, TeacherListView, TeacherMixin

__all__ = [
    "NetworkPairRequestAcceptView",
    "NetworkPairRequestAddView",
    "NetworkPairRequestDeclineView",
    "NetworkPairRequestDetailView",
    "NetworkPairRequestListView",
    "ChildEditView",
    "ConsentAddView",
    "ConsentWithdrawView",
    "ImportLinkMixin",
    "MatchingDetailView",
    "MatchingListView",
    "MeetingAddView",
    "MenteeDeleteView",
    "MenteeDetailView",
    "MenteeEditView",
    "MenteeListView",
    "MenteeMixin",
    "MentorBankDeleteView",
    "MentorBankDetailView",
    "MentorBankEditView",
    "MentorBankListView",
    "MentorBankMixin",
    "MentorBankPhotoView",
    "MentoringFormDetailView",
    "MentoringFormEditView",
    "MentoringFormListView",
    "MentoringFormMixin",
    "PairDeleteView",
    "PairDetailView",
    "PairEditView",
    "PairHealthView",
    "PairListView",
    "PairMixin",
    "ProgrammeDeleteView",
    "ProgrammeDetailView",
    "ProgrammeEditView",
    "ProgrammeListView",
    "ProgrammeMixin",
    "ProgrammeTemplateDetailView",
    "ProgrammeTemplateEditView",
    "ProgrammeTemplateListView",
    "ProgrammeTemplateMixin",
    "PublicBankView",
    "PublicCardView",
    "PublicPhotoView",
    "SurveyAddView",
    "TeacherDeleteView",
    "TeacherDetailView",
    "TeacherEditView",
    "TeacherListView",
    "TeacherMixin",
    "programme_sections",
]
