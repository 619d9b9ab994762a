"""A school asks the methodist for a network (cross-school) pair from a matching suggestion; the methodist
accepts — the pair is created with both organisations right — or declines with a reason the school reads."""

import pytest
from django.urls import reverse

from mentors.models import NetworkPairRequest, Pair
from mentors.services import pending_network_requests
from tests.factories import OrganisationFactory, TeacherFactory, UserFactory
from tests.querycount import assert_constant_queries

from .factories import MenteeFactory, MentorBankEntryFactory, PairFactory, PublicationConsentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    """A young specialist of school A without a mentor; a mentor of school B with a consent in force."""
    young = TeacherFactory(
        organisation=world["org_a"], last_name="Молодова", subjects="химия", total_experience=1, teaching_experience=1
    )
    mentee = MenteeFactory(teacher=young, organisation=world["org_a"])
    mentor = MentorBankEntryFactory(
        teacher=TeacherFactory(organisation=world["org_b"], last_name="Опытнова", subjects="химия"),
        year=world["year"],
        max_mentees=2,
    )
    mentor.forms.add(world["form_tt"])
    PublicationConsentFactory(entry=mentor)
    return {"young": young, "mentee": mentee, "mentor": mentor}


def ask(client, case, comment="Нужен химик: в школе химия одна ставка."):
    url = reverse("mentors:networkpairrequest_add")
    return client.post(url, {"mentee": case["mentee"].pk, "mentor": case["mentor"].pk, "comment": comment})


def test_the_suggestion_offers_the_request_and_the_request_reaches_the_methodist(world, client_for, case):
    school = client_for("school_a")
    page = school.get(reverse("mentors:matching_detail", args=[case["young"].pk])).content.decode()
    link = f"{reverse('mentors:networkpairrequest_add')}?mentee={case['mentee'].pk}&amp;mentor={case['mentor'].pk}"
    assert "Попросить сетевую пару" in page and link in page

    form = school.get(link.replace("&amp;", "&")).content.decode()
    assert "Опытнова" in form and "Отправить запрос методисту" in form
    response = ask(school, case)
    request = NetworkPairRequest.objects.get(mentee=case["mentee"])
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert (request.organisation, request.mentee, request.mentor) == (world["org_a"], case["mentee"], case["mentor"])
    assert request.status == "pending" and request.requested_by == world["school_a"]
    assert request.history.get().history_user == world["school_a"]

    methodist = client_for("methodist")
    dashboard = methodist.get(reverse("dashboard")).content.decode()
    # the world's request of school A (a mentor of a third school) and this one
    assert '<div class="stat">2</div><div class="stat-label">запроса сетевой пары ждут решения</div>' in dashboard
    assert request.pk in {r.pk for r in pending_network_requests(world["methodist"])}
    listed = methodist.get(reverse("mentors:networkpairrequest_list"), {"status": "pending"})
    assert [r.record.pk for r in listed.context["table"].page.object_list] == [request.pk, world["netreq_a"].pk]
    # The page offers the decision once, and the suggestion now says the request is waiting.
    assert "Принять и создать сетевую пару" in methodist.get(request.get_absolute_url()).content.decode()
    page = client_for("school_a").get(reverse("mentors:matching_detail", args=[case["young"].pk])).content.decode()
    assert "запрос отправлен методисту" in page


def test_who_sees_a_request(world, client_for, case):
    ask(client_for("school_a"), case)
    request = NetworkPairRequest.objects.get(mentee=case["mentee"])
    other = OrganisationFactory(short_name="МБОУ СОШ № 3 г. Сальска")
    UserFactory(username="school_c", organisations=[other])
    for persona, visible in (("school_a", True), ("school_b", True), ("official", True), ("methodist", True)):
        assert client_for(persona).get(request.get_absolute_url()).status_code == 200, persona
        assert (request in pending_network_requests(world[persona])) is visible
    client = client_for("methodist")
    client.force_login(other.users.get())
    assert client.get(request.get_absolute_url()).status_code == 404
    assert not pending_network_requests(other.users.get()).exists()
    # The mentor's school sees it but cannot decide it.
    response = client_for("school_b").post(reverse("mentors:networkpairrequest_accept", args=[request.pk]))
    assert response.status_code == 403
    assert "Принять и создать" not in client_for("school_b").get(request.get_absolute_url()).content.decode()


