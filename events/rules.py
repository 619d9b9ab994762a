"""Who may do what with the event plan.

The plan and its items are reference data: everyone signed in reads them (the published plan is
public anyway), methodists change them. An execution line belongs to its organisation: the school
reports on its own lines (evidence, «выполнено»), methodists on every line, officials only read.
"""

import rules

from salsk_mentoring.predicates import (
    can_change_school_data,
    is_methodist,
    is_staff_reader,
    register_registry_perms,
)

for model in ("eventplan", "planitem", "planitemresponsible", "evidencekind"):
    register_registry_perms("events", model, add=is_methodist, change=is_methodist, delete=is_methodist)

register_registry_perms(
    "events", "assignment", add=can_change_school_data, change=can_change_school_data, delete=is_methodist
)
register_registry_perms(
    "events",
    "evidence",
    add=can_change_school_data,
    change=can_change_school_data,
    delete=can_change_school_data,
)
register_registry_perms(
    "events",
    "calendarfeed",
    add=can_change_school_data,
    change=can_change_school_data,
    delete=can_change_school_data,
)
register_registry_perms(
    "events", "reminderlog", view=is_staff_reader, add=is_methodist, change=is_methodist, delete=is_methodist
)

# District-wide execution report: methodists and officials.
rules.add_perm("events.view_execution_report", is_staff_reader)
