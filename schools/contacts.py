"""Whom the portal writes to on behalf of an organisation."""

from .models import Membership


def organisation_contacts(organisation_ids) -> dict[int, list]:
    """Per organisation: its members marked head or responsible, otherwise all its members.

    Only active accounts with an e-mail address count (one query); the users come sorted by address.
    """
    members: dict[int, list] = {}
    for m in (
        Membership.objects.unscoped(reason="whom the portal writes to on an organisation's behalf")
        .filter(organisation_id__in=list(organisation_ids), user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email")
    ):
        members.setdefault(m.organisation_id, []).append(m)
    return {
        org_id: [m.user for m in ([m for m in ms if m.is_head or m.is_responsible] or ms)]
        for org_id, ms in members.items()
    }
