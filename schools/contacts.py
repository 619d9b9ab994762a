"""Whom the portal writes to on behalf of an organisation — and the one helper that picks the recipients of a
workflow's e-mail (:func:`recipients`, :func:`notify_transition`)."""

from django.urls import NoReverseMatch
from django.utils.text import capfirst

from salsk_mentoring.mail import MailResult, send_mail_template

from .models import Membership, User

#: ``Transition.notify`` values: whom a transition's e-mail goes to.
SCHOOL = "school"  #: the object's organisation: its heads and responsibles (else members, else its own address)
METHODISTS = "methodists"  #: the methodists (they act on what schools send)
PEOPLE = "people"  #: the persons the workflow names for the object (``Workflow.people``: an IOM's specialist, mentor)


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


def recipients(*, organisation=None, methodists: bool = False, people=(), actor=None) -> list:
    """Whom to write to: the organisation's heads and responsibles (without any: its members, else the
    organisation's own address), the active methodists, and ``people`` (a specialist, a mentor) — never the
    ``actor`` (nobody gets mail about their own click) and nobody of another organisation."""
    found = []
    if organisation is not None:
        found += organisation_contacts([organisation.pk]).get(organisation.pk) or [organisation]
    if methodists:
        found += list(User.objects.filter(role=User.Role.METHODIST, is_active=True).exclude(email="").order_by("email"))
    found += [p for p in people if p is not None]
    if actor is not None and getattr(actor, "email", ""):
        found = [r for r in found if (getattr(r, "email", r) or "").lower() != actor.email.lower()]
    return found


def notify_transition(workflow, obj, transition, *, user, comment: str = "") -> MailResult:
    """The e-mail of a workflow transition (``Transition.notify``), queued after the commit by
    ``send_mail_template``: «Возврат на доработку: …», what happened, the comment, the link."""
    to = transition.notify
    if not to:
        return MailResult()
    try:
        url = obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        url = ""
    context = {
        "subject": f"{transition.name}: {obj}",
        "noun": capfirst(workflow.noun),
        "object": str(obj),
        "organisation": str(obj.organisation),
        "state": workflow.state_label(getattr(obj, workflow.field)),
        "action": transition.name,
        "actor": str(user),
        "comment": comment,
        "url": url,
    }
    return send_mail_template(
        "workflow_notice",
        context,
        recipients(
            organisation=obj.organisation if SCHOOL in to else None,
            methodists=METHODISTS in to,
            people=workflow.people(obj) if PEOPLE in to and workflow.people is not None else (),
            actor=user,
        ),
    )