def test_accept_creates_the_network_pair_in_one_step(world, client_for, case):
    ask(client_for("school_a"), case)
    request = NetworkPairRequest.objects.get(mentee=case["mentee"])
    methodist = client_for("methodist")
    response = methodist.post(reverse("mentors:networkpairrequest_accept", args=[request.pk]), follow=True)
    pair = Pair.objects.get(network_requests=request)
    assert f"Запрос принят: создана сетевая пара № {pair.pk}" in response.content.decode()
    assert pair.organisation == world["org_a"] and pair.mentor.organisation == world["org_b"]
    assert pair.is_network and pair.status == "planned" and list(pair.mentees.all()) == [case["mentee"]]
    assert pair.form == world["form_tt"]
    assert {r.history_user for r in pair.history.all()} == {world["methodist"]}
    request.refresh_from_db()
    assert request.status == "accepted" and request.pair == pair and request.decided_by == world["methodist"]
    assert request.history.first().history_change_reason == f"Принят: создана сетевая пара № {pair.pk}"
    # The school sees the answer and its pair; a second decision is refused.
    page = client_for("school_a").get(request.get_absolute_url()).content.decode()
    assert "принят, пара создана" in page and f"Пара № {pair.pk}" in page
    again = client_for("methodist").post(reverse("mentors:networkpairrequest_accept", args=[request.pk]), follow=True)
    assert "Запрос уже рассмотрен: принят, пара создана." in again.content.decode()
    assert Pair.objects.filter(is_network=True, mentor=case["mentor"]).count() == 1


def test_decline_needs_a_reason_that_the_school_then_reads(world, client_for, case):
    ask(client_for("school_a"), case)
    request = NetworkPairRequest.objects.get(mentee=case["mentee"])
    methodist = client_for("methodist")
    url = reverse("mentors:networkpairrequest_decline", args=[request.pk])
    empty = methodist.post(url, {"answer": "  "}, follow=True).content.decode()
    assert "Укажите причину отказа: школа увидит её в запросе." in empty
    request.refresh_from_db()
    assert request.status == "pending"
    methodist.post(url, {"answer": "У наставника не будет часов во втором полугодии."})
    request.refresh_from_db()
    assert request.status == "declined" and not Pair.objects.filter(network_requests=request).exists()
    page = client_for("school_a").get(request.get_absolute_url()).content.decode()
    assert "отклонён" in page and "У наставника не будет часов во втором полугодии." in page
    assert request not in pending_network_requests(world["school_a"])


def error_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_bad_requests_are_refused_in_russian_and_keep_the_comment(world, client_for, case):
    school = client_for("school_a")
    # already paired: the mentee has an open pair
    own = MentorBankEntryFactory(teacher=TeacherFactory(organisation=world["org_a"]), year=world["year"])
    pair = PairFactory(mentor=own, mentees=[case["mentee"]])
    page = error_of(ask(school, case, comment="Мой текст"))
    assert f"У наставляемого уже есть действующая пара № {pair.pk}" in page and "Мой текст" in page
    pair.delete()
    # a mentor without a consent in force
    case["mentor"].consents.update(withdrawn_on="2021-01-01")
    assert "не дал согласия на распространение сведений" in error_of(ask(school, case))
    PublicationConsentFactory(entry=case["mentor"])
    # a duplicate
    assert ask(school, case).status_code == 302
    assert "Такой запрос уже отправлен и ждёт решения методиста." in error_of(ask(school, case))
    # a mentor of the school itself
    mentee_two = MenteeFactory(teacher__organisation=world["org_a"], organisation=world["org_a"])
    same = error_of(ask(school, {"mentee": mentee_two, "mentor": own}))
    assert "Наставник работает в вашей организации: создайте пару сами" in same
    # another school's mentee (a guessed number)
    foreign = error_of(ask(school, {"mentee": world["mentee_b"], "mentor": case["mentor"]}))
    assert "Запрос можно отправить только из подбора наставников" in foreign
    assert NetworkPairRequest.objects.filter(mentor=case["mentor"]).count() == 1


@pytest.mark.parametrize(("persona", "status"), [("methodist", 403), ("official", 403), ("anonymous", 302)])
def test_only_a_school_asks(world, client_for, case, persona, status):
    assert ask(client_for(persona), case).status_code == status
    assert not NetworkPairRequest.objects.filter(mentee=case["mentee"]).exists()


def test_list_and_detail_queries_do_not_grow(world, client_for, case):
    ask(client_for("school_a"), case)
    request = NetworkPairRequest.objects.get(mentee=case["mentee"])

    def grow():
        mentee = MenteeFactory(teacher__organisation=world["org_a"], organisation=world["org_a"])
        NetworkPairRequest.objects.create(organisation=world["org_a"], mentee=mentee, mentor=case["mentor"])

    methodist = client_for("methodist")
    assert_constant_queries(methodist, reverse("mentors:networkpairrequest_list"), grow)
    assert_constant_queries(methodist, request.get_absolute_url(), grow)
