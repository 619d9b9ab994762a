import pytest

from tests.factories import OrganisationFactory, PilotParticipantFactory, TeacherFactory
from tests.querycount import assert_constant_queries


@pytest.mark.parametrize("persona", ["methodist", "school_a", "official"])
def test_organisation_list_constant(world, client_for, persona):
    client = client_for(persona)
    assert_constant_queries(client, "/organisations/", lambda: OrganisationFactory.create_batch(15))


@pytest.mark.parametrize("persona", ["methodist", "school_a"])
def test_teacher_list_constant(world, client_for, persona):
    client = client_for(persona)
    count = assert_constant_queries(
        client, "/teachers/", lambda: TeacherFactory.create_batch(15, organisation=world["org_a"])
    )
    assert count <= 12


def test_pilot_participants_constant(world, client_for):
    client = client_for("methodist")
    assert_constant_queries(
        client, "/pilot/participants/", lambda: PilotParticipantFactory.create_batch(5, project=world["project"])
    )


def test_dashboard_constant(world, client_for):
    client = client_for("school_a")
    assert_constant_queries(client, "/dashboard/", lambda: TeacherFactory.create_batch(10, organisation=world["org_a"]))


def test_detail_pages_constant(world, client_for):
    client = client_for("methodist")
    org = world["org_a"]
    assert_constant_queries(
        client, f"/organisations/{org.pk}/", lambda: TeacherFactory.create_batch(5, organisation=org)
    )
    project = world["project"]
    assert_constant_queries(
        client, f"/pilot/{project.pk}/", lambda: PilotParticipantFactory.create_batch(3, project=project)
    )


def test_detail_page_looks_its_object_up_once(world, client_for):
    """django-rules' permission check and DetailView.get both ask for the object: one query, not two or three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import TeacherFactory

    teacher = TeacherFactory(organisation=world["org_a"])
    with CaptureQueriesContext(connection) as ctx:
        response = client_for("school_a").get(reverse("mentors:teacher_detail", args=[teacher.pk]))
    assert response.status_code == 200
    lookups = [
        q["sql"] for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "mentors_teacher"."id"') and f'"mentors_teacher"."id" = {teacher.pk}' in q["sql"]
    ]  # fmt: skip
    assert len(lookups) == 1, lookups
