"""Named permission predicates (django-rules), shared by views, templates and tests.

Apps register their permissions in their own ``rules.py`` with
:func:`register_registry_perms`, so that ``perms.mentors.change_teacher`` in a
template, ``permission_required`` in a view and a test all ask one question.
"""

import rules

from .scoping import CHANGE, user_may


@rules.predicate
def is_methodist(user):
    return bool(user and user.is_authenticated and user.is_methodist)


@rules.predicate
def is_official(user):
    return bool(user and user.is_authenticated and user.is_official)


@rules.predicate
def is_school_user(user):
    return bool(user and user.is_authenticated and user.is_school)


is_staff_reader = is_methodist | is_official


@rules.predicate
def object_in_change_scope(user, obj=None):
    """Model level: a school user may create; object level: the object is in the user's scope."""
    if obj is None:
        return is_school_user(user) and bool(user.organisation_ids)
    return user_may(user, CHANGE, obj)


school_may_change = is_school_user & object_in_change_scope
can_read = rules.is_authenticated
can_change_school_data = is_methodist | school_may_change


def register_registry_perms(app_label: str, model_name: str, *, view=can_read, add=None, change=None, delete=None):
    """Register view/add/change/delete permissions of one registry.

    By default a school registry: everyone signed in views (rows are limited by
    scoping), methodists and the owning school add, change and delete.
    Reference registries pass ``add=change=delete=is_methodist``.
    """
    change = change or can_change_school_data
    rules.add_perm(f"{app_label}.view_{model_name}", view)
    rules.add_perm(f"{app_label}.add_{model_name}", add or change)
    rules.add_perm(f"{app_label}.change_{model_name}", change)
    rules.add_perm(f"{app_label}.delete_{model_name}", delete or change)
