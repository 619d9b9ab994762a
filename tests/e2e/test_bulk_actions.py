"""Bulk actions in a browser (issue 15 item 4): tick rows of a list, the confirmation page names each one and
whether the action applies, the result page reports each. Phone width and axe on every step (Walk.check);
the confirmation is also photographed at desktop width."""

import pytest

from mentors.models import MentorBankEntry, Pair
from schools.models import User

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}


def desktop_shot(w, name):
    from .conftest import ARTIFACTS, PHONE

    w.page.set_viewport_size(DESKTOP)
    w.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    w.page.set_viewport_size(PHONE)


def test_methodist_includes_ticked_bank_proposals(walk):
    proposed = MentorBankEntry.objects.filter(status=MentorBankEntry.Status.PROPOSED).order_by("pk")
    assert proposed.count() >= 2, "демо-данные: нужны предложения школ в банк наставников"
    year = proposed.first().year_id
    w = walk("methodist")
    w.login("methodist")
    w.visit(f"/mentor-bank/?status=proposed&year={year}", expect_text="С отмеченными")
    boxes = w.page.locator("input.js-select")
    boxes.nth(0).check()
    boxes.nth(1).check()
    w.check("bank list, two ticked")
    w.page.click("#bulk-form button:has-text('Включить в банк наставников')")
    w.page.wait_for_selector(".bulk-items")
    assert "будет выполнено" in w.page.content()
    w.check("bulk confirmation: include", screenshot="bulk-confirm-bank-390")
    desktop_shot(w, "bulk-confirm-bank-desktop")
    w.page.click("form button[type=submit]:has-text('Включить в банк наставников')")
    w.page.wait_for_selector(".bulk-results")
    assert "Выполнено: 2 из 2." in w.page.content()
    w.check("bulk result: include", screenshot="bulk-result-bank-390")


def test_school_closes_ticked_pairs_and_a_planned_one_is_refused(walk):
    w = walk("school")
    w.login("school_a")
    pairs = Pair.objects.filter(organisation_id__in=User.objects.get(username="school_a").organisation_ids)
    pairs = pairs.order_by("pk")
    active = pairs.filter(status=Pair.Status.ACTIVE).first()
    planned = pairs.filter(status=Pair.Status.PLANNED).first()
    assert active is not None
    selected = [p.pk for p in (active, planned) if p is not None]
    w.visit("/pairs/bulk/complete/?" + "&".join(f"pk={pk}" for pk in selected), expect_text="Завершить")
    if planned is not None:
        assert "Завершить можно только действующую пару" in w.page.content()
    w.check("bulk confirmation: close pairs", screenshot="bulk-confirm-pairs-390")
    desktop_shot(w, "bulk-confirm-pairs-desktop")
    w.page.fill("#id_outcome", "Учебный год завершён, цели маршрута достигнуты.")
    w.page.click("form button[type=submit]:has-text('Завершить')")
    w.page.wait_for_selector(".bulk-results")
    assert f"Выполнено: 1 из {len(selected)}." in w.page.content()
    w.check("bulk result: close pairs", screenshot="bulk-result-pairs-390")
