"""One walk-through per role through the main path of each app (screenshots in artifacts/e2e/)."""

import pytest

pytestmark = pytest.mark.e2e


def test_public_visitor(walk, monkeypatch):
    from salsk_mentoring.views import RegistryListView

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
    # A big export of the public bank is a public job (here: any above 10 cards): its page, without an account.
    monkeypatch.setitem(RegistryListView.sync_export_rows, "xlsx", 10)
    w.visit("/bank/?_export=xlsx", expect_text="Вернуться в банк наставников", screenshot="phone-public-job")


def test_methodist(walk):
    w = walk("methodist")
    w.login("methodist")
    w.check("dashboard")
    w.visit("/organisations/", expect_text="Организации")
    w.page.click("button.filter-toggle")  # on a phone the filter is folded behind «Фильтр»
    w.page.wait_for_selector("#list-filter.show")
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
    w.visit("/teachers/?_export=xlsx", expect_text="Педагоги: выгрузка XLSX")  # 1 572 rows: the job's page
    w.visit("/monitoring/reports/district/")
    w.visit("/orders/", expect_text="866")
    w.visit("/orders/1/", expect_text="О реализации целевой модели")
    w.visit("/network-requests/")
    w.visit("/iom/")
    first_row_link(w, "/iom/")
    iom_form_with_autocomplete(w)
    plan_responsibles_and_copy(w)


def suggestions(page, box):
    page.wait_for_selector(f"#{box}-listbox [role=option]")
    return page.locator(f"#{box}-listbox [role=option]")


def iom_form_with_autocomplete(w):
    """A new IOM: organisation and young specialist are picked by typing (salsk_mentoring.autocomplete);
    the form is rejected (no deficits) and keeps both choices."""
    page = w.page
    w.visit("/iom/add/", expect_text="Новая запись")
    assert page.locator("select#id_specialist").is_hidden()  # the server's <select> is replaced
    page.fill("#id_organisation-ac", "сош № 1 сальска")
    options = suggestions(page, "id_organisation-ac")
    w.check("IOM form: organisation suggestions")
    options.filter(has_text="МБОУ СОШ № 1 г. Сальска").first.click()
    organisation = page.input_value("#id_organisation-ac")
    assert organisation.startswith("МБОУ СОШ № 1 г. Сальска")
    page.focus("#id_specialist-ac")  # an empty box lists the organisation's young specialists
    options = suggestions(page, "id_specialist-ac")
    assert all("СОШ № 1 г. Сальска" in text for text in options.all_inner_texts() if "ещё" not in text)
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#id_specialist-ac", "aria-activedescendant")
    w.check("IOM form: specialist chosen by keyboard")
    page.keyboard.press("Enter")
    specialist = page.input_value("#id_specialist-ac")
    assert specialist and page.locator("select#id_specialist option:checked").inner_text() == specialist
    page.click("button[type=submit]")
    page.wait_for_selector(".alert-danger")
    assert "Запись не сохранена" in page.content()
    assert page.input_value("#id_organisation-ac") == organisation  # what was chosen is kept
    assert page.input_value("#id_specialist-ac") == specialist
    w.check("IOM form rejected, choices kept")


def test_school_head(walk):
    w = walk("school")
    w.login("school_a")
    w.check("dashboard", screenshot="phone-dashboard")
    phone_menu(w)
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
    w.visit("/mentees/add/", expect_text="Новая запись")
    page.focus("#id_teacher-ac")  # a school is offered its own young specialists only
    options = suggestions(page, "id_teacher-ac")
    texts = [t for t in options.all_inner_texts() if "ещё" not in t]
    assert texts and all(t.endswith("(МБОУ СОШ № 1 г. Сальска)") for t in texts)
    w.check("mentee form: the school's own young specialists")
    w.visit("/plan/my/", screenshot="phone-my-tasks")
    report = page.get_by_role("link", name="Отчитаться").first  # in reach: on the screen without scrolling sideways
    box = report.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box
    w.visit("/iom/")
    iom_editor(w)
    w.visit("/pairs/")
    w.visit("/teachers/", screenshot="phone-list")
    w.visit("/mentor-bank/")
    w.visit("/monitoring/campaigns/")
    w.visit("/jobs/", expect_text="Документов пока нет")  # the empty state says what to do next
    w.visit("/accounts/password/")


def phone_menu(w):
    """At 390 px the menu is folded behind «Меню»; opened, it holds the user's menu: documents, password, logout."""
    page = w.page
    assert page.locator("#portal-menu").is_hidden()
    page.click(".navbar-toggler")
    page.wait_for_selector("#portal-menu.show")
    page.click("#portal-menu .portal-user .dropdown-toggle")
    for name in ("Сменить пароль", "Выйти"):
        item = page.locator("#portal-menu .portal-user .dropdown-menu").get_by_text(name)
        assert item.is_visible(), name
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], (name, box)
    w.check("menu opened", screenshot="phone-menu")


def iom_editor(w):
    """The school's IOM editor: the route grid scrolls in its box, every cell's field is labelled (axe)."""
    from iom.models import Iom

    iom = Iom.objects.filter(organisation__users__username="school_a", status__in=Iom.EDITABLE).first()
    assert iom is not None, "в демо-данных нет редактируемого ИОМ школы А"
    w.visit(f"/iom/{iom.pk}/edit/", expect_text="Строки маршрута", screenshot="phone-iom-editor")


def test_official(walk):
    w = walk("official")
    w.login("official")
    w.check("dashboard")
    w.visit("/organisations/", expect_text="Организации")
    w.visit("/teachers/add/", status=403)
    w.visit("/monitoring/reports/district/")
    w.visit("/orders/1/", expect_text="866")
    w.visit("/iom/")
    first_row_link(w, "/iom/")
    w.visit("/pairs/")
    first_row_link(w, "/pairs/")
    w.visit("/plan/items/")
    # the same portal on a desktop screen: the menu unfolded in the header, the user menu on its right
    w.page.set_viewport_size({"width": 1366, "height": 900})
    w.visit("/dashboard/", screenshot="desktop-dashboard")
    assert w.page.locator("#portal-menu .portal-user .dropdown-toggle").is_visible()
    assert w.page.locator(".navbar-toggler").is_hidden()
    w.visit("/teachers/")


def first_row_link(w, list_path):
    """Open the first record of the list on screen (its detail page, with its history)."""
    link = w.page.locator(f"table tbody a[href^='{list_path}']").first
    assert link.count(), f"{list_path}: в списке нет ссылок на записи"
    link.click()
    w.page.wait_for_load_state()
    w.check(f"{list_path}: карточка записи")


def plan_responsibles_and_copy(w):
    """The responsibles of a plan item are edited on its page; the 2021-2022 plan is copied a year on."""
    from events.models import EventPlan, PlanItem

    item = PlanItem.objects.filter(responsibles__organisation__isnull=False).order_by("plan", "position").first()
    w.visit(f"/plan/items/{item.pk}/edit/", expect_text="Ответственные организации")
    plan = EventPlan.objects.order_by("academic_year__start_year").first()
    w.visit(f"/plan/?plan={plan.pk}")
    w.page.click("text=Скопировать план на новый учебный год")
    w.page.wait_for_selector(".alert-success")
    assert "План скопирован на" in w.page.content()
    w.check("plan copied to the next year")
