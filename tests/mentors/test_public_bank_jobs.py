"""A visitor without an account asking for a big public bank XLSX gets a job page at once, not a file built in the
request (issue 16, item 7): a public job (salsk_mentoring.jobs, ``user=None``) that identical requests share and
that only the sessions which asked for it can open."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mentors.public import PUBLIC_HEADERS, PublicQuery
from salsk_mentoring import jobs
from salsk_mentoring.jobs import start_job
from salsk_mentoring.models import Job
from salsk_mentoring.views import RegistryListView
from tests.factories import TeacherFactory

from .factories import MentorBankEntryFactory, PublicationConsentFactory

pytestmark = pytest.mark.django_db

EXPORT = {"_export": "xlsx"}
#: The worker has not taken the job yet: it stays «В очереди», as under a burst on a server.
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def cards(year):
    for name in ("Яковлева", "Абрамова"):
        entry = MentorBankEntryFactory(year=year, teacher=TeacherFactory(last_name=name, email=f"{name}@x.ru"))
        PublicationConsentFactory(entry=entry, publish_name=True, publish_contacts=False)


@pytest.fixture
def big(monkeypatch):
    """Two cards are «many»: above the limit without creating a thousand rows."""
    monkeypatch.setattr(RegistryListView, "sync_export_rows", {"pdf": 1, "xlsx": 1})


@pytest.fixture
def queued(settings):
    settings.TASKS = QUEUED_ONLY


def bank_url():
    return reverse("mentors:public_bank")


def public_jobs():
    return Job.objects.unscoped(reason="test").filter(user=None)


def download(client, job):
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def cells(content):
    """The table from its header row down (the title block above it says the minute it was made)."""
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]
    return rows[[row[0] for row in rows].index(PUBLIC_HEADERS[0]):]


def test_a_visitors_big_export_is_a_job_page_and_the_same_workbook(client, cards, monkeypatch):
    small = client.get(bank_url(), EXPORT)  # below the limit: the file in the request, as before
    assert small.status_code == 200 and not public_jobs().exists()
    monkeypatch.setattr(RegistryListView, "sync_export_rows", {"pdf": 1, "xlsx": 1})

    response = client.get(bank_url(), EXPORT)
    job = public_jobs().get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.result_name.endswith(".xlsx")  # the immediate backend ran it
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Скачать" in page and reverse("job_download", args=[job.pk]) in page
    assert "Мои документы" not in page  # a signed-in user's page

    content = download(client, job)
    assert cells(content) == cells(small.content)
    sheet = load_workbook(io.BytesIO(content)).active
    header = next(r for r in sheet.iter_rows() if r[0].value == PUBLIC_HEADERS[0])
    assert [c.value for c in header] == PUBLIC_HEADERS
    names = [r[0] for r in sheet.iter_rows(min_row=header[0].row + 1)]
    assert sorted(c.value.split()[0] for c in names) == ["Абрамова", "Яковлева"]
    assert {c.data_type for c in names} == {"s"} and sheet.freeze_panes and sheet.auto_filter.ref


def test_only_the_session_that_asked_opens_the_job(client, cards, big, client_for):
    client.get(bank_url(), EXPORT)
    job = public_jobs().get()
    page, file = job.get_absolute_url(), reverse("job_download", args=[job.pk])
    assert client.get(page).status_code == client.get(file).status_code == 200

    stranger = Client()  # another browser, or a guessed address
    assert stranger.get(page).status_code == stranger.get(file).status_code == 404
    methodist = client_for("methodist")  # a signed-in user, even one who sees everything
    assert methodist.get(page).status_code == methodist.get(file).status_code == 404
    assert job.pk not in {j.pk for j in methodist.get(reverse("job_list")).context["jobs"]}


def test_a_visitor_who_signs_in_keeps_the_job_another_user_does_not_see(client, cards, big, personas):
    client.get(bank_url(), EXPORT)
    job = public_jobs().get()
    client.force_login(personas["school_a"])  # login keeps the session's data (the key is cycled)
    assert client.get(job.get_absolute_url()).status_code == 200
    client.logout()  # a logout flushes the session: the job is no longer this browser's
    assert client.get(job.get_absolute_url()).status_code == 404


def test_identical_requests_of_many_visitors_make_one_job(cards, big, queued):
    visitors = [Client() for _ in range(5)]
    answers = [v.get(bank_url(), {"competency": "", **EXPORT}) for v in visitors[:3]]
    answers += [v.get(f"{bank_url()}?_export=xlsx") for v in visitors[3:]]  # the same query, written otherwise
    job = public_jobs().get()
    assert job.status == Job.Status.QUEUED
    assert {a.status_code for a in answers} == {302} and {a["Location"] for a in answers} == {job.get_absolute_url()}
    for visitor in visitors:  # each one's session was let in; the page waits for the worker
        page = visitor.get(job.get_absolute_url()).content.decode()
        assert 'http-equiv="refresh"' in page and "только в браузере, из которого их запросили" in page


def test_a_signed_in_users_job_and_a_public_one_are_apart(client, cards, big, queued, client_for):
    client.get(bank_url(), EXPORT)
    methodist = client_for("methodist")
    mine = methodist.get(bank_url(), EXPORT)["Location"]
    job = Job.objects.unscoped(reason="test").get(user__username="methodist")
    assert mine == job.get_absolute_url() and public_jobs().count() == 1


def test_the_database_refuses_a_second_active_public_job(cards, queued, monkeypatch):
    """The race: two visitors looked, found nothing, and insert — the partial unique index on public jobs lets
    one win, the other answers with the winner's job."""
    arguments = {"title": "Банк", "function": "mentors.views.public_bank.public_bank_job", "query": {"subject": ""}}
    first = start_job(user=None, **arguments)
    monkeypatch.setattr(jobs, "active_job", lambda *args: None)
    assert start_job(user=None, **arguments).pk == first.pk
    assert public_jobs().count() == 1


