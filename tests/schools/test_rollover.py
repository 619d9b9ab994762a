"""«Новый учебный год»: the preview counts per kind and writes nothing; the run creates what is missing in one
transaction, with history; a second run creates nothing; what the new year already has is kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from events.models import EventPlan
from iom.models import IomTemplate
from mentors.models import MentorBankEntry, Pair, Programme, PublicationConsent, Teacher
from monitoring.models import Target
from schools.models import AcademicYear, YearRollover
from schools.rollover import rollover_apply, rollover_preview
from tests.mentors.factories import MentorBankEntryFactory, PublicationConsentFactory


def _by_kind(results):
    return {r.kind: r for r in results}


def _counts():
    return (
        IomTemplate.objects.count(), EventPlan.objects.count(), MentorBankEntry.objects.count(),
        Pair.objects.count(), Target.objects.count(), Programme.objects.count(),
        list(Teacher.objects.order_by("pk").values_list("teaching_experience", flat=True)),
        list(AcademicYear.objects.filter(is_current=True).values_list("start_year", flat=True)),
    )


@pytest.fixture
def next_year_clean(world):
    """The world has IOMs of 2022-2023; the transfer 2021 → 2022 finds the year there, without other data."""
    return AcademicYear.objects.get(start_year=2022)


def test_preview_writes_nothing_and_counts_each_kind(world, next_year_clean):
    before = _counts()
    results = _by_kind(rollover_preview(user=world["methodist"], source=world["year"]))
    assert _counts() == before
    assert results["Шаблон ИОМ (приложение 4)"].create == 1
    assert results["Банк наставников (приложение 7)"].create == MentorBankEntry.objects.filter(
        year=world["year"], status="included", teacher__is_active=True
    ).count()
    assert results["Целевые значения показателей (приложение 2)"].create == Target.objects.filter(
        academic_year=world["year"]
    ).count()
    assert results["Учебный год"].exists == 1  # 2022-2023 is already in the registry
    assert results["Текущий учебный год"].create == 1


def test_run_carries_every_kind_once(world, next_year_clean):
    methodist, year, target = world["methodist"], world["year"], next_year_clean
    # A mentor whose consent ends before 01.09 of the new year: carried, but not public until re-confirmed.
    lapsing = MentorBankEntryFactory(teacher__organisation=world["org_a"], year=year)
    PublicationConsentFactory(
        entry=lapsing, given_on=datetime.date(2021, 9, 1), valid_until=datetime.date(2022, 6, 30)
    )
    young_before = Teacher.objects.get(pk=world["young_a"].pk).teaching_experience
    targets = Target.objects.filter(academic_year=year).count()
    target_year, results = rollover_apply(user=methodist, source=year)
    assert target_year == target
    kinds = _by_kind(results)

    template = IomTemplate.objects.get(academic_year=target)
    assert template.rows.count() == world["iom_template"].rows.count()
    assert all(target.contains(r.deadline) for r in template.rows.all())
    assert EventPlan.objects.filter(academic_year=target, appendix_number__gt=0).count() == 1
    assert Target.objects.filter(academic_year=target).count() == targets
    carried = MentorBankEntry.objects.get(teacher=world["mentor_a"], year=target)
    assert carried.is_included and carried.forms.count() == world["bank_a"].forms.count()
    assert MentorBankEntry.objects.public().filter(pk=carried.pk).exists()  # consent in force goes with it
    lapsed = MentorBankEntry.objects.get(teacher=lapsing.teacher, year=target)
    assert PublicationConsent.objects.filter(entry=lapsed).exists()
    assert not MentorBankEntry.objects.public().filter(pk=lapsed.pk).exists()  # 152-ФЗ: not public
    assert "согласие истекло до 01.09 — 1" in kinds["Банк наставников (приложение 7)"].note
    pair = Pair.objects.get(year=target, organisation=world["org_a"])
    assert pair.mentor == carried and list(pair.mentees.all()) == [world["mentee_a"]]
    assert pair.start_date == target.start_date
    assert Programme.objects.filter(year=target, organisation=world["org_a"]).count() == 1
    assert Teacher.objects.get(pk=world["young_a"].pk).teaching_experience == young_before + 1
    assert AcademicYear.current() == target
    # History: who and why.
    record = carried.history.first()
    assert record.history_user == methodist and record.history_change_reason == "Переход на 2022-2023 учебный год"
    teacher_record = Teacher.objects.get(pk=world["young_a"].pk).history.first()
    assert teacher_record.history_change_reason == "Переход на 2022-2023 учебный год"
    assert YearRollover.objects.get(target=target).history.count() == 1

    # A second run creates nothing and changes nothing.
    after = _counts()
    _, again = rollover_apply(user=methodist, source=year)
    assert all(r.create == 0 for r in again), [(r.kind, r.create) for r in again]
    assert _counts() == after


def test_existing_data_of_the_new_year_is_kept(world, next_year_clean):
    target = next_year_clean
    own = IomTemplate.objects.create(academic_year=target, title="Свой шаблон нового года")
    preview = _by_kind(rollover_preview(user=world["methodist"], source=world["year"]))
    assert preview["Шаблон ИОМ (приложение 4)"].create == 0 and preview["Шаблон ИОМ (приложение 4)"].exists == 1
    rollover_apply(user=world["methodist"], source=world["year"])
    own.refresh_from_db()
    assert own.title == "Свой шаблон нового года" and own.rows.count() == 0


def test_only_the_chosen_programmes_continue(world, next_year_clean):
    rollover_apply(user=world["methodist"], source=world["year"], programmes=set())
    assert not Programme.objects.filter(year=next_year_clean).exists()


def test_only_methodists_roll_over(world):
    with pytest.raises(PermissionDenied):
        rollover_preview(user=world["school_a"], source=world["year"])


def test_rollover_page(world, next_year_clean, client_for):
    url = reverse("schools:year_rollover")
    assert client_for("school_a").get(url).status_code == 403
    client = client_for("methodist")
    page = client.get(url).content.decode()
    assert "Новый учебный год: 2021-2022 → 2022-2023" in page and "Будет создано" in page
    assert "Шаблон ИОМ (приложение 4)" in page and world["programme_a"].title in page
    before = _counts()
    refused = client.post(url, {"source": world["year"].pk})
    assert refused.status_code == 200 and "Переход не выполнен" in refused.content.decode()
    assert _counts() == before
    done = client.post(url, {"source": world["year"].pk, "confirm": "1",
                             "programme": [world["programme_a"].pk]}, follow=True)
    text = done.content.decode()
    assert "Переход на 2022-2023 учебный год выполнен" in text and "уже выполнен" in text
    assert AcademicYear.current() == next_year_clean


def _target_post(page_targets, values, **extra):
    """The page's targets formset as the browser sends it: ``values`` by form index (else the prefilled one)."""
    data = {"targets-TOTAL_FORMS": str(len(page_targets)), "targets-INITIAL_FORMS": str(len(page_targets)),
            "targets-MIN_NUM_FORMS": "0", "targets-MAX_NUM_FORMS": "500"}
    for i, (pk, value) in enumerate(page_targets):
        data[f"targets-{i}-target"] = str(pk)
        data[f"targets-{i}-value"] = values.get(i, value)
    return {**data, **extra}


