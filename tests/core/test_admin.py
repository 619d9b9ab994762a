import pytest


@pytest.mark.parametrize(
    "persona,expected", [("methodist", 200), ("school_a", 302), ("official", 302), ("anonymous", 302)]
)
@pytest.mark.parametrize("url", ["/admin/", "/admin/schools/organisation/", "/admin/mentors/teacher/"])
def test_admin_is_for_methodists_only(world, client_for, persona, expected, url):
    response = client_for(persona).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert "/admin/login/" in response["Location"]


def test_admin_change_of_other_school_object_needs_methodist(world, client_for):
    url = f"/admin/mentors/teacher/{world['teacher_b'].pk}/change/"
    assert client_for("school_a").get(url).status_code == 302
    assert client_for("methodist").get(url).status_code == 200
