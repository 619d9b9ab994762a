"""«Новый учебный год» (schools.rollover): the indicator targets (Appendix 2) of the new year — the same indicators,
organisations and levels, where the new year has none yet, each value kept or adjusted by the methodist.

The page shows the regional and district targets of the default municipality (a few dozen rows) prefilled with
the old year's values (:class:`TargetFormSet`); what the methodist changes there is what the run writes, and
the history of such a target says so («… целевое значение изменено: 40 → 45»). The organisations' targets are
carried as they were (correct them in the registry or by import afterwards).
"""

from django import forms

from schools.models import Municipality
from schools.rollover import Context, Result, rollover_adjustment, rollover_step

from .models import Target
from .models.indicators import fmt_number

KIND = "Целевые значения показателей (приложение 2)"
KEY = "targets"
FIELDS = ("indicator_id", "level", "organisation_id", "municipality_id", "value", "note")


def _key(target):
    return (target.indicator_id, target.level, target.organisation_id, target.municipality_id)


def _new_targets(ctx: Context) -> tuple[int, list[Target]]:
    """How many targets the old year has, and those the new year does not have yet (what the run creates)."""
    source = list(
        ctx.rows(Target).filter(academic_year=ctx.source)
        .select_related("indicator", "municipality")
        .only("pk", "academic_year_id", *FIELDS, "indicator__code", "indicator__short_name", "indicator__unit",
              "indicator__min_value", "indicator__max_value", "indicator__position", "municipality__name")
        .order_by("indicator__position", "level", "pk")
    )
    have = (
        {_key(t) for t in ctx.rows(Target).filter(academic_year=ctx.target).only("pk", *FIELDS)}
        if ctx.target_saved
        else set()
    )
    return len(source), [t for t in source if _key(t) not in have]


def _adjustable(target, default_municipality_id) -> bool:
    return target.level == Target.Level.REGION or (
        target.level == Target.Level.DISTRICT and target.municipality_id == default_municipality_id
    )


class TargetValueForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(
        label="Целевое значение",
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )

    def __init__(self, *args, source_target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_target = source_target
        if source_target is not None:
            indicator = source_target.indicator
            whom = "регион" if source_target.level == Target.Level.REGION else str(source_target.municipality)
            self.label = f"{indicator.code}. {indicator.short_name} — {whom}"
            self.was = indicator.display(source_target.value)
            self.fields["value"].label = f"{self.label}: целевое значение на новый год"
            self.fields["value"].help_text = indicator.unit_label
            self.fields["value"].widget.attrs["aria-label"] = self.fields["value"].label

    def clean_target(self):
        pk = self.cleaned_data["target"]
        if self.source_target is None or pk != self.source_target.pk:
            raise forms.ValidationError("Строка целевых значений устарела: обновите страницу.")
        return pk

    def clean_value(self):
        value = self.cleaned_data["value"]
        if self.source_target is not None:
            message = self.source_target.indicator.check_value(value, what="Целевое значение")
            if message:
                raise forms.ValidationError(message)
        return value


class BaseTargetFormSet(forms.BaseFormSet):
    template = "monitoring/rollover_targets.html"

    def __init__(self, *args, source_targets=(), **kwargs):
        self.source_targets = list(source_targets)
        kwargs["initial"] = [{"target": t.pk, "value": t.value} for t in self.source_targets]
        super().__init__(*args, prefix=KEY, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["source_target"] = self.source_targets[index] if index < len(self.source_targets) else None
        return kwargs

    def is_valid(self):
        # Not posted at all (a run from a script, a page without targets to adjust): every value is kept.
        return True if not self.is_bound else super().is_valid()

    def clean(self):
        if self.total_form_count() != len(self.source_targets):
            raise forms.ValidationError("Список целевых значений изменился: обновите страницу.")

    def adjustments(self) -> dict[int, object]:
        """Source target pk → the value for the new year, for the values changed on the page."""
        if not self.is_bound:
            return {}
        return {
            form.source_target.pk: form.cleaned_data["value"]
            for form in self.forms
            if form.cleaned_data["value"] != form.source_target.value
        }


TargetFormSet = forms.formset_factory(TargetValueForm, formset=BaseTargetFormSet, extra=0, max_num=500)


@rollover_adjustment(key=KEY)
def targets_form(ctx: Context, data=None):
    if data is not None and f"{KEY}-TOTAL_FORMS" not in data:
        data = None
    default = Municipality.get_default()
    adjustable = [t for t in _new_targets(ctx)[1] if _adjustable(t, getattr(default, "pk", None))]
    return TargetFormSet(data, source_targets=adjustable)


@rollover_step(order=70, kind=KIND)
def targets(ctx: Context, apply: bool) -> Result:
    total, new = _new_targets(ctx)
    adjusted = ctx.adjusted.get(KEY, {})
    changed = [t for t in new if t.pk in adjusted and adjusted[t.pk] != t.value]
    samples = [
        f"{t.indicator.code} ({'регион' if t.level == Target.Level.REGION else t.municipality}): "
        f"{fmt_number(t.value)} → {fmt_number(adjusted[t.pk])}"
        for t in changed
    ]
    if apply and new:
        plain = [t for t in new if t not in changed]

        def row(t):
            values = {f: getattr(t, f) for f in FIELDS}
            values["value"] = adjusted.get(t.pk, t.value)
            return Target(academic_year=ctx.target, **values)

        ctx.create(Target, [row(t) for t in plain])
        for t, sample in zip(changed, samples, strict=True):
            ctx.create(Target, [row(t)], reason=f"{ctx.reason}; целевое значение изменено: {sample}")
    if changed:
        note = "Скорректированы на странице перехода; остальные перенесены без изменений."
    elif new:
        note = "Значения перенесены без изменений: районные и региональные можно изменить ниже, до перехода."
    else:
        note = ""
    return Result(
        KIND,
        create=len(new),
        exists=total - len(new),
        samples=ctx.samples(samples),
        adjusted=len(changed),
        note=note,
    )
