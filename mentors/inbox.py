"""«Мои задачи» of a mentor's organisation (salsk_mentoring.inbox): consents to publication that end (or have
ended) — without a consent in force the mentor's card leaves the public bank (152-ФЗ) — and the pairs' surveys
due (the feedback surveys «через месяц» and «по завершении» that feed the satisfaction indicators)."""

import datetime

from django.db.models import Max, Q
from django.urls import reverse

from salsk_mentoring.inbox import Duty, in_year, organisation_duties, record_duty

from . import health
from .health import SURVEY_AFTER_DAYS
from .models import FeedbackSurvey, MentorBankEntry, Pair

#: A consent ending within this many days is a duty: collect the new one before the card disappears.
WARN_DAYS = 30


@organisation_duties
def duties(user, organisation, year, day):
    entries = MentorBankEntry.objects.for_user(user).filter(
        organisation=organisation, status=MentorBankEntry.Status.INCLUDED
    )
    entries = in_year(entries, year, "year").annotate(
        consent_until=Max("consents__valid_until", filter=Q(consents__withdrawn_on__isnull=True))
    ).filter(consent_until__lte=day + datetime.timedelta(days=WARN_DAYS))
    result = []
    # A mentor who never consented is no duty (publication is their choice); a consent that ends is.
    for entry in entries.select_related("teacher", "year").order_by("consent_until", "teacher__last_name"):
        until = entry.consent_until
        ended = until < day
        result.append(
            record_duty(
                entry,
                entry.year,
                kind="Банк наставников",
                title=f"{'Обновить' if ended else 'Продлить'} согласие на публикацию: {entry.teacher.full_name}",
                due=until,
                basis=f"банк наставников {entry.year} (приложение 7), согласие по 152-ФЗ",
                action="Открыть карточку",
                state=f"согласие истекло {until:%d.%m.%Y}: инфокарта не публикуется"
                if ended
                else f"согласие действует до {until:%d.%m.%Y}",
                overdue=ended,
            )
        )
    return result


#: A survey is listed this many days before its date (and stays until it is entered).
SURVEY_WARN_DAYS = 14
#: The end survey is due this many days after the pair's last day.
END_SURVEY_DAYS = 14
SURVEY_BASIS = (
    "анкетирование участников для показателей удовлетворённости Ф7, Ф8 мониторинга — п. 18 плана мероприятий "
    "«Мониторинг процесса реализации программ наставничества» {year}"
)


@organisation_duties
def survey_duties(user, organisation, year, day):
    """Surveys due: the mentor's and mentees' survey «через месяц» of an active pair and «по завершении» of a
    pair that has ended (mentors.health counts the same pairs as «ждут анкеты»). Four queries."""
    after, end = datetime.timedelta(days=SURVEY_AFTER_DAYS), datetime.timedelta(days=END_SURVEY_DAYS)
    pairs = in_year(Pair.objects.for_user(user).filter(organisation=organisation), year, "year")
    # The same rules as the health board's «ждут анкеты» (a continued pair owes no month survey), listed
    # SURVEY_WARN_DAYS before the month survey's date.
    month = pairs.filter(health.month_survey_due(day, warn_days=SURVEY_WARN_DAYS))
    ended = pairs.filter(health.end_survey_due(day))
    result = []
    for point, queryset, due_of in (
        (FeedbackSurvey.Point.MONTH, month, lambda p: p.start_date + after),
        (FeedbackSurvey.Point.END, ended, lambda p: p.end_date + end),
    ):
        for pair in queryset.select_related("year", "mentor__teacher").order_by("start_date", "pk"):
            due = due_of(pair)
            result.append(
                Duty(
                    kind="Анкеты",
                    title=f"Анкеты наставника и наставляемых {FeedbackSurvey.Point(point).label}: {pair}",
                    due=due,
                    basis=SURVEY_BASIS.format(year=pair.year),
                    url=reverse("mentors:feedbacksurvey_add", args=[pair.pk]),
                    action="Внести анкету",
                    state="анкет нет",
                    overdue=due < day,
                    year=pair.year.name,
                )
            )
    return result
