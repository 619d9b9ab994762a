"""salsk_mentoring.history: the history records the database copies equal django-simple-history's own."""

import pytest
from simple_history import utils as library

from mentors.models import Teacher
from salsk_mentoring import history
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SKIP = {"history_id", "history_date", "id"}


def teachers(organisation, prefix):
    return [
        Teacher(
            last_name=f"Ёлкина{n}", first_name="Анна", middle_name="" if n % 2 else "Петровна",
            organisation=organisation, position="учитель", subjects="математика", category="first",
            total_experience=n, teaching_experience=n, email=f"{prefix}{n}@example.org",
            phone="" if n % 3 else "8 (86372) 5-00-00",
        )
        for n in range(7)
    ]  # fmt: skip


def records(prefix):
    rows = Teacher.history.filter(email__startswith=prefix).order_by("email", "history_id").values()
    return [{k: v for k, v in row.items() if k not in SKIP and k != "email"} for row in rows]


def write(prefix, organisation, user, create, update):
    objs = create(teachers(organisation, prefix), Teacher)
    for obj in objs:
        obj.subjects, obj.is_active = "физика", False
    update(objs, Teacher, ["subjects", "is_active"])
    return records(prefix)


def test_records_equal_the_librarys_column_for_column():
    organisation, user = OrganisationFactory(), UserFactory()
    ours = write(
        "ours",
        organisation,
        user,
        lambda objs, model: history.bulk_create_with_history(objs, model, user=user, reason="Импорт из XLSX"),
        lambda objs, model, fields: history.bulk_update_with_history(
            objs, model, fields, user=user, reason="Импорт из XLSX"
        ),
    )
    theirs = write(
        "theirs",
        organisation,
        user,
        lambda objs, model: library.bulk_create_with_history(
            objs, model, default_user=user, default_change_reason="Импорт из XLSX"
        ),
        lambda objs, model, fields: library.bulk_update_with_history(
            objs, model, fields, default_user=user, default_change_reason="Импорт из XLSX"
        ),
    )
    assert len(ours) == 14 and [r["history_type"] for r in ours].count("~") == 7
    assert ours == theirs
    assert {r["history_user_id"] for r in ours} == {user.pk}


def test_records_show_where_history_is_read():
    """The object's history (and its «История» panel, which reads it) has the copied records, newest first."""
    organisation, user = OrganisationFactory(), UserFactory()
    [teacher] = history.bulk_create_with_history(teachers(organisation, "one")[:1], Teacher, user=user, reason="r")
    teacher.subjects = "химия"
    history.bulk_update_with_history([teacher], Teacher, ["subjects"], user=user, reason="r")
    newest, first = teacher.history.all()[:2]
    assert (newest.history_type, newest.subjects) == ("~", "химия")
    assert (first.history_type, first.subjects) == ("+", "математика")
    assert newest.history_user == user and newest.history_date >= first.history_date
    assert newest.prev_record == first


def test_nothing_to_copy_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        history.copy_history(Teacher, [], history_type="+")
