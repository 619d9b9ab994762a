"""The permission matrix's refusal check fails when a refused write leaves something behind.

tests/test_permission_matrix.py posts through :func:`post_and_check`: a refusal (403/404/405, a login redirect,
a redirect with an error, a form shown again with errors) must leave the database and the stored files as they
were. Here views that refuse but change a row or store a file show the check catching them.
"""

import pytest

from tests.matrix import DENIED, OK
from tests.test_permission_matrix import post_and_check

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_planting")]


def test_a_refused_write_that_changes_a_row_fails_the_matrix(world, client_for):
    with pytest.raises(AssertionError, match="mentors.teacher"):
        post_and_check(client_for("school_b"), "/plant/row/", {}, DENIED, (200, 302))


def test_a_redirect_with_an_error_that_stores_a_file_fails_the_matrix(world, client_for):
    # Expected «OK» by the route, but the answer is a redirect with an error: a refusal, so it is checked.
    with pytest.raises(AssertionError, match="evidence/planted.txt"):
        post_and_check(client_for("methodist"), "/plant/file/", {}, OK, (200, 302))


def test_a_clean_refusal_passes(world, client_for):
    post_and_check(client_for("methodist"), "/plant/nothing/", {}, OK, (200, 302))


def test_a_refused_real_form_changes_nothing(world, client_for):
    """A school posting to another school's teacher: 404, and nothing changed."""
    post_and_check(client_for("school_b"), f"/teachers/{world['teacher_a'].pk}/edit/", {"last_name": "Чужой"},
                   404, (200, 302))  # fmt: skip
