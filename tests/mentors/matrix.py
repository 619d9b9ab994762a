import base64

from django.core.files.base import ContentFile

from tests.matrix import (
    LOGIN,
    METHODIST_ONLY,
    OBJECT_A_CHANGE,
    OBJECT_A_METHODIST_CHANGE,
    OBJECT_A_METHODIST_POST_ONLY,
    OBJECT_A_POST_ONLY,
    OBJECT_A_READ,
    OK,
    PUBLIC,
    REFERENCE_CHANGE,
    REFERENCE_READ,
    SCHOOL_ADD,
    SIGNED_IN,
    Route,
    _p,
)

# A network pair request is asked by a school (from a matching suggestion); methodists decide, officials read.
SCHOOLS_ASK = _p("schools ask", (403, OK, OK, 403, LOGIN), (403, OK, OK, 403, LOGIN))
# School A's request for a mentor of school B: both schools read it, a methodist decides.
NETWORK_REQUEST_READ = _p("network request, read", (OK, OK, OK, OK, LOGIN))
NETWORK_REQUEST_DECIDE = _p(
    "network request, methodist decides", (405, 405, 405, 405, 405), (OK, 403, 403, 403, LOGIN)
)

# A 1×1 PNG: the photo of school A's mentor (published with consent).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def registry(
    prefix, obj, *, add=SCHOOL_ADD, change=OBJECT_A_CHANGE, delete=True, imports=False, exports=True
):
    routes = [Route(f"mentors:{prefix}_list", profile=SIGNED_IN)]
    if exports:
        routes += [
            Route(f"mentors:{prefix}_list", profile=SIGNED_IN, query="_export=xlsx"),
            Route(f"mentors:{prefix}_list", profile=SIGNED_IN, query="_export=pdf"),
        ]
    routes += [
        Route(f"mentors:{prefix}_add", profile=add),
        Route(
            f"mentors:{prefix}_detail",
            {"pk": obj},
            OBJECT_A_READ if change is OBJECT_A_CHANGE else REFERENCE_READ,
        ),
        Route(f"mentors:{prefix}_edit", {"pk": obj}, change),
    ]
    if delete:
        routes.append(Route(f"mentors:{prefix}_delete", {"pk": obj}, change))
    if imports:
        routes += [
            Route(f"mentors:{prefix}_import", profile=SCHOOL_ADD),
            Route(f"mentors:{prefix}_import_template", profile=SCHOOL_ADD, ok_post=(405,)),
        ]
    return routes


