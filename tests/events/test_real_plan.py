"""The plan of Order 866 in the portal is the seed's Appendix 5, word for word."""

import datetime

import pytest

from events import schedule as sched
from events.models import PlanItem

from .seed import SEED_CANDIDATES, seed_rows, seed_section, seed_title

pytestmark = pytest.mark.django_db


def test_seed_copy_matches_the_seed_when_available():
    for path in SEED_CANDIDATES:
        if path.exists():
            assert seed_section() in path.read_text(encoding="utf-8")
            return
    pytest.skip("Файл приказа (shared/seeds) недоступен; сравниваем с копией раздела в tests/events/data.")


def test_the_seed_has_22_items():
    assert [row[0] for row in seed_rows()] == [f"{n}." for n in range(1, 20)] + ["20", "21", "22"]


def test_title_is_the_seed_title(real_plan):
    assert (
        real_plan.title
        == seed_title()
        == (
            "План проведения мероприятий по реализации целевой модели наставничества и созданию "
            "единой системы научно-методического сопровождения педагогических работников"
        )
    )
    assert (real_plan.order_number, real_plan.order_date) == ("866", datetime.date(2021, 11, 15))


def test_every_item_is_verbatim(real_plan):
    items = list(PlanItem.objects.filter(plan=real_plan).order_by("position"))
    rows = seed_rows()
    assert len(items) == len(rows) == 22
    for item, (number, name, deadline, responsible, result) in zip(items, rows, strict=True):
        assert item.number == number
        assert item.name == name, item.position
        assert item.deadline_text == deadline, item.position
        assert item.responsible_text == responsible, item.position
        assert item.result == result, item.position


def test_the_seeds_own_slips_are_kept(real_plan):
    items = {i.position: i for i in PlanItem.objects.filter(plan=real_plan)}
    assert items[6].name.startswith("Фестиваля «Трибуна Инноваторов»")
    assert items[1].responsible_text == "ММРЦ, профессиональный клуб «призвание»"
    assert items[8].name == (
        "Научно-методическое сопровождения педагогических работников и управленческих кадров работников"
    )


def test_stored_schedule_equals_the_parser(real_plan):
    """The fixture carries the parsed schedule (loaddata does not call save()); it must match a re-parse."""
    for item in PlanItem.objects.filter(plan=real_plan).select_related("plan__academic_year"):
        stored = (
            item.schedule_kind,
            item.schedule_start,
            item.schedule_end,
            list(item.schedule_checkpoints),
            item.schedule_external,
        )
        item.reparse()
        assert stored == (
            item.schedule_kind,
            item.schedule_start,
            item.schedule_end,
            list(item.schedule_checkpoints),
            item.schedule_external,
        ), item.position
        assert item.schedule_kind != sched.UNKNOWN


def test_responsibles_are_ordered_organisations(real_plan):
    def names(position):
        item = PlanItem.objects.get(plan=real_plan, position=position)
        return [str(r) for r in item.responsibles.order_by("position").select_related("organisation")]

    assert names(1) == ["ММРЦ Сальского района", "Профессиональный клуб «Призвание»"]
    assert names(4) == ["УО Сальского района", "МБУ ИМЦ Сальского района"]
    assert names(18) == ["УО Сальского района", "ОО"]
    assert names(22) == ["УО Сальского района", "МБУ ИМЦ Сальского района", "ОО"]


def test_result_column_gives_evidence_kinds(real_plan):
    kinds = {
        i.position: [k.name for k in i.evidence_kinds.all()] for i in PlanItem.objects.filter(plan=real_plan)
    }
    assert kinds[3] == ["Приказ управления образования"]
    assert kinds[18] == ["Аналитическая справка"]
    assert "Соглашение" in kinds[9] and "Акты выполненных работ" in kinds[9]
    assert "Протоколы" in kinds[21]
