"""Accounts of a district: the users registry, invitations, switching off and on, the organisation's users
block — as a methodist and a school see them."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from salsk_mentoring.forms import OwnRowsInlineFormSet
from schools.accounts import services
from schools.models import Invitation, Membership, User
from tests.factories import UserFactory
from tests.querycount import assert_constant_queries

LINK = re.compile(r"http://[^\s]+/accounts/invitation/[^\s/]+/")


def invite_new(client, org, email="petrova@school1.ru"):
    response = client.post(reverse("schools:user_add"), {
        "last_name": "Петрова", "first_name": "Светлана", "middle_name": "Игоревна", "email": email,
        "phone": "8 (86372) 5-11-22", "position": "заместитель директора", "role": "school", "invite": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-organisation": org.pk, "memberships-0-position": "заместитель директора",
        "memberships-0-is_responsible": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    return User.objects.get(email=email)


def link_from_outbox():
    assert mail.outbox, "письмо не отправлено"
    return LINK.search(mail.outbox[-1].body).group(0)


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """The test's transaction never commits: letters queued «after commit» go at once here (the browser test
    tests/e2e/test_accounts.py sees them leave after a real commit)."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def methodist_client(client, methodist):
    client.force_login(methodist)
    return client


def test_methodist_invites_a_person_who_sets_a_password_once(methodist_client, client, org_a, methodist):
    with_history = invite_new(methodist_client, org_a)
    assert with_history.status == User.Status.INVITED
    assert not with_history.has_usable_password()
    assert list(with_history.organisations.all()) == [org_a]
    assert Membership.objects.unscoped(reason="test").get(user=with_history).is_responsible
    record = with_history.history.first()
    assert record.history_user == methodist and record.history_type == "+"
    message = mail.outbox[-1]
    assert message.to == ["petrova@school1.ru"]
    assert message.subject == "Приглашение в портал наставничества Сальского района"
    assert "Здравствуйте, Светлана Игоревна!" in message.body and "МБОУ СОШ № 1 г. Сальска" in message.body
    assert "действует до" in message.body
    link = link_from_outbox()
    path = link.split("127.0.0.1:8000", 1)[1]

    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Задайте пароль" in page.content.decode()
    weak = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "слишком" in weak.content.decode().lower()
    done = client.post(path, {"new_password1": "зелёный чайник 42", "new_password2": "зелёный чайник 42"})
    assert done.status_code == 302
    person = User.objects.get(pk=with_history.pk)
    assert person.status == User.Status.ACTIVE and person.check_password("зелёный чайник 42")
    assert person.history.first().history_change_reason == "Принято приглашение: задан пароль"

    again = client.get(path)
    assert again.status_code == 410 and "Ссылка уже использована" in again.content.decode()
    reuse = client.post(path, {"new_password1": "другой пароль 77", "new_password2": "другой пароль 77"})
    assert reuse.status_code == 410
    assert User.objects.get(pk=person.pk).check_password("зелёный чайник 42")

    # Sign-in by e-mail (any case) and by username.
    signed = client.post(reverse("login"), {"username": "Petrova@School1.ru", "password": "зелёный чайник 42"})
    assert signed.status_code == 302


def test_expired_and_replaced_links_give_a_clear_page(methodist_client, client, org_a, methodist):
    person = invite_new(methodist_client, org_a)
    first = link_from_outbox().split("8000", 1)[1]
    Invitation.objects.filter(user=person).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    expired = client.get(first)
    assert expired.status_code == 410 and "Срок действия ссылки истёк" in expired.content.decode()
    posted = client.post(first, {"new_password1": "зелёный чайник 42", "new_password2": "зелёный чайник 42"})
    assert posted.status_code == 410 and not User.objects.get(pk=person.pk).has_usable_password()

    client.force_login(methodist)
    resent = client.post(reverse("schools:user_invite", args=[person.pk]))
    assert resent.status_code == 302
    second = link_from_outbox().split("8000", 1)[1]
    assert second != first
    client.logout()
    assert "Ссылка заменена новой" in client.get(first).content.decode() or client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert client.get("/accounts/invitation/not-a-token/").status_code == 404


