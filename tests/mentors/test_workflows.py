"""The transition tables of the mentor bank and of pairs (mentors/workflows.py): what pages offer, history in
Russian, one winner of two people at once, bulk include / exclude / close with a result per item."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from mentors import services
from mentors.models import MentorBankEntry, Pair
from mentors.workflows import PAIR
from tests.factories import TeacherFactory
from tests.querycount import count_queries

from .factories import MenteeFactory, MentorBankEntryFactory, PairFactory


def proposals(org, year, count):
    return [
        MentorBankEntryFactory(
            teacher=TeacherFactory(organisation=org), year=year, status=MentorBankEntry.Status.PROPOSED
        )
        for _ in range(count)
    ]


# ------------------------------------------------------------------ pairs


def test_a_planned_pair_is_not_offered_complete(world, client_for):
    pair = PairFactory(mentor=world["bank_a"], form=world["form_tt"], status=Pair.Status.PLANNED)
    page = client_for("school_a").get(pair.get_absolute_url()).content.decode()
    assert "Начать работу" in page and "Прекратить досрочно" in page
    assert "Завершить</button>" not in page
    assert [t.code for t in PAIR.available(world["school_a"], pair)] == ["start", "terminate"]
    # Asked anyway (a stale page): refused in Russian, nothing changed.
    response = client_for("school_a").post(reverse("mentors:pair_complete", args=[pair.pk]), {"outcome": "Итог"})
    assert "Завершить можно только действующую пару" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PLANNED and pair.outcome == ""


def test_pair_life_cycle_and_history_in_russian(world, client_for):
    pair = PairFactory(mentor=world["bank_a"], form=world["form_tt"], status=Pair.Status.PLANNED)
    client = client_for("school_a")
    client.post(reverse("mentors:pair_start", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "Завершить" in page and "Начать работу</button>" not in page
    client.post(reverse("mentors:pair_complete", args=[pair.pk]), {"outcome": "Проведено 12 встреч"})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED and pair.outcome == "Проведено 12 встреч"
    assert list(pair.history.values_list("history_change_reason", flat=True))[:2] == ["complete", "start"]
    page = client.get(pair.get_absolute_url()).content.decode()
    history = page[page.index("История изменений"):]
    assert "Завершение работы пары" in history and "Начало работы пары" in history
    assert ">complete<" not in history and "Статус пары" not in page  # a closed pair offers nothing


def test_school_b_cannot_move_school_a_pair(world, client_for):
    pair = world["pair_a"]
    response = client_for("school_b").post(reverse("mentors:pair_complete", args=[pair.pk]))
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE


def test_a_stale_pair_transition_is_refused(world):
    pair = world["pair_a"]
    with transaction.atomic():
        PAIR.begin(pair, "terminate", user=world["methodist"])
        Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED)
        with pytest.raises(ValidationError) as exc:
            PAIR.finish(pair, "terminate", user=world["methodist"], termination_reason="Уволился")
    assert "другой пользователь" in " ".join(exc.value.messages)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED and pair.termination_reason == ""


def test_bulk_close_pairs_reports_each(world, client_for):
    active = [PairFactory(mentor=world["bank_a"], form=world["form_tt"]) for _ in range(2)]
    planned = PairFactory(mentor=world["bank_a"], form=world["form_tt"], status=Pair.Status.PLANNED)
    mentor_b = MentorBankEntryFactory(teacher=TeacherFactory(organisation=world["org_b"]), year=world["year"])
    foreign = PairFactory(form=world["form_tt"], mentor=mentor_b)
    client = client_for("school_a")
    # The list offers the bulk action to the school; a checkbox per row.
    listing = client.get(reverse("mentors:pair_list")).content.decode()
    assert reverse("mentors:pair_bulk_complete") in listing and 'name="pk"' in listing
    pks = [p.pk for p in (*active, planned, foreign)]
    url = reverse("mentors:pair_bulk_complete")
    confirm = client.get(url, {"pk": pks}).content.decode()
    assert "Завершить можно только действующую пару" in confirm
    assert "Не найдено или вам недоступно: 1 запись" in confirm  # school B's pair is not even named
    response = client.post(url, {"pk": pks, "outcome": "Год завершён"})
    page = response.content.decode()
    assert "Выполнено: 2 из 4." in page and "Не выполнено: 2" in page
    for pair in active:
        pair.refresh_from_db()
        assert pair.status == Pair.Status.COMPLETED and pair.outcome == "Год завершён"
        assert pair.history.first().history_change_reason == "complete"
        assert pair.history.first().history_user == world["school_a"]
    planned.refresh_from_db()
    foreign.refresh_from_db()
    assert planned.status == Pair.Status.PLANNED and foreign.status == Pair.Status.ACTIVE


def test_bulk_close_confirmation_has_a_fixed_number_of_queries(world, client_for):
    pks = [PairFactory(mentor=world["bank_a"], form=world["form_tt"]).pk for _ in range(2)]
    base = reverse("mentors:pair_bulk_complete")

    def url():
        return base + "?" + "&".join(f"pk={pk}" for pk in pks)

    client = client_for("methodist")
    before = len(pks)

    def grow():
        pks.extend(PairFactory(form=world["form_tt"]).pk for _ in range(4))

    first = count_queries(client, url())
    grow()
    grow()
    assert len(pks) == before + 8
    assert count_queries(client, url()) == first


# ------------------------------------------------------------------ mentor bank


def test_bulk_include_and_exclude_bank_proposals(world, client_for):
    entries = proposals(world["org_a"], world["year"], 3)
    leaver = entries[2]
    leaver.teacher.is_active = False
    leaver.teacher.save()
    client = client_for("methodist")
    listing = client.get(reverse("mentors:mentorbankentry_list")).content.decode()
    assert reverse("mentors:mentorbankentry_bulk_include") in listing
    url = reverse("mentors:mentorbankentry_bulk_include")
    response = client.post(url, {"pk": [e.pk for e in entries]})
    page = response.content.decode()
    assert "Выполнено: 2 из 3." in page and "Педагог не работает" in page
    statuses = dict(MentorBankEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("pk", "status"))
    assert [statuses[e.pk] for e in entries] == ["included", "included", "proposed"]
    assert entries[0].history.first().history_change_reason == "include"

    # Exclude: one reason for all, required; nothing changes without it, what was ticked stays ticked.
    url = reverse("mentors:mentorbankentry_bulk_exclude")
    response = client.post(url, {"pk": [e.pk for e in entries], "reason": ""})
    page = response.content.decode()
    assert "Укажите причину исключения" in page and f'value="{entries[0].pk}"' in page
    assert MentorBankEntry.objects.filter(status="excluded").count() == 0
    response = client.post(url, {"pk": [e.pk for e in entries], "reason": "Перевёлся в другой район"})
    assert "Выполнено: 3 из 3." in response.content.decode()
    for entry in entries:
        entry.refresh_from_db()
        assert entry.status == MentorBankEntry.Status.EXCLUDED
        assert entry.exclusion_reason == "Перевёлся в другой район" and entry.decided_by == world["methodist"]


def test_school_is_not_offered_the_bank_decision(world, client_for):
    entry = proposals(world["org_a"], world["year"], 1)[0]
    client = client_for("school_a")
    assert "Включить в банк" not in client.get(entry.get_absolute_url()).content.decode()
    assert reverse("mentors:mentorbankentry_bulk_include") not in client.get(
        reverse("mentors:mentorbankentry_list")
    ).content.decode()
    assert client.get(reverse("mentors:mentorbankentry_bulk_include"), {"pk": [entry.pk]}).status_code == 403
    entry.refresh_from_db()
    assert entry.status == MentorBankEntry.Status.PROPOSED


def test_exclude_page_keeps_typed_reason_and_bank_history_in_russian(world, client_for):
    entry = world["bank_a"]
    client = client_for("methodist")
    services.bank_exclude(user=world["methodist"], entry=entry, reason="Сменил место работы")
    page = client.get(entry.get_absolute_url()).content.decode()
    history = page[page.index("История изменений"):]
    assert "Исключение из банка наставников" in history
    assert "Включить в банк наставников" in page and "Исключить из банка</button>" not in page


# ------------------------------------------------------------------ issue 15 item 8: a pair's form fits its mentees


def pair_post(world, form, mentees, **extra):
    import datetime

    today = datetime.date.today()
    return {
        "organisation": world["org_a"].pk,
        "year": world["year"].pk,
        "mentor": world["bank_a"].pk,
        "mentees": [m.pk for m in mentees],
        "form": form.pk,
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=100)).isoformat(),
        "outcome": "Ожидаемый результат пары",
        **extra,
    }


def test_a_pupil_is_refused_in_a_teacher_teacher_pair(world, client_for):
    from mentors.models import Mentee

    pupil = MenteeFactory(
        kind=Mentee.Kind.STUDENT, teacher=None, name_or_code="Ученик-6А", grade="6А", organisation=world["org_a"]
    )
    pairs_before = Pair.objects.count()
    response = client_for("school_a").post(reverse("mentors:pair_add"), pair_post(world, world["form_tt"], [pupil]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "В форме «" in page and "наставляемые — молодые специалисты (педагоги)" in page
    assert "Ученик-6А, 6А (обучающийся)" in page
    assert "Ожидаемый результат пары" in page  # typed input kept
    assert Pair.objects.count() == pairs_before


def test_a_young_specialist_is_refused_in_a_pupil_form(world):
    from mentors.models import MentoringForm

    student_form = MentoringForm.objects.create(
        code="student_student_t", name="ученик – ученик (т)", mentor_role="student", mentee_role="student"
    )
    pair = Pair(
        organisation=world["org_a"], year=world["year"], mentor=world["bank_a"], form=student_form,
        start_date=world["year"].start_date, end_date=world["year"].end_date,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        pair.check_rules([world["mentee_a"]])
    assert "наставляемые — обучающиеся" in exc.value.message_dict["mentees"][0]


def test_mentee_suggestions_follow_the_form(world, client_for):
    from mentors.models import Mentee

    MenteeFactory(kind=Mentee.Kind.STUDENT, teacher=None, name_or_code="Школьник", organisation=world["org_a"])
    client = client_for("school_a")
    params = {"q": "", "organisation": world["org_a"].pk, "form": world["form_tt"].pk}
    text = " ".join(item["text"] for item in client.get("/autocomplete/mentees/", params).json()["results"])
    assert "Школьник" not in text and str(world["mentee_a"].teacher.last_name) in text