ROUTES = [
    *registry("teacher", "teacher_a", imports=True),
    *registry("mentorbankentry", "bank_a", imports=True),
    Route("mentors:mentorbankentry_include", {"pk": "bank_a"}, OBJECT_A_METHODIST_POST_ONLY),
    Route(
        "mentors:mentorbankentry_exclude",
        {"pk": "bank_a"},
        OBJECT_A_METHODIST_CHANGE,  # the reason form (GET) and the action (POST)
        post_data={"reason": "Сменил место работы"},
    ),
    # Bulk actions: a GET without a selection goes back to the list; a POST reports per entry.
    Route("mentors:mentorbankentry_bulk_include", profile=METHODIST_ONLY, post_data={"pk": "bank_a"}, ok_get=(302,)),
    Route(
        "mentors:mentorbankentry_bulk_exclude",
        profile=METHODIST_ONLY,
        post_data={"pk": "bank_a", "reason": "Сменил место работы"},
        ok_get=(302,),
    ),
    Route("mentors:mentorbankentry_photo", {"pk": "bank_a"}, OBJECT_A_READ),
    Route("mentors:publicationconsent_add", {"parent": "bank_a"}, OBJECT_A_CHANGE),
    Route("mentors:publicationconsent_withdraw", {"pk": "consent_a"}, OBJECT_A_POST_ONLY),
    *registry("mentee", "mentee_a", imports=True),
    *registry(
        "mentoringform", "form_tt", add=METHODIST_ONLY, change=REFERENCE_CHANGE, delete=False
    ),
    *registry(
        "programmetemplate",
        "template_tt",
        add=METHODIST_ONLY,
        change=REFERENCE_CHANGE,
        delete=False,
    ),
    *registry("programme", "programme_a"),
    *registry("pair", "pair_a", imports=True),
    Route("mentors:pair_start", {"pk": "pair_a"}, OBJECT_A_POST_ONLY),
    Route("mentors:pair_complete", {"pk": "pair_a"}, OBJECT_A_CHANGE),
    Route("mentors:pair_terminate", {"pk": "pair_a"}, OBJECT_A_CHANGE, post_data={"reason": "Уволился"}),
    Route("mentors:pair_bulk_complete", profile=SCHOOL_ADD, post_data={"pk": "pair_a"}, ok_get=(302,)),
    Route("mentors:meeting_add", {"parent": "pair_a"}, OBJECT_A_CHANGE),
    Route("mentors:feedbacksurvey_add", {"parent": "pair_a"}, OBJECT_A_CHANGE),
    Route("mentors:pair_health", profile=SIGNED_IN),
    Route("mentors:matching", profile=SIGNED_IN),
    Route("mentors:matching_detail", {"pk": "young_a"}, OBJECT_A_READ),
    # Network pair requests: school A asks for its mentee with a mentor of school B.
    Route("mentors:networkpairrequest_list", profile=SIGNED_IN),
    Route("mentors:networkpairrequest_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("mentors:networkpairrequest_list", profile=SIGNED_IN, query="status=pending"),
    Route("mentors:networkpairrequest_detail", {"pk": "netreq_a"}, NETWORK_REQUEST_READ),
    Route("mentors:networkpairrequest_add", profile=SCHOOLS_ASK, query="mentee=1&mentor=1"),
    Route(
        "mentors:networkpairrequest_decline",
        {"pk": "netreq_a"},
        NETWORK_REQUEST_DECIDE,
        post_data={"answer": "Наставник занят"},
    ),
    Route("mentors:networkpairrequest_accept", {"pk": "netreq_a"}, NETWORK_REQUEST_DECIDE),
    # The public mentor bank: everyone, no login.
    Route("mentors:public_bank", profile=PUBLIC),
    Route("mentors:public_bank", profile=PUBLIC, query="_export=xlsx"),
    Route("mentors:public_bank", profile=PUBLIC, query="subject=математика&organisation=СОШ&competency=урок"),
    Route("mentors:public_card", {"pk": "bank_a"}, PUBLIC),
    Route("mentors:public_photo", {"pk": "bank_a"}, PUBLIC),
]


def extend_world(world):
    from tests.factories import TeacherFactory

    from .factories import (
        FeedbackSurveyFactory,
        MeetingFactory,
        MenteeFactory,
        MentorBankEntryFactory,
        MentoringFormFactory,
        PairFactory,
        ProgrammeFactory,
        ProgrammeTemplateFactory,
        PublicationConsentFactory,
    )

    form = MentoringFormFactory()
    template = ProgrammeTemplateFactory(form=form)
    # Mentors are teachers of their own: teacher_a stays free to be edited and deleted by other tests.
    mentor_a = TeacherFactory(organisation=world["org_a"], last_name="Наставникова")
    bank_a = MentorBankEntryFactory(teacher=mentor_a, year=world["year"], max_mentees=3)
    bank_a.forms.add(form)
    bank_a.photo.save("a.png", ContentFile(PNG), save=True)
    bank_b = MentorBankEntryFactory(teacher=TeacherFactory(organisation=world["org_b"]), year=world["year"])
    consent_a = PublicationConsentFactory(entry=bank_a, publish_photo=True, image_consent=True)
    mentee_a = MenteeFactory(teacher=world["young_a"], organisation=world["org_a"])
    mentee_b = MenteeFactory(teacher=world["young_b"], organisation=world["org_b"])
    pair_a = PairFactory(mentor=bank_a, form=form, mentees=[mentee_a])
    world.update(
        mentor_a=mentor_a,
        form_tt=form,
        template_tt=template,
        bank_a=bank_a,
        bank_b=bank_b,
        consent_a=consent_a,
        mentee_a=mentee_a,
        mentee_b=mentee_b,
        programme_a=ProgrammeFactory(organisation=world["org_a"], year=world["year"], template=template),
        pair_a=pair_a,
        pair_b=PairFactory(mentor=bank_b, form=form, mentees=[mentee_b]),
        meeting_a=MeetingFactory(pair=pair_a),
        survey_a=FeedbackSurveyFactory(pair=pair_a),
    )
    from mentors.models import NetworkPairRequest

    # A row only: no teacher, mentee or pair is added (other apps count them in the shared world).
    world["netreq_a"] = NetworkPairRequest.objects.create(
        organisation=world["org_a"], mentee=mentee_a, mentor=bank_b, requested_by=world["school_a"]
    )
