from django import forms
from django.db.models import Max
from django.forms import inlineformset_factory

from mentors.models import YOUNG_SPECIALIST_MAX_YEARS, Teacher
from salsk_mentoring.autocomplete import get_lookup, use_autocomplete
from salsk_mentoring.forms import GridInlineFormSet, ScopedModelForm, text_area_field
from schools.models import AcademicYear, Organisation, PilotProject

from .models import Iom, IomCampaign, IomRow, IomTemplate, IomTemplateRow

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class IomForm(ScopedModelForm):
    class Meta:
        model = Iom
        fields = [
            "organisation",
            "academic_year",
            "specialist",
            "pair",
            "mentor",
            "deficits",
            "goals",
            "head_name",
            "head_position",
            "head_signed_on",
        ]
        widgets = {"deficits": forms.Textarea(attrs={"rows": 3}), "goals": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "specialist" in self.fields:
            self.fields["specialist"].queryset = self.fields["specialist"].queryset.filter(
                teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS
            )
            self.fields["specialist"].help_text = f"Педагоги со стажем 0–{YOUNG_SPECIALIST_MAX_YEARS} года."
        if "mentor" in self.fields:
            # A school picks among its own teachers and the mentors of its network pairs; a methodist may
            # name any mentor, and Iom.clean accepts one of another organisation only with a network pair.
            mentors = get_lookup("iom-mentors").base_queryset(user) if user is not None else Teacher.objects
            self.fields["mentor"].queryset = mentors.filter(is_active=True)
            self.fields["mentor"].required = False
            self.fields["mentor"].help_text = (
                "Из банка наставников учебного года или наставник пары молодого специалиста. "
                "Можно не указывать, если выбрана пара: возьмём её наставника."
            )
        # A region has ≈60,000 teachers: the fields suggest as you type, narrowed to the chosen organisation
        # (mentors — to its municipality); Iom.clean checks that specialist and pair belong to it.
        use_autocomplete(self, "organisation", "organisations", educational=1)
        use_autocomplete(self, "specialist", "teachers", forward=("organisation",), young=1)
        use_autocomplete(self, "mentor", "iom-mentors", forward=("organisation", "academic_year", "specialist"))
        use_autocomplete(self, "pair", "pairs", forward=("organisation",))
        if not self.instance.pk and "academic_year" in self.fields:
            self.fields["academic_year"].initial = AcademicYear.current()
        if self.instance.pk:
            # Year and specialist define the route; they are fixed once it exists.
            for name in ("academic_year", "specialist", "organisation"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        pair = cleaned.get("pair")
        if not cleaned.get("mentor"):
            if pair is not None:
                cleaned["mentor"] = pair.mentor.teacher
                self.instance.mentor = cleaned["mentor"]
            elif "mentor" not in self.errors:
                self.add_error("mentor", "Укажите наставника или выберите пару наставничества.")
        return cleaned


class RowForm(forms.ModelForm):
    """Plan fields of a row (template or IOM)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Пусто — следующий номер по порядку."
        self.fields["deadline"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name in ("tasks", "activity", "expected_result", "section"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 2})
        _bootstrap(self)


def _bootstrap(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        else:
            widget.attrs.setdefault("class", "form-control form-control-sm")


class IomTemplateForm(ScopedModelForm):
    class Meta:
        model = IomTemplate
        fields = ["academic_year", "title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}


class NumberedRowFormSet(GridInlineFormSet):
    """Rows of a route numbered in order: a new row is offered, and saved, with the next number after the
    last one (never № 0 above row 1)."""

    def next_position(self) -> int:
        if not hasattr(self, "_next_position"):
            last = self.instance.rows.aggregate(m=Max("position"))["m"] if self.instance.pk else None
            self._next_position = (last or 0) + 1
        return self._next_position

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            kwargs["initial"] = {"position": self.next_position() + index - self.initial_form_count()}
        return kwargs

    def _number(self, obj):
        """A row left without a number (or № 0) gets the next one after every row kept."""
        if obj.position:
            return
        kept = [f.instance.position or 0 for f in self.initial_forms if f not in self.deleted_forms]
        obj.position = max([self.next_position() - 1, getattr(self, "_taken", 0), *kept]) + 1
        self._taken = obj.position

    def save_new(self, form, commit=True):
        obj = form.save(commit=False)
        setattr(obj, self.fk.name, self.instance)
        self._number(obj)
        if commit:
            obj.save()
        return obj

    def save_existing(self, form, obj, commit=True):
        obj = form.save(commit=False)
        self._number(obj)
        if commit:
            obj.save()
        return obj


def _plan_rows(parent, row_model):
    """The route rows of a template or of an IOM: numbered, their plan fields, two blank rows, deletable."""
    return inlineformset_factory(
        parent,
        row_model,
        formset=NumberedRowFormSet,
        form=RowForm,
        fields=list(row_model.PLAN_FIELDS),
        extra=2,
        can_delete=True,
    )


IomTemplateRowFormSet = _plan_rows(IomTemplate, IomTemplateRow)
IomRowFormSet = _plan_rows(Iom, IomRow)


class ExecutionForm(forms.ModelForm):
    """What a running IOM's row may still change: its execution mark and evidence."""

    evidence_url = forms.URLField(label="Ссылка на материалы", required=False, assume_scheme="https")

    class Meta:
        model = IomRow
        fields = ["status", "not_done_reason", "evidence_file", "evidence_url"]
        widgets = {"not_done_reason": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


IomExecutionFormSet = inlineformset_factory(
    Iom, IomRow, form=ExecutionForm, formset=GridInlineFormSet, extra=0, can_delete=False
)


class ReturnForm(forms.Form):
    comment = text_area_field(
        "Замечания (что исправить)",
        required="Напишите, что нужно исправить: без замечаний ИОМ не возвращается.",
        rows=4,
    )


class CompleteForm(forms.Form):
    self_analysis = forms.CharField(
        label="Итоговый самоанализ молодого специалиста", widget=forms.Textarea(attrs={"rows": 6})
    )
    mentor_conclusion = forms.CharField(
        label="Заключение наставника", widget=forms.Textarea(attrs={"rows": 6})
    )


class CampaignForm(ScopedModelForm):
    class Meta:
        model = IomCampaign
        fields = ["title", "basis", "academic_year", "deadline", "organisations", "is_open"]
        widgets = {"deadline": forms.DateInput()}

    pilot_project = forms.ModelChoiceField(
        label="Добавить пилотные организации проекта",
        required=False,
        queryset=PilotProject.objects.none(),
        help_text="Все организации — участники проекта (приложение 6) будут добавлены к выбранным.",
    )

    def __init__(self, *args, copy_template=False, **kwargs):
        super().__init__(*args, **kwargs)
        #: «Скопировать шаблон прошлого года и открыть» was pressed: a missing template is copied, not refused.
        self.copy_template = copy_template
        #: The earlier year's template offered for copying when the chosen year has none.
        self.copy_source = None
        self.fields["pilot_project"].queryset = PilotProject.objects.for_user(self.user)
        self.fields["organisations"].required = False
        self.fields["organisations"].queryset = Organisation.objects.for_user(self.user).filter(
            kind__in=Organisation.EDUCATIONAL_KINDS, is_active=True
        )
        use_autocomplete(self, "organisations", "organisations", educational=1, active=1)
        if not self.instance.pk:
            self.fields["academic_year"].initial = AcademicYear.current()

    def clean(self):
        cleaned = super().clean()
        orgs = list(cleaned.get("organisations") or [])
        project = cleaned.get("pilot_project")
        if project is not None:
            known = {o.pk for o in orgs}
            orgs += [
                p.organisation
                for p in project.participants.select_related("organisation")
                if p.organisation_id not in known
            ]
        if not orgs:
            self.add_error("organisations", "Выберите организации кампании или пилотный проект.")
        cleaned["organisations"] = orgs
        self._check_template(cleaned.get("academic_year"))
        return cleaned

    def _check_template(self, year):
        """A campaign of a year without an IOM template would hand schools empty routes: refused, with the
        offer to copy the latest earlier template (services.iom_template_copy)."""
        if year is None or (self.instance.pk and "academic_year" not in self.changed_data):
            return
        if IomTemplate.objects.filter(academic_year=year).exists():
            return
        from .services import missing_template_error, template_to_copy

        self.copy_source = template_to_copy(year)
        if self.copy_template and self.copy_source is not None:
            self.cleaned_data["copy_from"] = self.copy_source
            return
        self.add_error("academic_year", missing_template_error(year))
