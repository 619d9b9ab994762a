"""Scoped autocomplete (salsk_mentoring.autocomplete): the endpoints, the widget and the server-side check."""

import pytest

from mentors.models import Mentee
from salsk_mentoring.autocomplete import LOOKUPS, PAGE_SIZE
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

# For every kind: school A's object and school B's object of the shared world, and query flags.
KINDS = {
    "teachers": ("teacher_a", "teacher_b", {}),
    "organisations": ("org_a", "org_b", {}),
    "mentor-bank": ("bank_a", "bank_b", {}),
    "mentees": ("mentee_a", "mentee_b", {}),
    "programmes": ("programme_a", None, {}),
    "pairs": ("pair_a", "pair_b", {}),
    "iom-mentors": ("mentor_a", "teacher_b", {}),
}


def ids(client, kind, **query):
    response = client.get(f"/autocomplete/{kind}/", query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    return {row["id"] for row in response.json()["results"]}


def test_every_registered_kind_is_tested():
    assert set(LOOKUPS) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_school_is_offered_its_own_rows_only(world, client_for, kind):
    own, other, query = KINDS[kind]
    school_a = ids(client_for("school_a"), kind, **query)
    assert world[own].pk in school_a
    if other:
        assert world[other].pk not in school_a
        assert world[other].pk in ids(client_for("school_b"), kind, **query)
        assert world[own].pk not in ids(client_for("school_b"), kind, **query)
        methodist = ids(client_for("methodist"), kind, **query)
        assert {world[own].pk, world[other].pk} <= methodist


def test_anonymous_is_sent_to_sign_in_and_an_unknown_kind_is_404(client_for):
    response = client_for("anonymous").get("/autocomplete/teachers/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for("methodist").get("/autocomplete/passwords/").status_code == 404
    assert client_for("methodist").post("/autocomplete/teachers/").status_code == 405


def test_search_ignores_case_of_cyrillic_words_and_matches_every_word(world, client_for):
    anna = TeacherFactory(organisation=world["org_a"], last_name="Жемчужникова", first_name="Анна")
    TeacherFactory(organisation=world["org_a"], last_name="Жемчужникова", first_name="Вера")
    methodist = client_for("methodist")
    assert anna.pk in ids(methodist, "teachers", q="жемчуж")
    assert ids(methodist, "teachers", q="ЖЕМЧУЖНИКОВА анна") == {anna.pk}
    response = methodist.get("/autocomplete/teachers/", {"q": "жемчужникова"}).json()
    assert response["status"] == "Найдено: 2 педагога."
    assert methodist.get("/autocomplete/teachers/", {"q": "Щщщ"}).json()["status"].startswith("Ничего не найдено")


def test_forwarded_organisation_and_flags_narrow_the_suggestions(world, client_for):
    methodist = client_for("methodist")
    found = ids(methodist, "teachers", organisation=world["org_a"].pk, young="1")
    assert world["young_a"].pk in found
    assert world["young_b"].pk not in found and world["teacher_a"].pk not in found
    # Not a number: ignored, never an error.
    assert world["teacher_b"].pk in ids(methodist, "teachers", organisation="1 OR 1=1")
    # A school cannot widen its scope by forwarding another organisation.
    assert not ids(client_for("school_a"), "teachers", organisation=world["org_b"].pk)


def test_long_lists_come_in_pages(world, client_for):
    TeacherFactory.create_batch(PAGE_SIZE + 5, organisation=world["org_a"], last_name="Страницына")
    methodist = client_for("methodist")
    first = methodist.get("/autocomplete/teachers/", {"q": "Страницына"}).json()
    second = methodist.get("/autocomplete/teachers/", {"q": "Страницына", "page": "2"}).json()
    assert len(first["results"]) == PAGE_SIZE and first["more"]
    assert len(second["results"]) == 5 and not second["more"]
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_endpoint_query_count_does_not_grow_with_rows(world, client_for, django_assert_max_num_queries):
    TeacherFactory.create_batch(30, organisation=world["org_a"])
    methodist = client_for("methodist")
    methodist.get("/autocomplete/teachers/")
    with django_assert_max_num_queries(4):
        methodist.get("/autocomplete/teachers/")


def _select(page, name):
    start = page.index(f'name="{name}"')
    return page[page.rindex("<select", 0, start) : page.index("</select>", start) + 9]


def test_form_renders_only_the_chosen_option(world, client_for):
    methodist = client_for("methodist")
    page = methodist.get("/pairs/add/").content.decode()
    for name in ("organisation", "mentor", "mentees", "programme"):
        select = _select(page, name)
        assert "js-autocomplete" in select and "data-autocomplete-url" in select
        assert select.count("<option") <= 1, select  # the empty choice only
    page = methodist.get(f"/pairs/{world['pair_a'].pk}/edit/").content.decode()
    mentor = _select(page, "mentor")
    assert mentor.count("<option") == 2 and "Наставникова" in mentor and "selected" in mentor
    mentees = _select(page, "mentees")
    assert mentees.count("<option") == 1 and world["young_a"].last_name in mentees


def test_guessed_pk_of_another_school_is_refused_in_russian(world, client_for):
    school_a = client_for("school_a")
    other = TeacherFactory(organisation=world["org_b"], last_name="Чужедальняя", total_experience=1,
                           teaching_experience=1)  # fmt: skip
    before = Mentee.objects.count()
    response = school_a.post("/mentees/add/", {"kind": "young_specialist", "teacher": other.pk, "is_active": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Такого педагога нет среди доступных вам" in page
    assert "Чужедальняя" not in page  # the other school's teacher is not named back
    assert Mentee.objects.count() == before


def test_rejected_form_keeps_the_chosen_teacher(world, client_for):
    young = TeacherFactory(organisation=world["org_a"], total_experience=1, teaching_experience=1)
    response = client_for("school_a").post(
        "/mentees/add/",
        {"kind": "young_specialist", "teacher": young.pk, "name_or_code": "Петя", "is_active": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "имя, код и класс не заполняются" in page
    select = _select(page, "teacher")
    assert f'value="{young.pk}" selected' in select and young.full_name in select
    assert 'name="name_or_code" value="Петя"' in page


def test_multiple_choice_keeps_chosen_rows_and_refuses_foreign_ones(world, client_for):
    methodist = client_for("methodist")
    response = methodist.post(
        "/iom/campaigns/add/",
        {"title": "Кампания", "academic_year": world["year"].pk, "deadline": "2021-12-01",
         "organisations": [world["org_a"].pk, 999999]},
    )  # fmt: skip
    assert response.status_code == 200
    select = _select(response.content.decode(), "organisations")
    assert f'value="{world["org_a"].pk}" selected' in select
    assert "Такой организации нет среди доступных вам" in response.content.decode()


@pytest.mark.parametrize("kind", sorted(name for name, lookup in LOOKUPS.items() if lookup.narrow))
def test_a_forwarded_value_narrows_to_rows_whose_field_equals_it(world, kind):
    """``Lookup.narrow``: each forwarded organisation or year leaves only the rows of that organisation or year."""
    lookup, methodist = LOOKUPS[kind], world["methodist"]
    everything, _ = lookup.results(methodist, "", {})
    assert everything, kind
    for name, field in lookup.narrow.items():
        value = getattr(everything[0], field)
        narrowed, _ = lookup.results(methodist, "", {name: value})
        assert narrowed and all(getattr(row, field) == value for row in narrowed), (kind, name)
        other = lookup.results(methodist, "", {name: value + 10_000})[0]
        assert other == [], (kind, name)
