"""Scoped autocomplete for form fields whose choices grow with the region (teachers, organisations, …).

A region has ≈60,000 teachers and ≈2,000 organisations: a <select> listing all of them made a methodist's
form pages megabytes long. Instead such a field renders a <select> holding only the chosen option(s) — so
the page still works and validates without JavaScript — and ``static/js/autocomplete.js`` turns it into an
accessible combobox that asks ``/autocomplete/<kind>/?q=…`` for suggestions.

* A *lookup* (``<app>/lookups.py``, registered with :func:`register`) names the model, how to search it and
  how to label a row. Its queryset always starts from ``Model.objects.for_user(user, VIEW)``: a school user
  is offered its own rows only, exactly like the form field's scoped queryset.
* :func:`use_autocomplete` puts the widget on a form field. The field keeps its (scoped) queryset, so a
  guessed pk of another school's row is refused by the form with a Russian message.
* Other fields of the form can narrow the suggestions (``forward=("organisation",)``): the browser sends
  their current values along with the query; the server ignores anything that is not a number.
"""

import copy

from django import forms
from django.contrib.auth.decorators import login_required
from django.forms.models import ModelChoiceIterator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .params import int_param, pk_param, text_param
from .scoping import VIEW
from .search import words_query
from .text import plural_ru

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100

LOOKUPS: dict[str, "Lookup"] = {}


def register(cls):
    """Class decorator: ``@register class TeacherLookup(Lookup): name = "teachers" …``."""
    unknown = set(cls.narrow) - set(cls.forward)
    if unknown:
        raise TypeError(f"{cls.__name__}: narrow names fields that are not forwarded: {sorted(unknown)}")
    LOOKUPS[cls.name] = cls()
    return cls


def get_lookup(name: str) -> "Lookup":
    return LOOKUPS[name]


class Lookup:
    """What one kind of autocomplete offers: scoped rows, searched by words, labelled for people."""

    name = ""
    model = None
    search_fields: tuple = ()
    ordering: tuple = ()
    select_related: tuple = ()
    #: Names of other form fields whose values narrow the suggestions (ids only).
    forward: tuple = ()
    #: The forwarded values that narrow by equality: name → the model's field (``{"organisation": "organisation_id"}``).
    narrow: dict = {}
    #: Fixed flags a form may pass (``young=1``); anything else in the query string is ignored.
    flags: tuple = ()
    #: Russian plural forms of what is listed: «педагог,педагога,педагогов».
    noun = "запись,записи,записей"
    invalid_choice = "Такой записи нет среди доступных вам: выберите из подсказок."
    placeholder = "Начните вводить название"

    def base_queryset(self, user):
        return self.model._default_manager.for_user(user, VIEW)

    def filter(self, queryset, params: dict):
        """Narrow by forwarded values and flags (``params`` holds only known names; ids are digits): here by the
        values named in :attr:`narrow`; a lookup adds its own conditions and calls this."""
        return queryset.filter(**{field: params[name] for name, field in self.narrow.items() if params.get(name)})

    def search(self, queryset, text: str):
        """Rows with every word in one of ``search_fields`` (salsk_mentoring.search.words_query)."""
        return queryset.filter(words_query(text, self.search_fields, max_words=5))

    def order(self, queryset, text: str):
        return queryset.order_by(*self.ordering) if self.ordering else queryset

    def results(self, user, text: str, params: dict, page: int = 1):
        queryset = self.filter(self.base_queryset(user), params)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if text:
            queryset = self.search(queryset, text)
        queryset = self.order(queryset, text)
        start = (page - 1) * PAGE_SIZE
        rows = list(queryset[start : start + PAGE_SIZE + 1])
        return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE

    def label(self, obj) -> str:
        return str(obj)


def _params(lookup: Lookup, query) -> dict:
    params = {}
    for name in lookup.forward:
        value = pk_param(query, name)
        if value is not None:
            params[name] = value
    for name in lookup.flags:
        if query.get(name) in ("1", "true"):
            params[name] = True
    return params


def status_text(lookup: Lookup, count: int, more: bool, page: int) -> str:
    if not count:
        return "Ничего не найдено: уточните запрос."
    if more:
        return f"Показаны первые {page * PAGE_SIZE}; уточните запрос или прокрутите список."
    return f"Найдено: {count + (page - 1) * PAGE_SIZE} {plural_ru(count + (page - 1) * PAGE_SIZE, lookup.noun)}."


@require_GET
@login_required
def autocomplete_view(request, kind):
    """``/autocomplete/<kind>/?q=иван&page=1[&organisation=5]`` → ``{"results": [{id, text}], "more", "status"}``."""
    lookup = LOOKUPS.get(kind)
    if lookup is None:
        raise Http404("Неизвестный вид подсказок")
    text = text_param(request.GET, "q")[:MAX_QUERY_LENGTH]
    page = int_param(request.GET, "page", 1, minimum=1, maximum=50)
    rows, more = lookup.results(request.user, text, _params(lookup, request.GET), page)
    return JsonResponse(
        {
            "results": [{"id": obj.pk, "text": lookup.label(obj)} for obj in rows],
            "more": more,
            "status": status_text(lookup, len(rows), more, page),
        }
    )


class AutocompleteMixin:
    """A <select> with only the chosen option(s); the browser script adds the search box."""

    def __init__(self, lookup: str, *, forward=(), params=None, attrs=None):
        self.lookup = lookup
        self.forward = tuple(forward)
        self.params = dict(params or {})
        super().__init__(attrs=attrs)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        lookup = get_lookup(self.lookup)
        attrs["class"] = f"{attrs.get('class', '')} js-autocomplete".strip()
        attrs["data-autocomplete-url"] = reverse("autocomplete", args=[self.lookup])
        if self.params:
            attrs["data-params"] = urlencode(self.params)
        if self.forward:
            attrs["data-forward"] = " ".join(self.forward)
        attrs["data-placeholder"] = lookup.placeholder
        return attrs

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if str(v).isdigit()]
        only_chosen = copy.copy(choices)
        only_chosen.queryset = choices.queryset.filter(pk__in=chosen) if chosen else choices.queryset.none()
        self.choices = only_chosen
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices


class AutocompleteSelect(AutocompleteMixin, forms.Select):
    pass


class AutocompleteSelectMultiple(AutocompleteMixin, forms.SelectMultiple):
    pass


def use_autocomplete(form, name: str, lookup: str, *, forward=(), **params):
    """Give ``form.fields[name]`` (if present) the autocomplete widget of ``lookup``; keeps its queryset."""
    field = form.fields.get(name)
    if field is None:
        return None
    spec = get_lookup(lookup)
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget_class = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    forward = tuple(f for f in forward if f in form.fields)
    widget = widget_class(lookup, forward=forward, params=params, attrs=dict(field.widget.attrs))
    widget.is_required = field.required
    field.widget = widget
    # Re-setting the queryset hands the new widget its choices (the chosen rows only are rendered).
    field.queryset = field.queryset.select_related(*spec.select_related) if spec.select_related else field.queryset
    field.label_from_instance = spec.label
    field.error_messages["invalid_choice"] = spec.invalid_choice
    if multiple:
        field.error_messages["invalid_pk_value"] = spec.invalid_choice
    return field
