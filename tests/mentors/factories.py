import datetime

import factory
from factory.django import DjangoModelFactory

from mentors.models import (
    FeedbackSurvey,
    Meeting,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    Pair,
    Programme,
    ProgrammeTemplate,
    PublicationConsent,
)
from tests.factories import AcademicYearFactory, OrganisationFactory, TeacherFactory


class MentoringFormFactory(DjangoModelFactory):
    class Meta:
        model = MentoringForm
        django_get_or_create = ("code",)

    code = "teacher_teacher"
    name = "учитель – учитель"
    mentor_role = MentoringForm.Role.TEACHER
    mentee_role = MentoringForm.Role.TEACHER


class ProgrammeTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeTemplate

    form = factory.SubFactory(MentoringFormFactory)
    title = "Примерная программа «учитель – учитель»"
    goals = "Поддержка молодого специалиста."
    tasks = "Задача 1\nЗадача 2"
    stages = "Подготовительный\nОсновной\nЗаключительный"
    expected_results = "Результат 1\nРезультат 2"


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(AcademicYearFactory)
    template = factory.SubFactory(ProgrammeTemplateFactory)
    title = "Программа наставничества педагогов"


class MentorBankEntryFactory(DjangoModelFactory):
    class Meta:
        model = MentorBankEntry

    teacher = factory.SubFactory(TeacherFactory)
    organisation = factory.SelfAttribute("teacher.organisation")
    year = factory.SubFactory(AcademicYearFactory)
    competencies = "методика урока математики, классное руководство"
    max_mentees = 2
    achievements = "Победитель муниципального конкурса «Учитель года»"
    card_text = "Помогу выстроить урок и наладить контакт с классом."
    status = MentorBankEntry.Status.INCLUDED


class PublicationConsentFactory(DjangoModelFactory):
    class Meta:
        model = PublicationConsent

    entry = factory.SubFactory(MentorBankEntryFactory)
    given_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=365))


class MenteeFactory(DjangoModelFactory):
    class Meta:
        model = Mentee

    kind = Mentee.Kind.YOUNG_SPECIALIST
    teacher = factory.SubFactory(TeacherFactory, total_experience=1, teaching_experience=1)
    organisation = factory.SelfAttribute("teacher.organisation")


class StudentMenteeFactory(DjangoModelFactory):
    class Meta:
        model = Mentee

    kind = Mentee.Kind.STUDENT
    teacher = None
    name_or_code = factory.Sequence(lambda n: f"У-{n:03d}")
    grade = "7Б"
    organisation = factory.SubFactory(OrganisationFactory)


class PairFactory(DjangoModelFactory):
    class Meta:
        model = Pair
        skip_postgeneration_save = True

    mentor = factory.SubFactory(MentorBankEntryFactory)
    organisation = factory.SelfAttribute("mentor.organisation")
    year = factory.SelfAttribute("mentor.year")
    form = factory.SubFactory(MentoringFormFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))
    end_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=200))
    status = Pair.Status.ACTIVE

    @factory.post_generation
    def mentees(self, create, extracted, **kwargs):
        if create:
            mentees = (
                extracted
                if extracted is not None
                else [MenteeFactory(teacher__organisation=self.organisation, organisation=self.organisation)]
            )
            self.mentees.set(mentees)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    pair = factory.SubFactory(PairFactory)
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    hours = 1
    topic = "Анализ посещённого урока"


class FeedbackSurveyFactory(DjangoModelFactory):
    class Meta:
        model = FeedbackSurvey

    pair = factory.SubFactory(PairFactory)
    respondent = FeedbackSurvey.Respondent.MENTEE
    point = FeedbackSurvey.Point.MONTH
    satisfaction = 5
    usefulness = 4
