"""The monitoring pages, one module per concept; the URLconf imports them from here.

- ``indicators`` — indicators and targets (plain registries);
- ``campaigns`` — monitoring rounds, opened and closed;
- ``submissions`` — a school's form and the methodist's review;
- ``reports`` — district, brief, organisation, comparison and trend reports;
- ``common`` — the POST-only action they share.
"""

from .campaigns import (
    CampaignCloseView,
    CampaignDeleteView,
    CampaignDetailView,
    CampaignEditView,
    CampaignListView,
    CampaignMixin,
    CampaignOpenView,
)
from .indicators import (
    IndicatorDeleteView,
    IndicatorDetailView,
    IndicatorEditView,
    IndicatorListView,
    IndicatorMixin,
    TargetDeleteView,
    TargetDetailView,
    TargetEditView,
    TargetListView,
    TargetMixin,
)
from .reports import (
    BriefView,
    ComparisonView,
    CountingPaginator,
    DistrictReportView,
    OrganisationReportView,
    ReportView,
    TrendView,
)
from .submissions import (
    SubmissionRefreshView,
    SubmissionView,
    _plain,
)

__all__ = [
    "BriefView",
    "CampaignCloseView",
    "CampaignDeleteView",
    "CampaignDetailView",
    "CampaignEditView",
    "CampaignListView",
    "CampaignMixin",
    "CampaignOpenView",
    "ComparisonView",
    "CountingPaginator",
    "DistrictReportView",
    "IndicatorDeleteView",
    "IndicatorDetailView",
    "IndicatorEditView",
    "IndicatorListView",
    "IndicatorMixin",
    "OrganisationReportView",
    "ReportView",
    "SubmissionRefreshView",
    "SubmissionView",
    "TargetDeleteView",
    "TargetDetailView",
    "TargetEditView",
    "TargetListView",
    "TargetMixin",
    "TrendView",
    "_plain",
]
