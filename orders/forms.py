from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.forms import inlineformset_factory

from salsk_mentoring.autocomplete import use_autocomplete
from salsk_mentoring.forms import ScopedModelForm
from schools.models import Organisation

from .appendix_content import KINDS, kind_choices
from .models import Order, OrderAppendix, OrderPoint


class OrderForm(ScopedModelForm):
    class Meta:
        model = Order
        fields = (
            "issuer",
            "issuer_heading",
            "issuer_genitive",
            "kind",
            "date",
            "number",
            "place",
            "standard",
            "title",
            "preamble",
            "command_word",
            "control_text",
            "signatory_position",
            "signatory_name",
            "district_wide",
        )
        widgets = {
            "date": forms.DateInput(),
            "title": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = self.fields["issuer"].queryset.filter(
            kind__in=[Organisation.Kind.AUTHORITY, Organisation.Kind.METHOD_CENTRE]
        )
        self.helper.layout = Layout(
            Fieldset(
                "Реквизиты",
                Row(Column("issuer", css_class="col-md-4"), Column("issuer_heading", css_class="col-md-8")),
                Row(
                    Column("kind", css_class="col-md-2"),
                    Column("date", css_class="col-md-3"),
                    Column("number", css_class="col-md-2"),
                    Column("place", css_class="col-md-2"),
                    Column("standard", css_class="col-md-3"),
                ),
            ),
            Fieldset("Текст", "title", "preamble", Row(Column("command_word", css_class="col-md-4"))),
            Fieldset(
                "Подпись и контроль",
                "control_text",
                Row(
                    Column("signatory_position", css_class="col-md-6"),
                    Column("signatory_name", css_class="col-md-6"),
                ),
            ),
            Fieldset("Кому виден", "district_wide", "issuer_genitive"),
        )


class ParamsField(forms.CharField):
    """Appendix parameters typed as «year=2021; project=1» (numbers become numbers)."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "; ".join(f"{k}={v}" for k, v in value.items())
        return value

    def has_changed(self, initial, data):
        try:
            return (initial or {}) != self.to_python(data)
        except forms.ValidationError:
            return True

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        value = super().to_python(value)
        params = {}
        for part in (value or "").replace("\n", ";").split(";"):
            if not part.strip():
                continue
            if "=" not in part:
                raise forms.ValidationError(
                    f"Параметр «{part.strip()}» записан неверно: нужно «имя=значение»."
                )
            key, raw = (s.strip() for s in part.split("=", 1))
            if not key.isidentifier():
                raise forms.ValidationError(f"Имя параметра «{key}» — латинские буквы, цифры и «_».")
            params[key] = int(raw) if raw.lstrip("-").isdigit() else raw
        return params


class PointForm(forms.ModelForm):
    class Meta:
        model = OrderPoint
        fields = ("position", "level", "text", "addressees", "deadline", "duty")
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            "deadline": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "addressees": forms.SelectMultiple(attrs={"class": "form-select", "aria-label": "Адресаты пункта"}),
            "position": forms.NumberInput(attrs={"class": "form-control order-position"}),
            "level": forms.Select(attrs={"class": "form-select"}),
            "duty": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.initial.setdefault("position", None)
        if organisations is not None:
            self.fields["addressees"].queryset = organisations
        # Every point offered all ≈2,000 organisations of a region: suggest them as you type instead.
        use_autocomplete(self, "addressees", "organisations", active=1)


class AppendixForm(forms.ModelForm):
    # A blank first choice: the empty row left for a new appendix stays unchanged (and is ignored) when the
    # browser submits it, instead of arriving as «Результаты мониторинга» without a number.
    kind = forms.ChoiceField(
        label="вид",
        choices=[("", "— выберите вид —"), *kind_choices()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    params = ParamsField(
        label="параметры", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    class Meta:
        model = OrderAppendix
        fields = ("number", "kind", "params", "title", "body", "landscape")
        widgets = {
            "number": forms.NumberInput(attrs={"class": "form-control order-position"}),
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "body": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            "landscape": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }
        help_texts = {
            "body": (
                "Для таблицы: строка — строка таблицы, ячейки через «|», первая строка — заголовки. "
                "В тексте можно выделить <b>полужирным</b>, <i>курсивом</i>, оформить списки <ul>/<ol> "
                "и абзацы <p>; остальная разметка при сохранении удаляется."
            ),
        }


def params_hints():
    return [(k.label, k.params_help) for k in KINDS.values() if k.params_help]


class LabelledCellsMixin:
    """The composer lays a formset out as a table (the column header is the label): each control carries
    its label as aria-label, so a screen reader names it («текст, пункт 2»)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "новая строка" if index is None else f"строка {index + 1}"
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", f"{field.label}, {row}")


class BasePointFormSet(LabelledCellsMixin, forms.BaseInlineFormSet):
    def __init__(self, *args, organisations=None, **kwargs):
        self.organisations = organisations
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["organisations"] = self.organisations
        return kwargs


PointFormSet = inlineformset_factory(
    Order, OrderPoint, form=PointForm, formset=BasePointFormSet, extra=3, can_delete=True
)
class BaseAppendixFormSet(LabelledCellsMixin, forms.BaseInlineFormSet):
    pass


AppendixFormSet = inlineformset_factory(
    Order, OrderAppendix, form=AppendixForm, formset=BaseAppendixFormSet, extra=1, can_delete=True
)
