import datetime

import factory
from factory.django import DjangoModelFactory

from iom.models import ActivityForm, Iom, IomCampaign, IomRow, IomTemplate, IomTemplateRow
from tests.factories import AcademicYearFactory, OrganisationFactory, TeacherFactory


class IomTemplateFactory(DjangoModelFactory):
    class Meta:
        model = IomTemplate
        django_get_or_create = ("academic_year",)

    academic_year = factory.SubFactory(AcademicYearFactory)


class IomTemplateRowFactory(DjangoModelFactory):
    class Meta:
        model = IomTemplateRow

    template = factory.SubFactory(IomTemplateFactory)
    position = factory.Sequence(lambda n: n + 1)
    section = "Планирование и проектирование урока"
    tasks = "Научиться составлять технологическую карту урока"
    activity = "Посещение уроков наставника"
    form = ActivityForm.VISIT
    deadline = datetime.date(2022, 1, 31)
    reporting_form = "Лист посещения"
    expected_result = "Урок по ФГОС"


class IomFactory(DjangoModelFactory):
    class Meta:
        model = Iom

    organisation = factory.SubFactory(OrganisationFactory)
    specialist = factory.SubFactory(
        TeacherFactory,
        organisation=factory.SelfAttribute("..organisation"),
        total_experience=1,
        teaching_experience=1,
    )
    mentor = factory.SubFactory(TeacherFactory, organisation=factory.SelfAttribute("..organisation"))
    academic_year = factory.SubFactory(AcademicYearFactory)
    deficits = "Затруднения в проектировании урока"
    goals = "Освоить проектирование урока по ФГОС"


class IomRowFactory(DjangoModelFactory):
    class Meta:
        model = IomRow

    iom = factory.SubFactory(IomFactory)
    position = factory.Sequence(lambda n: n + 1)
    section = "Методика преподавания"
    tasks = "Освоить активные методы обучения"
    activity = "Открытый урок"
    form = ActivityForm.OPEN_LESSON
    deadline = datetime.date(2022, 2, 25)
    reporting_form = "Конспект урока"
    expected_result = "Урок проведён"


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = IomCampaign
        skip_postgeneration_save = True

    academic_year = factory.SubFactory(AcademicYearFactory)
    deadline = datetime.date(2021, 12, 1)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
