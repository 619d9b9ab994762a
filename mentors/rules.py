import rules

from salsk_mentoring.predicates import can_read, is_methodist, is_school_user, register_registry_perms

register_registry_perms("mentors", "teacher")

# Reference data: forms of mentoring and the sample programmes of Appendix 3 — methodists edit.
for model in ("mentoringform", "programmetemplate"):
    register_registry_perms("mentors", model, add=is_methodist, change=is_methodist, delete=is_methodist)

# School registries: the school (own organisation) and methodists.
for model in (
    "mentorbankentry",
    "publicationconsent",
    "mentee",
    "programme",
    "pair",
    "meeting",
    "feedbacksurvey",
):
    register_registry_perms("mentors", model)

# The mentor bank: a school proposes its teachers, a methodist includes or excludes them.
rules.add_perm("mentors.decide_mentorbankentry", is_methodist)
# A pair whose mentor and mentees work in different organisations needs a methodist's permission.
rules.add_perm("mentors.allow_network_pair", is_methodist)
rules.add_perm("mentors.view_pair_health", can_read)
# A school asks the methodist for a network pair from a matching suggestion; a methodist decides
# (mentors.allow_network_pair). Rows are limited by NetworkPairRequest.objects.for_user.
rules.add_perm("mentors.view_networkpairrequest", can_read)
rules.add_perm("mentors.add_networkpairrequest", is_school_user)
rules.add_perm("mentors.change_networkpairrequest", is_methodist)
rules.add_perm("mentors.delete_networkpairrequest", rules.always_deny)
