"""Orders on the «Отчёты» page (salsk_mentoring.reports): an order with its appendices as PDF or DOCX."""

from django.urls import reverse

from salsk_mentoring.reports import OPEN, PDF, XLSX, Filter, Format, Report, report_entries

from .views import order_queryset

SECTION = "Приказы"
SHOWN = 100


@report_entries
def reports(user, choices):
    if not user.has_perm("orders.view_order"):
        return []
    orders = [(o.pk, str(o)) for o in order_queryset(user).order_by("-date", "-pk")[:SHOWN]]
    result = []
    if orders:
        result.append(Report(
            "order", "Приказ с приложениями", SECTION,
            "Приказ № 866 и следующие: PDF для подписи и рассылки, DOCX — для правки в Word перед подписью.",
            target=lambda v: reverse("orders:order_detail", args=[v["order"]]),
            formats=[
                OPEN,
                Format("PDF", target=lambda v: reverse("orders:order_pdf", args=[v["order"]])),
                Format("DOCX", target=lambda v: reverse("orders:order_docx", args=[v["order"]])),
            ],
            filters=[Filter("order", "Приказ", orders, required=True)], order=10,
        ))
    result.append(Report("orders", "Приказы: список", SECTION, url_name="orders:order_list",
                         formats=[OPEN, XLSX, PDF], order=13))
    return result
