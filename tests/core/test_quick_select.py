"""QuickSelect writes the same <select> as Django's Select, without a template per option."""

import re

import pytest
from django import forms

from salsk_mentoring.filters import QuickSelect, QuickSelectMultiple


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [("", "все"), ("1", "Школа <№ 1> & «сад»"), ("Группа", [("2", "Два"), ("3", "Три")]), ("4", "Четыре")]


@pytest.mark.parametrize(
    ("quick", "django", "value"),
    [
        (QuickSelect, forms.Select, "2"),
        (QuickSelect, forms.Select, None),
        (QuickSelectMultiple, forms.SelectMultiple, ["1", "3"]),
    ],
)
def test_same_markup_as_djangos_select(quick, django, value):
    attrs = {"class": "form-select", "id": "id_x", "required": True, "disabled": False}
    ours = quick(choices=CHOICES).render("x", value, attrs=attrs)
    theirs = django(choices=CHOICES).render("x", value, attrs=attrs)
    assert squeeze(ours) == squeeze(theirs)
    assert "&lt;№ 1&gt; &amp; «сад»" in ours  # labels escaped


def test_a_filter_form_keeps_the_choice(rf):
    class Form(forms.Form):
        status = forms.MultipleChoiceField(choices=CHOICES[1:2] + CHOICES[3:], widget=QuickSelectMultiple)

    form = Form({"status": ["1", "4"]})
    assert form.is_valid() and form.cleaned_data["status"] == ["1", "4"]
    html = str(form["status"])
    assert 'multiple' in html and html.count(" selected") == 2


def test_every_plain_select_of_a_portal_filter_is_written_by_quickselect(db):
    """PortalFilterSet swaps plain Select widgets for QuickSelect: same options, «все» first, choice kept."""
    from django.test import RequestFactory

    from salsk_mentoring.filters import QuickSelect
    from schools.filters import OrganisationFilter
    from tests.factories import MunicipalityFactory

    other = MunicipalityFactory(name="Целинский район", is_default=False)
    request = RequestFactory().get("/", {"municipality": other.pk, "kind": "school"})
    form = OrganisationFilter(request.GET, request=request).form
    for name in ("kind", "municipality", "is_participant"):
        assert type(form.fields[name].widget) is QuickSelect, name
    html = str(form["municipality"])
    assert html.index('<option value="">Все</option>') < html.index("Целинский район")
    assert f'<option value="{other.pk}" selected>Целинский район</option>' in html
    assert '<option value="school" selected>' in str(form["kind"])
