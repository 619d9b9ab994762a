from django import forms

from salsk_mentoring.autocomplete import use_autocomplete
from salsk_mentoring.forms import ScopedModelForm, text_area_field
from schools.models import Municipality, Organisation

from .computations import COMPUTATION_CHOICES
from .models import Indicator, MonitoringCampaign, Target


class IndicatorForm(ScopedModelForm):
    computation = forms.ChoiceField(
        label="Правило вычисления",
        choices=COMPUTATION_CHOICES,
        required=False,
        help_text="Для вычисляемых показателей: по каким реестрам портала считается.",
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "position",
            "name",
            "short_name",
            "group",
            "origin",
            "unit",
            "numerator_label",
            "denominator_label",
            "higher_is_better",
            "min_value",
            "max_value",
            "source",
            "computation",
            "description",
            "is_active",
        ]


class TargetForm(ScopedModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "academic_year", "level", "municipality", "organisation", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self, "organisation", "organisations")
        if not self.instance.pk:
            self.initial.setdefault("municipality", None)
            self.initial["municipality"] = self.initial["municipality"] or Municipality.get_default()

    def clean(self):
        data = super().clean()
        if data.get("level") != Target.Level.DISTRICT:
            data["municipality"] = None  # pre-filled for a district target; other levels have none
        return data


class CampaignForm(ScopedModelForm):
    class Meta:
        model = MonitoringCampaign
        fields = [
            "name",
            "academic_year",
            "period",
            "kind",
            "opens_on",
            "deadline",
            "plan_item",
            "indicators",
            "organisations",
            "description",
            "conclusions",
        ]
        widgets = {
            "indicators": forms.CheckboxSelectMultiple,
            "opens_on": forms.DateInput,
            "deadline": forms.DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(is_active=True)
        self.fields["organisations"].queryset = Organisation.objects.for_user(self.user).filter(
            is_active=True, kind__in=Organisation.EDUCATIONAL_KINDS
        )
        self.fields["organisations"].help_text = "Пусто при создании — все участники ЦМН."
        use_autocomplete(self, "organisations", "organisations", educational=1, active=1)
        self.fields["organisations"].required = False
        if not self.instance.pk:
            self.initial.setdefault(
                "indicators", list(Indicator.objects.filter(is_active=True).values_list("pk", flat=True))
            )
        if self.instance.pk and self.instance.status != MonitoringCampaign.Status.DRAFT:
            # Once collecting has started the set of indicators and organisations is fixed.
            for name in ("indicators", "organisations", "academic_year"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Сбор уже открыт: состав не меняется."

    def clean_organisations(self):
        orgs = self.cleaned_data.get("organisations")
        if not orgs and not self.instance.pk:
            return Organisation.objects.filter(
                is_participant=True, is_active=True, kind__in=Organisation.EDUCATIONAL_KINDS
            )
        return orgs


class SubmissionReturnForm(forms.Form):
    """«Вернуть на доработку» (monitoring.workflows.SUBMISSION): the remarks are required."""

    comment = text_area_field(
        "Замечания (что исправить)",
        required="Напишите, что нужно исправить: без замечаний отчёт не возвращается.",
        rows=4,
    )
