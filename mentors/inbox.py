"""Consents to publication that end (or have ended) in «Мои задачи» of the mentor's organisation
(salsk_mentoring.inbox): without a consent in force the mentor's card leaves the public bank (152-ФЗ)."""

import datetime

from django.db.models import Max, Q

from salsk_mentoring.inbox import in_year, organisation_duties, record_duty

from .models import MentorBankEntry

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
