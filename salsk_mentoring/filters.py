"""Shared filter pieces: Russian «все / да / нет» instead of Django's «Неизвестно»."""

import django_filters
from django import forms

ALL = "все"


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.Select(choices=[("", ALL), ("true", "да"), ("false", "нет")])
        )
        super().__init__(*args, **kwargs)


class PortalFilterSet(django_filters.FilterSet):
    """Empty choices read «все» in every select of a filter form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if hasattr(field, "empty_label") and field.empty_label is not None:
                field.empty_label = ALL
            choices = getattr(field, "choices", None)
            if choices and isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.choices = [("", ALL) if value == "" else (value, label) for value, label in field.choices]
