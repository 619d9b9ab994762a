"""Monitoring of the target model of mentoring (Order 866, appendices 1 and 2; plan items 18 and 19).

One module per concept; everything is imported from here (``from monitoring.models import MonitoringCampaign``):

* ``indicators`` — :class:`Indicator`, an efficiency indicator (federal, Р-145, or the district's own): unit,
  formula, direction, valid range, computed from the registries or reported by the school;
* ``targets`` — :class:`Target`, a planned value of an indicator for an academic year: for the region (the
  regional value Appendix 1 compares with), the district, or one organisation (Appendix 2);
* ``campaigns`` — :class:`MonitoringCampaign`, a monitoring round (e.g. December 2021, May 2022) with its indicators
  and organisations;
* ``submissions`` — :class:`Submission` / :class:`SubmissionValue`, one organisation's answer to a campaign.

A relation to a model of another module names it by string (``"monitoring.Indicator"``); a module imports
another only for code it runs, so the modules form no cycle.
"""

from .campaigns import MonitoringCampaign, MonitoringCampaignQuerySet
from .indicators import HUNDRED, UNIT_LABELS, Indicator, fmt_number
from .submissions import Submission, SubmissionValue
from .targets import Target, TargetQuerySet

__all__ = [
    "MonitoringCampaign",
    "MonitoringCampaignQuerySet",
    "HUNDRED",
    "Indicator",
    "Submission",
    "SubmissionValue",
    "Target",
    "TargetQuerySet",
    "UNIT_LABELS",
    "fmt_number",
]
