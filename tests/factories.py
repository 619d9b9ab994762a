"""factory_boy factories, one per model. Apps add theirs to ``tests/<app>/factories.py``."""

import datetime

import factory
from factory.django import DjangoModelFactory

from mentors.models import Teacher
from schools.models import AcademicYear, Membership, Municipality, Organisation, PilotParticipant, PilotProject, User


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Сальский район"
    is_default = True


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Organisation.Kind.SCHOOL
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n + 1}")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное бюджетное общеобразовательное учреждение {o.short_name}"
    )
    is_participant = True


class AcademicYearFactory(DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("start_year",)

    start_year = 2021
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.start_year, 9, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.start_year + 1, 8, 31))
    is_current = True


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Иванова"
    first_name = "Анна"
    middle_name = "Петровна"
    role = User.Role.SCHOOL
    password = factory.PostGenerationMethodCall("set_password", "salsk-demo")

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            for org in extracted:
                Membership.objects.create(user=self, organisation=org)
        if create:
            self.save()


class TeacherFactory(DjangoModelFactory):
    class Meta:
        model = Teacher

    last_name = factory.Faker("last_name_female", locale="ru_RU")
    first_name = factory.Faker("first_name_female", locale="ru_RU")
    middle_name = factory.Faker("middle_name_female", locale="ru_RU")
    organisation = factory.SubFactory(OrganisationFactory)
    position = "учитель"
    subjects = "математика"
    total_experience = 10
    teaching_experience = 8
    email = factory.Sequence(lambda n: f"teacher{n}@example.org")


class PilotProjectFactory(DjangoModelFactory):
    class Meta:
        model = PilotProject

    name = "От наставничества до профессионализма молодых педагогов"
    status = "областная инновационная площадка"
    platform = factory.SubFactory(OrganisationFactory, short_name="МБОУ лицей №9 г. Сальска")
    leader = "Иванченко О.В."
    academic_year = factory.SubFactory(AcademicYearFactory)


class PilotParticipantFactory(DjangoModelFactory):
    class Meta:
        model = PilotParticipant

    project = factory.SubFactory(PilotProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    responsible_name = "Петренко О.Н."
