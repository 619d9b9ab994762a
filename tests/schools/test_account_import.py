"""Accounts from XLSX through the project's import flow: check, preview, all-or-nothing; a known e-mail adds a
membership; bad rows are named by row and column and nothing is written."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools.accounts.importer import AccountImporter
from schools.models import Invitation, Membership, User
from tests.factories import OrganisationFactory, UserFactory
from tests.mentors.xlsx import upload, xlsx_bytes

HEADERS = ["ФИО", "Электронная почта", "Организация", "Роль", "Должность", "Телефон"]


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def run(user, rows, dry_run=False):
    return AccountImporter(user).run(upload(xlsx_bytes(HEADERS, rows)), dry_run=dry_run)


def counts():
    return User.objects.count(), Membership.objects.unscoped(reason="test").count(), Invitation.objects.count()


def test_new_people_get_accounts_memberships_and_invitations(methodist, org_a, org_b):
    existing = UserFactory(username="old", email="Kuznetsova@school2.ru", organisations=[org_b])
    result = run(methodist, [
        ("Петрова Светлана Игоревна", "petrova@school1.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", "завуч", "5-11-22"),
        ("Сидоров Павел", "sidorov@uo.ru", None, "просмотр", "специалист УО", None),
        ("Кузнецова Анна Петровна", "kuznetsova@school2.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", "учитель", None),
    ])
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated) == (2, 1)
    petrova = User.objects.get(email="petrova@school1.ru")
    assert (petrova.last_name, petrova.first_name, petrova.middle_name) == ("Петрова", "Светлана", "Игоревна")
    assert petrova.status == User.Status.INVITED and petrova.username == "petrova@school1.ru"
    assert list(petrova.organisations.all()) == [org_a] and petrova.phone == "5-11-22"
    assert User.objects.get(email="sidorov@uo.ru").role == User.Role.OFFICIAL
    # The known e-mail (in another case) got a second organisation, not a second account.
    assert User.objects.filter(email__iexact="kuznetsova@school2.ru").count() == 1
    assert set(existing.organisations.all()) == {org_a, org_b}
    assert sorted(m.to[0] for m in mail.outbox) == ["petrova@school1.ru", "sidorov@uo.ru"]
    record = petrova.history.first()
    assert record.history_user == methodist and record.history_change_reason == "Импорт учётных записей из XLSX"


def test_duplicate_emails_in_the_file_are_refused_and_nothing_is_written(methodist, org_a):
    before = counts()
    result = run(methodist, [
        ("Петрова Светлана", "petrova@school1.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", None, None),
        ("Петрова С.", "Petrova@School1.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", None, None),
    ])
    assert [str(e) for e in result.errors] == [
        "Строка 3, столбец «Электронная почта»: «petrova@school1.ru» уже встречается в строке 2 этого файла."
    ]
    assert counts() == before and mail.outbox == []


def test_unknown_organisation_is_named_by_row_and_column_with_a_suggestion(methodist, org_a):
    OrganisationFactory(short_name="МБОУ СОШ № 5 г. Сальска")
    before = counts()
    result = run(methodist, [
        ("Петрова Светлана", "petrova@school1.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", None, None),
        ("Орлова Инна", "orlova@school5.ru", "МБОУ СШ № 5 г. Сальска", "ОО", None, None),
        ("Белова Ольга", "belova@school1.ru", None, "ОО", None, None),
        ("Белова", "belova2@school1.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", None, None),
        ("Белова Ольга", "belova3@school1.ru", "МБОУ СОШ № 1 г. Сальска", "директор", None, None),
    ])
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith(
        "Строка 3, столбец «Организация»: организация «МБОУ СШ № 5 г. Сальска» не найдена в реестре организаций."
    )
    assert "Возможно, вы имели в виду" in messages[0]
    assert "Строка 4, столбец «Организация»: для роли «ОО» укажите организацию." in messages
    assert "Строка 5, столбец «ФИО»: «Белова» — укажите фамилию, имя и отчество через пробел." in messages
    assert any(m.startswith("Строка 6, столбец «Роль»: «директор» — нет такого значения.") for m in messages)
    with pytest.raises(ValidationError):
        AccountImporter(methodist).commit(result)
    assert counts() == before and mail.outbox == []


def test_the_import_page_previews_then_writes(client, methodist, org_a):
    client.force_login(methodist)
    url = reverse("schools:user_import")
    template = client.get(url + "template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    content = xlsx_bytes(HEADERS, [("Петрова Светлана", "petrova@school1.ru", "МБОУ СОШ № 1 г. Сальска", "ОО", "", "")])
    preview = client.post(url, {"file": upload(content)})
    html = preview.content.decode()
    assert preview.status_code == 200 and "petrova@school1.ru" in html
    assert not User.objects.filter(email="petrova@school1.ru").exists()  # the preview writes nothing
    done = client.post(url, {"token": preview.context["token"]})
    assert done.status_code == 302 and done["Location"] == reverse("schools:user_list")
    assert User.objects.get(email="petrova@school1.ru").status == User.Status.INVITED


def test_a_school_user_cannot_import_accounts(client, school_a):
    client.force_login(school_a)
    assert client.get(reverse("schools:user_import")).status_code == 403
    assert client.post(reverse("schools:user_import"), {}).status_code == 403
