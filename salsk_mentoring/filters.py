"""Shared filter pieces: Russian «Все / Да / Нет» instead of Django's «Неизвестно» and «---------»."""

import django_filters
from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .search import NameQuery

ALL = "Все"
YES_NO = [("", ALL), ("true", "Да"), ("false", "Нет")]


class QuickSelect(forms.Select):
    """A ``<select>`` whose options are written in Python, with the markup of Django's templates.

    Django renders a template per ``<option>``: the selects of a list's filter form (plans, months,
    organisations, municipalities) took a third of the page (docs/performance.md).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            html = format_html_join(
                "", '<option value="{}"{}>{}</option>', ((o["value"], _attrs(o["attrs"]), o["label"]) for o in options)
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], _attrs(widget["attrs"]), mark_safe("".join(groups))
        )


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=YES_NO))
        super().__init__(*args, **kwargs)


class OrganisationNameFilter(django_filters.CharFilter):
    """Rows whose organisation (``field_name``, a foreign key) matches a typed name — the one name matcher
    (salsk_mentoring.search.NameQuery): «сош №5» finds «МБОУ СОШ № 5 г. Сальска», «СОШ № 1» never № 10–19.

    The organisations are matched in a subquery (≈2,000 rows), not through a join: the rows are then found
    by their organisation index instead of a scan probing each row's organisation."""

    def filter(self, qs, value):
        query = NameQuery(value)
        if not query:
            return qs
        organisations = qs.model._meta.get_field(self.field_name).related_model._default_manager.unscoped(
            reason="subquery of organisations matching a typed name; the filtered rows keep their scope"
        )
        return qs.filter(**{f"{self.field_name}__in": organisations.filter(query.filter()).values("pk")})


class YearFilter(django_filters.NumberFilter):
    """A calendar year (``?year=2025``): a whole number 1900–2999, else the filter form says what is wrong
    (``?year=-1`` or ``?year=abc`` never reaches the database as a date)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2999)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class ScopedChoicesMixin:
    """Every choice list of a filter form offers what the user may see: ``for_user`` like ScopedModelForm."""

    @property
    def form(self):
        form = super().form  # built once, when first asked for (a filterset may change its filters before)
        if not getattr(self, "_choices_scoped", False):
            self._choices_scoped = True
            user = getattr(self.request, "user", None)
            # A filterset built without a request's user (a script) keeps its declared choices.
            for field in form.fields.values() if user is not None else ():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and hasattr(queryset, "for_user"):
                    field.queryset = queryset.for_user(user)
        return form


class PortalFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    """The base of every list's filter: empty choices read «Все» in every select (never «---------»), a yes/no
    filter offers «Все / Да / Нет» (never «Неизвестно»); plain selects are written by QuickSelect.

    Applied when the form is first built, so a subclass may still change its filters in ``__init__``."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            russify(super().form)
        return self._form


def russify(form) -> None:
    """«Все» for the empty choice of every select of a filter ``form``, «Да / Нет» for its yes/no fields."""
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField) and not isinstance(field.widget, forms.HiddenInput):
            field.widget = forms.Select(choices=YES_NO, attrs=field.widget.attrs)
        if hasattr(field, "empty_label") and field.empty_label is not None:
            field.empty_label = ALL
        choices = getattr(field, "choices", None)
        if choices and isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            field.choices = [("", ALL) if value == "" else (value, label) for value, label in field.choices]
        quick = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}.get(type(field.widget))
        if quick is not None:  # the same markup without a template per <option> (56 municipalities, …)
            widget = quick(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            widget.is_required = field.widget.is_required
            field.widget = widget
