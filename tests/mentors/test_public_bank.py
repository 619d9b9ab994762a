"""The public mentor bank shows nothing a mentor did not allow (152-ФЗ, art. 10.1)."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from mentors.models import MentorBankEntry
from tests.factories import OrganisationFactory, TeacherFactory
from tests.querycount import assert_constant_queries

from .factories import MentorBankEntryFactory, PublicationConsentFactory
from .matrix import PNG

pytestmark = pytest.mark.django_db

SECRET = {
    "org": "МБОУ Тайная школа № 77",
    "position": "учитель-уникум",
    "subjects": "астрономия-уникум",
    "email": "secret-mail@example.org",
    "phone": "+7 999 111-22-33",
}
ALL_OFF = dict(
    publish_name=False,
    publish_organisation=False,
    publish_position=False,
    publish_subjects=False,
    publish_photo=False,
    publish_contacts=False,
)


@pytest.fixture
def mentor(year):
    org = OrganisationFactory(short_name=SECRET["org"])
    teacher = TeacherFactory(
        organisation=org,
        last_name="Засекреченная",
        first_name="Ольга",
        middle_name="Игоревна",
        position=SECRET["position"],
        subjects=SECRET["subjects"],
        email=SECRET["email"],
        phone=SECRET["phone"],
    )
    entry = MentorBankEntryFactory(teacher=teacher, year=year, competencies="Методика открытого урока")
    entry.photo.save("p.png", ContentFile(PNG), save=True)
    return entry


def public_texts(client, entry):
    """Everything an anonymous visitor can get about the bank: list, card, export."""
    client.logout()
    texts = [
        client.get(reverse("mentors:public_bank")).content.decode(),
        client.get(reverse("mentors:public_bank"), {"competency": "открытого"}).content.decode(),
    ]
    card = client.get(reverse("mentors:public_card", args=[entry.pk]))
    texts.append(card.content.decode() if card.status_code == 200 else "")
    export = client.get(reverse("mentors:public_bank"), {"_export": "xlsx"})
    wb = load_workbook(io.BytesIO(export.content))
    texts.append("\n".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value is not None))
    return texts


@pytest.mark.parametrize(
    ("allowed", "visible", "hidden"),
    [
        (
            {"publish_name": True},
            ["Засекреченная Ольга Игоревна"],
            ["org", "position", "subjects", "email", "phone"],
        ),
        ({"publish_organisation": True}, [SECRET["org"]], ["name", "position", "subjects", "email", "phone"]),
        (
            {"publish_subjects": True, "publish_position": True},
            [SECRET["subjects"], SECRET["position"]],
            ["name", "org", "email", "phone"],
        ),
        (
            {"publish_contacts": True},
            [SECRET["email"], SECRET["phone"]],
            ["name", "org", "position", "subjects"],
        ),
        ({}, ["Методика открытого урока"], ["name", "org", "position", "subjects", "email", "phone"]),
    ],
)
def test_only_allowed_fields_reach_any_public_page(client, mentor, allowed, visible, hidden):
    PublicationConsentFactory(entry=mentor, **{**ALL_OFF, **allowed})
    secret = {**SECRET, "name": "Засекреченная"}
    texts = public_texts(client, mentor)
    for text in texts[2:]:  # the card page and the export show every allowed field
        for value in visible:
            assert value in text
    for text in texts:  # no page shows a field that was not allowed
        for key in hidden:
            assert secret[key] not in text, key
    assert "Методика открытого урока" in texts[0]


def test_photo_needs_photo_and_image_consent(client, mentor):
    consent = PublicationConsentFactory(entry=mentor, **{**ALL_OFF, "publish_name": True})
    photo_url = reverse("mentors:public_photo", args=[mentor.pk])
    assert client.get(photo_url).status_code == 404
    assert photo_url not in client.get(reverse("mentors:public_card", args=[mentor.pk])).content.decode()
    consent.publish_photo = consent.image_consent = True
    consent.save()
    response = client.get(photo_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert photo_url in client.get(reverse("mentors:public_bank")).content.decode()


@pytest.mark.parametrize("change", ["withdrawn", "expired", "not_yet", "proposed", "excluded", "no_consent"])
def test_card_disappears_without_valid_consent_or_inclusion(client, mentor, change):
    today = datetime.date.today()
    consent = PublicationConsentFactory(entry=mentor, publish_photo=True, image_consent=True)
    assert client.get(reverse("mentors:public_card", args=[mentor.pk])).status_code == 200
    if change == "withdrawn":
        consent.withdrawn_on = today
        consent.save()
    elif change == "expired":
        consent.given_on, consent.valid_until = (
            today - datetime.timedelta(days=400),
            today - datetime.timedelta(days=1),
        )
        consent.save()
    elif change == "not_yet":
        consent.given_on = today + datetime.timedelta(days=1)
        consent.save()
    elif change == "proposed":
        MentorBankEntry.objects.filter(pk=mentor.pk).update(status=MentorBankEntry.Status.PROPOSED)
    elif change == "excluded":
        MentorBankEntry.objects.filter(pk=mentor.pk).update(status=MentorBankEntry.Status.EXCLUDED)
    else:
        consent.delete()
    assert client.get(reverse("mentors:public_card", args=[mentor.pk])).status_code == 404
    assert client.get(reverse("mentors:public_photo", args=[mentor.pk])).status_code == 404
    for text in public_texts(client, mentor):
        assert "Засекреченная" not in text and "открытого урока" not in text


def test_withdrawal_in_the_browser_hides_card_at_once(client_for, mentor, org_a):
    consent = PublicationConsentFactory(entry=mentor)
    card_url = reverse("mentors:public_card", args=[mentor.pk])
    assert client_for("anonymous").get(card_url).status_code == 200
    response = client_for("methodist").post(reverse("mentors:publicationconsent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date.today()
    assert client_for("anonymous").get(card_url).status_code == 404


def test_search_uses_allowed_fields_only(client, mentor):
    PublicationConsentFactory(entry=mentor, **{**ALL_OFF, "publish_name": True})
    url = reverse("mentors:public_bank")
    assert "Засекреченная" in client.get(url, {"competency": "открытого"}).content.decode()
    # organisation and subjects are not published: searching by them must not single the mentor out
    assert "Засекреченная" not in client.get(url, {"organisation": "Тайная"}).content.decode()
    assert "Засекреченная" not in client.get(url, {"subject": "астрономия"}).content.decode()


def test_search_by_published_subject_and_organisation(client, mentor):
    allowed = {"publish_name": True, "publish_organisation": True, "publish_subjects": True}
    PublicationConsentFactory(entry=mentor, **{**ALL_OFF, **allowed})
    url = reverse("mentors:public_bank")
    assert (
        "Засекреченная"
        in client.get(url, {"organisation": "Тайная", "subject": "астрономия"}).content.decode()
    )
    assert "Засекреченная" not in client.get(url, {"subject": "химия"}).content.decode()


def test_other_years_and_consentless_mentors_are_not_listed(client, mentor, year):
    MentorBankEntryFactory(teacher__last_name="Безсогласия", year=year)
    text = client.get(reverse("mentors:public_bank")).content.decode()
    assert "Безсогласия" not in text


def test_public_bank_queries_do_not_grow(client, year):
    def grow():
        entry = MentorBankEntryFactory(year=year)
        PublicationConsentFactory(entry=entry)

    grow()
    assert_constant_queries(client, reverse("mentors:public_bank"), grow)


def test_the_newest_consent_in_force_decides(client, mentor):
    """An older consent that allowed more does not widen a newer, narrower one (search included)."""
    today = datetime.date.today()
    PublicationConsentFactory(
        entry=mentor,
        **{**ALL_OFF, "publish_name": True, "publish_subjects": True},
        given_on=today - datetime.timedelta(days=100),
    )
    PublicationConsentFactory(
        entry=mentor, **{**ALL_OFF, "publish_name": True}, given_on=today - datetime.timedelta(days=10)
    )
    url = reverse("mentors:public_bank")
    assert "Засекреченная" not in client.get(url, {"subject": "астрономия"}).content.decode()
    for text in public_texts(client, mentor):
        assert SECRET["subjects"] not in text


def test_hidden_names_are_not_sorted_by_name(client, year):
    named = MentorBankEntryFactory(year=year, teacher__last_name="Яковлева")
    PublicationConsentFactory(entry=named)
    hidden = MentorBankEntryFactory(year=year, teacher__last_name="Абрамова")
    PublicationConsentFactory(entry=hidden, **{**ALL_OFF})
    text = client.get(reverse("mentors:public_bank")).content.decode()
    assert "Абрамова" not in text
    assert text.index("Яковлева") < text.index(f"Наставник № {hidden.pk}")


def test_one_card_per_mentor_whatever_the_number_of_consents(client, mentor):
    """The list joins the consents: a mentor with several (older, withdrawn, same day) is listed once, under
    the newest one in force; a withdrawn newer consent gives the card back to the older one in force."""
    from mentors.public import public_entries

    today = datetime.date.today()
    older = PublicationConsentFactory(
        entry=mentor, **{**ALL_OFF, "publish_name": True}, given_on=today - datetime.timedelta(days=30)
    )
    same_day = PublicationConsentFactory(
        entry=mentor, **{**ALL_OFF, "publish_name": True}, given_on=today - datetime.timedelta(days=30)
    )
    withdrawn = PublicationConsentFactory(
        entry=mentor, given_on=today - datetime.timedelta(days=5), withdrawn_on=today
    )
    entries = [e for e in public_entries() if e.pk == mentor.pk]
    assert len(entries) == 1 and entries[0].public_consent_id == max(older.pk, same_day.pk) != withdrawn.pk
    card_url = reverse("mentors:public_card", args=[mentor.pk])
    assert client.get(reverse("mentors:public_bank")).content.decode().count(f'href="{card_url}"') == 1


def test_a_signed_in_users_big_export_is_a_job_with_the_same_file(client, client_for, mentor, monkeypatch):
    """Above a registry list's XLSX limit a signed-in user gets the job page at once and the same workbook from
    it (a visitor without an account gets a public job: tests/mentors/test_public_bank_jobs.py)."""
    from salsk_mentoring.models import Job
    from salsk_mentoring.views import RegistryListView

    PublicationConsentFactory(entry=mentor, publish_name=True)
    client.logout()
    direct = client.get(reverse("mentors:public_bank"), {"_export": "xlsx"})  # below the limit: the file
    assert direct.status_code == 200
    monkeypatch.setattr(RegistryListView, "sync_export_rows", {"pdf": 0, "xlsx": 0})
    methodist = client_for("methodist")
    response = methodist.get(reverse("mentors:public_bank"), {"_export": "xlsx"})
    job = Job.objects.get(title="Публичный банк наставников: выгрузка XLSX")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.result_name.endswith(".xlsx")
    from_job = b"".join(methodist.get(f"/jobs/{job.pk}/download/").streaming_content)

    def cells(content):
        return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=5)]

    assert cells(from_job) == cells(direct.content)
    assert ["Засекреченная Ольга Игоревна"] == [row[0] for row in cells(from_job)[1:]]


def test_the_public_bank_and_the_registry_bank_download_under_different_names(client, client_for, mentor):
    """Both are «the mentor bank»: the visitors' XLSX and the methodists' Appendix 7 list downloaded the same day
    must not collide in a downloads folder. Each is named by its own title and the date, the one mechanism of
    list exports (the registry's PDF and XLSX share their name)."""
    from urllib.parse import unquote

    from django.utils import timezone

    def name(response):
        assert response.status_code == 200
        return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])

    PublicationConsentFactory(entry=mentor, publish_name=True)
    today = f"{timezone.localdate():%d.%m.%Y}"
    client.logout()
    public = client.get(reverse("mentors:public_bank"), {"_export": "xlsx"})
    assert name(public) == f"Публичный банк наставников {today}.xlsx"
    assert load_workbook(io.BytesIO(public.content)).active["A1"].value == "Публичный банк наставников"
    methodist = client_for("methodist")
    registry_xlsx = name(methodist.get(reverse("mentors:mentorbankentry_list"), {"_export": "xlsx"}))
    registry_pdf = name(methodist.get(reverse("mentors:mentorbankentry_list"), {"_export": "pdf"}))
    assert registry_xlsx == f"Банк наставников {today}.xlsx" and registry_pdf == f"Банк наставников {today}.pdf"
