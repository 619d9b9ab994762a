import datetime

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from events.models import Assignment, EventPlan, Evidence, EvidenceKind, PlanItem, PlanItemResponsible
from tests.factories import AcademicYearFactory, MunicipalityFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class EventPlanFactory(DjangoModelFactory):
    class Meta:
        model = EventPlan

    title = "План проведения мероприятий по реализации целевой модели наставничества"
    order_number = "866"
    order_date = datetime.date(2021, 11, 15)
    order_point = "1.5"
    academic_year = factory.SubFactory(AcademicYearFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    period_start = datetime.date(2021, 11, 15)
    period_end = datetime.date(2022, 8, 31)


class EvidenceKindFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceKind
        django_get_or_create = ("name",)

    name = "Аналитическая справка"


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem
        skip_postgeneration_save = True

    plan = factory.SubFactory(EventPlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.position}.")
    name = "Мониторинг процесса реализации программ наставничества"
    deadline_text = "Декабрь 2021, май 2022"
    responsible_text = "УО Сальского района, ОО"
    result = "Аналитическая справка"

    @factory.post_generation
    def responsibles(self, create, extracted, **kwargs):
        """``responsibles=[org, "ОО"]``: organisations in order; «ОО» for every participating school."""
        if create and extracted:
            for position, who in enumerate(extracted, start=1):
                PlanItemResponsible.objects.create(
                    item=self,
                    position=position,
                    organisation=None if who == "ОО" else who,
                    all_participants=who == "ОО",
                )


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    item = factory.SubFactory(PlanItemFactory)
    completed_at = None
    started_at = None
    # The workflow state that goes with the dates given (a completion date is «выполнено»).
    state = factory.LazyAttribute(
        lambda o: Assignment.State.DONE
        if o.completed_at
        else (Assignment.State.IN_PROGRESS if o.started_at else Assignment.State.ASSIGNED)
    )


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    assignment = factory.SubFactory(AssignmentFactory)
    title = "Аналитическая справка по итогам мониторинга"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="spravka.pdf"))
