import rules

from salsk_mentoring.predicates import can_read, is_methodist, is_staff_reader, register_registry_perms

# Reference registries: everyone signed in reads (scoping limits organisations to a school's own),
# methodists change.
for model in ("organisation", "municipality", "academicyear", "abbreviation", "pilotproject"):
    register_registry_perms("schools", model, add=is_methodist, change=is_methodist, delete=is_methodist)

# Pilot participation: the methodist adds an organisation to the project; the school names its
# responsible and declared teachers (points 3.1 and 3.2 of the order).
register_registry_perms("schools", "pilotparticipant", add=is_methodist, delete=is_methodist)


@rules.predicate
def may_manage_account(user, target=None):
    """A methodist manages accounts; only an administrator manages an administrator's."""
    return target is None or not target.is_superuser or user.is_superuser


# Users: methodists manage (invite, change, switch off and on), officials read the registry; a school user
# sees only the people of their own organisation on its card. Accounts are switched off, never deleted.
rules.add_perm("schools.view_user", is_staff_reader)
rules.add_perm("schools.add_user", is_methodist)
rules.add_perm("schools.change_user", is_methodist & may_manage_account)
rules.add_perm("schools.delete_user", rules.always_deny)
rules.add_perm("schools.view_reports", can_read)
rules.add_perm("schools.view_district", is_staff_reader)

# «Новый учебный год» (schools.rollover): the district moves to the next academic year.
rules.add_perm("schools.rollover_year", is_methodist)
