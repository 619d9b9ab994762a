"""Accounts in the browser: the methodist invites a new school user; the person follows the link from the
e-mail, sets a password, signs in and sees only their organisation; the link works once; a password reset
works end to end. Screenshots in artifacts/e2e/accounts-*.png (the registry, the organisation's users block,
the invitation e-mail, the set-password page)."""

import re

import pytest
from django.core import mail

from schools.models import Organisation

from .conftest import ARTIFACTS, Walk

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://\S+?(/accounts/(?:invitation|password/reset)/\S+/)")


def letter_link(message) -> str:
    return LINK.search(message.body).group(1)


def show_letter(w: Walk, message, name):
    """The e-mail as the person reads it (subject, addresses, text), screenshot for a look."""
    from django.utils.html import escape

    page = w.context.new_page()  # a page of its own: the portal's pages keep their console checks
    page.set_content(
        "<html lang='ru'><body style='font-family: sans-serif; max-width: 760px; margin: 24px'>"
        f"<p><b>Тема:</b> {escape(message.subject)}<br><b>Кому:</b> {escape(', '.join(message.to))}<br>"
        f"<b>От:</b> {escape(message.from_email)}</p><hr><pre style='white-space: pre-wrap; font-size: 15px'>"
        f"{escape(message.body)}</pre></body></html>"
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.close()


def test_invitation_sign_in_and_password_reset(walk, browser, live_server):
    school = Organisation.objects.get(short_name="МБОУ СОШ № 1 г. Сальска")
    other = Organisation.objects.get(short_name="МБОУ СОШ № 2 г. Сальска")
    boss = walk("accounts-methodist")
    boss.login("methodist")
    boss.visit("/users/", expect_text="Пользователи")
    boss.page.screenshot(path=str(ARTIFACTS / "accounts-registry.png"), full_page=True)
    boss.visit(f"/organisations/{school.pk}/", expect_text="Пользователи портала")
    boss.page.locator("#org-users").screenshot(path=str(ARTIFACTS / "accounts-org-users-block.png"))
    boss.visit("/users/invite-responsibles/", expect_text="Пригласить ответственных организаций")
    boss.visit(f"/organisations/{school.pk}/")

    # The methodist adds a person from the organisation's card and sends the invitation.
    boss.page.locator("#org-users").get_by_role("link", name="Добавить").click()
    boss.page.fill("#id_last_name", "Литвинова")
    boss.page.fill("#id_first_name", "Елена")
    boss.page.fill("#id_middle_name", "Андреевна")
    boss.page.fill("#id_email", "litvinova@school1.example.org")
    boss.page.fill("#id_phone", "8 (86372) 5-12-34")
    boss.page.fill("#id_position", "педагог-психолог")
    boss.page.select_option("#id_role", "school")
    assert boss.page.locator("#id_memberships-0-organisation").input_value() == str(school.pk)
    boss.check("new user form")
    mail.outbox.clear()
    boss.page.get_by_role("button", name="Сохранить").click()
    boss.page.wait_for_url(re.compile(r"/users/\d+/$"))
    assert "Приглашение отправлено на litvinova@school1.example.org" in boss.page.content()
    assert "приглашён" in boss.page.content()
    boss.check("user card after invitation")
    boss.page.screenshot(path=str(ARTIFACTS / "accounts-user-card.png"), full_page=True)

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["litvinova@school1.example.org"] and "Елена Андреевна" in letter.body
    link = letter_link(letter)
    show_letter(boss, letter, "accounts-invitation-email")

    # The person follows the link in a browser of their own.
    person = walk("accounts-invited")
    person.visit(link, expect_text="Задайте пароль")
    person.page.screenshot(path=str(ARTIFACTS / "accounts-set-password.png"), full_page=True)
    person.page.fill("#id_new_password1", "12345678")
    person.page.fill("#id_new_password2", "12345678")
    person.page.get_by_role("button", name="Задать пароль").click()
    assert "слишком" in person.page.content()  # Django's validators, in Russian
    person.check("weak password refused")
    person.page.fill("#id_new_password1", "тёплый ветер над Салом")
    person.page.fill("#id_new_password2", "тёплый ветер над Салом")
    person.page.get_by_role("button", name="Задать пароль").click()
    person.page.wait_for_url(re.compile(r"/accounts/login/"))
    assert person.page.input_value("#id_username") == "litvinova@school1.example.org"
    person.page.fill("#id_password", "тёплый ветер над Салом")
    person.page.get_by_role("button", name="Войти").click()
    person.page.wait_for_url(person.base + "/dashboard/")
    person.check("dashboard of the invited person")
    person.visit("/organisations/", expect_text="МБОУ СОШ № 1 г. Сальска")
    assert "МБОУ СОШ № 2 г. Сальска" not in person.page.content()
    person.visit(f"/organisations/{other.pk}/", status=404)
    person.visit(f"/organisations/{school.pk}/", expect_text="Литвинова Елена Андреевна")
    person.visit("/users/", status=403)

    # The link works once.
    again = walk("accounts-link-again")
    again.visit(link, expect_text="Ссылка уже использована", status=410)

    # Someone guessing the password: after 5 failures the page explains the wait and the way back in.
    guesser = walk("accounts-guesser")
    for _ in range(6):
        guesser.page.goto(guesser.base + "/accounts/login/")
        guesser.page.fill("#id_username", "litvinova@school1.example.org")
        guesser.page.fill("#id_password", "не тот пароль")
        guesser.page.get_by_role("button", name="Войти").click()
    assert "Вход временно приостановлен" in guesser.page.content()
    guesser.console_errors = [e for e in guesser.console_errors if "status of 429" not in e]
    guesser.check("lock-out explained")
    guesser.page.screenshot(path=str(ARTIFACTS / "accounts-locked-out.png"), full_page=True)

    # «Забыли пароль?» end to end (and the way back in after the lock-out).
    lost = walk("accounts-reset")
    lost.visit("/accounts/login/", expect_text="Забыли пароль?")
    lost.page.get_by_role("link", name="Забыли пароль?").click()
    mail.outbox.clear()
    lost.page.fill("#id_email", "nobody@nowhere.example.org")
    lost.page.get_by_role("button", name="Прислать ссылку").click()
    lost.page.wait_for_url(re.compile(r"/reset/sent/"))
    unknown_answer = lost.page.locator("main").inner_text() if lost.page.locator("main").count() else ""
    assert mail.outbox == []
    lost.visit("/accounts/password/reset/")
    lost.page.fill("#id_email", "Litvinova@school1.example.org")
    lost.page.get_by_role("button", name="Прислать ссылку").click()
    lost.page.wait_for_url(re.compile(r"/reset/sent/"))
    known_answer = lost.page.locator("main").inner_text() if lost.page.locator("main").count() else ""
    assert known_answer == unknown_answer  # the same answer whether the address is known or not
    assert len(mail.outbox) == 1
    show_letter(lost, mail.outbox[0], "accounts-reset-email")
    reset_link = letter_link(mail.outbox[0])
    lost.visit(reset_link, expect_text="Новый пароль")
    lost.page.fill("#id_new_password1", "синий трамвай в Сальске")
    lost.page.fill("#id_new_password2", "синий трамвай в Сальске")
    lost.page.get_by_role("button", name="Сохранить пароль").click()
    lost.page.wait_for_url(re.compile(r"/reset/done/"))
    lost.check("password changed")
    lost.visit(reset_link, expect_text="Ссылка больше не действует")
    lost.visit("/accounts/login/")
    lost.page.fill("#id_username", "litvinova@school1.example.org")
    lost.page.fill("#id_password", "синий трамвай в Сальске")
    lost.page.get_by_role("button", name="Войти").click()
    lost.page.wait_for_url(lost.base + "/dashboard/")
