"""Sign-in by e-mail or username, the throttle that slows guessing but cannot keep a person out, and
«Забыли пароль?» end to end."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from schools.accounts import throttle
from schools.models import LoginThrottle, User
from tests.factories import UserFactory

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def person(db, org_a):
    return UserFactory(username="ivanova", email="ivanova@school1.ru", organisations=[org_a])


def attempt(client, login, password="wrong", address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": login, "password": password}, REMOTE_ADDR=address, **extra)


def test_sign_in_by_username_or_email(client, person):
    assert attempt(client, "ivanova", "salsk-demo").status_code == 302
    client.logout()
    assert attempt(client, "IVANOVA@school1.ru", "salsk-demo").status_code == 302


def test_account_backs_off_after_five_failures_and_explains_in_russian(client, person):
    for _ in range(5):
        assert attempt(client, "ivanova").status_code == 200
    refused = attempt(client, "ivanova", "salsk-demo")  # even the right password waits: no guessing through
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Вход временно приостановлен" in text and "5 неудачных попыток" in text
    assert "восстановите пароль" in text and "через 1 мин." in text
    # The wait passes: the right password works again and the count is forgotten.
    LoginThrottle.objects.filter(key=f"account:{person.pk}").update(last_failure=timezone.now() - timedelta(minutes=2))
    assert attempt(client, "ivanova", "salsk-demo").status_code == 302
    assert not LoginThrottle.objects.filter(key=f"account:{person.pk}").exists()


def test_waits_double_up_to_the_cap(settings):
    assert [throttle._backoff(n).seconds // 60 for n in (4, 5, 6, 7, 8, 9, 10, 30)] == [0, 1, 2, 4, 8, 15, 15, 15]


def test_someone_who_knows_a_login_cannot_keep_its_owner_out(person, settings):
    owner = Client()
    assert attempt(owner, "ivanova", "salsk-demo", address="192.0.2.10").status_code == 302  # the owner's browser
    device = owner.cookies[throttle.DEVICE_COOKIE].value
    owner.logout()  # the test client forgets every cookie here; a browser keeps the device cookie
    owner.cookies[throttle.DEVICE_COOKIE] = device
    attacker = Client()
    statuses = [attempt(attacker, "ivanova", address="203.0.113.5").status_code for _ in range(30)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    # Refused tries check no password and count for nothing: the account stays at 5 failures.
    row = LoginThrottle.objects.get(key=f"account:{person.pk}")
    assert row.failures == 5
    # Days of patient guessing later the wait is still capped at 15 minutes.
    LoginThrottle.objects.filter(pk=row.pk).update(failures=60)
    # Elsewhere the owner waits at most 15 minutes — or resets the password (below) and gets in at once.
    elsewhere = attempt(Client(), "ivanova", "salsk-demo", address="198.51.100.7")
    assert elsewhere.status_code == 429 and "через 15 мин." in elsewhere.content.decode()
    # In the browser where the owner signed in before, the account's wait does not apply.
    assert attempt(owner, "ivanova", "salsk-demo", address="192.0.2.10").status_code == 302


def test_spraying_many_logins_from_one_address_is_stopped(db):
    spray = Client()
    statuses = [attempt(spray, f"user{n}@example.org").status_code for n in range(30)]
    assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
    text = attempt(spray, "other").content.decode()
    assert "С вашего сетевого адреса было слишком много неудачных попыток" in text
    assert attempt(Client(), "user1@example.org", address="10.9.9.9").status_code == 200  # another address is free


def test_client_address_trusts_the_proxy_header_only_from_a_listed_proxy(rf, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.PORTAL_CLIENT_IP_HEADER = "X-Forwarded-For"
    behind = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert throttle.client_address(behind) == "203.0.113.9"  # the rightmost hop not a trusted proxy
    forged = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert throttle.client_address(forged) == "198.51.100.1"
    settings.PORTAL_TRUSTED_PROXIES = []
    assert throttle.client_address(behind) == "127.0.0.1"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.PORTAL_CLIENT_IP_HEADER = "X-Real-IP"
    real = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.20")
    assert throttle.client_address(real) == "203.0.113.20"


def test_behind_a_proxy_each_client_has_its_own_limit(db, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"address": "127.0.0.1"}
    c = Client()
    for n in range(20):
        attempt(c, f"u{n}", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert attempt(c, "x", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code == 429
    assert attempt(c, "x", HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy).status_code == 200


# --- «Забыли пароль?» ------------------------------------------------------------------------------------------
RESET = "/accounts/password/reset/"
RESET_LINK = re.compile(r"http://[^\s]+(/accounts/password/reset/[^\s/]+/[^\s/]+/)")


def test_reset_end_to_end_and_the_link_works_once(client, person):
    for _ in range(6):
        attempt(client, "ivanova")
    page = client.get(LOGIN).content.decode()
    assert "Забыли пароль?" in page
    response = client.post(RESET, {"email": "Ivanova@School1.ru"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    message = mail.outbox[-1]
    assert message.subject == "Восстановление пароля в портале наставничества" and message.to == ["ivanova@school1.ru"]
    assert "Ваш логин: ivanova" in message.body and "действует 24 ч." in message.body
    path = RESET_LINK.search(message.body).group(1)
    form = client.get(path, follow=True)
    assert "Каким должен быть пароль" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "синий трамвай 2021", "new_password2": "синий трамвай 2021"})
    assert done.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("синий трамвай 2021")
    # The new password opens the way at once: the account's wait is gone.
    assert attempt(Client(), "ivanova", "синий трамвай 2021", address="10.7.7.7").status_code == 302
    again = client.get(path, follow=True)
    assert "Ссылка больше не действует" in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_letter(client, person):
    known = client.post(RESET, {"email": "ivanova@school1.ru"})
    mail.outbox.clear()
    unknown = client.post(RESET, {"email": "nobody@school1.ru"}, REMOTE_ADDR="10.1.1.1")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []


def test_a_switched_off_person_gets_no_reset_letter(client, person):
    person.is_active = False
    person.save()
    client.post(RESET, {"email": "ivanova@school1.ru"})
    assert mail.outbox == []


def test_reset_is_rate_limited(client, person, settings):
    for _ in range(3):
        assert client.post(RESET, {"email": "ivanova@school1.ru"}).status_code == 302
    assert len(mail.outbox) == 3
    assert client.post(RESET, {"email": "ivanova@school1.ru"}).status_code == 302  # same answer, no 4th letter
    assert len(mail.outbox) == 3
    assert client.post(RESET, {"email": "ivanova@school1.ru"}).status_code == 302
    refused = client.post(RESET, {"email": "ivanova@school1.ru"})  # 6th request from this address in an hour
    assert refused.status_code == 429
    assert "Слишком много запросов на восстановление пароля" in refused.content.decode()
    assert 'value="ivanova@school1.ru"' in refused.content.decode()  # what was typed stays


def test_an_invited_person_can_also_use_the_reset(client, org_a):
    invited = UserFactory(username="new@school1.ru", email="new@school1.ru", organisations=[org_a])
    invited.set_unusable_password()
    invited.save()
    client.post(RESET, {"email": "new@school1.ru"})
    assert mail.outbox and mail.outbox[-1].to == ["new@school1.ru"]
