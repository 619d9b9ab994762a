"""The monitoring submission's transition table (monitoring/workflows.py): the page offers what is allowed now,
history in Russian, and «Принять отчёт» for the ticked reports of the campaign page with a result per report."""

from django.urls import reverse

from monitoring import services
from monitoring.models import Submission
from monitoring.workflows import SUBMISSION

from .test_services import fill_valid


def sent(world, key, user):
    sub = world[key]
    fill_valid(world, sub, user)
    services.submission_submit(user=user, submission=sub)
    return sub


def test_submission_page_offers_review_only_when_sent(world, client_for):
    sub = world["submission_a"]
    page = client_for("methodist").get(sub.get_absolute_url()).content.decode()
    assert "Принять отчёт</button>" not in page
    sent(world, "submission_a", world["school_a"])
    page = client_for("methodist").get(sub.get_absolute_url()).content.decode()
    assert "Принять отчёт</button>" in page and "Вернуть на доработку</button>" in page
    school_page = client_for("school_a").get(sub.get_absolute_url()).content.decode()
    assert "Принять отчёт</button>" not in school_page
    assert [t.code for t in SUBMISSION.available(world["methodist"], sub)] == ["accept", "return"]


def test_bulk_accept_from_the_campaign_page(world, client_for):
    campaign = world["campaign"]
    a = sent(world, "submission_a", world["school_a"])
    b = campaign.submissions.exclude(pk=a.pk).get()  # school B's report, still being filled
    client = client_for("methodist")
    page = client.get(campaign.get_absolute_url()).content.decode()
    url = reverse("monitoring:submission_bulk_accept")
    assert url in page and f'name="pk" value="{a.pk}"' in page
    back = campaign.get_absolute_url()
    confirm = client.get(url, {"pk": [a.pk, b.pk], "next": back}).content.decode()
    assert "Принять можно только отправленный организацией отчёт" in confirm and f'href="{back}"' in confirm
    response = client.post(url, {"pk": [a.pk, b.pk], "next": back})
    page = response.content.decode()
    assert "Выполнено: 1 из 2." in page and "Не выполнено: 1" in page
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Submission.Status.ACCEPTED and a.reviewed_by == world["methodist"]
    assert b.status == Submission.Status.DRAFT
    assert a.history.first().history_change_reason == "accept"
    detail = client.get(a.get_absolute_url()).content.decode()
    assert "Приёмка отчёта" in detail[detail.index("История изменений"):]


def test_school_gets_neither_the_bulk_action_nor_the_checkboxes(world, client_for):
    sent(world, "submission_a", world["school_a"])
    client = client_for("school_a")
    page = client.get(world["campaign"].get_absolute_url()).content.decode()
    assert "bulk-form" not in page
    url = reverse("monitoring:submission_bulk_accept")
    assert client.post(url, {"pk": [world["submission_a"].pk]}).status_code == 403
    world["submission_a"].refresh_from_db()
    assert world["submission_a"].status == Submission.Status.SUBMITTED


def test_an_external_next_is_ignored(world, client_for):
    a = sent(world, "submission_a", world["school_a"])
    url = reverse("monitoring:submission_bulk_accept")
    page = client_for("methodist").get(url, {"pk": [a.pk], "next": "https://evil.example/"}).content.decode()
    assert 'href="https://evil.example/"' not in page
