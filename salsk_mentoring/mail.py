"""The one way the portal sends e-mail: a template, a context, recipients — after commit, through the task queue.

::

    from salsk_mentoring.mail import send_mail_template

    result = send_mail_template("accounts/invitation", {"link": link}, [user])
    result.skipped  # [Skipped(who="Иванов И.И.", reason="нет адреса электронной почты")]

A template ``<name>`` is three files under ``templates/mail/<name>/``: ``subject.txt`` (one line),
``body.txt`` (plain text, Russian) and, optionally, ``body.html``. Plain-text parts are rendered without
HTML escaping; every template gets ``portal_url`` (``settings.PORTAL_BASE_URL``).

Recipients are users (or any object with ``email``, e.g. a teacher or an organisation) and plain addresses.
The helper picks the address, skips whom it cannot write to and says why (no address, a switched-off
account, a malformed address); duplicates are dropped (case-insensitive). ``separately=True`` sends one
message per address (nobody sees the others); otherwise one message to all.

The messages are rendered at once (from the data the caller sees) and handed to
:func:`deliver` with ``transaction.on_commit``: nothing leaves inside a transaction, a rolled-back write sends
nothing. :func:`deliver` is a django-tasks task: in the request under the immediate backend (development,
tests), by ``manage.py db_worker`` with ``TASKS_BACKEND=database``. In development the console backend
prints the message, links included.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string
from django_tasks import task

logger = logging.getLogger(__name__)

NO_ADDRESS = "нет адреса электронной почты"
SWITCHED_OFF = "учётная запись отключена"
BAD_ADDRESS = "неверный адрес электронной почты"


@dataclass(frozen=True)
class Skipped:
    who: str
    reason: str

    def __str__(self):
        return f"{self.who}: {self.reason}"


@dataclass
class MailResult:
    """Addresses a message was queued for, and the recipients skipped with the reason."""

    sent_to: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def __bool__(self):
        return bool(self.sent_to)


def _text_engine() -> Engine:
    """The project's template directories with autoescaping off: plain-text mail is not HTML."""
    options = settings.TEMPLATES[0]
    return Engine(dirs=[str(d) for d in options.get("DIRS", [])], app_dirs=True, autoescape=False)


def resolve_recipients(recipients) -> MailResult:
    """The addresses to write to (in order, without duplicates) and whom to skip with the reason."""
    result = MailResult()
    seen = set()
    for recipient in recipients:
        if recipient is None:
            continue
        if isinstance(recipient, str):
            who, address = recipient, recipient.strip()
        else:
            who, address = str(recipient), (getattr(recipient, "email", "") or "").strip()
            if getattr(recipient, "is_active", True) is False:
                result.skipped.append(Skipped(who, SWITCHED_OFF))
                continue
        if not address:
            result.skipped.append(Skipped(who, NO_ADDRESS))
            continue
        try:
            validate_email(address)
        except ValidationError:
            result.skipped.append(Skipped(who, BAD_ADDRESS))
            continue
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        result.sent_to.append(address)
    return result


def render_message(template: str, context: dict) -> dict:
    """Subject, plain-text body and optional HTML of ``templates/mail/<template>/`` as a JSON-ready dict."""
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    engine = _text_engine()
    subject = engine.get_template(f"mail/{template}/subject.txt").render(Context(context))
    body = engine.get_template(f"mail/{template}/body.txt").render(Context(context))
    try:
        html = render_to_string(f"mail/{template}/body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return {"subject": " ".join(subject.split()), "body": body.strip() + "\n", "html": html}


def send_mail_template(template: str, context: dict, recipients, *, separately: bool = False) -> MailResult:
    """Render ``template`` with ``context`` and queue it for ``recipients`` once the transaction commits."""
    result = resolve_recipients(recipients)
    for skipped in result.skipped:
        logger.info("Письмо «%s» не отправлено: %s", template, skipped)
    if not result.sent_to:
        return result
    message = render_message(template, context)
    groups = [[address] for address in result.sent_to] if separately else [result.sent_to]
    messages = [{**message, "to": to} for to in groups]
    transaction.on_commit(lambda: deliver.enqueue(messages))
    return result


@task()
def deliver(messages: list[dict]) -> int:
    """Send the rendered messages over one connection (the task the queue runs)."""
    emails = []
    for m in messages:
        email = EmailMultiAlternatives(m["subject"], m["body"], settings.DEFAULT_FROM_EMAIL, m["to"])
        if m.get("html"):
            email.attach_alternative(m["html"], "text/html")
        emails.append(email)
    try:
        return get_connection().send_messages(emails) or 0
    except Exception:
        logger.exception("Не удалось отправить письма: %s", ", ".join(m["subject"] for m in messages))
        raise
