"""E-mail of the workflows' transitions (Transition.notify → schools.contacts.notify_transition): queued after the
commit through the task queue, nothing when the transaction rolls back, Russian subject and body, the right
recipients — the head and responsible of the object's organisation, or the methodists — and nobody of another
school, never the person who acted."""

import pytest
from django.core import mail
from django.db import transaction

from events import services as event_services
from events.models import Assignment
from mentors import services as mentor_services
from mentors.models import MentorBankEntry, Pair
from monitoring import services as monitoring_services
from schools.models import Membership
from tests.events.factories import AssignmentFactory, EventPlanFactory, EvidenceFactory, PlanItemFactory
from tests.factories import TeacherFactory, UserFactory
from tests.mentors.factories import MentorBankEntryFactory, PairFactory
from tests.monitoring.test_services import fill_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(world):
    """Addresses: school A's head, a plain member of school A, school B's head, the methodist."""
    for user, address in (
        (world["methodist"], "metodist@imc.example"),
        (world["school_a"], "head-a@school.example"),
        (world["school_b"], "head-b@school.example"),
    ):
        user.email = address
        user.save()
    Membership.objects.filter(user__in=[world["school_a"], world["school_b"]]).update(is_head=True)
    UserFactory(username="teacher_a", email="member-a@school.example", organisations=[world["org_a"]])
    return world


def addresses():
    return sorted(a for m in mail.outbox for a in m.to)


