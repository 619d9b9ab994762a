"""Russian wording of every list: filters «Все / Да / Нет», months in calendar order, abbreviations in their case,
an empty list that says what to do next (templates/includes/empty_state.html)."""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from salsk_mentoring.views import RegistryListView


def registry_list_urls():
    """Every list of the portal (a RegistryListView without arguments), found in the URLconf."""
    found = []

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                if view and issubclass(view, RegistryListView) and p.name and not p.pattern.regex.groups:
                    found.append(reverse(f"{namespace}:{p.name}" if namespace else p.name))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


def test_every_filter_offers_all_yes_no_in_russian(world, client_for):
    client = client_for("methodist")
    urls = registry_list_urls()
    assert len(urls) >= 15, urls
    checked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Неизвестно" not in page and "---------" not in page, url
        if 'role="search"' in page and "<select" in page:
            assert re.search(r'<option value=""( selected)?>Все</option>', page), url
            checked += 1
    assert checked >= 10
    page = client.get("/plan/items/").content.decode()  # a yes/no filter
    assert '<option value="true">Да</option>' in page and '<option value="false">Нет</option>' in page


def test_months_in_calendar_order_grouped_by_academic_year(world, methodist):
    from events.filters import month_choices
    from events.models import EventPlan
    from schools.models import AcademicYear

    for start in (2026, 2025):  # the newer plan made first: the order must not follow the plans
        year, _ = AcademicYear.objects.get_or_create(
            start_year=start,
            defaults={"start_date": datetime.date(start, 9, 1), "end_date": datetime.date(start + 1, 8, 31)},
        )
        EventPlan.objects.create(
            academic_year=year, municipality=world["org_a"].municipality, title=f"План {start}",
            period_start=datetime.date(start, 9, 1), period_end=datetime.date(start + 1, 8, 31),
        )
    groups = month_choices(methodist)
    months = [value for _, options in groups for value, _ in options]
    assert months == sorted(months) and months[-1] == "2027-08"
    assert {"2025-09", "2026-08", "2026-09"} <= set(months)
    labels = [label for label, _ in groups]
    assert labels == sorted(labels) and labels[-2:] == ["2025-2026 учебный год", "2026-2027 учебный год"]
    assert dict(dict(groups)["2026-2027 учебный год"])["2026-09"] == "сентябрь 2026"


def test_abbreviations_keep_their_case_in_headings(world, client_for):
    page = client_for("methodist").get("/programmes/").content.decode()
    assert "наставничества ОО" in page and " оо<" not in page and " оо " not in page


@pytest.mark.parametrize(
    "persona, url, expected",
    [
        ("school", "/pairs/", ["Записей пока нет.", "Подбор наставников", "Добавить"]),
        ("official", "/network-requests/", ["Записей пока нет.", "просит сетевую пару"]),
        ("school", "/teachers/?q=Несуществующий", ["Ничего не найдено.", "Сбросить фильтр"]),
    ],
)
def test_an_empty_list_says_what_to_do_next(world, client, persona, url, expected):
    from schools.models import User
    from tests.factories import OrganisationFactory, UserFactory

    if persona == "school":  # a school that has entered nothing yet
        user = UserFactory(username="school_new", role=User.Role.SCHOOL, organisations=[OrganisationFactory()])
    else:
        from mentors.models import NetworkPairRequest

        NetworkPairRequest.objects.all().delete()
        user = world[persona]
    client.force_login(user)
    page = client.get(url).content.decode()
    for text in expected:
        assert text in page, (url, text)
    assert 'class="empty-state' in page


def test_no_gender_brackets_in_the_interface():
    """«проверил(а)», «включён(а)»: the interface words a sentence so that it needs no «(а)»."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"[а-яё]\((а|а\)|ы)\)", re.IGNORECASE)
    offenders = []
    for folder in ("templates", "salsk_mentoring", "schools", "mentors", "events", "iom", "monitoring", "orders"):
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".html", ".py", ".txt"} or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(root)}:{number}")
    assert offenders == []


def test_every_list_header_starts_with_a_capital(world, client_for):
    """One header case: «Электронная почта», not «электронная почта» beside «ФИО» (a column's own verbose_name
    is printed as written)."""
    client = client_for("methodist")
    lowercase = []
    for url in registry_list_urls():
        page = client.get(url).content.decode()
        for head in re.findall(r"<thead.*?</thead>", page, re.S):
            for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", head, re.S):
                text = re.sub(r"<[^>]+>", " ", cell).split()
                if text and text[0][0].isalpha() and text[0][0].islower():
                    lowercase.append(f"{url}: {' '.join(text)}")
    assert lowercase == [], "\n".join(lowercase)
