from django import template
from django.db import models
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.models import DeletedObject

from salsk_mentoring.tables import select_box as _select_box
from salsk_mentoring.text import plural_ru
from salsk_mentoring.workflows import action_name

register = template.Library()

HISTORY_LIMIT = 50
#: Names of a many-to-many field's objects shown in a history entry; the rest are counted.
M2M_NAMES_SHOWN = 10


@register.filter
def plural(count, forms):
    """``{{ n|plural:"педагог,педагога,педагогов" }}`` → «21 педагог», «22 педагога», «25 педагогов»."""
    return f"{count} {plural_ru(count, forms)}"


@register.simple_tag
def select_box(record):
    """The row's checkbox of a list's bulk actions (salsk_mentoring.tables.SelectColumn), for rows built by hand."""
    return _select_box(record)


@register.filter
def plural_word(count, forms):
    return plural_ru(count, forms)


def display_value(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if value is None or value == "":
        return "—"
    if isinstance(field, models.BooleanField):
        return "да" if value else "нет"
    if isinstance(field, (models.DateField, models.DateTimeField)):
        return formats.localize(value)
    if isinstance(field, models.ForeignKey) and hasattr(value, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    if isinstance(field, models.URLField):
        return format_html('<a href="{}" rel="noopener">{}</a>', value, value)
    return value


@register.simple_tag
def object_fields(obj, exclude=()):
    """Label/value pairs of an object's concrete fields, for the generic detail page."""
    rows = []
    for field in obj._meta.fields:
        if field.auto_created or field.name in exclude or not field.editable:
            continue
        rows.append((field.verbose_name, display_value(obj, field)))
    return rows


@register.inclusion_tag("includes/history_panel.html", takes_context=True)
def history_panel(context, obj):
    """Who changed what and when: the object's django-simple-history records with their differences."""
    request = context.get("request")
    return history_entries(obj, getattr(request, "user", None))


def history_entries(obj, user=None):
    """The entries of :func:`history_panel`; related objects named only as far as ``user`` may see them."""
    history = getattr(obj, "history", None)
    if history is None:
        return {"entries": []}
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: HISTORY_LIMIT + 1])
    entries = []
    model = type(obj)
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and older is not None:
            delta = record.diff_against(older, foreign_keys_are_objs=True)
            for change in delta.changes:
                try:
                    field = model._meta.get_field(change.field)
                    label = field.verbose_name
                except Exception:
                    field, label = None, change.field
                if isinstance(change.old, list) or isinstance(change.new, list):  # many-to-many: the through rows
                    old, new = _m2m_names(field, change.old, user), _m2m_names(field, change.new, user)
                    changes.append({"field": label, "old": old, "new": new})
                    continue
                changes.append({"field": label, "old": _fmt(field, change.old), "new": _fmt(field, change.new)})
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "type": {"+": "создание", "~": "изменение", "-": "удаление"}[record.history_type],
                "changes": changes,
                # A workflow action is recorded by its code: shown by its Russian name (the transition table).
                "reason": action_name(model, record.history_change_reason) or record.history_change_reason,
            }
        )
    return {"entries": entries, "truncated": len(records) > HISTORY_LIMIT}


def _fmt(field, value):
    if value in (None, ""):
        return "—"
    if isinstance(value, DeletedObject):
        return deleted_name(value)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    return formats.localize(value)


def deleted_name(value) -> str:
    """A related object deleted since: «удалённый пользователь», «удалённая организация» (never the library's
    English «Deleted пользователь (pk=None)»)."""
    if value.pk is None:
        return "—"
    noun = str(value.model._meta.verbose_name)
    last = noun.split()[-1][-1:] if noun else ""
    adjective = "удалённая" if last in "ая" else "удалённое" if last in "оеё" else "удалённый"
    return f"{adjective} {noun}"


def _m2m_names(field, rows, user=None) -> str:
    """The related objects of a many-to-many field as their names, in order: «учитель – учитель, студент – ученик».

    A school user is told the names of its own organisations' objects only; the others are counted
    («МБОУ СОШ № 1 г. Сальска и ещё 3 записи»), as everywhere a school never reads another school's data.
    Past :data:`M2M_NAMES_SHOWN` names the rest are counted too."""
    if not rows:
        return "—"
    target = field.m2m_reverse_field_name() if field is not None and hasattr(field, "m2m_reverse_field_name") else None
    own = set(user.organisation_ids) if getattr(user, "is_school", False) else None
    names, hidden = [], 0
    for row in rows:
        value = row.get(target) if target else next((v for k, v in row.items() if k not in ("id", "pk")), None)
        if isinstance(value, DeletedObject):
            names.append(deleted_name(value))
        elif own is not None and not _belongs_to(value, own):
            hidden += 1
        else:
            names.append(str(value))
    names.sort()
    if len(names) > M2M_NAMES_SHOWN:  # a region-wide campaign lists 2,000 organisations: the first ones and a count
        hidden += len(names) - M2M_NAMES_SHOWN
        names = names[:M2M_NAMES_SHOWN]
    text = ", ".join(names)
    if hidden:
        more = f"{hidden} {plural_ru(hidden, 'запись,записи,записей')}"
        text = f"{text} и ещё {more}" if text else more
    return text


def _belongs_to(value, organisation_ids) -> bool:
    """Whether a related object is one of these organisations or filed under one of them."""
    if value._meta.label == "schools.Organisation":  # (no import: salsk_mentoring sits below schools)
        return value.pk in organisation_ids
    organisation_id = getattr(value, "organisation_id", None)
    return organisation_id is None or organisation_id in organisation_ids


@register.simple_tag
def table_rows(table):
    """The ``<tr>`` rows of a django-tables2 page, built in Python (templates/django_tables2/portal.html).

    The same markup and escaping as bootstrap5.html's ``table.tbody`` block, without the template engine's
    per-cell work (variable lookups, nested blocks, ``localize`` filters): a third of a 50-row list's time.
    """
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column, cell in row.items():
            # As ``{{ cell }}`` / ``{{ cell|localize }}`` / ``{{ cell|unlocalize }}``: localised, str(), escaped.
            use_l10n = None if column.localize is None else bool(column.localize)
            value = str(formats.localize(cell, use_l10n=use_l10n))
            cells.append(format_html("<td {}>{}</td>", column.attrs["td"].as_html(), value))
        rows.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), mark_safe("".join(cells))))
    if not rows and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
    return mark_safe("".join(rows))
