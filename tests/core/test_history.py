from mentors.models import Teacher
from tests.core.test_scoping import TEACHER_POST


def test_every_write_by_a_person_is_in_the_history_panel(world, client_for):
    client = client_for("school_a")
    teacher = world["teacher_a"]
    data = {**TEACHER_POST, "email": teacher.email, "subjects": "астрономия"}
    assert client.post(f"/teachers/{teacher.pk}/edit/", data).status_code == 302
    record = Teacher.history.filter(id=teacher.pk).latest("history_date")
    assert record.history_user == world["school_a"]
    assert record.history_type == "~"
    page = client.get(f"/teachers/{teacher.pk}/").content.decode()
    assert "История изменений" in page
    assert "астрономия" in page and "Петровна" in page  # the new value, and who (school_a's full name)


def test_delete_is_recorded(world, client_for):
    teacher = world["teacher_a"]
    response = client_for("methodist").post(f"/teachers/{teacher.pk}/delete/")
    assert response.status_code == 302
    last = Teacher.history.filter(id=teacher.pk).latest("history_date")
    assert last.history_type == "-" and last.history_user == world["methodist"]


def test_history_names_related_objects_in_russian(db):
    """Many-to-many changes list the names, not «0 поз. → 1 поз.»; a deleted or empty relation is Russian."""
    from simple_history.models import DeletedObject

    from salsk_mentoring.templatetags.portal import deleted_name, history_entries
    from schools.models import Organisation, User
    from tests.factories import PilotParticipantFactory, TeacherFactory

    participant = PilotParticipantFactory()
    first = TeacherFactory(organisation=participant.organisation, last_name="Астахова")
    second = TeacherFactory(organisation=participant.organisation, last_name="Борисов")
    participant.declared_teachers.set([first])
    participant.save()
    participant.declared_teachers.set([first, second])
    participant.save()
    entries = history_entries(participant)["entries"]
    changes = [c for e in entries for c in e["changes"] if c["field"] == "заявленные педагоги"]
    assert changes, entries
    latest = changes[0]
    assert "Астахова" in latest["old"] and "Борисов" not in latest["old"]
    assert "Астахова" in latest["new"] and "Борисов" in latest["new"]
    assert "поз." not in latest["old"] + latest["new"]

    assert deleted_name(DeletedObject(User, 7)) == "удалённый пользователь"
    assert deleted_name(DeletedObject(Organisation, 7)) == "удалённая организация"
    assert deleted_name(DeletedObject(User, None)) == "—"  # an empty reference, not a deleted one


def test_history_names_to_a_school_only_its_own_organisations(world):
    """A campaign's history lists its organisations: school A reads its own name, the others only counted."""
    from salsk_mentoring.templatetags.portal import history_entries

    campaign = world["iom_campaign"]
    campaign.organisations.set([world["org_a"], world["org_b"]])
    campaign.save()
    texts = [c["new"] for e in history_entries(campaign, world["school_a"])["entries"] for c in e["changes"]]
    texts = [t for t in texts if "Сальска" in t or "запис" in t]
    assert texts and world["org_b"].short_name not in " ".join(texts)
    assert any(world["org_a"].short_name in t and "и ещё 1 запись" in t for t in texts), texts
    methodist_texts = " ".join(
        c["new"] for e in history_entries(campaign, world["methodist"])["entries"] for c in e["changes"]
    )
    assert world["org_b"].short_name in methodist_texts
