"""IOM documents on the «Отчёты» page (salsk_mentoring.reports): the campaign summary, Appendix 4, the print
forms of the IOMs, the list."""

from django.urls import reverse

from salsk_mentoring.reports import OPEN, PDF, XLSX, Filter, Format, Report, report_entries

from .models import Iom, IomCampaign, IomTemplate

SECTION = "Индивидуальные образовательные маршруты"
SHOWN_IOMS = 300  # a school has a few dozen; the region's list is the IOM registry


@report_entries
def reports(user, choices):
    campaigns = [(c.pk, str(c)) for c in IomCampaign.objects.for_user(user).order_by("-pk")[:50]]
    templates = [(t.pk, f"Приложение 4 — {t.academic_year}") for t in
                 IomTemplate.objects.for_user(user).select_related("academic_year").order_by("-academic_year__start_year")]
    ioms = [
        (i.pk, f"{i.specialist.full_name} — {i.academic_year}")
        for i in Iom.objects.for_user(user).select_related("specialist", "academic_year")
        .order_by("-academic_year__start_year", "specialist__last_name", "specialist__first_name")[:SHOWN_IOMS]
    ]
    result = []
    if campaigns:
        result.append(Report(
            "iom-campaign", "Сводка кампании по ИОМ", SECTION, "Кто сдал ИОМ, кто нет, по организациям.",
            target=lambda v: reverse("iom:iomcampaign_detail", args=[v["campaign"]]),
            formats=[OPEN, XLSX, PDF], filters=[Filter("campaign", "Кампания", campaigns, required=True)], order=30,
        ))
    if templates:
        result.append(Report(
            "iom-template", "Шаблон ИОМ (приложение 4 к приказу № 866)", SECTION,
            target=lambda v: reverse("iom:iomtemplate_print", args=[v["template"]]),
            formats=[Format("PDF"), XLSX], filters=[Filter("template", "Учебный год", templates, required=True)],
            order=31,
        ))
    if ioms:
        result.append(Report(
            "iom-print", "Печатная форма ИОМ", SECTION,
            "С блоком «УТВЕРЖДАЮ» и подписями; DOCX — для правки в Word.",
            target=lambda v: reverse("iom:iom_print", args=[v["iom"]]),
            formats=[Format("PDF"), Format("DOCX", {"format": "docx"})],
            filters=[Filter("iom", "Молодой специалист", ioms, required=True)], order=32,
        ))
    result.append(Report("iom-list", "ИОМ: список", SECTION, url_name="iom:iom_list",
                         formats=[OPEN, XLSX, PDF], order=33))
    return result
