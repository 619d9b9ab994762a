"""Who may do what with IOMs (django-rules): views, templates and tests ask the same names.

* schools add and edit their IOMs while they are drafts or returned; the head or the responsible
  for mentoring (membership flags) submits them; methodists return and approve;
* an approved IOM is never edited again: its rows only get their execution marks while it runs;
* the template (Appendix 4) and campaigns belong to methodists.
"""

import rules

from salsk_mentoring.predicates import (
    can_change_school_data,
    can_read,
    is_methodist,
    is_school_user,
    object_in_change_scope,
    register_registry_perms,
)


@rules.predicate
def iom_is_editable(user, iom=None):
    return iom is None or iom.is_editable


@rules.predicate
def iom_is_draft(user, iom=None):
    return iom is None or iom.status == iom.Status.DRAFT


@rules.predicate
def is_head_or_responsible(user, iom=None):
    """The school's head or its responsible for mentoring (point 3.1 of the order) in the IOM's school."""
    if not (user and user.is_authenticated):
        return False
    memberships = user.memberships.filter(is_head=True) | user.memberships.filter(is_responsible=True)
    if iom is not None:
        memberships = memberships.filter(organisation_id=iom.organisation_id)
    return memberships.exists()


def _status_is(*statuses):
    @rules.predicate
    def check(user, iom=None):
        return iom is None or iom.status in statuses

    return check


school_of_iom = is_school_user & object_in_change_scope
may_work_on_iom = is_methodist | school_of_iom

register_registry_perms(
    "iom",
    "iom",
    view=can_read,
    add=can_change_school_data,
    change=can_change_school_data & iom_is_editable,
    delete=can_change_school_data & iom_is_draft,
)
register_registry_perms("iom", "iomrow", change=can_change_school_data)
register_registry_perms("iom", "iomtemplate", add=is_methodist, change=is_methodist, delete=is_methodist)
register_registry_perms("iom", "iomcampaign", add=is_methodist, change=is_methodist, delete=is_methodist)

# The workflow's permissions (agree, revise, submit, approve, return, start, complete) are registered by its
# transition table, iom/workflows.py, from the predicates above.
rules.add_perm("iom.execute_iom", may_work_on_iom)
rules.add_perm("iom.remind_campaign", is_methodist)
rules.add_perm("iom.import_iomrow", may_work_on_iom & iom_is_editable)
