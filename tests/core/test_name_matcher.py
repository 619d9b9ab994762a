"""The one name matcher (salsk_mentoring.search): autocomplete, the organisations' search, list filters and
the public bank find «МБОУ СОШ № 5» however it is typed, and «№ 1» never finds № 10–19."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from iom.filters import IomFilter
from mentors.filters import OrganisationFilter
from mentors.models import Teacher
from monitoring.filters import TargetFilter
from salsk_mentoring.search import (
    EXACT,
    PREFIX,
    STARTS_WITH_WORDS,
    SUBSTRING,
    WHOLE_WORDS,
    NameQuery,
    closest_names,
    name_key,
)
from schools.models import Organisation
from tests.factories import OrganisationFactory, TeacherFactory
from tests.mentors.factories import MentorBankEntryFactory, PublicationConsentFactory

pytestmark = pytest.mark.django_db

TYPED_FIVE = ["СОШ № 5", "сош №5", "СОШ N5", "СОШ No 5", "  Сош   #5 ", "МБОУ СОШ №5 г.Сальска"]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("МБОУ СОШ №5 г.Сальска", "мбоу сош 5 г сальска"),
        ("мбоу  сош № 5 г. Сальска", "мбоу сош 5 г сальска"),
        ("Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа N 5 "
         "г. Сальска", "мбоу сош 5 г сальска"),
        ("СОШ No5", "сош 5"),
        ("МБДОУ д/с №3 «Ромашка»", "мбдоу дс 3 ромашка"),
        ('МБДОУ детский сад № 3 "Ромашка"', "мбдоу дс 3 ромашка"),
        ("МБУДО ДДТ", "мбу до ддт"),
        ("ООШ № 7 х.Маяк", "оош 7 х маяк"),
        ("Ёлочка с. Сандата", "елочка с сандата"),
    ],
)  # fmt: skip
def test_name_key_folds_the_ways_a_name_is_typed(typed, key):
    assert name_key(typed) == key


@pytest.fixture
def schools(db, org_a):
    """Organisations whose names catch a careless matcher: № 15, № 25, № 50, № 10–19 beside № 1 (org_a)."""
    names = {
        "five": "МБОУ СОШ № 5 г. Сальска",
        "fifteen": "МБОУ СОШ № 15 г. Сальска",
        "twenty_five": "МБОУ СОШ № 25 п. Гигант",
        "fifty": "МБОУ СОШ № 50",
        "ten": "МБОУ СОШ № 10 г. Сальска",
        "eleven": "МБОУ СОШ № 11 г. Сальска",
        "nineteen": "МБОУ СОШ № 19 с. Сандата",
        "lyceum": "МБОУ лицей № 9 г. Сальска",
    }
    return {"one": org_a, **{key: OrganisationFactory(short_name=name) for key, name in names.items()}}


def autocomplete(client, text):
    response = client.get("/autocomplete/organisations/", {"q": text})
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.mark.parametrize("typed", TYPED_FIVE)
def test_autocomplete_puts_school_five_first_and_never_fifteen(schools, client_for, typed):
    found = autocomplete(client_for("methodist"), typed)
    assert found[0].startswith("МБОУ СОШ № 5 г. Сальска"), found
    assert not any(re.search(r"№ (15|25|50)\b", text) for text in found), found


def test_autocomplete_of_number_one_lists_number_one_only(schools, client_for):
    found = autocomplete(client_for("methodist"), "СОШ № 1")
    assert found == ["МБОУ СОШ № 1 г. Сальска (Сальский район)"]


def test_school_user_is_still_offered_its_own_organisation_only(schools, client_for, org_a, org_b):
    assert autocomplete(client_for("school_a"), "СОШ № 2") == []
    assert autocomplete(client_for("school_b"), "СОШ №2") == [f"{org_b.short_name} (Сальский район)"]


@pytest.mark.parametrize("typed", TYPED_FIVE[:3])
def test_organisations_search_puts_school_five_first(schools, client_for, typed):
    response = client_for("methodist").get(reverse("schools:organisation_list"), {"q": typed})
    rows = [row.record.short_name for row in response.context["table"].page.object_list]
    assert rows[0] == "МБОУ СОШ № 5 г. Сальска", rows
    assert "МБОУ СОШ № 15 г. Сальска" not in rows and "МБОУ СОШ № 50" not in rows


@pytest.mark.parametrize(
    ("name", "typed", "rank"),
    [
        ("МБОУ СОШ № 5 г. Сальска", "МБОУ СОШ №5 г.Сальска", EXACT),
        ("МБОУ СОШ № 5 г. Сальска", "сош 5 г сальска", EXACT),  # without the form of ownership
        ("МБОУ СОШ № 5 г. Сальска", "СОШ № 5", STARTS_WITH_WORDS),
        ("МБОУ Гигантовская СОШ № 5", "СОШ № 5", WHOLE_WORDS),
        ("МБОУ лицей № 9 г. Сальска", "лиц", PREFIX),
        ("МБОУ лицей № 9 г. Сальска", "сальск", SUBSTRING),
        ("МБОУ СОШ № 15 г. Сальска", "СОШ № 5", None),
        ("МБОУ СОШ № 50", "СОШ № 5", None),
    ],
)
def test_ranks_in_the_database_and_in_python_agree(name, typed, rank):
    org = OrganisationFactory(short_name=name)
    query = NameQuery(typed)
    assert query.rank_of(org.search_name) == rank
    in_db = query.apply(Organisation.objects.filter(pk=org.pk)).values_list("name_rank", flat=True)
    assert list(in_db) == ([] if rank is None else [rank])


def test_exact_beats_whole_words_beats_prefix_beats_substring(client_for, personas):
    inside = OrganisationFactory(short_name="МБОУ Прогимназия")
    apart = OrganisationFactory(short_name="МБОУ Первая гимназия")
    starting = OrganisationFactory(short_name="МБОУ гимназия № 2 г. Сальска")
    exact = OrganisationFactory(short_name="МБОУ гимназия")

    def labels(*orgs):
        return [f"{org.short_name} (Сальский район)" for org in orgs]

    methodist = client_for("methodist")
    assert autocomplete(methodist, "гимназия") == labels(exact, starting, apart, inside)
    # «гимназ»: two names start with it, two have it inside (by name among themselves)
    assert autocomplete(methodist, "гимназ") == labels(exact, starting, apart, inside)
    assert autocomplete(methodist, "прогимназия") == labels(inside)


def test_search_name_is_kept_on_every_kind_of_write(schools):
    org = schools["five"]
    assert "/ сош 5 г сальска /" in org.search_name
    org.short_name = "МБОУ СОШ № 7"
    org.save(update_fields=["short_name"])
    assert "/ сош 7 /" in Organisation.objects.get(pk=org.pk).search_name
    [bulk] = Organisation.objects.bulk_create([Organisation(municipality=org.municipality, short_name="МБОУ ООШ № 3")])
    assert "/ оош 3 /" in Organisation.objects.get(pk=bulk.pk).search_name
    assert "search_name" not in {f.name for f in Organisation.history.model._meta.fields}


def test_real_data_is_searchable_after_loading(db):
    call_command("load_real_data", verbosity=0)
    lyceum = Organisation.objects.get(short_name="МБОУ лицей №9 г. Сальска")
    assert NameQuery("лицей № 9").rank_of(lyceum.search_name) == STARTS_WITH_WORDS
    assert not Organisation.objects.filter(search_name="").exists()


def test_list_filters_match_whole_numbers(schools, rf, methodist):
    five, fifteen = schools["five"], schools["fifteen"]
    t5 = TeacherFactory(organisation=five)
    t15 = TeacherFactory(organisation=fifteen)
    request = rf.get("/")
    request.user = methodist
    flt = OrganisationFilter()
    flt.model = Teacher
    teachers = Teacher.objects.filter(pk__in=[t5.pk, t15.pk])
    for typed in TYPED_FIVE:
        assert list(flt.filter(teachers, typed)) == [t5], typed
    # The same matcher behind the IOM list's and the targets' organisation boxes.
    assert "organisation" == IomFilter.base_filters["org_name"].field_name
    assert type(IomFilter.base_filters["org_name"]).filter is type(TargetFilter.base_filters["organisation"]).filter


def test_public_bank_school_one_shows_only_school_one(client, year, schools):
    names = {}
    for key in ("one", "ten", "eleven", "nineteen", "five"):
        entry = MentorBankEntryFactory(
            teacher=TeacherFactory(organisation=schools[key], last_name=f"Наставникова-{key}"), year=year
        )
        PublicationConsentFactory(entry=entry, publish_name=True, publish_organisation=True)
        names[key] = entry.teacher.last_name
    text = client.get(reverse("mentors:public_bank"), {"organisation": "СОШ № 1"}).content.decode()
    assert names["one"] in text
    assert not any(names[key] in text for key in ("ten", "eleven", "nineteen", "five"))


@pytest.mark.parametrize("typed", TYPED_FIVE[:3])
def test_public_bank_puts_school_five_first(client, year, schools, typed):
    five_other = OrganisationFactory(short_name="МБОУ Гигантовская СОШ № 5")
    for org, surname in ((five_other, "Абрамова"), (schools["five"], "Яковлева")):
        entry = MentorBankEntryFactory(teacher=TeacherFactory(organisation=org, last_name=surname), year=year)
        PublicationConsentFactory(entry=entry, publish_name=True, publish_organisation=True)
    text = client.get(reverse("mentors:public_bank"), {"organisation": typed}).content.decode()
    # «Яковлева» (МБОУ СОШ № 5 г. Сальска: whole words «сош 5») before «Абрамова» (a name starting otherwise),
    # whatever the alphabet says.
    assert "Яковлева" in text and "Абрамова" in text
    assert text.index("Яковлева") < text.index("Абрамова")


def test_import_suggestions_rank_closest_names(schools):
    candidates = list(Organisation.objects.all())
    assert closest_names("МБОУ СОШ №5 г.Сальска", candidates)[0] == schools["five"]
    # A misspelt name: similar names, but never another number.
    found = closest_names("МБОУ СШ № 5 г. Сальск", candidates)
    assert found and found[0] == schools["five"]
    assert schools["fifteen"] not in found