def test_bank_decision_goes_to_the_school_head_after_commit(contacts, django_capture_on_commit_callbacks):
    world = contacts
    entry = MentorBankEntryFactory(
        teacher=TeacherFactory(organisation=world["org_a"], last_name="Сидорова"),
        year=world["year"],
        status=MentorBankEntry.Status.PROPOSED,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mentor_services.bank_include(user=world["methodist"], entry=entry)
    # Inside the transaction nothing left: the message waits for the commit.
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert addresses() == ["head-a@school.example"]
    message = mail.outbox[0]
    assert message.subject.startswith("Включение в банк наставников: ")
    assert "Сидорова" in message.subject
    assert f"Состояние: {entry.get_status_display()}" in message.body
    assert world["org_a"].short_name in message.body and entry.get_absolute_url() in message.body


def test_a_rolled_back_transition_sends_nothing(contacts, django_capture_on_commit_callbacks):
    world = contacts
    entry = MentorBankEntryFactory(
        teacher=TeacherFactory(organisation=world["org_a"]), year=world["year"], status=MentorBankEntry.Status.INCLUDED
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            mentor_services.bank_exclude(user=world["methodist"], entry=entry, reason="Уволился")
            raise RuntimeError("the request failed after the transition")
    assert callbacks == [] and mail.outbox == []
    entry.refresh_from_db()
    assert entry.status == MentorBankEntry.Status.INCLUDED
    # The same transition committed: one letter with the reason.
    with django_capture_on_commit_callbacks(execute=True):
        mentor_services.bank_exclude(user=world["methodist"], entry=entry, reason="Уволился")
    assert addresses() == ["head-a@school.example"]
    assert "Исключение из банка наставников" in mail.outbox[0].subject and "Уволился" in mail.outbox[0].body


def test_pair_transition_tells_the_school_not_the_actor(contacts, django_capture_on_commit_callbacks):
    world = contacts
    pair = world["pair_a"]
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    pair.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        mentor_services.pair_terminate(user=world["methodist"], pair=pair, reason="Наставник перешёл в другую ОО")
    assert addresses() == ["head-a@school.example"]
    assert mail.outbox[0].subject.startswith("Досрочное прекращение: ")
    assert "Наставник перешёл в другую ОО" in mail.outbox[0].body
    # The head acting herself gets no letter about her own click; the plain member is not the contact.
    mail.outbox.clear()
    planned = PairFactory(mentor=world["bank_a"], form=world["form_tt"], status=Pair.Status.PLANNED)
    with django_capture_on_commit_callbacks(execute=True):
        mentor_services.pair_start(user=world["school_a"], pair=planned)
    planned.refresh_from_db()
    assert planned.status == Pair.Status.ACTIVE and mail.outbox == []


def test_submission_goes_to_methodists_and_back_to_the_school(contacts, django_capture_on_commit_callbacks):
    world = contacts
    sub = world["submission_a"]
    fill_valid(world, sub, world["school_a"])
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.submission_submit(user=world["school_a"], submission=sub)
    assert addresses() == ["metodist@imc.example"]
    assert mail.outbox[0].subject.startswith("Отправка на проверку: ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.submission_return(user=world["methodist"], submission=sub, comment="Проверьте М3.")
    assert addresses() == ["head-a@school.example"]
    assert mail.outbox[0].subject.startswith("Возврат на доработку: ") and "Проверьте М3." in mail.outbox[0].body
    assert "head-b@school.example" not in addresses() and "member-a@school.example" not in addresses()


def test_plan_line_return_goes_to_the_school(contacts, django_capture_on_commit_callbacks):
    world = contacts
    plan = EventPlanFactory(academic_year=world["year"], municipality=world["org_a"].municipality)
    item = PlanItemFactory(plan=plan, position=18, responsibles=["ОО"])
    line = AssignmentFactory(item=item, organisation=world["org_a"])
    EvidenceFactory(assignment=line)
    line = Assignment.objects.select_related("item", "organisation").get(pk=line.pk)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.line_complete(assignment=line, user=world["school_a"])
    assert mail.outbox == []  # marking done mails nobody
    with django_capture_on_commit_callbacks(execute=True):
        event_services.line_return(assignment=line, user=world["methodist"], comment="Нужен протокол педсовета.")
    assert addresses() == ["head-a@school.example"]
    message = mail.outbox[0]
    assert message.subject.startswith("Возврат на доработку: ") and "п. 18" in message.subject
    assert "Нужен протокол педсовета." in message.body and "возвращено на доработку" in message.body


def test_an_organisation_without_people_gets_its_own_address(world, django_capture_on_commit_callbacks):
    org = world["org_b"]
    org.email = "school-b@obr.example"
    org.save()
    Membership.objects.filter(organisation=org).delete()
    entry = MentorBankEntryFactory(
        teacher=TeacherFactory(organisation=org), year=world["year"], status=MentorBankEntry.Status.PROPOSED
    )
    with django_capture_on_commit_callbacks(execute=True):
        mentor_services.bank_include(user=world["methodist"], entry=entry)
    assert addresses() == ["school-b@obr.example"]


def test_iom_letters_are_the_tables(contacts, django_capture_on_commit_callbacks):
    """The IOM's letters come from its transition table (iom/workflows.py ``notify``), like every workflow's:
    the specialist and the mentor hear of the mentor's agreement; the methodists of a submission and of a
    completed route; the school's head with the specialist and the mentor of a return or an approval — after
    the commit, never to the person who acted nor to anyone of another school."""
    from iom import services as iom_services
    from iom.models import Iom
    from tests.iom.factories import IomRowFactory

    world = contacts
    iom = world["iom_a"]
    specialist, mentor = iom.specialist, iom.mentor
    for teacher, address in ((specialist, "young-a@school.example"), (mentor, "mentor-a@school.example")):
        teacher.email = address
        teacher.save()
    world["young_b"].email = "young-b@school.example"
    world["young_b"].save()
    IomRowFactory(iom=iom)
    school, methodist = world["school_a"], world["methodist"]
    people = ["mentor-a@school.example", "young-a@school.example"]

    def step(service, user, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            service(iom=iom, user=user, **kwargs)
        assert mail.outbox == []  # inside the transaction nothing left
        for callback in callbacks:
            callback()
        assert "head-b@school.example" not in addresses() and "young-b@school.example" not in addresses()
        assert "member-a@school.example" not in addresses() and user.email not in addresses()
        return addresses()

    assert step(iom_services.iom_agree, school) == people
    assert mail.outbox[0].subject == f"Согласование с наставником: {iom}"
    assert step(iom_services.iom_submit, school) == ["metodist@imc.example"]
    assert mail.outbox[0].subject.startswith("Представление на утверждение: ИОМ ")
    assert step(iom_services.iom_return, methodist, comment="Уточните сроки курсов.") == sorted(
        ["head-a@school.example", *people]
    )
    message = mail.outbox[0]
    assert message.subject == f"Возврат на доработку: {iom}" and "Уточните сроки курсов." in message.body
    assert iom.get_absolute_url() in message.body and world["org_a"].short_name in message.body
    assert step(iom_services.iom_submit, school) == ["metodist@imc.example"]
    assert "Представлен повторно после доработки." in mail.outbox[0].body
    assert step(iom_services.iom_approve, methodist) == sorted(["head-a@school.example", *people])
    assert mail.outbox[0].subject == f"Утверждение: {iom}"
    assert step(iom_services.iom_start, school) == []
    iom.rows.update(status="done")
    done = step(iom_services.iom_complete, school, self_analysis="Цели достигнуты.", mentor_conclusion="Реализован.")
    assert done == ["metodist@imc.example"] and "Выполнено мероприятий: 1 из 1 (100%)" in mail.outbox[0].body
    iom.refresh_from_db()
    assert iom.status == Iom.Status.COMPLETED
