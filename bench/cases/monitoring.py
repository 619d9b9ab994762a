"""Monitoring at region scale: the district report, a campaign page, the school form, reports and PDFs."""

from django.urls import reverse

from monitoring.models import MonitoringCampaign, Submission


def run(bench):
    campaign = MonitoringCampaign.objects.filter(period="май 2022").first()
    if campaign is None:
        bench.write("Мониторинг: нет демо-мониторингов, пропускаю.")
        return
    subs = campaign.submissions.count()
    bench.write(
        f"Мониторинг «{campaign.period}»: организаций {subs}, значений "
        f"{Submission.objects.filter(campaign=campaign).values('values').count()}"
    )
    district = reverse("monitoring:report_district")
    bench.page("Мониторинг: итоги по району", "methodist", district)
    bench.page("Мониторинг: итоги по району", "official", district)
    bench.page(
        "Мониторинг: итоги, декабрь",
        "methodist",
        f"{district}?campaign="
        f"{MonitoringCampaign.objects.filter(period='Декабрь 2021').values_list('pk', flat=True).first()}"
        f"&year={campaign.academic_year_id}",
    )
    bench.page("Мониторинг: страница мониторинга", "methodist", campaign.get_absolute_url())
    bench.page("Мониторинг: список мониторингов", "school_a", reverse("monitoring:monitoringcampaign_list"))
    sub = Submission.objects.filter(
        campaign=campaign, organisation__short_name="МБОУ СОШ № 1 г. Сальска"
    ).first()
    if sub:
        bench.page("Мониторинг: форма отчёта ОО", "school_a", sub.get_absolute_url())
    bench.page("Мониторинг: сравнение организаций", "methodist", reverse("monitoring:report_compare"))
    bench.page("Мониторинг: динамика по годам", "methodist", reverse("monitoring:report_trend"))
    # The reports cover the default municipality unless asked for all ≈2,000 organisations of the region.
    for label, name in (
        ("итоги", "monitoring:report_district"),
        ("сравнение", "monitoring:report_compare"),
        ("динамика", "monitoring:report_trend"),
    ):
        bench.page(f"Мониторинг: {label}, все муниципалитеты", "methodist", reverse(name) + "?municipality=all")
    bench.page("Мониторинг: целевые значения", "methodist", reverse("monitoring:target_list"))
    client = bench.client_for("methodist")
    bench.timed("Мониторинг: итоги по району, PDF", lambda: client.get(district + "?_export=pdf"), repeat=2)
    bench.timed("Мониторинг: итоги по району, XLSX", lambda: client.get(district + "?_export=xlsx"))
    brief = reverse("monitoring:campaign_brief", args=[campaign.pk])
    # Best of two: the first WeasyPrint run in a process also loads fonts and parses its C declarations.
    bench.timed("Мониторинг: аналитическая справка, PDF", lambda: client.get(brief), repeat=2)
    bench.timed(
        "Мониторинг: аналитическая справка, все муниципалитеты, PDF",
        lambda: client.get(brief + "?municipality=all"),
        repeat=2,
    )
