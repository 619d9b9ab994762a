from crispy_forms.helper import FormHelper
from django import forms

from salsk_mentoring.autocomplete import use_autocomplete
from salsk_mentoring.forms import ScopedModelForm, text_area_field
from schools.models import AcademicYear

from .models import (
    FeedbackSurvey,
    Meeting,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    Pair,
    Programme,
    ProgrammeTemplate,
    PublicationConsent,
    Teacher,
)


class TeacherForm(ScopedModelForm):
    class Meta:
        model = Teacher
        fields = [
            "last_name", "first_name", "middle_name", "organisation", "position", "subjects", "category",
            "total_experience", "teaching_experience", "email", "phone", "is_active",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "organisation", "organisations")


class MentorBankEntryForm(ScopedModelForm):
    """A school proposes its teacher; the organisation follows the teacher, the status changes by services."""

    class Meta:
        model = MentorBankEntry
        fields = [
            "teacher",
            "year",
            "competencies",
            "forms",
            "max_mentees",
            "achievements",
            "card_text",
            "photo",
        ]
        widgets = {"forms": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = self.fields["teacher"].queryset.filter(is_active=True)
        use_autocomplete(self, "teacher", "teachers")
        if not self.instance.pk:
            self.initial["year"] = self.initial.get("year") or getattr(AcademicYear.current(), "pk", None)
        else:
            # The person and the year of an entry do not change; propose a new entry instead.
            self.fields.pop("teacher")
            self.fields.pop("year")


class PublicationConsentForm(ScopedModelForm):
    class Meta:
        model = PublicationConsent
        fields = [
            "publish_name", "publish_organisation", "publish_position", "publish_subjects", "publish_photo",
            "publish_contacts", "image_consent", "given_on", "valid_until",
        ]  # fmt: skip
        widgets = {"given_on": forms.DateInput, "valid_until": forms.DateInput}


class MenteeForm(ScopedModelForm):
    class Meta:
        model = Mentee
        fields = ["kind", "teacher", "name_or_code", "grade", "organisation", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = self.fields["teacher"].queryset.young_specialists().filter(is_active=True)
        self.fields["teacher"].help_text = "Только для молодого специалиста (педагогический стаж 0–3 года)."
        use_autocomplete(self, "organisation", "organisations")
        use_autocomplete(self, "teacher", "teachers", forward=("organisation",), young=1)

    def clean(self):
        data = super().clean()
        teacher = data.get("teacher")
        if teacher and "organisation" in self.fields and not data.get("organisation"):
            data["organisation"] = teacher.organisation
            self.instance.organisation = teacher.organisation
        return data


class ProgrammeForm(ScopedModelForm):
    class Meta:
        model = Programme
        fields = [
            "organisation",
            "year",
            "template",
            "title",
            "goals",
            "tasks",
            "stages",
            "expected_results",
            "approval",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = "Пусто — как у примерной программы."
        if not self.instance.pk:
            self.initial["year"] = self.initial.get("year") or getattr(AcademicYear.current(), "pk", None)
        use_autocomplete(self, "organisation", "organisations")


class PairForm(ScopedModelForm):
    """The rules of a pair (bank of the year, load, duplicates, network) are checked with the new mentees."""

    class Meta:
        model = Pair
        fields = [
            "organisation", "year", "mentor", "mentees", "form", "programme", "start_date", "end_date",
            "is_network", "outcome", "mentee_feedback",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput,
            "end_date": forms.DateInput,
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "mentee_feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        year = self.instance.year if self.instance.year_id else AcademicYear.current()
        # Any included mentor the user may see: the suggestions follow the chosen year, and
        # Pair.check_rules says so when the mentor is in another year's bank.
        mentors = self.fields["mentor"].queryset.filter(status=MentorBankEntry.Status.INCLUDED)
        self.fields["mentor"].queryset = mentors
        self.fields["mentees"].queryset = self.fields["mentees"].queryset.filter(is_active=True)
        use_autocomplete(self, "organisation", "organisations")
        use_autocomplete(self, "mentor", "mentor-bank", forward=("year",))
        use_autocomplete(self, "mentees", "mentees", forward=("organisation", "form"))
        use_autocomplete(self, "programme", "programmes", forward=("organisation", "year"))
        if not self.instance.pk and year is not None:
            self.initial["year"] = self.initial.get("year") or year.pk
        if user is not None and not user.has_perm("mentors.allow_network_pair"):
            self.fields.pop("is_network", None)
            self.helper = FormHelper(self)  # the layout names the fields that are left
            self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        mentees = data.get("mentees")
        if mentees is not None:
            self.instance._pending_mentees = list(mentees)
        return data


class PairCompleteForm(forms.Form):
    """«Завершить» (mentors.workflows.PAIR): the result of the pair's work, optional."""

    outcome = text_area_field(
        "Результат работы пары", help_text="Необязательно; при массовом завершении записывается каждой паре."
    )


class PairTerminateForm(forms.Form):
    """«Прекратить досрочно»: the reason is required (it is printed in the pair's card and reports)."""

    reason = text_area_field("Причина прекращения", required="Укажите причину досрочного прекращения.")


class BankExcludeForm(forms.Form):
    """«Исключить из банка» (mentors.workflows.BANK): the reason is required."""

    reason = text_area_field("Причина исключения", required="Укажите причину исключения из банка наставников.")


class MeetingForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "hours", "format", "topic", "logged_as"]
        widgets = {"date": forms.DateInput}


class FeedbackSurveyForm(ScopedModelForm):
    class Meta:
        model = FeedbackSurvey
        fields = ["respondent", "point", "answered_on", "satisfaction", "usefulness", "comment"]
        widgets = {
            "answered_on": forms.DateInput,
            "satisfaction": forms.RadioSelect,
            "usefulness": forms.RadioSelect,
        }


class MentoringFormForm(ScopedModelForm):
    class Meta:
        model = MentoringForm
        fields = ["name", "code", "mentor_role", "mentee_role", "description", "position"]


class ProgrammeTemplateForm(ScopedModelForm):
    class Meta:
        model = ProgrammeTemplate
        fields = [
            "form",
            "title",
            "goals",
            "tasks",
            "stages",
            "expected_results",
            "duration",
            "basis",
            "position",
        ]
