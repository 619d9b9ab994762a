from django.urls import reverse

from salsk_mentoring.dashboard import Widget, dashboard_widgets
from salsk_mentoring.text import plural_ru
from schools.models import AcademicYear, Organisation, PilotParticipant

from . import health
from .models import MentorBankEntry, Pair, Teacher
from .services import pending_network_requests


@dashboard_widgets
def widgets(request):
    return [registries_widget(request), mentoring_widget(request)]


def registries_widget(request):
    """Organisations, teachers, young specialists, pilot participants: counts the user may see.

    It lives here, not in schools, because it counts teachers: schools import no app above them."""
    user = request.user
    orgs = Organisation.objects.for_user(user).filter(is_active=True)
    teachers = Teacher.objects.for_user(user).filter(is_active=True)
    org_count = orgs.count()
    teacher_count = teachers.count()
    young_count = teachers.young_specialists().count()
    pilot_count = PilotParticipant.objects.for_user(user).count()
    stats = [
        {"value": org_count, "label": plural_ru(org_count, "организация,организации,организаций"),
         "url": reverse("schools:organisation_list")},
        {"value": teacher_count, "label": plural_ru(teacher_count, "педагог,педагога,педагогов"),
         "url": reverse("mentors:teacher_list")},
        {"value": young_count,
         "label": plural_ru(young_count, "молодой специалист,молодых специалиста,молодых специалистов"),
         "url": reverse("mentors:teacher_list") + "?young=true"},
        {"value": pilot_count, "label": "в пилотном проекте", "url": reverse("schools:pilotparticipant_list")},
    ]
    return Widget("Реестры", "dashboard/stats.html", {"stats": stats}, order=10)


def mentoring_widget(request):
    user = request.user
    year = AcademicYear.current()
    pairs = Pair.objects.for_user(user)
    bank = MentorBankEntry.objects.for_user(user)
    if year is not None:
        pairs = pairs.filter(year=year)
        bank = bank.filter(year=year)
    data = health.summary(pairs, health.as_of(pairs, year))
    included = bank.filter(status=MentorBankEntry.Status.INCLUDED).count()
    proposed = bank.filter(status=MentorBankEntry.Status.PROPOSED).count()
    bank_url = reverse("mentors:mentorbankentry_list")
    health_url = reverse("mentors:pair_health")
    stats = [
        {"value": included, "label": "в банке наставников", "url": bank_url + "?status=included"},
        {
            "value": proposed,
            "label": plural_ru(
                proposed, "ждёт решения методиста,ждут решения методиста,ждут решения методиста"
            ),
            "url": bank_url + "?status=proposed",
        },
        {
            "value": data["on_track"],
            "label": plural_ru(data["on_track"], "пара в графике,пары в графике,пар в графике"),
            "url": health_url,
        },
        {"value": data["stale"], "label": "без встреч 30 дней", "url": health_url},
        {
            "value": data["ending"],
            "label": plural_ru(data["ending"], "пара заканчивается,пары заканчиваются,пар заканчиваются")
            + " в течение 30 дней",
            "url": health_url,
        },
        {"value": data["survey_due"], "label": "ждут анкеты обратной связи", "url": health_url},
    ]
    pending = pending_network_requests(user).count()
    if pending or user.has_perm("mentors.allow_network_pair"):
        stats.append({
            "value": pending,
            "label": plural_ru(
                pending, "запрос сетевой пары ждёт решения,запроса сетевой пары ждут решения,"
                "запросов сетевой пары ждут решения",
            ),
            "url": reverse("mentors:networkpairrequest_list") + "?status=pending",
        })  # fmt: skip
    title = f"Наставничество{f' · {year}' if year else ''}"
    return Widget(title, "dashboard/stats.html", {"stats": stats}, order=20)
