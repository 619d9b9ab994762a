"""No import template can import its own example: the example row lives on the sheet «Пример», which the
reader never reads, and a row repeating the example (templates downloaded before) is skipped.

Every import of the portal is found in the URL configuration, so a new one is checked without being listed."""

import io

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from mentors.models import Teacher
from mentors.resources import TeacherImporter
from salsk_mentoring.imports.template import EXAMPLE_SHEET
from salsk_mentoring.imports.views import ImportTemplateView, ImportView
from tests.mentors.xlsx import TEACHER_HEADERS, teacher_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def import_routes():
    """(url name, needs an object of the world) of every upload page; its template is ``…template/``."""
    found = []

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern, f"{pattern.namespace}:" if pattern.namespace else namespace)
                continue
            view = getattr(pattern.callback, "view_class", None)
            if view and issubclass(view, ImportView) and not issubclass(view, ImportTemplateView):
                found.append((namespace + pattern.name, "pk" in pattern.pattern.converters))

    walk(get_resolver())
    return sorted(found)


ROUTES = import_routes()
#: Each upload page's object in the shared world (an IOM's rows are imported into that IOM).
OBJECTS = {"iom:iomrow_import": "iom_a"}


def test_every_import_is_found():
    assert len(ROUTES) >= 6, ROUTES


def registry_size(model):
    return model._default_manager.count()


#: Imports a school may not use (the district's targets and the accounts are the methodists').
METHODISTS_ONLY = {"monitoring:target_import", "schools:user_import"}


@pytest.mark.parametrize(
    ("name", "needs_object", "persona"),
    [(*route, persona) for route in ROUTES for persona in ("methodist", "school_a")
     if persona == "methodist" or route[0] not in METHODISTS_ONLY],
)  # fmt: skip
def test_the_unmodified_template_writes_nothing_and_says_so(world, client_for, name, needs_object, persona):
    client = client_for(persona)
    url = reverse(name, kwargs={"pk": world[OBJECTS[name]].pk} if needs_object else None)
    response = client.get(url + "template/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    wb = load_workbook(io.BytesIO(content))
    data, example = wb.worksheets[0], wb[EXAMPLE_SHEET]
    assert data.max_row == 1, "the data sheet holds the headers only"
    assert [c.value for c in example[1]] == [c.value for c in data[1]]
    assert any(c.value not in (None, "") for c in example[2]), "the example sheet shows a filled-in row"

    model = response.resolver_match.func.view_class.importer_class.model
    before = registry_size(model)
    page = client.post(url, {"file": upload(content, name="шаблон.xlsx")})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ничего не загружено: в файле нет ни одной строки с данными" in text
    assert "name=\"token\"" not in text  # nothing to confirm
    assert registry_size(model) == before


def test_an_old_template_with_the_example_in_row_two_imports_the_real_rows_only(world, client_for, org_a):
    importer = TeacherImporter(world["methodist"])
    example = [c.example for c in importer.file_columns()]
    assert [c.header for c in importer.file_columns()] == TEACHER_HEADERS
    old = xlsx_bytes(TEACHER_HEADERS, [example])
    client = client_for("methodist")
    url = reverse("mentors:teacher_import")
    text = client.post(url, {"file": upload(old)}).content.decode()
    assert "Ничего не загружено: в файле только строка 2 — пример из шаблона" in text

    before = Teacher.objects.count()
    mixed = xlsx_bytes(TEACHER_HEADERS, [example, teacher_row(org_a, 7, Фамилия="Настоящая")])
    page = client.post(url, {"file": upload(mixed)}).content.decode()
    assert "Строка 2 — пример из шаблона: она пропущена и не будет записана." in page
    assert "Записать 1 строку" in page
    result = TeacherImporter(world["methodist"]).run(upload(mixed), dry_run=False)
    assert result.ok and result.example_row == 2 and result.created == 1
    assert Teacher.objects.count() == before + 1
    assert not Teacher.objects.filter(last_name=example[0], first_name=example[1], email=example[9]).exists()
