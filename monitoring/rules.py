import rules

from salsk_mentoring.predicates import (
    can_change_school_data,
    can_read,
    is_methodist,
    is_staff_reader,
    register_registry_perms,
)

# Reference data and campaigns: everyone signed in reads (a school sees its own campaigns and targets),
# methodists change.
for model in ("indicator", "target", "monitoringcampaign"):
    register_registry_perms("monitoring", model, add=is_methodist, change=is_methodist, delete=is_methodist)

rules.add_perm("monitoring.open_campaign", is_methodist)

# A school fills and sends its own submission; a methodist may correct it and accepts or returns it.
rules.add_perm("monitoring.view_submission", can_read)
rules.add_perm("monitoring.change_submission", can_change_school_data)
rules.add_perm("monitoring.review_submission", is_methodist)

# District reports — methodists and officials; an organisation's report — its school too.
rules.add_perm("monitoring.view_district_report", is_staff_reader)
rules.add_perm("monitoring.view_organisation_report", can_read)
