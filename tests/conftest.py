import pytest

from schools.models import User

from .factories import (
    AcademicYearFactory,
    OrganisationFactory,
    PilotParticipantFactory,
    PilotProjectFactory,
    TeacherFactory,
    UserFactory,
)
from .matrix import extend_world


@pytest.fixture(autouse=True)
def scoping_guard():
    """Fail a test in which a request read a scoped model without for_user (salsk_mentoring/scoping_guard.py),
    even when the view swallowed the guard's exception."""
    from salsk_mentoring import scoping_guard

    scoping_guard.clear()
    yield scoping_guard
    found = scoping_guard.violations()
    scoping_guard.clear()
    assert not found, "Чтение без for_user во время запроса:\n" + "\n\n".join(found[:3])


@pytest.fixture
def year(db):
    return AcademicYearFactory()


@pytest.fixture
def org_a(db):
    return OrganisationFactory(short_name="МБОУ СОШ № 1 г. Сальска")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(short_name="МБОУ СОШ № 2 г. Сальска")


@pytest.fixture
def imc(db):
    return OrganisationFactory(short_name="МБУ ИМЦ Сальского района", kind="method_centre", is_participant=False)


@pytest.fixture
def methodist(db, imc):
    return UserFactory(username="methodist", role=User.Role.METHODIST, organisations=[imc])


@pytest.fixture
def school_a(db, org_a):
    return UserFactory(username="school_a", role=User.Role.SCHOOL, organisations=[org_a])


@pytest.fixture
def school_b(db, org_b):
    return UserFactory(username="school_b", role=User.Role.SCHOOL, organisations=[org_b])


@pytest.fixture
def official(db):
    return UserFactory(username="official", role=User.Role.OFFICIAL)


@pytest.fixture
def personas(methodist, school_a, school_b, official):
    return {"methodist": methodist, "school_a": school_a, "school_b": school_b, "official": official, "anonymous": None}


@pytest.fixture
def client_for(client, personas):
    """``client_for("school_a")`` → a test client signed in as that persona."""

    def make(persona):
        client.logout()
        user = personas[persona]
        if user is not None:
            client.force_login(user)
        return client

    return make


def build_world(*, year=None, org_a=None, org_b=None, personas=None) -> dict:
    """Objects of school A and school B for every registry; apps extend it in tests/<app>/matrix.py.

    The ``world`` fixture passes the objects of the smaller fixtures (so ``org_a`` and
    ``world["org_a"]`` are the same row); the permission matrix builds it whole, once per class.
    """
    year = year or AcademicYearFactory()
    org_a = org_a or OrganisationFactory(short_name="МБОУ СОШ № 1 г. Сальска")
    org_b = org_b or OrganisationFactory(short_name="МБОУ СОШ № 2 г. Сальска")
    if personas is None:
        imc = OrganisationFactory(short_name="МБУ ИМЦ Сальского района", kind="method_centre", is_participant=False)
        personas = {
            "methodist": UserFactory(username="methodist", role=User.Role.METHODIST, organisations=[imc]),
            "school_a": UserFactory(username="school_a", role=User.Role.SCHOOL, organisations=[org_a]),
            "school_b": UserFactory(username="school_b", role=User.Role.SCHOOL, organisations=[org_b]),
            "official": UserFactory(username="official", role=User.Role.OFFICIAL),
            "anonymous": None,
        }
    project = PilotProjectFactory(academic_year=year)
    w = {
        "year": year,
        "org_a": org_a,
        "org_b": org_b,
        "project": project,
        "teacher_a": TeacherFactory(organisation=org_a),
        "teacher_b": TeacherFactory(organisation=org_b),
        "young_a": TeacherFactory(organisation=org_a, total_experience=1, teaching_experience=1),
        "young_b": TeacherFactory(organisation=org_b, total_experience=2, teaching_experience=2),
        "pilot_a": PilotParticipantFactory(project=project, organisation=org_a),
        "pilot_b": PilotParticipantFactory(project=project, organisation=org_b),
        **personas,
    }
    extend_world(w)
    return w


@pytest.fixture
def world(db, year, org_a, org_b, personas):
    return build_world(year=year, org_a=org_a, org_b=org_b, personas=personas)
