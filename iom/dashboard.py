from django.db.models import Count, Q
from django.urls import reverse

from salsk_mentoring.dashboard import Widget, dashboard_widgets
from salsk_mentoring.text import plural_ru
from schools.models import AcademicYear

from .models import Iom


@dashboard_widgets
def widgets(request):
    user = request.user
    if not user.is_authenticated:
        return []
    year = AcademicYear.current()
    ioms = Iom.objects.for_user(user)
    if year is not None:
        ioms = ioms.filter(academic_year=year)
    S = Iom.Status
    figures = ioms.aggregate(
        total=Count("pk"),
        drafts=Count("pk", filter=Q(status__in=(S.DRAFT, S.AGREED))),
        submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
        returned=Count("pk", filter=Q(status=S.RETURNED)),
        accepted=Count("pk", filter=Q(status__in=Iom.ACCEPTED)),
    )
    base = reverse("iom:iom_list") + (f"?academic_year={year.pk}" if year else "?")
    stats = [
        {
            "value": figures["total"],
            "label": plural_ru(figures["total"], "ИОМ,ИОМ,ИОМ") + (f" на {year}" if year else ""),
            "url": base,
        },
        {"value": figures["submitted"], "label": "ждут решения методиста", "url": base + "&status=submitted"},
        {"value": figures["returned"], "label": "возвращено на доработку", "url": base + "&status=returned"},
        {
            "value": figures["accepted"],
            "label": "утверждено и реализуется",
            "url": base + "&status=approved&status=in_progress&status=completed",
        },
    ]
    if user.is_school:
        stats[0] = {
            "value": figures["drafts"],
            "label": "в работе у школы (черновики)",
            "url": base + "&status=draft&status=agreed",
        }
    return [Widget("ИОМ молодых специалистов", "dashboard/stats.html", {"stats": stats}, order=40)]
