from django.urls import reverse

from mentors.models import Teacher
from salsk_mentoring.dashboard import Widget
from salsk_mentoring.text import plural_ru

from .models import Organisation, PilotParticipant


def widgets(request):
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
    return [Widget("Реестры", "dashboard/stats.html", {"stats": stats}, order=10)]
