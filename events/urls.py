from django.urls import path

from salsk_mentoring.views import registry_urls
from salsk_mentoring.workflow_views import transition_urls

from . import views
from .line_views import LineTransitionView
from .workflows import LINE

app_name = "events"

urlpatterns = [
    path("plan/", views.public_plan, name="public_plan"),
    path("plan/appendix.pdf", views.plan_pdf, name="plan_pdf"),
    path("plan/appendix.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("plan/plan.ics", views.plan_ics, name="plan_ics"),
    path("plan/ics/<str:token>.ics", views.organisation_ics, name="organisation_ics"),
    path("plan/my/", views.my_tasks, name="my_tasks"),
    path("plan/my/calendar-address/", views.calendar_feed_rotate, name="calendar_feed_rotate"),
    path("plan/calendar/", views.month_calendar, name="calendar"),
    path("plan/report/", views.execution_report, name="execution_report"),
    path("plan/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("plan/<int:pk>/publish/", views.plan_publication, {"publish": True}, name="plan_publish"),
    path("plan/<int:pk>/unpublish/", views.plan_publication, {"publish": False}, name="plan_unpublish"),
    *registry_urls(
        "plan/items",
        "planitem",
        list_view=views.PlanItemListView,
        detail_view=views.PlanItemDetailView,
        edit_view=views.PlanItemEditView,
    ),
    path("plan/items/<int:item_pk>/org/<int:org_pk>/", views.line, name="line"),
    # «Начать работу», «Отметить выполненным», «Вернуть в работу», «Вернуть на доработку» (events/workflows.py).
    *transition_urls(
        LINE,
        "plan/items",
        route="<int:item_pk>/org/<int:org_pk>",
        view_class=LineTransitionView,
        bulk_prefix="plan/lines",
        select_related=("item", "organisation"),
        list_url_name="events:planitem_list",
    ),
    path("plan/evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("plan/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