def test_the_anonymous_export_request_runs_a_fixed_number_of_queries(year, cards, big, queued,
                                                                      django_assert_num_queries):
    # the view looks for the job on its way (none), reads the year and counts the cards; start_job looks again,
    # fails a stale one, counts the public jobs on their way, inserts the job in a savepoint and reads it back;
    # the new session: look, insert (savepoint)
    with django_assert_num_queries(14):
        assert Client().get(bank_url(), EXPORT).status_code == 302
    with django_assert_num_queries(5):  # the job already on its way: found, no counting; the session created
        assert Client().get(bank_url(), EXPORT).status_code == 302
    public_jobs().update(status=Job.Status.DONE)  # finished: the next request makes a new one
    for _ in range(3):
        PublicationConsentFactory(entry=MentorBankEntryFactory(year=year))
    with django_assert_num_queries(14):
        assert Client().get(bank_url(), EXPORT).status_code == 302
    assert public_jobs().count() == 2


def test_visitors_cannot_fill_the_queue_but_can_always_join(cards, big, queued, settings, client_for):
    """PUBLIC_JOBS_ACTIVE public jobs on their way: a new different query waits (503, «in a minute»), the same
    query joins the job on its way, a signed-in user's job is not counted nor refused."""
    settings.PUBLIC_JOBS_ACTIVE = 1
    assert Client().get(bank_url(), EXPORT).status_code == 302
    assert Client().get(bank_url(), EXPORT).status_code == 302  # the same: joins
    busy = Client().get(bank_url(), {"competency": "математики", **EXPORT})
    assert busy.status_code == 503 and busy["Retry-After"] == "60"
    assert "Попробуйте через минуту" in busy.content.decode() and public_jobs().count() == 1
    assert client_for("methodist").get(bank_url(), {"competency": "математики", **EXPORT}).status_code == 302
    public_jobs().update(status=Job.Status.DONE)
    assert Client().get(bank_url(), {"competency": "математики", **EXPORT}).status_code == 302


def back_link(page: str) -> tuple[str, str]:
    """The job page's link back to where the job was asked for: (address, text)."""
    import html
    import re

    match = re.search(r'<a href="([^"]*)">← ([^<]*)</a>', page)
    assert match, "no link back on the job page"
    return html.unescape(match[1]), match[2]


