from django.urls import reverse

from salsk_mentoring.dashboard import Widget
from salsk_mentoring.text import plural_ru
from schools.models import AcademicYear

from . import health
from .models import MentorBankEntry, Pair


def widgets(request):
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
    title = f"Наставничество{f' · {year}' if year else ''}"
    return [Widget(title, "dashboard/stats.html", {"stats": stats}, order=20)]
