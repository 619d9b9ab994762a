"""One walk-through per role through the main path of each app (screenshots in artifacts/e2e/)."""

import pytest

pytestmark = pytest.mark.e2e


def test_public_visitor(walk):
    w = walk("public")
    w.visit("/", expect_text="Целевая модель наставничества")
    w.visit("/accounts/login/", expect_text="Вход в портал")
    w.visit("/teachers/", expect_text="Вход в портал")  # a registry asks to sign in
    w.visit("/bank/", expect_text="Банк")
    card = w.page.locator("a[href^='/bank/']").filter(has_not_text="Банк").first
    if card.count():
        card.click()
        w.check("public mentor card")
    w.visit("/plan/", expect_text="План проведения мероприятий")


def test_methodist(walk):
    w = walk("methodist")
    w.login("methodist")
    w.check("dashboard")
    w.visit("/organisations/", expect_text="Организации")
    w.page.fill("#id_q", "лицей")
    w.page.click("text=Показать")
    assert "лицей №9" in w.page.content()
    w.check("organisations filtered")
    w.visit("/pilot/1/", expect_text="От наставничества до профессионализма молодых педагогов")
    w.visit("/teachers/?young=true", expect_text="Педагоги")
    w.visit("/mentor-bank/", expect_text="наставник")
    w.visit("/pairs/health/")
    w.visit("/matching/")
    w.visit("/iom/campaigns/")
    w.visit("/plan/items/")
    w.visit("/plan/calendar/")
    w.visit("/monitoring/campaigns/")
    w.visit("/monitoring/reports/district/")
    w.visit("/orders/", expect_text="866")
    w.visit("/orders/1/", expect_text="О реализации целевой модели")


def test_school_head(walk):
    w = walk("school")
    w.login("school_a")
    w.check("dashboard")
    w.visit("/teachers/add/", expect_text="Новая запись")
    page = w.page
    page.fill("#id_last_name", "Сидорова")
    page.fill("#id_first_name", "Мария")
    page.fill("#id_total_experience", "1")
    page.fill("#id_teaching_experience", "5")
    page.click("button[type=submit]")
    assert "Педагогический стаж не может быть больше общего." in page.content()
    assert page.input_value("#id_last_name") == "Сидорова"  # what was typed is kept
    w.check("rejected form")
    page.fill("#id_teaching_experience", "1")
    page.click("button[type=submit]")
    assert "Сохранено" in page.content() and "История изменений" in page.content()
    w.check("saved teacher")
    w.visit("/organisations/5/", status=404)  # МБОУ лицей №9: another school's card
    w.visit("/plan/my/")
    w.visit("/iom/")
    w.visit("/pairs/")
    w.visit("/mentor-bank/")


def test_official(walk):
    w = walk("official")
    w.login("official")
    w.check("dashboard")
    w.visit("/organisations/", expect_text="Организации")
    w.visit("/teachers/add/", status=403)
    w.visit("/monitoring/reports/district/")
    w.visit("/orders/1/", expect_text="866")
