from tests.matrix import (
    LOGOUT,
    OWNED_BY_SCHOOL_A,
    PUBLIC,
    PUBLIC_FORM,
    SIGNED_IN,
    SIGNED_IN_FORM,
    SIGNED_IN_POST,
    Route,
)

ROUTES = [
    Route("home", profile=PUBLIC, ok_get=(200, 302)),
    Route("dashboard", profile=SIGNED_IN),
    Route("switch_organisation", profile=SIGNED_IN_POST, post_data={"organisation": "org_a"}),
    Route("login", profile=PUBLIC_FORM, ok_get=(200, 302)),
    Route("logout", profile=LOGOUT, ok_post=(200, 302)),
    Route("password_change", profile=SIGNED_IN_FORM),
    Route("password_change_done", profile=SIGNED_IN),
    Route("help", profile=PUBLIC),
    Route("help_page", {"slug": "school"}, PUBLIC),
    Route("help_image", {"name": "iom-submit"}, PUBLIC),
    Route("job_list", profile=SIGNED_IN),
    Route("reports", profile=SIGNED_IN),
    Route("report_open", {"key": "organisations"}, SIGNED_IN, ok_get=(302,)),
    Route("job_detail", {"pk": "job_a"}, OWNED_BY_SCHOOL_A),
    Route("job_download", {"pk": "job_a"}, OWNED_BY_SCHOOL_A),
    Route("job_status", {"pk": "job_a"}, OWNED_BY_SCHOOL_A),
    # Form suggestions: every signed-in user, each inside their scope (tests/core/test_autocomplete.py).
    *(
        Route("autocomplete", {"kind": kind}, SIGNED_IN)
        for kind in ("teachers", "organisations", "mentor-bank", "mentees", "programmes", "pairs", "iom-mentors")
    ),
]


def extend_world(world):
    from django.core.files.base import ContentFile

    from salsk_mentoring.models import Job

    job = Job(user=world["school_a"], title="Педагоги: выгрузка PDF", status=Job.Status.DONE,
              result_name="Педагоги.pdf", content_type="application/pdf")
    job.result.save("teachers.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    world["job_a"] = job
