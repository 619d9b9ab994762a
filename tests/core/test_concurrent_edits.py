"""Two people saving the same record: the second is told that it changed, sees the difference, keeps what they typed.

Generated for every registry edit form of the portal: the routes of the permission matrix whose view is a
``RegistryEditView`` (salsk_mentoring.views) on an existing record. Each test opens the form as person A,
lets person B save a change, then saves A's stale form.
"""

from datetime import date

import pytest
from django import forms
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from salsk_mentoring.views import RegistryEditView
from tests.matrix import OK, all_routes
from tests.test_permission_matrix import resolve

CONFLICT = "Эту запись изменили, пока вы её редактировали"


def view_classes(resolver=None, namespace=""):
    """URL name → class-based view, from the URL conf."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found.update(view_classes(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace))
        elif isinstance(entry, URLPattern) and hasattr(entry.callback, "view_class"):
            found[f"{namespace}{entry.name}"] = entry.callback.view_class
    return found


def edit_routes():
    """Matrix routes of an existing record whose view is a registry edit view."""
    views = view_classes()
    routes = {}
    for route in all_routes():
        view_class = views.get(route.name)
        if "pk" in route.kwargs and view_class and issubclass(view_class, RegistryEditView):
            routes.setdefault(route.name, route)
    return list(routes.values())


EDIT_ROUTES = edit_routes()


def test_every_registry_edit_form_is_covered():
    """The generator finds the edit forms (a broken discovery would test nothing)."""
    names = {route.name for route in EDIT_ROUTES}
    assert {"mentors:teacher_edit", "iom:iom_edit", "orders:order_edit", "schools:organisation_edit"} <= names
    assert len(names) >= 15, sorted(names)


def _value(bound):
    value = bound.value()
    if isinstance(bound.field, forms.FileField) or value is None:
        return None
    if isinstance(bound.field, forms.BooleanField):
        return "on" if value else None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def page_data(response) -> dict:
    """What the browser sends back from the page as rendered: the form, its row formsets and the version."""
    data = {}
    form = response.context["form"]
    for bound in form:
        value = _value(bound)
        if value is not None:
            data[bound.html_name] = value
    seen = set()
    for context in response.context:
        for value in context.flatten().values():
            if isinstance(value, BaseFormSet) and id(value) not in seen:
                seen.add(id(value))
                count = value.initial_form_count()
                data[f"{value.prefix}-TOTAL_FORMS"] = str(count)
                data[f"{value.prefix}-INITIAL_FORMS"] = str(count)
                for sub in value.forms[:count]:
                    for bound in sub:
                        item = _value(bound)
                        if item is not None:
                            data[bound.html_name] = item
    html = response.content.decode()
    assert 'name="record_version"' in html, "the edit page carries no record version"
    data["record_version"] = form.version
    return data


def field_to_change(form, data):
    """A field both people change, with B's and A's values as posted and as stored.

    A filled free-text field (any text is valid there), else a yes/no field that B switches, else an empty text.
    """
    model = form._meta.model

    def texts():
        for name, field in form.fields.items():
            model_field = model._meta.get_field(name) if type(field) is forms.CharField else None
            if model_field and not isinstance(field.widget, forms.HiddenInput) and not (
                getattr(model_field, "unique", False) or model_field.choices
            ):
                yield name, field

    def text_change(name, field):
        base = (data.get(name) or "")[: (field.max_length or 1000) - 12]
        theirs, mine = f"{base} (правка Б)".strip(), f"{base} (правка А)".strip()
        return name, (theirs, theirs), (mine, mine)

    for name, field in texts():
        if data.get(name):
            return text_change(name, field)
    for name, field in form.fields.items():
        if isinstance(field, forms.BooleanField):
            was = bool(form[name].value())
            return name, ("" if was else "on", not was), ("on" if was else "", was)
    for name, field in texts():
        return text_change(name, field)
    raise AssertionError(f"{model.__name__}: no field to edit")


@pytest.mark.parametrize("route", EDIT_ROUTES, ids=[r.id for r in EDIT_ROUTES])
def test_second_save_is_told_the_record_changed(route, world):
    persona = next(p for p in ("methodist", "school_a") if route.profile.post[p] == OK)
    url = reverse(route.name, kwargs=resolve(route.kwargs, world))
    alice, bob = Client(), Client()
    alice.force_login(world[persona])
    bob.force_login(world[persona])

    opened = alice.get(url)  # A opens the form…
    assert opened.status_code == 200
    stale = page_data(opened)
    form = opened.context["form"]
    name, (theirs_post, theirs_text), (mine_post, mine_text) = field_to_change(form, stale)
    field_label = str(form.fields[name].label)
    display = {True: "да", False: "нет"}

    # … B opens and saves a change meanwhile …
    theirs = page_data(bob.get(url))
    theirs[name] = theirs_post
    saved = bob.post(url, theirs)
    assert saved.status_code == 302, saved.context and saved.context["form"].errors

    model = form._meta.model
    pk = resolve(route.kwargs, world)["pk"]

    def stored():
        return getattr(model._base_manager.get(pk=pk), name)

    assert stored() == theirs_text

    # … then A saves the form opened before B's change: refused, nothing overwritten.
    mine = dict(stale, **{name: mine_post})
    refused = alice.post(url, mine)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert CONFLICT in html
    assert stored() == theirs_text
    # The difference: the field, A's value and the saved one; A's text stays in the form.
    conflicts = {c["field"]: c for c in refused.context["form"].conflicts}
    assert conflicts[field_label]["typed"] == display.get(mine_text, mine_text)
    assert conflicts[field_label]["saved"] == display.get(theirs_text, theirs_text)
    assert _value(refused.context["form"][name]) == (mine_post or None)
    assert f'<span class="conflict-typed">{display.get(mine_text, mine_text)}</span>' in html
    assert f'<span class="conflict-saved">{display.get(theirs_text, theirs_text)}</span>' in html

    # Saving again, knowing the difference, writes A's value.
    again = alice.post(url, dict(mine, record_version=refused.context["form"].version))
    assert again.status_code == 302
    assert stored() == mine_text


def test_a_form_with_other_errors_keeps_the_version(world):
    """A form refused for another mistake keeps the version it was opened with: a later change is still caught."""
    teacher = world["teacher_a"]
    url = reverse("mentors:teacher_edit", args=[teacher.pk])
    client = Client()
    client.force_login(world["methodist"])
    data = page_data(client.get(url))
    wrong = client.post(url, dict(data, email="не адрес"))
    assert wrong.status_code == 200 and CONFLICT not in wrong.content.decode()
    assert wrong.context["form"].version == data["record_version"]
    type(teacher).objects.filter(pk=teacher.pk).update(position="Изменено импортом")
    refused = client.post(url, dict(page_data(wrong), email="a@example.org"))
    assert CONFLICT in refused.content.decode()
    assert type(teacher).objects.get(pk=teacher.pk).position == "Изменено импортом"