def test_the_job_page_leads_back_to_the_bank_with_the_same_filters(client, cards, big, client_for):
    filters = {"competency": "методика урока", "subject": "математика"}
    job_page = client.get(bank_url(), {**filters, **EXPORT}, follow=True)
    address, text = back_link(job_page.content.decode())
    assert text == "Вернуться в банк наставников"
    assert address.startswith(f"{bank_url()}?") and "_export" not in address
    bank = client.get(address)  # the bank as the visitor left it: the same search in the form
    assert bank.status_code == 200 and bank.context["q"] == PublicQuery(**filters, organisation="")

    # the same for a signed-in user's own job, next to «Мои документы»
    page = client_for("methodist").get(bank_url(), {**filters, **EXPORT}, follow=True).content.decode()
    assert back_link(page) == (address, text) and "Мои документы" in page


@pytest.fixture
def chemists(year, org_a):
    for name, subjects in (("Яковлева", "Химия, биология"), ("Абрамова", "химия"), ("Борисова", "физика")):
        teacher = TeacherFactory(last_name=name, subjects=subjects, organisation=org_a)
        PublicationConsentFactory(entry=MentorBankEntryFactory(year=year, teacher=teacher), publish_name=True)


def test_queries_the_search_reads_alike_share_one_job_and_one_workbook(chemists, settings, monkeypatch):
    """The search ignores case (on SQLite too, where LIKE ignores it for Latin letters only) and reads an
    organisation's name by its key: «Химия …» and «химия …» find the same cards, so they are one public job."""
    spellings = [
        {"subject": "Химия", "organisation": "СОШ № 1 г. Сальска", "competency": "Методика урока"},
        {"subject": "химия", "organisation": "сош №1 г.Сальска", "competency": "методика  урока"},
        {"subject": "ХИМИЯ", "organisation": "СОШ N1 г. Сальска", "competency": "МЕТОДИКА УРОКА"},
    ]
    monkeypatch.setattr(RegistryListView, "sync_export_rows", {"pdf": 300, "xlsx": 1000})
    alone = [cells(Client().get(bank_url(), {**query, **EXPORT}).content) for query in spellings]  # in the request
    assert alone[0] == alone[1] == alone[2]  # what the file shows does not depend on the spelling
    assert sorted(row[0].split()[0] for row in alone[0][1:]) == ["Абрамова", "Яковлева"]

    monkeypatch.setattr(RegistryListView, "sync_export_rows", {"pdf": 1, "xlsx": 1})
    settings.TASKS = QUEUED_ONLY
    answers = [Client().get(bank_url(), {**query, **EXPORT}) for query in spellings]
    job = public_jobs().get()
    assert job.status == Job.Status.QUEUED and {a["Location"] for a in answers} == {job.get_absolute_url()}

    public_jobs().delete()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    visitor = Client()
    visitor.get(bank_url(), {**spellings[1], **EXPORT})
    assert cells(download(visitor, public_jobs().get())) == alone[0]  # the job's file: the same cards


def test_a_different_search_is_still_another_job(chemists, queued, monkeypatch):
    monkeypatch.setattr(RegistryListView, "sync_export_rows", {"pdf": 0, "xlsx": 0})
    Client().get(bank_url(), {"subject": "химия", **EXPORT})
    Client().get(bank_url(), {"subject": "физика", **EXPORT})
    Client().get(bank_url(), {"subject": "химия", "organisation": "СОШ № 1", **EXPORT})
    # «МБОУ …» is another name key (a full name may be found by it alone): not merged with «СОШ № 1»
    Client().get(bank_url(), {"subject": "химия", "organisation": "МБОУ СОШ № 1", **EXPORT})
    assert public_jobs().count() == 4


def test_normalising_a_query_twice_changes_nothing():
    """The job is given the normalised query and the search normalises it again: that must be the same query."""
    for query in (
        PublicQuery("Химия  И биология", "Муниципальное бюджетное общеобразовательное учреждение СОШ N5", "Ёж"),
        PublicQuery("", "МБУДО «ДДТ» д/с №3 г.Сальска", ""),
        PublicQuery("x", "сошno5 1n5 x n.5", "y"),
    ):
        assert query.normalised().normalised() == query.normalised()
