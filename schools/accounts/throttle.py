"""Failed sign-ins slow down the guesser, never lock the person out for good.

Two counters (rows of :class:`~schools.models.LoginThrottle`, shared by every app server):

* **per account** — after ``PORTAL_LOGIN_FREE_FAILURES`` failures in a row (5) each next try waits: 1, 2, 4,
  8 minutes… at most ``PORTAL_LOGIN_BACKOFF_MAX_MINUTES`` (15) after the last failure. No captcha. The wait
  does not apply in a browser where this person has signed in before (a signed «known device» cookie), so
  whoever knows a login cannot keep its owner out; a password reset or a new invitation clears it at once.
  Unknown logins are counted the same way (the answer does not tell whether a login exists).
* **per client address** — at most ``PORTAL_LOGIN_ADDRESS_FAILURES`` failures (20) in
  ``PORTAL_LOGIN_ADDRESS_WINDOW_MINUTES`` (15) from one address, whatever the logins: spraying 30 usernames
  from one address is stopped after 20 tries. Tries refused by a counter check no password and count for
  nothing, so one address adds at most 20 failures a window to any account.

The client address is ``REMOTE_ADDR``; behind a reverse proxy listed in ``PORTAL_TRUSTED_PROXIES`` it is
read from ``PORTAL_CLIENT_IP_HEADER`` (``X-Forwarded-For``: the rightmost address that is not a trusted proxy;
``X-Real-IP``: as it is). A header from anyone else is ignored — it cannot be forged from outside.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import LoginThrottle

DEVICE_COOKIE = "portal_device"
DEVICE_SALT = "schools.accounts.known-device"
DEVICE_DAYS = 180
#: An account's failures older than this are forgotten.
ACCOUNT_MEMORY = timedelta(hours=24)


@dataclass(frozen=True)
class Refusal:
    kind: str  # "account" or "address"
    until: datetime
    failures: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of whoever sent ``request`` (see the module's docstring)."""
    remote = _ip(request.META.get("REMOTE_ADDR", "")) or "unknown"
    trusted = set(settings.PORTAL_TRUSTED_PROXIES)
    header = settings.PORTAL_CLIENT_IP_HEADER
    if not header or remote not in trusted:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [_ip(part) for part in value.split(",") if part.strip()]
    for hop in reversed(hops):
        if hop is None:
            return remote  # a malformed header: trust nothing in it
        if hop not in trusted:
            return hop
    return remote


def account_key(login: str, user=None) -> str:
    if user is not None:
        return f"account:{user.pk}"
    return "login:" + " ".join((login or "").split()).lower()[:150]


def address_key(request) -> str:
    return f"address:{client_address(request)}"


def _backoff(failures: int) -> timedelta:
    over = failures - settings.PORTAL_LOGIN_FREE_FAILURES
    if over < 0:
        return timedelta(0)
    minutes = min(2**over, settings.PORTAL_LOGIN_BACKOFF_MAX_MINUTES)
    return timedelta(minutes=minutes)


def _address_window() -> timedelta:
    return timedelta(minutes=settings.PORTAL_LOGIN_ADDRESS_WINDOW_MINUTES)


def known_device(request, user) -> bool:
    if user is None:
        return False
    try:
        ids = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=timedelta(days=DEVICE_DAYS)
        )
    except signing.BadSignature:
        return False
    return isinstance(ids, list) and user.pk in ids


def remember_device(request, response, user):
    """After a successful sign-in: this browser is a known device of ``user``."""
    try:
        ids = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT)
        ids = [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []
    except signing.BadSignature:
        ids = []
    ids = ([user.pk] + [i for i in ids if i != user.pk])[:5]
    response.set_cookie(
        DEVICE_COOKIE, signing.dumps(ids, salt=DEVICE_SALT), max_age=DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )


def check(request, login: str, user=None) -> Refusal | None:
    """Refuse this try before any password is checked, or ``None``."""
    now = timezone.now()
    rows = {r.key: r for r in LoginThrottle.objects.filter(key__in=[address_key(request), account_key(login, user)])}
    address = rows.get(address_key(request))
    if address is not None and address.failures >= settings.PORTAL_LOGIN_ADDRESS_FAILURES:
        until = address.window_start + _address_window()
        if now < until:
            return Refusal("address", until, address.failures)
    account = rows.get(account_key(login, user))
    if account is not None and now - account.last_failure < ACCOUNT_MEMORY and not known_device(request, user):
        until = account.last_failure + _backoff(account.failures)
        if now < until:
            return Refusal("account", until, account.failures)
    return None


def record_failure(request, login: str, user=None):
    now = timezone.now()
    with transaction.atomic():
        _bump(address_key(request), now, reset_if=lambda row: now - row.window_start >= _address_window())
        _bump(account_key(login, user), now, reset_if=lambda row: now - row.last_failure >= ACCOUNT_MEMORY)


def _bump(key, now, *, reset_if):
    row, created = LoginThrottle.objects.select_for_update().get_or_create(
        key=key, defaults={"failures": 1, "window_start": now, "last_failure": now}
    )
    if created:
        return
    if reset_if(row):
        LoginThrottle.objects.filter(pk=row.pk).update(failures=1, window_start=now, last_failure=now)
    else:
        LoginThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure=now)


def forget_account(user, login: str = ""):
    """A successful sign-in, a new password or a reactivation: the account's failures are forgotten."""
    keys = [account_key("", user)]
    if login:
        keys.append(account_key(login))
    LoginThrottle.objects.filter(key__in=keys).delete()


def purge(older_than: timedelta = ACCOUNT_MEMORY) -> int:
    """Counters nobody needs any more (``manage.py expire_jobs`` could call it; they are tiny)."""
    return LoginThrottle.objects.filter(last_failure__lt=timezone.now() - older_than).delete()[0]


# --- «Забыли пароль?» ---------------------------------------------------------------------------------------
RESET_WINDOW = timedelta(hours=1)


def _window_count(key) -> LoginThrottle | None:
    row = LoginThrottle.objects.filter(key=key).first()
    if row is None or timezone.now() - row.window_start >= RESET_WINDOW:
        return None
    return row


def reset_check(request) -> Refusal | None:
    """At most ``PORTAL_RESET_PER_ADDRESS`` reset requests an hour from one address."""
    row = _window_count("reset-address:" + client_address(request))
    if row is not None and row.failures >= settings.PORTAL_RESET_PER_ADDRESS:
        return Refusal("address", row.window_start + RESET_WINDOW, row.failures)
    return None


def reset_record(request):
    now = timezone.now()
    with transaction.atomic():
        _bump("reset-address:" + client_address(request), now, reset_if=lambda r: now - r.window_start >= RESET_WINDOW)


def reset_email_allowed(email: str) -> bool:
    """At most ``PORTAL_RESET_PER_EMAIL`` letters an hour to one address (known or not: the page answers the
    same either way)."""
    key = "reset-email:" + (email or "").strip().lower()[:150]
    row = _window_count(key)
    if row is not None and row.failures >= settings.PORTAL_RESET_PER_EMAIL:
        return False
    now = timezone.now()
    with transaction.atomic():
        _bump(key, now, reset_if=lambda r: now - r.window_start >= RESET_WINDOW)
    return True
