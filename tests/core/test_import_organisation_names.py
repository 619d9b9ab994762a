"""An import names organisations as people write them: the one name matcher resolves «МБОУ СОШ №5
г.Сальска», and a name it cannot resolve is refused with «Возможно, вы имели в виду …»."""

import pytest

from mentors.models import Teacher
from mentors.resources import TeacherImporter
from tests.factories import OrganisationFactory
from tests.mentors.xlsx import TEACHER_HEADERS, teacher_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(db):
    OrganisationFactory(short_name="МБОУ СОШ № 15 г. Сальска")
    OrganisationFactory(short_name="МБОУ СОШ № 50")
    return OrganisationFactory(
        short_name="МБОУ СОШ № 5 г. Сальска",
        full_name="Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 5 "
        "г. Сальска",
    )


def run(user, names, organisation=None, dry_run=False):
    rows = [_row(n, name) for n, name in enumerate(names)]
    importer = TeacherImporter(user, organisation=organisation)
    return importer.run(upload(xlsx_bytes(TEACHER_HEADERS, rows)), dry_run=dry_run)


def _row(n, name):
    class Named:
        short_name = name

    return teacher_row(Named, n)


@pytest.mark.parametrize(
    "written",
    [
        "МБОУ СОШ №5 г.Сальска",
        "мбоу сош N 5 г. сальска",
        "«МБОУ СОШ № 5» г. Сальска",
        "СОШ № 5 г. Сальска",  # without the form of ownership: one organisation has that name
        "Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 5 г.Сальска",
    ],
)
def test_the_ways_a_name_is_written_resolve(methodist, five, written):
    result = run(methodist, [written])
    assert result.ok, [str(e) for e in result.errors]
    assert Teacher.objects.get().organisation == five


def test_an_unknown_name_is_refused_with_the_closest_names(methodist, five):
    result = run(methodist, ["МБОУ СШ № 5 г. Сальск", "МБОУ СОШ № 5"])
    assert not result.ok and not Teacher.objects.exists()
    messages = [str(e) for e in result.errors]
    assert messages[0] == (
        "Строка 2, столбец «Организация»: организация «МБОУ СШ № 5 г. Сальск» не найдена в реестре организаций. "
        "Возможно, вы имели в виду: «МБОУ СОШ № 5 г. Сальска»."
    )
    # «МБОУ СОШ № 5» is short of the town: suggested, never № 15 or № 50
    assert "Возможно, вы имели в виду: «МБОУ СОШ № 5 г. Сальска»." in messages[1]
    assert "№ 15" not in messages[1] and "№ 50" not in messages[1]


def test_nothing_close_gets_no_guess(methodist, five):
    result = run(methodist, ["Детский сад «Ромашка»"])
    assert str(result.errors[0]).endswith("не найдена в реестре организаций.")


def test_a_name_repeated_in_two_municipalities_still_asks_for_the_municipality(methodist, five):
    other = OrganisationFactory(
        short_name="МБОУ СОШ № 5 г. Сальска", municipality__name="Целинский район", municipality__is_default=False
    )
    result = run(methodist, ["МБОУ СОШ №5 г.Сальска"], dry_run=True)
    assert "несколько в разных муниципалитетах" in str(result.errors[0])
    result = run(methodist, ["МБОУ СОШ №5 г.Сальска (Целинский район)"])
    assert result.ok and Teacher.objects.get().organisation == other


def test_a_school_is_pointed_to_its_own_organisation(five, org_a, school_a):
    result = run(school_a, ["МБОУ СОШ № 1 г. Сальск"], organisation=org_a, dry_run=True)
    assert "Возможно, вы имели в виду: «МБОУ СОШ № 1 г. Сальска»." in str(result.errors[0])
    assert "№ 5" not in str(result.errors[0])  # another school's name is never offered to a school
    assert run(school_a, ["мбоу сош №1 г.Сальска"], organisation=org_a).ok
