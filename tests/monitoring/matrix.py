from decimal import Decimal

from monitoring import services
from monitoring.models import Indicator, Submission, Target
from tests.matrix import (
    DENIED,
    LOGIN,
    METHODIST_ONLY,
    METHODIST_ONLY_GET,
    OBJECT_A_METHODIST_CHANGE,
    OBJECT_A_METHODIST_POST_ONLY,
    OBJECT_A_POST_ONLY,
    OBJECT_A_READ,
    OK,
    REFERENCE_CHANGE,
    REFERENCE_READ,
    SIGNED_IN,
    STAFF_READ,
    Profile,
    Route,
)

from .factories import CampaignFactory, IndicatorFactory, TargetFactory

# School A's submission: everyone allowed reads it, the school and methodists save it, officials only read.
SUBMISSION_FORM = Profile(
    "school A submission form",
    {"methodist": OK, "school_a": OK, "school_b": 404, "official": OK, "anonymous": LOGIN},
    {"methodist": OK, "school_a": OK, "school_b": 404, "official": 403, "anonymous": LOGIN},
)
# Opening/closing a campaign both schools take part in: POST only, methodists only.
CAMPAIGN_ACTION = Profile(
    "campaign action",
    dict.fromkeys(("methodist", "school_a", "school_b", "official", "anonymous"), 405),
    {"methodist": OK, "school_a": 403, "school_b": 403, "official": 403, "anonymous": LOGIN},
)
# A draft campaign is invisible to schools.
DRAFT_CAMPAIGN_READ = Profile(
    "draft campaign",
    {"methodist": OK, "school_a": 404, "school_b": 404, "official": OK, "anonymous": LOGIN},
    dict.fromkeys(("methodist", "school_a", "school_b", "official", "anonymous"), DENIED),
)

ROUTES = [
    Route("monitoring:monitoringcampaign_list", profile=SIGNED_IN),
    Route("monitoring:monitoringcampaign_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("monitoring:monitoringcampaign_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("monitoring:monitoringcampaign_add", profile=METHODIST_ONLY),
    Route("monitoring:monitoringcampaign_detail", {"pk": "campaign"}, REFERENCE_READ),
    Route("monitoring:monitoringcampaign_detail", {"pk": "campaign_draft"}, DRAFT_CAMPAIGN_READ),
    Route("monitoring:monitoringcampaign_edit", {"pk": "campaign"}, REFERENCE_CHANGE),
    Route("monitoring:monitoringcampaign_delete", {"pk": "campaign"}, REFERENCE_CHANGE),
    Route("monitoring:campaign_open", {"pk": "campaign"}, CAMPAIGN_ACTION),
    Route("monitoring:campaign_close", {"pk": "campaign"}, CAMPAIGN_ACTION),
    Route("monitoring:campaign_brief", {"pk": "campaign"}, STAFF_READ, query="format=html"),
    Route("monitoring:campaign_brief", {"pk": "campaign"}, STAFF_READ),
    Route(
        "monitoring:submission_detail",
        {"pk": "submission_a"},
        SUBMISSION_FORM,
        post_data={"action": "save", "comment": "проверка"},
    ),
    Route("monitoring:submission_submit", {"pk": "submission_a"}, OBJECT_A_POST_ONLY),
    Route("monitoring:submission_refresh", {"pk": "submission_a"}, OBJECT_A_POST_ONLY),
    Route("monitoring:submission_accept", {"pk": "submission_a"}, OBJECT_A_METHODIST_POST_ONLY),
    Route(
        "monitoring:submission_return",
        {"pk": "submission_a"},
        OBJECT_A_METHODIST_CHANGE,  # the remarks form (GET) and the action (POST)
        post_data={"comment": "Уточните Т1"},
    ),
    # «Принять отчёт» for the ticked reports of the campaign page: no selection → back; a POST reports per item.
    Route(
        "monitoring:submission_bulk_accept", profile=METHODIST_ONLY, post_data={"pk": "submission_a"}, ok_get=(302,)
    ),
    Route("monitoring:indicator_list", profile=SIGNED_IN),
    Route("monitoring:indicator_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("monitoring:indicator_add", profile=METHODIST_ONLY),
    Route("monitoring:indicator_detail", {"pk": "indicator"}, REFERENCE_READ),
    Route("monitoring:indicator_edit", {"pk": "indicator"}, REFERENCE_CHANGE),
    Route("monitoring:indicator_delete", {"pk": "indicator"}, REFERENCE_CHANGE),
    Route("monitoring:target_list", profile=SIGNED_IN),
    Route("monitoring:target_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("monitoring:target_add", profile=METHODIST_ONLY),
    Route("monitoring:target_import", profile=METHODIST_ONLY),
    Route("monitoring:target_import_template", profile=METHODIST_ONLY_GET, ok_post=(405,)),
    Route("monitoring:target_detail", {"pk": "target_a"}, OBJECT_A_READ),
    Route("monitoring:target_edit", {"pk": "target_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("monitoring:target_delete", {"pk": "target_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("monitoring:report_district", profile=STAFF_READ),
    Route("monitoring:report_district", profile=STAFF_READ, query="_export=xlsx"),
    Route("monitoring:report_district", profile=STAFF_READ, query="_export=pdf"),
    Route("monitoring:report_organisation", {"pk": "org_a"}, OBJECT_A_READ),
    Route("monitoring:report_organisation", {"pk": "org_a"}, OBJECT_A_READ, query="_export=xlsx"),
    Route("monitoring:report_organisation", {"pk": "org_a"}, OBJECT_A_READ, query="_export=pdf&format=html"),
    Route("monitoring:report_compare", profile=STAFF_READ),
    Route("monitoring:report_compare", profile=STAFF_READ, query="_export=xlsx"),
    Route("monitoring:report_compare", profile=STAFF_READ, query="_export=pdf&format=html"),
    Route("monitoring:report_trend", profile=STAFF_READ),
    Route("monitoring:report_trend", profile=STAFF_READ, query="_export=xlsx"),
    Route("monitoring:report_trend", profile=STAFF_READ, query="_export=pdf&format=html"),
]


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
