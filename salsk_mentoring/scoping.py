"""Scoping: the one place that decides which rows a user may see or change.

Every model of the portal gets its queryset from :class:`ScopedQuerySet` and
says through ``scope_field`` how a row reaches its organisation:

* ``"organisation"`` (the default) or any lookup path (``"pair__organisation"``);
* ``"pk"`` for the Organisation itself;
* ``None`` for reference data every signed-in user may read (academic years,
  pilot projects, programme templates) and only methodists may change.

Every view, export, report, form choice list and admin page asks
``Model.objects.for_user(user, action)``. NetBox's ``RestrictedQuerySet`` is
the model for this.
"""

from django.db import models

VIEW = "view"
CHANGE = "change"


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action: str = VIEW):
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_methodist:
            return self
        if user.is_official:
            return self if action == VIEW else self.none()
        scope = getattr(self.model, "scope_field", "organisation")
        if scope is None:
            return self if action == VIEW else self.none()
        org_ids = user.organisation_ids
        if not org_ids:
            return self.none()
        return self.filter(**{f"{scope}__in": org_ids})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def user_may(user, action: str, obj) -> bool:
    """True when ``obj`` is inside the user's scope for ``action`` (one query)."""
    return type(obj)._default_manager.for_user(user, action).filter(pk=obj.pk).exists()