def test_targets_are_kept_or_adjusted_on_the_page(world, next_year_clean, client_for):
    import re

    year, target = world["year"], next_year_clean
    url = reverse("schools:year_rollover")
    client = client_for("methodist")
    page = client.get(url).content.decode()
    # The regional and district targets of the old year, prefilled; the organisations' are not on the page.
    region = Target.objects.get(academic_year=year, level="region")
    district = Target.objects.get(academic_year=year, level="district")
    rows = re.findall(r'name="targets-(\d+)-target" value="(\d+)"', page)
    assert sorted(int(pk) for _, pk in rows) == sorted([region.pk, district.pk])
    assert 'value="35,00"' in page and 'value="30,00"' in page and "rollover-targets" in page
    page_targets = [(int(pk), "") for _, pk in rows]
    prefilled = {district.pk: "35,00", region.pk: "30,00"}
    page_targets = [(pk, prefilled[pk]) for pk, _ in page_targets]
    district_index = [pk for pk, _ in page_targets].index(district.pk)

    # A value outside the indicator's range: refused in Russian, nothing created, the typed value kept.
    before = _counts()
    bad = client.post(url, _target_post(page_targets, {district_index: "150"}, source=year.pk, confirm="1"))
    text = bad.content.decode()
    assert "Переход не выполнен: исправьте значения" in text and "не может быть больше 100" in text
    assert 'value="150"' in text and _counts() == before

    client.post(url, _target_post(page_targets, {district_index: "38,5"}, source=year.pk, confirm="1"))
    new_district = Target.objects.get(academic_year=target, level="district")
    assert new_district.value == Decimal("38.5")
    assert Target.objects.get(academic_year=target, level="region").value == region.value  # kept
    assert Target.objects.get(academic_year=target, level="organisation").value == Decimal(40)  # carried as is
    record = new_district.history.first()
    assert record.history_user == world["methodist"]
    assert record.history_change_reason.startswith("Переход на 2022-2023 учебный год; целевое значение изменено")
    assert "35 → 38,5" in record.history_change_reason
    assert "скорректировано 1" in YearRollover.objects.get(target=target).summary

    # Idempotent: nothing left to adjust, a second run creates nothing and keeps the adjusted value.
    page = client.get(url, {"source": year.pk}).content.decode()
    assert "Новый учебный год: 2021-2022 → 2022-2023" in page and "rollover-targets" not in page
    after = _counts()
    _, again = rollover_apply(user=world["methodist"], source=year, programmes=set())  # as the page chose
    assert all(r.create == 0 for r in again) and _counts() == after
    new_district.refresh_from_db()
    assert new_district.value == Decimal("38.5")
