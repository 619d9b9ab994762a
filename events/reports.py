"""The plan of events (Appendix 5) and its execution report on the «Отчёты» page (salsk_mentoring.reports)."""

from salsk_mentoring.reports import OPEN, Filter, Format, Report, report_entries

from .models import EventPlan

SECTION = "План мероприятий (приложение 5)"


@report_entries
def reports(user, choices):
    every = list(EventPlan.objects.for_user(user).select_related("academic_year").order_by("-pk"))
    if not every:
        return []
    # An order's duties (appendix 0) are reported on like any plan, but are no appendix to print.
    plans = [(p.pk, str(p)) for p in every]
    plan = Filter("plan", "План", [(p.pk, str(p)) for p in every if p.appendix_number], required=True)
    execution = Filter("plan", "План", plans, required=True)
    result = [
        Report("plan", "План мероприятий", SECTION, "Приложение 5 к приказу № 866 и планы следующих лет.",
               url_name="events:public_plan", filters=[plan], order=20, formats=[
                   OPEN,
                   Format("PDF", url_name="events:plan_pdf"),
                   Format("DOCX", {"format": "docx"}, url_name="events:plan_pdf"),
                   Format("XLSX", url_name="events:plan_xlsx"),
               ]),
        Report("plan-lines", "Исполнение плана: строки по организациям", SECTION, url_name="events:planitem_list",
               formats=[OPEN, Format("XLSX", {"_export": "xlsx"}), Format("PDF", {"_export": "pdf"})], order=23),
    ]
    if user.has_perm("events.view_execution_report"):
        result.append(Report(
            "execution", "Отчёт об исполнении плана", SECTION, "По пунктам плана: ответственные, доказательства.",
            url_name="events:execution_report", formats=[Format("PDF")], filters=[execution], order=24,
        ))
    return result
