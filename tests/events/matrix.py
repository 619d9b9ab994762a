from types import SimpleNamespace

from tests.matrix import (
    LOGIN,
    METHODIST_ONLY,
    OBJECT_A_METHODIST_CHANGE,
    OBJECT_A_POST_ONLY,
    OBJECT_A_READ,
    OK,
    PUBLIC,
    REFERENCE_READ,
    SIGNED_IN,
    SIGNED_IN_POST,
    STAFF_READ,
    Route,
    _p,
)

from .factories import AssignmentFactory, EventPlanFactory, EvidenceFactory, PlanItemFactory


def extend_world(world):
    from events.models import CalendarFeed

    plan = EventPlanFactory(academic_year=world["year"], municipality=world["org_a"].municipality)
    item = PlanItemFactory(plan=plan, position=1, responsibles=["ОО"])
    assignment = AssignmentFactory(item=item, organisation=world["org_a"])
    world.update(
        plan=plan,
        plan_item=item,
        assignment_a=assignment,
        evidence_a=EvidenceFactory(assignment=assignment),
        evidence_a2=EvidenceFactory(assignment=assignment, title="Протокол"),
        # The secret calendar address of school A (the URL takes the token, not a pk).
        feed_a=SimpleNamespace(
            pk=CalendarFeed.objects.create(membership=world["school_a"].memberships.get()).token
        ),
    )


# A school's execution line: officials read it but do not report.
LINE_A = _p("school A line: read, report", (OK, OK, 404, OK, LOGIN), (OK, OK, 404, 403, LOGIN))

EVIDENCE_POST = {"title": "Справка", "text": "Проведён мониторинг, справка на сайте ОО."}
ITEM_POST = {
    "plan": "plan",
    "position": 1,
    "number": "1.",
    "name": "Мониторинг",
    "deadline_text": "Январь, май",
    "responsible_text": "ОО",
    "result": "Аналитическая справка",
    # The responsibles formset, left as it is (no forms sent: nothing added or removed).
    "responsibles-TOTAL_FORMS": 0,
    "responsibles-INITIAL_FORMS": 0,
}
# «Скопировать план на новый учебный год», «Опубликовать план»: methodists only; POST actions on reference data.
PLAN_COPY = _p("methodist action on the plan", (405, 405, 405, 405, 405), (OK, 403, 403, 403, LOGIN))

ROUTES = [
    Route("events:public_plan", profile=PUBLIC),
    Route("events:public_plan", profile=PUBLIC, query="plan=999", ok_get=(404,)),
    Route("events:plan_pdf", profile=PUBLIC),
    Route("events:plan_xlsx", profile=PUBLIC),
    Route("events:plan_ics", profile=PUBLIC),
    Route("events:organisation_ics", {"token": "feed_a"}, PUBLIC),
    Route("events:my_tasks", profile=SIGNED_IN),
    Route("events:calendar_feed_rotate", profile=SIGNED_IN_POST),
    Route("events:calendar", profile=SIGNED_IN),
    Route("events:calendar", profile=SIGNED_IN, query="month=2022-05"),
    Route("events:execution_report", profile=STAFF_READ, query="format=html"),
    Route("events:execution_report", profile=STAFF_READ),
    Route("events:plan_copy", {"pk": "plan"}, PLAN_COPY, ok_post=(302,)),
    # The world's plan is published: «Опубликовать» answers with a message, «Снять с публикации» unpublishes.
    Route("events:plan_publish", {"pk": "plan"}, PLAN_COPY, ok_post=(302,)),
    Route("events:plan_unpublish", {"pk": "plan"}, PLAN_COPY, ok_post=(302,)),
    Route("events:planitem_list", profile=SIGNED_IN),
    Route("events:planitem_list", profile=SIGNED_IN, query="status=overdue&month=2022-05"),
    Route("events:planitem_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("events:planitem_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("events:planitem_add", profile=METHODIST_ONLY, post_data={**ITEM_POST, "position": 2}),
    Route("events:planitem_detail", {"pk": "plan_item"}, REFERENCE_READ),
    Route("events:planitem_edit", {"pk": "plan_item"}, METHODIST_ONLY, post_data=ITEM_POST),
    Route("events:line", {"item_pk": "plan_item", "org_pk": "org_a"}, LINE_A, post_data=EVIDENCE_POST),
    # The plan line's transitions (events/workflows.py): school A's line is «в работе» with evidence.
    Route("events:assignment_start", {"item_pk": "plan_item", "org_pk": "org_a"}, OBJECT_A_POST_ONLY),
    Route("events:assignment_complete", {"item_pk": "plan_item", "org_pk": "org_a"}, OBJECT_A_POST_ONLY),
    Route("events:assignment_reopen", {"item_pk": "plan_item", "org_pk": "org_a"}, OBJECT_A_POST_ONLY),
    Route(
        "events:assignment_return",
        {"item_pk": "plan_item", "org_pk": "org_a"},
        OBJECT_A_METHODIST_CHANGE,
        post_data={"comment": "Приложите протокол."},
    ),
    Route(
        "events:assignment_bulk_return",
        profile=METHODIST_ONLY,
        post_data={"pk": "assignment_a", "comment": "Приложите протокол."},
        ok_get=(302,),
    ),
    Route("events:evidence_file", {"pk": "evidence_a"}, OBJECT_A_READ),
    Route("events:evidence_delete", {"pk": "evidence_a2"}, OBJECT_A_POST_ONLY),
]
