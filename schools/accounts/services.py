"""Workflows of accounts: invite, accept an invitation, switch off and on, invite the responsibles of
organisations. Each saves with a history record naming who did it and why; e-mails go after commit."""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from salsk_mentoring.mail import send_mail_template

from ..models import Invitation, Membership, User
from . import throttle


class AccountError(Exception):
    """A Russian sentence the page shows when an action cannot be done."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _save(user: User, by, reason: str, fields=None):
    user._history_user = by if getattr(by, "pk", None) else None
    user._change_reason = reason
    user.save(update_fields=fields)


def invitation_days() -> int:
    return settings.PORTAL_INVITATION_DAYS


@transaction.atomic
def user_invite(*, user: User, by=None) -> Invitation:
    """A new single-use link for ``user`` by e-mail; earlier links of the person stop working (resend)."""
    if not user.is_active:
        raise AccountError(f"{user.full_name or user}: учётная запись отключена — сначала включите её.")
    if not user.email:
        raise AccountError(f"{user.full_name or user}: нет адреса электронной почты — приглашение некуда отправить.")
    if user.has_usable_password():
        raise AccountError(
            f"{user.full_name or user}: пароль уже задан, вход в портал выполняется по нему. Если пароль забыт — "
            "ссылка «Забыли пароль?» на странице входа."
        )
    now = timezone.now()
    user.invitations.filter(used_at=None, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user, token_hash=token_digest(token), created_by=by if getattr(by, "pk", None) else None,
        expires_at=now + timedelta(days=invitation_days()),
    )
    link = settings.PORTAL_BASE_URL + reverse("invitation_accept", args=[token])
    organisations = [m.organisation for m in user.memberships.select_related("organisation")]
    send_mail_template(
        "accounts/invitation",
        {
            "user": user, "link": link, "expires_at": invitation.expires_at, "days": invitation_days(),
            "by": by if getattr(by, "pk", None) else None, "organisations": organisations,
            "role": user.get_role_display(), "login": user.email,
        },
        [user],
    )
    return invitation


class InvitationProblem(Exception):
    """Why a link cannot be used: ``code`` is used, expired, replaced, disabled or unknown."""

    def __init__(self, code: str, invitation=None):
        super().__init__(code)
        self.code = code
        self.invitation = invitation


def invitation_find(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=token_digest(token or "")).first()
    )
    if invitation is None:
        raise InvitationProblem("unknown")
    if invitation.used_at is not None:
        raise InvitationProblem("used", invitation)
    if invitation.revoked_at is not None:
        raise InvitationProblem("replaced", invitation)
    if not invitation.user.is_active:
        raise InvitationProblem("disabled", invitation)
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem("expired", invitation)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the person's first password; the link is spent (a second use is refused)."""
    invitation = invitation_find(token)
    # One winner when the link is opened twice at once: the conditional update marks it used.
    spent = Invitation.objects.filter(pk=invitation.pk, used_at=None).update(used_at=timezone.now())
    if not spent:
        raise InvitationProblem("used", invitation)
    user = invitation.user
    user.set_password(password)
    _save(user, user, "Принято приглашение: задан пароль")
    throttle.forget_account(user)
    return user


def sessions_end(user: User) -> int:
    """Sign ``user`` out everywhere: their sessions are deleted (database sessions); the switched-off account
    is refused on its next request anyway (Django checks ``is_active``)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@transaction.atomic
def user_deactivate(*, user: User, by) -> int:
    """Switch off: the person cannot sign in, is signed out now; the account and its history stay."""
    if by is not None and user.pk == getattr(by, "pk", None):
        raise AccountError("Свою учётную запись отключить нельзя: попросите другого методиста.")
    if not user.is_active:
        raise AccountError(f"{user.full_name or user}: учётная запись уже отключена.")
    user.is_active = False
    _save(user, by, "Учётная запись отключена")
    user.invitations.filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())
    return sessions_end(user)


@transaction.atomic
def user_reactivate(*, user: User, by) -> None:
    if user.is_active:
        raise AccountError(f"{user.full_name or user}: учётная запись уже включена.")
    user.is_active = True
    _save(user, by, "Учётная запись включена снова")
    throttle.forget_account(user)


@dataclass
class InviteReport:
    invited: list = field(default_factory=list)
    active: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # «ФИО: причина»
    without_responsible: list = field(default_factory=list)  # organisations


def responsibles_invite(*, organisations, by) -> InviteReport:
    """Invite every responsible (and head) of ``organisations`` who has not set a password yet."""
    report = InviteReport()
    organisations = list(organisations)
    memberships = (
        Membership.objects.for_user(by)
        .filter(organisation__in=organisations)
        .filter(Q(is_responsible=True) | Q(is_head=True))
        .select_related("user", "organisation")
        .order_by("organisation__short_name", "user__last_name")
    )
    seen, covered = set(), set()
    for membership in memberships:
        covered.add(membership.organisation_id)
        user = membership.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        if user.status == User.Status.ACTIVE:
            report.active.append(user)
            continue
        try:
            user_invite(user=user, by=by)
        except AccountError as exc:
            report.problems.append(str(exc))
        else:
            report.invited.append(user)
    report.without_responsible = [org for org in organisations if org.pk not in covered]
    return report

