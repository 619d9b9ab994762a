"""Scoping: the one place that decides which rows a user may see or change.

Every model of the portal gets its queryset from :class:`ScopedQuerySet` and
says through ``scope_field`` how a row reaches its organisation:

* ``"organisation"`` (the default) or any lookup path (``"pair__organisation"``);
* ``"pk"`` for the Organisation itself;
* ``None`` for reference data every signed-in user may read (academic years,
  pilot projects, programme templates) and only methodists may change.

Every view, export, report, form choice list and admin page asks
``Model.objects.for_user(user, action)``. NetBox's ``RestrictedQuerySet`` is
the model for this. A model whose school users see something else than the rows
of their organisations overrides :meth:`ScopedQuerySet.scope_school` (or
:meth:`ScopedQuerySet.scope` when even methodists see only some rows); the role
dispatch stays here.

The few reads that are not anybody's scope say so: ``.public()`` (what the
portal shows without signing in: the published plan, the public mentor bank) and
``.unscoped(reason=…)`` (the login page, a feed behind a secret address). In the
test settings a guard (:mod:`salsk_mentoring.scoping_guard`) fails every request
that reads a scoped model through a queryset that went through none of them.
"""

from django.apps import apps
from django.conf import settings
from django.db import models

VIEW = "view"
CHANGE = "change"


def get_organisation_model():
    """The organisation model every scope reaches (``settings.PORTAL_ORGANISATION_MODEL``).

    The core sits below the apps (tests/core/test_layering.py): it names the organisation by a setting, as
    Django names the user model by ``AUTH_USER_MODEL``, and never imports ``schools``."""
    return apps.get_model(settings.PORTAL_ORGANISATION_MODEL, require_ready=True)


def is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


class ScopedQuerySet(models.QuerySet):
    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model=model, query=query, using=using, hints=hints)
        if query is None:
            # A fresh query of a scoped model: the guard wants to see how it was scoped. The marks live on the
            # Query, which Django copies on every filter(), values(), count() and update().
            self._query.scope_required = True

    def _mark(self, reason: str):
        clone = self._chain()
        clone.query.scope_reason = reason
        return clone

    # --- the one scoping path --------------------------------------------------------------------------
    def for_user(self, user, action: str = VIEW):
        """The rows ``user`` may see (``VIEW``) or change (``CHANGE``)."""
        return self.scope(user, action)._mark(f"for_user({action})")

    def scope(self, user, action: str):
        if not is_signed_in(user):
            # Without signing in: what the portal publishes (nothing, for most models).
            return self.public_rows() if action == VIEW else self.none()
        if user.is_methodist:
            return self
        if user.is_official:
            return self if action == VIEW else self.none()
        return self.scope_school(user, action)

    def scope_school(self, user, action: str):
        """A school user's rows: those of their organisations; reference data (``scope_field = None``) read-only."""
        scope = getattr(self.model, "scope_field", "organisation")
        if scope is None:
            return self if action == VIEW else self.none()
        org_ids = user.organisation_ids
        if not org_ids:
            return self.none()
        return self.filter(**{f"{scope}__in": org_ids})

    # --- reads that are nobody's scope, declared ---------------------------------------------------------
    def public(self, **kwargs):
        """What the portal shows without signing in; a model that has such rows overrides :meth:`public_rows`."""
        return self.public_rows(**kwargs)._mark("public")

    def public_rows(self):
        return self.none()

    def unscoped(self, *, reason: str):
        """All rows, on purpose: ``reason`` says why no user's scope applies (a secret feed address, a check
        of uniqueness across the district, a command). Never for what a signed-in user sees."""
        if not reason:
            raise ValueError("unscoped() needs a reason")
        return self._mark(f"unscoped: {reason}")


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    def get_queryset(self):
        qs = super().get_queryset()
        instance = getattr(self, "instance", None)
        if instance is not None:
            # A related manager (``org.teachers``, a prefetch): the rows of an object that was itself scoped.
            qs = qs._mark(f"related to {type(instance).__name__}")
        return qs


def _as_manager(cls):
    manager = ScopedManager.from_queryset(cls)()
    manager._built_with_as_manager = True
    return manager


_as_manager.queryset_only = True
ScopedQuerySet.as_manager = classmethod(_as_manager)


def user_may(user, action: str, obj) -> bool:
    """True when ``obj`` is inside the user's scope for ``action`` (one query)."""
    return type(obj)._default_manager.for_user(user, action).filter(pk=obj.pk).exists()
