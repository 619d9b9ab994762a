"""The organisation card is a hub: links to the organisation's rows in every registry, each with the count
the linked page shows, within the user's scope and with a query count that does not grow with the rows."""

import pytest

from monitoring.models import Submission
from tests.factories import TeacherFactory
from tests.iom.factories import IomFactory
from tests.mentors.factories import MentorBankEntryFactory, PairFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

TITLES = {
    "Педагоги",
    "Наставляемые",
    "Пары и группы",
    "ИОМ молодых специалистов",
    "Задачи по плану мероприятий",
    "Мониторинг: отчёты организации",
    "Пользователи портала",
}


def hub(client, org):
    response = client.get(org.get_absolute_url())
    assert response.status_code == 200
    return {link.title.split(" (")[0]: link for link in response.context["hub_links"]}


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


@pytest.mark.parametrize("persona", ["methodist", "official", "school_a"])
def test_every_link_counts_what_its_page_lists(world, client_for, persona):
    org_b = world["org_b"]  # rows of another school that no count of school A may take in
    IomFactory(organisation=org_b, academic_year=world["year"])
    PairFactory(mentor=MentorBankEntryFactory(teacher=TeacherFactory(organisation=org_b), year=world["year"]))
    client = client_for(persona)
    links = hub(client, world["org_a"])
    assert TITLES | {"Наставники в банке"} == set(links)
    for title, link in links.items():
        if link.url.endswith("#org-users"):  # a school: the users block on the card itself
            card = client.get(world["org_a"].get_absolute_url())
            assert persona == "school_a" and link.count == len(card.context["org_memberships"]) >= 1
            continue
        if link.items:  # monitoring: the newest submissions themselves
            for _, url in link.items:
                assert client.get(url).status_code == 200
            continue
        assert link.count == listed(client, link.url), title
    assert links["Педагоги"].count >= 2 and links["Наставники в банке"].count >= 1
    assert links["Пары и группы"].count >= 1 and links["ИОМ молодых специалистов"].count >= 1
    submissions = Submission.objects.filter(organisation=world["org_a"]).count()
    assert links["Мониторинг: отчёты организации"].count == submissions > 0


def test_the_card_shows_the_links_with_counts_in_russian(world, client_for):
    TeacherFactory.create_batch(3, organisation=world["org_b"])
    html = client_for("methodist").get(world["org_b"].get_absolute_url()).content.decode()
    teachers = world["org_b"].teachers.count()
    assert "Данные организации" in html
    assert f'href="/teachers/?organisation={world["org_b"].pk}"' in html
    assert f'title="{teachers} педагог' in html


def test_a_school_sees_only_its_own_card(world, client_for):
    school = client_for("school_a")
    assert school.get(world["org_b"].get_absolute_url()).status_code == 404
    assert hub(school, world["org_a"])["Педагоги"].count == world["org_a"].teachers.count()


def test_counts_respect_the_scope_of_the_user(world, client_for):
    """A network pair of school B whose mentor works in school A is B's pair: not on A's card."""
    network = PairFactory(
        mentor=MentorBankEntryFactory(teacher=TeacherFactory(organisation=world["org_a"]), year=world["year"]),
        organisation=world["org_b"],
        is_network=True,
    )
    for persona in ("methodist", "school_a"):
        links = hub(client_for(persona), world["org_a"])
        assert network.pk not in {p.pk for p in world["org_a"].pairs.all()}
        assert links["Пары и группы"].count == world["org_a"].pairs.count()


def test_card_queries_do_not_grow_with_rows(world, client_for):
    org = world["org_a"]

    def grow():
        TeacherFactory.create_batch(2, organisation=org)
        IomFactory(organisation=org, academic_year=world["year"])
        PairFactory(mentor=MentorBankEntryFactory(teacher=TeacherFactory(organisation=org), year=world["year"]))

    assert_constant_queries(client_for("methodist"), org.get_absolute_url(), grow)

