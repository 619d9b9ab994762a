from django import forms
from django.forms import inlineformset_factory

from salsk_mentoring.autocomplete import use_autocomplete
from salsk_mentoring.forms import ScopedModelForm, text_area_field
from salsk_mentoring.uploads import DOCUMENTS, validate_upload

from .models import Evidence, PlanItem, PlanItemResponsible


class PlanItemForm(ScopedModelForm):
    """A methodist edits an item: verbatim texts; pins dates for «по плану …» and unrecognised deadlines."""

    class Meta:
        model = PlanItem
        fields = [
            "plan",
            "position",
            "number",
            "name",
            "deadline_text",
            "pinned_start",
            "pinned_end",
            "responsible_text",
            "result",
            "evidence_kinds",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "pinned_start": forms.DateInput(),
            "pinned_end": forms.DateInput(),
        }
        help_texts = {
            "deadline_text": "Как в приказе. Нераспознанный срок сохраняется как есть и помечается: "
            "уточните даты ниже.",
        }


class EvidenceForm(ScopedModelForm):
    url = forms.URLField(
        label="Ссылка", required=False, assume_scheme="https", help_text="Например, публикация на сайте ОО."
    )

    class Meta:
        model = Evidence
        fields = ["kind", "title", "file", "url", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            expected = [k.pk for k in item.evidence_kinds.all()]
            if expected:
                self.fields["kind"].help_text = "Ожидается по плану: " + ", ".join(
                    str(k) for k in item.evidence_kinds.all()
                )
        self.fields["url"].widget.attrs["placeholder"] = "https://"
        self.fields["kind"].empty_label = "не указан"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, DOCUMENTS)
        return upload

    def _post_clean(self):
        # A refused file already has its reason; «приложите файл…» from clean() would only confuse.
        if self.has_error("file"):
            return
        super()._post_clean()


class ResponsibleForm(forms.ModelForm):
    """One responsible of a plan item: an organisation (suggested as you type) or «все ОО — участники ЦМН»."""

    class Meta:
        model = PlanItemResponsible
        fields = ["position", "organisation", "all_participants"]
        widgets = {
            "position": forms.NumberInput(
                attrs={"class": "form-control form-control-sm", "min": 0, "aria-label": "Порядок"}
            ),
            "organisation": forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": "Организация"}),
            "all_participants": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        use_autocomplete(self, "organisation", "organisations")

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class BaseResponsibleFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return "Одна и та же организация указана среди ответственных дважды."

    def clean(self):
        super().clean()
        everyone = [
            form for form in self.forms
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("all_participants")
            and not form.cleaned_data.get("DELETE")
        ]  # fmt: skip
        if len(everyone) > 1:
            raise forms.ValidationError("«Все ОО — участники ЦМН» указаны среди ответственных дважды.")


ResponsibleFormSet = inlineformset_factory(
    PlanItem,
    PlanItemResponsible,
    form=ResponsibleForm,
    formset=BaseResponsibleFormSet,
    extra=2,
    can_delete=True,
)


class LineReturnForm(forms.Form):
    """The methodist's remarks when a done plan line goes back for rework (events/workflows.py «return»)."""

    comment = text_area_field(
        "Замечания (что доработать)",
        required="Напишите, что нужно доработать: без замечаний строка не возвращается.",
        rows=3,
    )