def test_invitation_days_come_from_settings(settings, methodist, org_a):
    settings.PORTAL_INVITATION_DAYS = 3
    person = UserFactory(username="x@school.ru", email="x@school.ru", organisations=[org_a])
    person.set_unusable_password()
    person.save()
    invitation = services.user_invite(user=person, by=methodist)
    assert timedelta(days=2, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=3)


def test_deactivate_signs_out_and_keeps_history_reactivate_restores(client, methodist, school_a, org_a):
    client.force_login(school_a)
    assert client.get("/dashboard/").status_code == 200
    assert Session.objects.count() == 1
    from django.test import Client

    boss = Client()
    boss.force_login(methodist)
    response = boss.post(reverse("schools:user_deactivate", args=[school_a.pk]))
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert not school_a.is_active and school_a.status == User.Status.DISABLED
    assert not any(s.get_decoded().get("_auth_user_id") == str(school_a.pk) for s in Session.objects.all())
    assert "/accounts/login/" in client.get("/dashboard/").get("Location", "")
    assert school_a.history.first().history_change_reason == "Учётная запись отключена"
    assert school_a.history.first().history_user == methodist
    refused = client.post(reverse("login"), {"username": "school_a", "password": "salsk-demo"})
    assert "Учётная запись отключена" in refused.content.decode()
    assert Membership.objects.unscoped(reason="test").filter(user=school_a).exists()  # memberships stay

    boss.post(reverse("schools:user_reactivate", args=[school_a.pk]))
    school_a.refresh_from_db()
    assert school_a.is_active
    assert client.post(reverse("login"), {"username": "school_a", "password": "salsk-demo"}).status_code == 302


def test_a_methodist_cannot_switch_themselves_off(methodist_client, methodist):
    methodist_client.post(reverse("schools:user_deactivate", args=[methodist.pk]), follow=True)
    methodist.refresh_from_db()
    assert methodist.is_active


def test_school_sees_who_has_access_to_its_organisation(client, school_a, school_b, org_a, org_b):
    colleague = UserFactory(username="colleague", last_name="Соколова", first_name="Нина",
                            organisations=[org_a], email="sokolova@school1.ru")
    client.force_login(school_a)
    page = client.get(org_a.get_absolute_url()).content.decode()
    assert "Пользователи портала" in page and "Соколова Нина" in page
    block = page.split('id="org-users"')[1].split("</section>")[0]
    assert colleague.email in block and school_b.username not in block
    assert "Добавить" not in block  # a school does not manage users
    assert client.get(reverse("schools:user_list")).status_code == 403
    assert client.get(reverse("schools:user_detail", args=[colleague.pk])).status_code == 403
    assert client.get(org_b.get_absolute_url()).status_code == 404


