"""Bench figures of the IOM section at region scale (``manage.py bench``)."""

from iom.campaigns import campaign_rows
from iom.models import Iom, IomCampaign


def run(bench):
    bench.section("ИОМ молодых специалистов")
    total = Iom.objects.count()
    bench.write(f"ИОМ в базе: {total}")
    bench.page("ИОМ: список", "methodist", "/iom/")
    bench.page("ИОМ: список, фильтр статуса", "methodist", "/iom/?status=submitted")
    bench.page("ИОМ: список", "school_a", "/iom/")
    iom = Iom.objects.filter(organisation__short_name="МБОУ СОШ № 1 г. Сальска").order_by("pk").first()
    bench.page("ИОМ: новый (форма)", "methodist", "/iom/add/")
    if iom:
        org = iom.organisation_id
        bench.page("ИОМ: новый, организация выбрана (форма)", "methodist", f"/iom/add/?organisation={org}")
        bench.page("Подсказки: наставники ИОМ", "methodist", f"/autocomplete/iom-mentors/?organisation={org}")
    bench.page("ИОМ: новый (форма)", "school_a", "/iom/add/")
    bench.page("Подсказки: наставники ИОМ", "school_a", "/autocomplete/iom-mentors/")
    bench.page("Кампания ИОМ: новая (форма)", "methodist", "/iom/campaigns/add/")
    if iom:
        bench.page("ИОМ: карточка", "school_a", f"/iom/{iom.pk}/")
        bench.page("ИОМ: печатная форма PDF", "school_a", f"/iom/{iom.pk}/print/", n=5)
    campaign = IomCampaign.objects.order_by("pk").first()
    if campaign is None:
        return
    # A region-wide campaign: every educational organisation of the region must submit.
    from schools.models import Organisation

    region = IomCampaign.objects.create(
        academic_year=campaign.academic_year,
        deadline=campaign.deadline,
        title="Бенчмарк: ИОМ по всему региону",
    )
    IomCampaign.organisations.through.objects.bulk_create(
        [
            IomCampaign.organisations.through(iomcampaign=region, organisation_id=pk)
            for pk in Organisation.objects.filter(kind__in=Organisation.EDUCATIONAL_KINDS).values_list(
                "pk", flat=True
            )
        ],
        batch_size=2000,
    )
    bench.write(f"Организаций в кампании региона: {region.organisations.count()}")
    bench.page("Кампания ИОМ: пилотные ОО", "methodist", f"/iom/campaigns/{campaign.pk}/")
    bench.page("Кампания ИОМ: весь регион", "methodist", f"/iom/campaigns/{region.pk}/", n=5)
    bench.page("Кампания ИОМ: весь регион", "school_a", f"/iom/campaigns/{region.pk}/", n=5)
    bench.page(
        "Кампания ИОМ: сводка XLSX, регион", "methodist", f"/iom/campaigns/{region.pk}/?_export=xlsx", n=3
    )
    bench.page(
        "Кампания ИОМ: сводка PDF, регион", "methodist", f"/iom/campaigns/{region.pk}/?_export=pdf", n=1
    )
    from schools.models import User

    methodist = User.objects.get(username="methodist")
    _, rows = bench.timed(
        "Кампания ИОМ: расчёт по всем ОО региона (один запрос)",
        lambda: campaign_rows(region, methodist),
        repeat=3,
    )
    bench.write(
        f"  строк: {len(rows)}; молодых специалистов: {sum(r.due for r in rows)}; "
        f"утверждено: {sum(r.approved for r in rows)}"
    )
