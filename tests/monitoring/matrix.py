from decimal import Decimal

from monitoring import services
from monitoring.models import Indicator, Submission, Target
from tests.matrix import Route

from .factories import CampaignFactory, IndicatorFactory, TargetFactory

ROUTES: list[Route] = []


def extend_world(world):
    """A share, a count and a computed indicator; an open campaign for schools A and B; targets."""
    share = IndicatorFactory(code="Т1", name="Доля педагогов-наставников", unit=Indicator.Unit.PERCENT)
    count = IndicatorFactory(
        code="Т2",
        name="Число пар наставничества",
        unit=Indicator.Unit.UNITS,
        denominator_label="",
        max_value=None,
    )
    young = IndicatorFactory(
        code="Т3",
        name="Число молодых специалистов",
        unit=Indicator.Unit.PEOPLE,
        denominator_label="",
        max_value=None,
        source=Indicator.Source.COMPUTED,
        computation="young_specialists",
    )
    year = world["year"]
    target_a = TargetFactory(
        indicator=share,
        academic_year=year,
        level=Target.Level.ORGANISATION,
        organisation=world["org_a"],
        value=Decimal(40),
    )
    TargetFactory(indicator=share, academic_year=year, level=Target.Level.DISTRICT, value=Decimal(35))
    TargetFactory(indicator=share, academic_year=year, level=Target.Level.REGION, value=Decimal(30))
    campaign = CampaignFactory(
        academic_year=year, indicators=[share, count, young], organisations=[world["org_a"], world["org_b"]]
    )
    services.campaign_open(user=world["methodist"], campaign=campaign)
    draft = CampaignFactory(
        academic_year=year, name="Черновик мониторинга", indicators=[share], organisations=[world["org_a"]]
    )
    subs = {s.organisation_id: s for s in Submission.objects.filter(campaign=campaign)}
    world.update(
        indicator=share,
        indicator_count=count,
        indicator_young=young,
        target_a=target_a,
        campaign=campaign,
        campaign_draft=draft,
        submission_a=subs[world["org_a"].pk],
        submission_b=subs[world["org_b"].pk],
    )