def test_membership_change_is_in_history(methodist_client, methodist, school_a, org_a, org_b):
    membership = Membership.objects.unscoped(reason="test").get(user=school_a)
    response = methodist_client.post(reverse("schools:user_edit", args=[school_a.pk]), {
        "last_name": school_a.last_name, "first_name": school_a.first_name, "middle_name": "",
        "email": "olga@school1.ru", "phone": "", "position": "", "role": "school",
        "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk, "memberships-0-user": school_a.pk,
        "memberships-0-organisation": org_a.pk, "memberships-0-DELETE": "on",
        "memberships-1-organisation": org_b.pk, "memberships-1-position": "учитель",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(User.objects.get(pk=school_a.pk).organisations.all()) == [org_b]
    history = list(Membership.history.filter(user_id=school_a.pk).order_by("history_date", "history_id"))[-2:]
    assert sorted(h.history_type for h in history) == ["+", "-"]
    assert all(h.history_user == methodist for h in history)


def test_a_second_account_with_the_same_email_is_refused(methodist_client, org_a):
    invite_new(methodist_client, org_a, email="same@school1.ru")
    response = methodist_client.post(reverse("schools:user_add"), {
        "last_name": "Другая", "first_name": "Анна", "email": "SAME@school1.ru", "role": "school",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "Пользователь с таким адресом электронной почты уже есть" in response.content.decode()
    assert User.objects.filter(email__iexact="same@school1.ru").count() == 1


def test_invite_responsibles_of_selected_organisations(methodist_client, org_a, org_b):
    people = []
    for n, org in enumerate((org_a, org_a, org_b)):
        user = UserFactory(username=f"r{n}", email=f"r{n}@school.ru", organisations=[org])
        user.set_unusable_password()
        user.save()
        Membership.objects.unscoped(reason="test").filter(user=user).update(is_responsible=n != 1)
        people.append(user)
    mail.outbox.clear()
    response = methodist_client.post(reverse("schools:user_invite_responsibles"), {"organisations": [org_a.pk]})
    assert response.status_code == 200
    assert sorted(m.to[0] for m in mail.outbox) == ["r0@school.ru"]
    empty = methodist_client.post(reverse("schools:user_invite_responsibles"), {})
    assert "Отметьте хотя бы одну организацию" in empty.content.decode()
    methodist_client.post(reverse("schools:user_invite_responsibles"), {"all": "1"})
    assert "r2@school.ru" in [m.to[0] for m in mail.outbox]


def test_users_list_and_filters(methodist_client, school_a, school_b, org_a):
    page = methodist_client.get(reverse("schools:user_list"), {"organisation": org_a.pk})
    html = page.content.decode()
    assert page.status_code == 200 and school_a.last_name in html and "school_b" not in html
    invited = methodist_client.get(reverse("schools:user_list"), {"status": "invited"}).content.decode()
    assert "Найдено: 0" in invited


def test_users_list_query_count_is_constant(methodist_client, org_a):
    def grow():
        for _ in range(5):
            UserFactory(organisations=[org_a])

    assert_constant_queries(methodist_client, reverse("schools:user_list"), grow)
    assert_constant_queries(methodist_client, org_a.get_absolute_url(), grow)


def test_in_development_the_console_shows_the_invitation_link(settings, capsys, methodist, org_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    person = UserFactory(username="dev@school1.ru", email="dev@school1.ru", organisations=[org_a])
    person.set_unusable_password()
    person.save()
    services.user_invite(user=person, by=methodist)
    printed = capsys.readouterr().out
    assert "задайте пароль по ссылке:\nhttp://127.0.0.1:8000/accounts/invitation/" in printed


def test_a_membership_without_position_takes_the_persons(methodist_client, org_a):
    person = invite_new(methodist_client, org_a, email="pos@school1.ru")
    response = methodist_client.post(reverse("schools:user_edit", args=[person.pk]), {
        "last_name": "Петрова", "first_name": "Светлана", "middle_name": "", "email": "pos@school1.ru",
        "phone": "", "position": "учитель-логопед", "role": "school",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": person.memberships.get().pk, "memberships-0-user": person.pk,
        "memberships-0-organisation": org_a.pk, "memberships-0-position": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert person.memberships.get().position == "учитель-логопед"


def test_a_membership_key_of_another_person_is_refused(methodist_client, school_a, school_b, org_a):
    """The formset's hidden row key chooses among the edited person's memberships only (OwnRowsInlineFormSet):
    a forged key of someone else's membership is an error on the form, not looked up across the district."""
    theirs = Membership.objects.unscoped(reason="test").get(user=school_b)
    response = methodist_client.post(reverse("schools:user_edit", args=[school_a.pk]), {
        "last_name": school_a.last_name, "first_name": school_a.first_name, "middle_name": "",
        "email": "olga@school1.ru", "phone": "", "position": "", "role": "school",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": theirs.pk, "memberships-0-user": school_a.pk,
        "memberships-0-organisation": org_a.pk, "memberships-0-position": "директор",
    })
    assert response.status_code == 200
    assert response.context["formset"].errors == [{
        "id": ["Выберите корректный вариант. Вашего варианта нет среди допустимых значений."],
        "__all__": [OwnRowsInlineFormSet.stale_row_message],
    }]
    # The key is a hidden field: its error is told on the row, where the user sees it.
    assert OwnRowsInlineFormSet.stale_row_message in response.content.decode()
    assert Membership.objects.unscoped(reason="test").get(pk=theirs.pk).position == theirs.position
