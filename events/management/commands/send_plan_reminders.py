"""Daily reminders about the event plan: due in 7 days and overdue, once per item, responsible and stage."""

import datetime

from django.core.management import BaseCommand, CommandError

from events.services import reminders_send


class Command(BaseCommand):
    help = (
        "Разослать напоминания ответственным по плану мероприятий: срок через 7 дней и просроченные пункты. "
        "Каждое напоминание отправляется один раз (по пункту, организации и этапу). Запускать ежедневно."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД), для проверки.")
        parser.add_argument("--days", type=int, default=7, help="За сколько дней до срока напоминать (7).")
        parser.add_argument("--dry-run", action="store_true", help="Только показать, кому ушли бы письма.")

    def handle(self, *args, date=None, days=7, dry_run=False, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"Дата «{date}» не в формате ГГГГ-ММ-ДД.") from exc
        sent = reminders_send(today=today, days=days, dry_run=dry_run)
        for log in sent:
            self.stdout.write(
                f"{log.get_stage_display()}: п. {log.item.position} — {log.organisation} → {log.recipients}"
            )
        verb = "Было бы отправлено" if dry_run else "Отправлено"
        self.stdout.write(self.style.SUCCESS(f"{verb} напоминаний: {len(sent)}."))
