import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from monitoring.models import Indicator, MonitoringCampaign, Target
from tests.factories import AcademicYearFactory


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Т{n + 1}")
    position = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Доля педагогов, показатель {o.code}")
    short_name = factory.LazyAttribute(lambda o: f"Показатель {o.code}")
    unit = Indicator.Unit.PERCENT
    numerator_label = "педагоги-наставники"
    denominator_label = "педагоги, всего"
    min_value = Decimal(0)
    max_value = Decimal(100)
    source = Indicator.Source.REPORTED


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    academic_year = factory.SubFactory(AcademicYearFactory)
    level = Target.Level.DISTRICT
    value = Decimal(50)


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = MonitoringCampaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Мониторинг № {n + 1}")
    academic_year = factory.SubFactory(AcademicYearFactory)
    period = "Декабрь 2021"
    kind = MonitoringCampaign.Kind.FINAL
    opens_on = datetime.date(2021, 12, 1)
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if create and extracted:
            self.indicators.set(extracted)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
