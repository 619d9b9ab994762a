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
