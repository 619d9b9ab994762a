from django.db.models import Count, Q

from salsk_mentoring.dashboard import Widget, dashboard_widgets

from .models import MonitoringCampaign, Submission


@dashboard_widgets
def widgets(request):
    """Methodists and officials: open campaigns with sent/accepted/missing counts.
    Schools: their forms that wait for them (being filled or returned), with the deadline."""
    user = request.user
    if not user.is_authenticated:
        return []
    if user.is_school:
        subs = list(
            Submission.objects.for_user(user)
            .filter(campaign__status=MonitoringCampaign.Status.OPEN, status__in=Submission.EDITABLE)
            .select_related("campaign", "organisation")
            .order_by("campaign__deadline")[:5]
        )
        if not subs:
            return []
        return [
            Widget(
                "Мониторинг: заполнить", "monitoring/dashboard_school.html", {"submissions": subs}, order=50
            )
        ]
    S = Submission.Status
    campaigns = list(
        MonitoringCampaign.objects.for_user(user)
        .filter(status=MonitoringCampaign.Status.OPEN)
        .annotate(
            total=Count("submissions"),
            accepted=Count("submissions", filter=Q(submissions__status=S.ACCEPTED)),
            waiting=Count("submissions", filter=Q(submissions__status=S.SUBMITTED)),
            missing=Count("submissions", filter=Q(submissions__status__in=[S.DRAFT, S.RETURNED])),
        )
        .order_by("deadline")[:4]
    )
    if not campaigns:
        return []
    return [Widget("Мониторинг ЦМН", "monitoring/dashboard_staff.html", {"campaigns": campaigns}, order=50)]
