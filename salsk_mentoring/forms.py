"""Base form of the portal: choices scoped to the user, organisation set server-side for schools, crispy layout,
and optimistic locking of every edit form (:class:`VersionedFormMixin`)."""

import hashlib
import json
from datetime import date, datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.core.files import File
from django.db import models
from django.utils import formats

from .scoping import VIEW

#: The hidden input that carries the version of the record the person started editing.
VERSION_FIELD = "record_version"


def text_area_field(label, *, required="", rows=2, **kwargs) -> forms.CharField:
    """A text area a person writes in words: a workflow step's reason, remarks or result. ``required`` is the
    Russian refusal when it is left empty (``«Укажите причину …»``); without one the text is optional."""
    if required:
        kwargs["error_messages"] = {"required": required}
    return forms.CharField(label=label, required=bool(required), widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _canonical(value):
    """A comparable, JSON-able form of a field's value: objects by key, sets of objects as sorted keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(str(_canonical(v)) for v in value)
    if isinstance(value, File):
        return value.name or ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _display(field, value) -> str:
    """A value as the person reads it on the page: choice labels, names, «да»/«нет», ДД.ММ.ГГГГ."""
    if value is None or value == "" or value == [] or value is False and not isinstance(field, forms.BooleanField):
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return ", ".join(sorted(_display(field, v) for v in value)) or "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (date, datetime)):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, File):  # a stored or an uploaded file
        return str(value.name).rsplit("/", 1)[-1] or "—"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        labels = {str(k): v for k, v in _flat(choices)}
        return str(labels.get(str(value), value))
    return str(value)


def _flat(choices):
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        else:
            yield key, label


class VersionedFormMixin:
    """Optimistic locking: the second of two people saving the same record is told that it changed.

    The page carries the *version* of the record as the person saw it (the hidden ``record_version`` of
    ``templates/registry/_version.html``: a digest of the saved values of the fields on the form). On save
    the version is computed again from the row as it is now; when they differ, somebody (another person, an
    import, a workflow) changed it meanwhile: the form is refused with a Russian message, the fields whose
    saved value differs from what the person typed are listed in :attr:`conflicts` (field, typed, saved),
    everything typed stays in the form, and the page carries the new version — saving again knowingly
    overwrites. ``RegistryEditView`` locks the row for the check and the write. A version digests the
    values, so a change by any path counts (imports and services bump no counter). A form posted without
    the field (a script) is not checked.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = []
        self.changed_by = None
        self._saved = None
        self._conflict_version = None

    @property
    def has_conflict(self) -> bool:
        return self._conflict_version is not None

    @property
    def version(self) -> str:
        """The version the page sends back: the one the person started from, or the new one after a conflict."""
        if not self.instance.pk:
            return ""
        if self.is_bound:
            return self._conflict_version or self.data.get(self.add_prefix(VERSION_FIELD)) or self.record_version()
        return self.record_version()

    def versioned_fields(self):
        model_fields = {f.name: f for f in self.instance._meta.get_fields() if getattr(f, "editable", False)}
        return [(name, model_fields[name]) for name in self.fields if name in model_fields]

    def saved_values(self) -> dict:
        """The record's values in the database for the fields on the form (the instance is as loaded)."""
        values = {}
        for name, field in self.versioned_fields():
            if field.many_to_many:
                values[name] = list(getattr(self.instance, name).all()) if self.instance.pk else []
            elif field.is_relation:
                values[name] = getattr(self.instance, name)
            else:
                values[name] = field.value_from_object(self.instance)
        return values

    @staticmethod
    def version_of(values: dict) -> str:
        canonical = json.dumps({k: _canonical(v) for k, v in values.items()}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]

    def record_version(self) -> str:
        return self.version_of(self.saved_values())

    def full_clean(self):
        # Before ModelForm's _post_clean copies the typed values into the instance.
        self._saved = self.saved_values() if self.instance.pk and self.is_bound else None
        super().full_clean()

    def _post_clean(self):
        super()._post_clean()
        if self._saved is None:
            return
        submitted = self.data.get(self.add_prefix(VERSION_FIELD))
        current = self.version_of(self._saved)
        if not submitted or submitted == current:
            return
        for name, saved in self._saved.items():
            field = self.fields[name]
            typed = self.cleaned_data[name] if name in self.cleaned_data else self.data.get(self.add_prefix(name))
            if _canonical(typed) != _canonical(saved):
                self.conflicts.append(
                    {"field": field.label or name, "typed": _display(field, typed), "saved": _display(field, saved)}
                )
        history = getattr(self.instance, "history", None)
        record = history.select_related("history_user").order_by("-history_date").first() if history else None
        if record is not None and record.history_user is not None:
            user = record.history_user
            who = getattr(user, "full_name", "") or user.get_username()
            self.changed_by = {"who": who, "when": record.history_date}
        self.add_error(
            None,
            "Эту запись изменили, пока вы её редактировали: ваши изменения не сохранены. "
            + ("Ниже — поля, где ваше значение отличается от сохранённого. " if self.conflicts else "")
            + "Всё, что вы ввели, осталось в форме: проверьте и нажмите «Сохранить» ещё раз, "
            "чтобы записать ваши значения поверх сохранённых.",
        )
        self._conflict_version = current


def scope_choices(form, user):
    """Every choice list of ``form`` offers what ``user`` may see (``for_user``): a form, a formset's row."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "for_user"):
            field.queryset = queryset.for_user(user, VIEW)


class ScopedModelForm(VersionedFormMixin, forms.ModelForm):
    """Every ModelChoiceField offers only what the user may see (``for_user``).

    For a school user the ``organisation`` field is removed: the view files the
    record under the user's active organisation, never taking it from the form.
    """

    server_side_fields = ("organisation",)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is not None:
            if user.is_school:
                for name in self.server_side_fields:
                    self.fields.pop(name, None)
            scope_choices(self, user)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        for field in self.fields.values():
            if isinstance(field, forms.URLField):
                field.assume_scheme = "https"
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"

    def _get_validation_exclusions(self):
        # Fields set server-side still take part in uniqueness and constraint checks.
        exclude = super()._get_validation_exclusions()
        for name in self.server_side_fields:
            if getattr(self.instance, f"{name}_id", None):
                exclude.discard(name)
        return exclude


class OwnRowsInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset whose hidden row key (``id``) chooses only among the parent object's rows.

    Django gives that field every row of the model (``Model._default_manager``), so a posted key is looked up
    across the district; here it is looked up in the formset's own queryset — the rows of the parent, which the
    view read through ``for_user`` (a related read). A key of another parent's row is not found, as a row of
    another school is not (the scoping guard, salsk_mentoring/scoping_guard.py, checks it in the tests)."""

    stale_row_message = "Строка не найдена среди записей этой карточки (её удалили или изменили): обновите страницу."

    def add_fields(self, form, index):
        super().add_fields(form, index)
        key = form.fields.get(self._pk_field.name)
        if isinstance(key, forms.ModelChoiceField):
            key.queryset = self.queryset

    def full_clean(self):
        """An error of a hidden field (the row key) is shown nowhere on the page: it is told on the row instead."""
        super().full_clean()
        for form in self.forms:
            if any(form.fields[name].widget.is_hidden for name in form.errors if name in form.fields):
                form.add_error(None, self.stale_row_message)


class GridInlineFormSet(OwnRowsInlineFormSet):
    """An inline formset shown as a grid, a form per table row under the column headers (the IOM route, …).

    The header names a column for the eye; a screen reader on a cell's field hears its name and row instead:
    every visible field gets ``aria-label="<label>, строка N"`` (the «Удалить» box included). axe-core checks
    it in the browser walk-throughs (tests/e2e)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        label_grid_row(form, None if index is None else index + 1)


def label_grid_row(form, row: int | None) -> None:
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        label = str(field.label or name)
        field.widget.attrs["aria-label"] = f"{label}, строка {row}" if row else label
