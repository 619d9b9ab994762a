"""The campaign workflow and the refusals of bad input (services layer)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import services
from monitoring.models import MonitoringCampaign, Submission, SubmissionValue
from tests.factories import TeacherFactory

from .factories import CampaignFactory


def fill_valid(world, submission, user):
    services.submission_save(
        user=user,
        submission=submission,
        values={
            world["indicator"].pk: {"numerator": "3", "denominator": "12"},
            world["indicator_count"].pk: {"value": "4"},
        },
    )


def test_open_creates_a_form_per_organisation_with_computed_values(world):
    sub = world["submission_a"]
    assert world["campaign"].status == MonitoringCampaign.Status.OPEN
    assert world["campaign"].submissions.count() == 2
    young = SubmissionValue.objects.get(submission=sub, indicator=world["indicator_young"])
    # world: school A has one young specialist (young_a) and one experienced teacher
    assert young.value == Decimal(1) == young.computed_numerator
    reported = SubmissionValue.objects.get(submission=sub, indicator=world["indicator"])
    assert reported.numerator is None and reported.denominator is None


def test_open_twice_or_empty_is_refused(world):
    with pytest.raises(ValidationError, match="уже открыт"):
        services.campaign_open(user=world["methodist"], campaign=world["campaign"])
    empty = CampaignFactory(academic_year=world["year"])
    with pytest.raises(ValidationError, match="показатели"):
        services.campaign_open(user=world["methodist"], campaign=empty)
    with pytest.raises(PermissionDenied):
        services.campaign_open(user=world["school_a"], campaign=world["campaign_draft"])


def test_full_cycle_submit_return_fix_accept(world):
    sub, school, methodist = world["submission_a"], world["school_a"], world["methodist"]
    with pytest.raises(ValidationError, match="Не заполнены показатели: Т1, Т2"):
        services.submission_submit(user=school, submission=sub)
    fill_valid(world, sub, school)
    row = SubmissionValue.objects.get(submission=sub, indicator=world["indicator"])
    assert row.value == Decimal("25.00")
    services.submission_submit(user=school, submission=sub)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED and sub.submitted_by == school
    with pytest.raises(ValidationError, match="ждёт проверки"):
        fill_valid(world, sub, school)
    with pytest.raises(ValidationError, match="без замечаний"):
        services.submission_return(user=methodist, submission=sub, comment="  ")
    services.submission_return(user=methodist, submission=sub, comment="Уточните Т1")
    sub.refresh_from_db()
    assert sub.status == Submission.Status.RETURNED and sub.return_comment == "Уточните Т1"
    fill_valid(world, sub, school)
    services.submission_submit(user=school, submission=sub)
    services.submission_accept(user=methodist, submission=sub)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.ACCEPTED and sub.reviewed_by == methodist
    # After acceptance nothing changes any more.
    with pytest.raises(ValidationError, match="уже принят"):
        services.submission_submit(user=school, submission=sub)
    with pytest.raises(ValidationError, match="уже принят"):
        fill_valid(world, sub, school)
    with pytest.raises(ValidationError, match="уже принят"):
        services.submission_accept(user=methodist, submission=sub)
    assert sub.history.count() >= 4


@pytest.mark.parametrize(
    "values, message",
    [
        ({"numerator": "13", "denominator": "12"}, "числитель (13) больше знаменателя (12)"),
        ({"numerator": "-1", "denominator": "12"}, "Числитель показателя Т1 не может быть отрицательным"),
        ({"numerator": "abc", "denominator": "12"}, "«abc» — не число"),
        ({"numerator": "2", "denominator": "0"}, "при нулевом знаменателе"),
    ],
)
def test_bad_share_is_refused_and_nothing_is_saved(world, values, message):
    sub = world["submission_a"]
    with pytest.raises(ValidationError) as exc:
        services.submission_save(
            user=world["school_a"],
            submission=sub,
            values={
                world["indicator_count"].pk: {"value": "5"},
                world["indicator"].pk: values,
            },
        )
    assert any(message in m for m in exc.value.messages), exc.value.messages
    # all-or-nothing: the valid count was not stored either
    assert SubmissionValue.objects.get(submission=sub, indicator=world["indicator_count"]).value is None


def test_negative_count_and_share_over_100_are_refused(world):
    sub = world["submission_a"]
    with pytest.raises(ValidationError, match="не может быть меньше 0"):
        services.submission_save(
            user=world["school_a"], submission=sub, values={world["indicator_count"].pk: {"value": "-3"}}
        )
    world["indicator"].denominator_label = ""
    world["indicator"].save()
    with pytest.raises(ValidationError, match="не может быть больше 100 %"):
        services.submission_save(
            user=world["school_a"], submission=sub, values={world["indicator"].pk: {"value": "120"}}
        )


def test_school_cannot_touch_another_schools_submission(world):
    with pytest.raises(PermissionDenied, match="только сама организация"):
        fill_valid(world, world["submission_a"], world["school_b"])
    with pytest.raises(PermissionDenied):
        services.submission_submit(user=world["school_b"], submission=world["submission_a"])
    with pytest.raises(PermissionDenied):
        services.submission_accept(user=world["school_a"], submission=world["submission_a"])
    with pytest.raises(PermissionDenied):
        fill_valid(world, world["submission_a"], world["official"])


def test_closed_campaign_takes_no_changes(world):
    services.campaign_close(user=world["methodist"], campaign=world["campaign"])
    with pytest.raises(ValidationError, match="не идёт"):
        fill_valid(world, world["submission_a"], world["school_a"])


def test_refresh_reads_registries_again(world):
    sub = world["submission_a"]
    TeacherFactory.create_batch(2, organisation=world["org_a"], total_experience=0, teaching_experience=0)
    services.submission_refresh(user=world["school_a"], submission=sub)
    row = SubmissionValue.objects.get(submission=sub, indicator=world["indicator_young"])
    assert row.value == Decimal(3) == row.computed_numerator


def test_saving_unchanged_values_writes_no_history(world):
    sub, school = world["submission_a"], world["school_a"]
    fill_valid(world, sub, school)
    row = SubmissionValue.objects.get(submission=sub, indicator=world["indicator"])
    count = row.history.count()
    fill_valid(world, sub, school)
    assert row.history.count() == count
    services.submission_save(
        user=school, submission=sub, values={world["indicator"].pk: {"numerator": "4", "denominator": "12"}}
    )
    assert row.history.count() == count + 1
    assert row.history.first().history_user == school
