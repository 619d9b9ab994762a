import datetime

from schools.models import Membership
from tests.factories import AcademicYearFactory, TeacherFactory
from tests.matrix import (
    METHODIST_ONLY,
    OBJECT_A_CHANGE,
    OBJECT_A_METHODIST_POST_ONLY,
    OBJECT_A_POST_ONLY,
    OBJECT_A_READ,
    REFERENCE_READ,
    SCHOOL_ADD,
    SIGNED_IN,
    Profile,
    Route,
)

from .factories import CampaignFactory, IomFactory, IomRowFactory, IomTemplateFactory, IomTemplateRowFactory

# The return form page: methodists see it and post; schools and officials are refused.
OBJECT_A_METHODIST_FORM = Profile(
    "school A object, methodist form",
    OBJECT_A_METHODIST_POST_ONLY.post | {"methodist": "ok"},
    OBJECT_A_METHODIST_POST_ONLY.post,
)
OBJECT_A_SCHOOL_FORM = OBJECT_A_CHANGE
# The import template is a download: GET like the import page, POST not allowed.
OBJECT_A_CHANGE_GET = Profile(
    "school A object, change (download)",
    OBJECT_A_CHANGE.get,
    OBJECT_A_CHANGE.post | {"methodist": 405, "school_a": 405},
)
CAMPAIGN_REMIND = Profile(
    "campaign reminder (methodist action)",
    dict.fromkeys(("methodist", "school_a", "school_b", "official", "anonymous"), 405),
    {"methodist": "ok", "school_a": 403, "school_b": 403, "official": 403, "anonymous": "login"},
)

ROUTES = [
    Route("iom:iom_list", profile=SIGNED_IN),
    Route("iom:iom_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("iom:iom_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("iom:iom_add", profile=SCHOOL_ADD),
    Route("iom:iom_detail", {"pk": "iom_a"}, OBJECT_A_READ),
    Route("iom:iom_edit", {"pk": "iom_a"}, OBJECT_A_CHANGE),
    Route("iom:iom_delete", {"pk": "iom_a"}, OBJECT_A_CHANGE),
    Route("iom:iom_print", {"pk": "iom_a"}, OBJECT_A_READ, query="format=html"),
    Route("iom:iom_agree", {"pk": "iom_a"}, OBJECT_A_POST_ONLY),
    Route("iom:iom_revise", {"pk": "iom_a"}, OBJECT_A_POST_ONLY),
    Route("iom:iom_submit", {"pk": "iom_a"}, OBJECT_A_POST_ONLY),
    Route("iom:iom_start", {"pk": "iom_a"}, OBJECT_A_POST_ONLY),
    Route("iom:iom_approve", {"pk": "iom_submitted_a"}, OBJECT_A_METHODIST_POST_ONLY),
    Route(
        "iom:iom_return",
        {"pk": "iom_submitted_a"},
        OBJECT_A_METHODIST_FORM,
        post_data={"comment": "Уточнить сроки"},
    ),
    Route("iom:iom_complete", {"pk": "iom_running_a"}, OBJECT_A_SCHOOL_FORM),
    # Bulk actions: a GET without a selection goes back to the list; a POST reports per IOM.
    Route("iom:iom_bulk_approve", profile=METHODIST_ONLY, post_data={"pk": "iom_submitted_a"}, ok_get=(302,)),
    Route(
        "iom:iom_bulk_return",
        profile=METHODIST_ONLY,
        post_data={"pk": "iom_submitted_a", "comment": "Уточнить сроки"},
        ok_get=(302,),
    ),
    Route("iom:iom_execution", {"pk": "iom_running_a"}, OBJECT_A_SCHOOL_FORM),
    Route("iom:iomrow_import", {"pk": "iom_a"}, OBJECT_A_CHANGE, ok_post=(200,)),
    Route("iom:iomrow_evidence", {"pk": "iom_row_evidence_a"}, OBJECT_A_READ),
    Route("iom:iomrow_import_template", {"pk": "iom_a"}, OBJECT_A_CHANGE_GET),
    Route("iom:iomtemplate_list", profile=SIGNED_IN),
    Route("iom:iomtemplate_add", profile=METHODIST_ONLY),
    Route("iom:iomtemplate_detail", {"pk": "iom_template"}, REFERENCE_READ),
    Route("iom:iomtemplate_edit", {"pk": "iom_template"}, METHODIST_ONLY),
    Route("iom:iomtemplate_print", {"pk": "iom_template"}, REFERENCE_READ),
    Route("iom:iomtemplate_print", {"pk": "iom_template"}, REFERENCE_READ, query="_export=xlsx"),
    Route("iom:iomcampaign_list", profile=SIGNED_IN),
    Route("iom:iomcampaign_add", profile=METHODIST_ONLY),
    Route("iom:iomcampaign_detail", {"pk": "iom_campaign"}, REFERENCE_READ),
    Route("iom:iomcampaign_detail", {"pk": "iom_campaign"}, REFERENCE_READ, query="_export=xlsx"),
    Route("iom:iomcampaign_detail", {"pk": "iom_campaign"}, REFERENCE_READ, query="_export=pdf"),
    Route("iom:iomcampaign_edit", {"pk": "iom_campaign"}, METHODIST_ONLY),
    Route("iom:campaign_remind", {"pk": "iom_campaign"}, CAMPAIGN_REMIND),
]


def extend_world(world):
    # School A's demo user is the responsible for mentoring (point 3.1): it may submit IOMs.
    Membership.objects.filter(user=world["school_a"], organisation=world["org_a"]).update(is_responsible=True)
    year, org_a, young_a = world["year"], world["org_a"], world["young_a"]
    # The mentor of school A: the mentors app's (mentor bank, pair with young_a) when it is in the world,
    # otherwise a teacher of our own; world's teacher_a stays free to be deleted by other tests.
    if "mentor_a" not in world:
        world["mentor_a"] = TeacherFactory(
            organisation=org_a, last_name="Наставникова", total_experience=20, teaching_experience=18
        )
    mentor = world["mentor_a"]
    template = IomTemplateFactory(academic_year=year)
    IomTemplateRowFactory(template=template)
    world["iom_template"] = template
    world["iom_a"] = IomFactory(
        organisation=org_a, specialist=young_a, mentor=mentor, academic_year=year, pair=world.get("pair_a")
    )
    # The same young specialist's routes of the next years, in later statuses (one IOM per year).
    for key, start, status in (
        ("iom_submitted_a", 2022, "submitted"),
        ("iom_running_a", 2023, "in_progress"),
    ):
        other_year = AcademicYearFactory(start_year=start, is_current=False)
        iom = IomFactory(
            organisation=org_a, specialist=young_a, mentor=mentor, academic_year=other_year, status=status
        )
        IomRowFactory(iom=iom, deadline=datetime.date(start + 1, 2, 25))
        world[key] = iom
    # A completed route of an earlier year, its row with an evidence file.
    from django.core.files.base import ContentFile

    done = IomFactory(organisation=org_a, specialist=young_a, mentor=mentor, status="completed",
                      academic_year=AcademicYearFactory(start_year=2019, is_current=False))
    row = IomRowFactory(iom=done, deadline=datetime.date(2020, 2, 25))
    row.evidence_file.save("otchet.pdf", ContentFile(b"%PDF-1.7 evidence"), save=True)
    world["iom_row_evidence_a"] = row
    world["iom_campaign"] = CampaignFactory(academic_year=year, organisations=[org_a, world["org_b"]])
