"""The one e-mail helper: after commit, through the task queue, recipients resolved with reasons."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks import default_task_backend

from salsk_mentoring.mail import NO_ADDRESS, SWITCHED_OFF, deliver, send_mail_template
from tests.factories import UserFactory


def reminder_context():
    item = SimpleNamespace(position=4, name="Семинар наставников", deadline_text="до 03.12.2026", result="Протокол",
                           order_point="п. 1.5")
    return {"overdue": False, "item": item, "due": datetime.date(2026, 12, 3), "days_left": "5 дней",
            "url": "http://portal.test/plan/items/4/org/1/"}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_sends_nothing():
    user = UserFactory(email="teacher@example.org")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            send_mail_template("plan_reminder", reminder_context(), [user])
            raise RuntimeError("запись не удалась")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_sends_once_after_the_commit():
    user = UserFactory(email="teacher@example.org")
    with transaction.atomic():
        result = send_mail_template("plan_reminder", reminder_context(), [user, "teacher@example.org"])
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert result.sent_to == ["teacher@example.org"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["teacher@example.org"]
    assert message.subject == "Скоро срок: п. 4 плана"
    assert "осталось 5 дней (срок — 03.12.2026)" in message.body
    assert "http://portal.test/plan/items/4/org/1/" in message.body


@pytest.mark.django_db(transaction=True)
def test_the_message_goes_through_the_task_queue():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        default_task_backend.clear()
        with transaction.atomic():
            send_mail_template("plan_reminder", reminder_context(), ["a@example.org", "b@example.org"], separately=True)
            assert default_task_backend.results == []
        [queued] = default_task_backend.results
        assert queued.task.name == deliver.name
        assert mail.outbox == []  # queued, not sent: the worker sends it
        deliver.call(*queued.args, **queued.kwargs)
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]  # nobody sees the other


@pytest.mark.django_db
def test_recipients_are_resolved_and_the_skipped_are_reported(django_capture_on_commit_callbacks):
    with_mail = UserFactory(username="with_mail", email="Anna@Example.org")
    without = UserFactory(username="without", last_name="Петров", first_name="Иван", middle_name="", email="")
    off = UserFactory(username="off", last_name="Сидорова", first_name="Ольга", middle_name="", email="o@example.org",
                      is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_mail_template(
            "plan_reminder", reminder_context(), [with_mail, without, off, "anna@example.org", "не адрес", None]
        )
    assert result.sent_to == ["Anna@Example.org"]
    assert [(s.who, s.reason) for s in result.skipped] == [
        ("Петров И.", NO_ADDRESS),
        ("Сидорова О.", SWITCHED_OFF),
        ("не адрес", "неверный адрес электронной почты"),
    ]
    assert [m.to for m in mail.outbox] == [["Anna@Example.org"]]


@pytest.mark.django_db
def test_nobody_to_write_to_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        result = send_mail_template("plan_reminder", reminder_context(), [UserFactory(email="")])
    assert not result and callbacks == []


def test_development_console_shows_the_message_with_its_link(capsys):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        deliver.call([{"subject": "Приглашение", "body": "Ссылка: http://127.0.0.1:8000/accounts/invite/x/\n",
                       "html": "", "to": ["a@example.org"]}])
    out = capsys.readouterr().out
    assert "Subject: =?utf-8?" in out or "Приглашение" in out
    assert "http://127.0.0.1:8000/accounts/invite/x/" in out
