"""The district's year end to end in a real browser (issue 15): the methodist moves the district to the next
academic year and opens the IOM campaign; school A finds the duty at the top of «Мои задачи», creates an IOM
that has the template's rows and submits it; the methodist approves it with others in bulk; the campaign names
who still owes; a reminder reports whom it reached and whom it skipped. Phone walk (axe, width) plus desktop
screenshots of the rollover preview, the campaign with names and the school's inbox."""

import re

import pytest

from .conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}


def desktop_shot(w, name):
    """The page the walk is on, at desktop width (the same page: a POST's answer too), then back to the phone."""
    from .conftest import PHONE

    w.page.set_viewport_size(DESKTOP)
    w.page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
    w.page.set_viewport_size(PHONE)


def test_year_walk(walk):
    from iom.models import Iom, IomCampaign
    from schools.models import AcademicYear

    # --- the methodist: «Новый учебный год» 2021-2022 → 2022-2023
    m = walk("year-methodist")
    m.login("methodist")
    m.visit("/years/rollover/", expect_text="Новый учебный год: 2021-2022 → 2022-2023",
            screenshot="year-rollover-preview")
    assert "Шаблон ИОМ (приложение 4)" in m.page.content() and "Банк наставников" in m.page.content()
    desktop_shot(m, "year-rollover-preview")
    m.page.check("#confirm")
    m.page.click("text=Выполнить переход на 2022-2023")
    m.page.wait_for_selector("text=Переход на 2022-2023 учебный год выполнен")
    m.check("rollover done", screenshot="year-rollover-done")
    year = AcademicYear.objects.get(start_year=2022)
    assert AcademicYear.current() == year

    # --- the IOM campaign of 2022-2023 for the pilot organisations
    m.visit("/iom/campaigns/add/", expect_text="Новая запись")
    m.page.fill("#id_title", "Разработка ИОМ молодых специалистов 2022-2023")
    m.page.select_option("#id_academic_year", label="2022-2023")
    m.page.fill("#id_deadline", "2022-12-01")  # <input type=date>
    m.page.select_option("#id_pilot_project", index=1)
    m.page.click("button[type=submit]")
    m.page.wait_for_selector("text=Кампания открыта")
    m.check("campaign opened")
    campaign = IomCampaign.objects.get(academic_year=year)

    # --- school A: the duty heads «Мои задачи»; an IOM with the template's rows; submitted
    s = walk("year-school")
    s.login("school_a")
    s.visit("/plan/my/", expect_text="Мои задачи", screenshot="year-inbox")
    desktop_shot(s, "year-inbox")
    first = s.page.locator(".duty-title").first.inner_text()
    assert first.startswith("Составить ИОМ:"), first
    s.page.locator(".duty-action").first.click()
    s.page.wait_for_selector("#id_mentor-ac")
    s.page.focus("#id_mentor-ac")
    s.page.wait_for_selector("#id_mentor-ac-listbox [role=option]")
    s.page.locator("#id_mentor-ac-listbox [role=option]").first.click()
    s.page.fill("#id_deficits", "Затруднения в проектировании урока по ФГОС")
    s.page.fill("#id_goals", "Освоить проектирование урока и оценивание")
    s.check("new IOM form from the inbox")
    s.page.click("button[type=submit]")
    s.page.wait_for_selector(".alert-success")
    message = s.page.locator(".alert-success").first.inner_text()
    rows = year.iom_template.rows.count()
    assert f"скопировано {rows} строк" in message, message
    iom = Iom.objects.filter(academic_year=year, organisation__short_name="МБОУ СОШ № 1 г. Сальска").get()
    assert iom.rows.count() == rows and sorted(iom.rows.values_list("position", flat=True))[0] == 1
    s.check("IOM created with the template's rows")
    s.visit(f"/iom/{iom.pk}/")
    s.page.click("button:has-text('Наставник согласовал')")
    s.page.wait_for_selector("button:has-text('Представить в МБУ ИМЦ')")
    s.page.click("button:has-text('Представить в МБУ ИМЦ')")
    s.page.wait_for_selector("text=Представлен в МБУ ИМЦ")
    s.check("IOM submitted")
    iom.refresh_from_db()
    assert iom.status == Iom.Status.SUBMITTED

    # --- the methodist approves it with others in one go
    m.visit("/iom/?status=submitted")
    boxes = m.page.locator("input.js-select")
    ours = m.page.locator(f"input.js-select[value='{iom.pk}']")
    assert ours.count() == 1
    ours.check()
    others = [int(v) for v in (b.get_attribute("value") for b in boxes.all()) if v != str(iom.pk)][:2]
    for pk in others:
        m.page.check(f"input.js-select[value='{pk}']")
    m.page.click("#bulk-form button:has-text('Утвердить')")
    m.page.wait_for_selector("text=будет выполнено")
    m.check("bulk approve confirmation", screenshot="year-bulk-confirm")
    m.page.click("form[method=post] button[type=submit]")
    m.page.wait_for_selector(".bulk-results")
    m.check("bulk approve results")
    iom.refresh_from_db()
    assert iom.status == Iom.Status.APPROVED
    assert Iom.objects.filter(pk__in=others, status=Iom.Status.APPROVED).count() == len(others) == 2

    # --- the campaign names who still owes; the reminder reports reached and skipped
    m.visit(campaign.get_absolute_url(), expect_text="Не представили ИОМ — поимённо",
            screenshot="year-campaign-names")
    desktop_shot(m, "year-campaign-names")
    page = m.page.content()
    assert iom.specialist.full_name not in re.sub(r"<select.*?</select>", "", page, flags=re.S)
    assert "ИОМ не составлен" in page
    m.page.click("button:has-text('Напомнить отстающим')")
    m.page.wait_for_selector("text=Напоминания по кампании ИОМ")
    m.check("reminder report", screenshot="year-reminder-report")
    desktop_shot(m, "year-reminder-report")
    report = m.page.content()
    assert "Отправлено:" in report and "Пропущено:" in report
