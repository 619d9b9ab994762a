"""Every deadline form of the plan of Order 866 becomes a structured schedule; an unknown one is an error."""

from datetime import date

import pytest

from events import schedule as sched
from events.schedule import UnknownDeadline, parse_deadline


def parse(text):
    return parse_deadline(
        text, start_year=2021, period_start=date(2021, 11, 15), period_end=date(2022, 8, 31)
    )


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("до 01.12.2021г", date(2021, 12, 1)),
        ("до 31.12.2021", date(2021, 12, 31)),
        ("до конца 2021 года", date(2021, 12, 31)),
        ("до 1.9.2022 г.", date(2022, 9, 1)),
    ],
)
def test_due_date(text, end):
    result = parse(text)
    assert (result.kind, result.end) == (sched.DUE, end)
    assert not result.needs_pinning


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Ноябрь 2021-январь 2022", date(2021, 11, 1), date(2022, 1, 31)),
        ("Январь – май 2022", date(2022, 1, 1), date(2022, 5, 31)),
        ("Январь – апрель 2022", date(2022, 1, 1), date(2022, 4, 30)),
        ("Февраль 2022", date(2022, 2, 1), date(2022, 2, 28)),
    ],
)
def test_range(text, start, end):
    result = parse(text)
    assert (result.kind, result.start, result.end) == (sched.RANGE, start, end)


def test_checkpoints_with_years():
    result = parse("Декабрь 2021, май 2022")
    assert result.kind == sched.CHECKPOINTS
    assert result.checkpoints == (date(2021, 12, 31), date(2022, 5, 31))


def test_checkpoints_without_years_fall_in_the_plans_academic_year():
    assert parse("Январь, май").checkpoints == (date(2022, 1, 31), date(2022, 5, 31))
    later = parse_deadline("Январь, май", start_year=2026)
    assert later.checkpoints == (date(2027, 1, 31), date(2027, 5, 31))
    assert parse("Октябрь, март").checkpoints == (date(2021, 10, 31), date(2022, 3, 31))


def test_recurring():
    result = parse("ежегодно")
    assert result.kind == sched.RECURRING
    assert result.end == date(2022, 8, 31)


@pytest.mark.parametrize("text", ["Весь период", "в течение года"])
def test_whole_period(text):
    result = parse(text)
    assert (result.kind, result.start, result.end) == (
        sched.WHOLE_PERIOD,
        date(2021, 11, 15),
        date(2022, 8, 31),
    )


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("По плану ГБУ ДПО РО РИПК и ППРО", "ГБУ ДПО РО РИПК и ППРО"),
        ("По плану ГБУ ДПО РО РИПК и ППРО, ЦНППМПР", "ГБУ ДПО РО РИПК и ППРО, ЦНППМПР"),
        (
            "по отдельному графику Академии Минпросвещения России и ЦНППМПР",
            "Академии Минпросвещения России и ЦНППМПР",
        ),
        ("В соответствии с графиком Академии Минпросвещения России", "Академии Минпросвещения России"),
        ("в соответствии с графиком Академии Минпросвещения", "Академии Минпросвещения"),
        ("По плану ЦНППМПР", "ЦНППМПР"),
    ],
)
def test_external_waits_for_pinning(text, who):
    result = parse(text)
    assert (result.kind, result.external, result.start, result.end) == (sched.EXTERNAL, who, None, None)
    assert result.needs_pinning


@pytest.mark.parametrize(
    "text",
    [
        "по мере необходимости",
        "до 31.02.2022",
        "до вчера",
        "Май 2022 – январь 2022",
        "май 2022, январь 2022",
        "",
    ],
)
def test_unknown_forms_are_a_clear_error(text):
    with pytest.raises(UnknownDeadline) as info:
        parse(text)
    assert str(info.value)  # a Russian reason, shown to the methodist


def test_unknown_text_is_saved_verbatim_and_flagged(real_plan):
    from events.models import PlanItem

    item = PlanItem.objects.create(
        plan=real_plan,
        position=23,
        name="Новое мероприятие",
        deadline_text="по мере необходимости",
        result="Отчёт",
    )
    item.refresh_from_db()
    assert item.deadline_text == "по мере необходимости"
    assert item.schedule_kind == sched.UNKNOWN and item.needs_pinning
    assert "не распознан" in item.schedule_error
    assert item.due is None
    item.pinned_end = date(2022, 3, 1)
    item.save()
    assert not item.needs_pinning and item.due == date(2022, 3, 1)
