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
