import django_filters
from django import forms

from salsk_mentoring import search
from salsk_mentoring.filters import ALL, OrganisationNameFilter, PortalFilterSet, YesNoFilter
from schools.models import AcademicYear, Organisation

from .models import (
    YOUNG_SPECIALIST_MAX_YEARS,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    NetworkPairRequest,
    Pair,
    Programme,
    Teacher,
)

#: Above this many organisations in the user's scope the filter is a text box, not a select.
ORGANISATION_SELECT_LIMIT = 150


def scoped_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.for_user(request.user)


class OrganisationFilter(OrganisationNameFilter):
    """Organisation by id (a select in a district) or by part of its short name (a text box in a region).

    A region has ~2,000 organisations: rendering them all as <option>s made the methodist's list pages slow,
    so above ORGANISATION_SELECT_LIMIT the field becomes a text input matched against the short name.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Организация")
        kwargs.setdefault("field_name", "organisation")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if value.isdigit():
            return qs.filter(**{f"{self.field_name}_id": int(value)})
        return super().filter(qs, value)

    def adapt(self, form_field, request):
        orgs = scoped_organisations(request).order_by("short_name")
        names = list(orgs.values_list("pk", "short_name")[: ORGANISATION_SELECT_LIMIT + 1])
        if len(names) <= ORGANISATION_SELECT_LIMIT:
            form_field.widget = forms.Select(choices=[("", ALL), *((str(pk), name) for pk, name in names)])
        else:
            form_field.widget = forms.TextInput(attrs={"placeholder": "часть названия, например «СОШ № 5»"})
            form_field.help_text = "Поиск по краткому наименованию."


class MentorsFilterSet(PortalFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, flt in self.filters.items():
            if isinstance(flt, OrganisationFilter):
                flt.adapt(self.form.fields[name], self.request)


def search_words(queryset, value, *fields):
    """Rows where every word is in one of ``fields`` (salsk_mentoring.search.words_query: a teacher's name
    through the normalised ``search_text`` column — any case, «е» for «ё»)."""
    return queryset.filter(search.words_query(value, fields))


class TeacherFilter(MentorsFilterSet):
    q = django_filters.CharFilter(label="ФИО, предмет, e-mail", method="search")
    organisation = OrganisationFilter()
    category = django_filters.ChoiceFilter(label="Категория", choices=Teacher.Category.choices)
    young = YesNoFilter(label="Молодой специалист (стаж 0–3 года)", method="filter_young")
    is_active = YesNoFilter(label="Работает")

    class Meta:
        model = Teacher
        fields = ["q", "organisation", "category", "young", "is_active"]

    def search(self, queryset, name, value):
        return search_words(queryset, value, "search_text")

    def filter_young(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS)
        return queryset.filter(teaching_experience__gt=YOUNG_SPECIALIST_MAX_YEARS)


class MentorBankFilter(MentorsFilterSet):
    q = django_filters.CharFilter(label="ФИО, предмет, компетенции", method="search")
    year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())
    status = django_filters.ChoiceFilter(label="Статус", choices=MentorBankEntry.Status.choices)
    organisation = OrganisationFilter()
    form = django_filters.ModelChoiceFilter(
        label="Форма наставничества", field_name="forms", queryset=MentoringForm.objects.all()
    )

    class Meta:
        model = MentorBankEntry
        fields = ["q", "year", "status", "organisation", "form"]

    def search(self, queryset, name, value):
        return search_words(
            queryset, value, "teacher__search_text", "competencies"
        )


class MenteeFilter(MentorsFilterSet):
    q = django_filters.CharFilter(label="ФИО или код", method="search")
    kind = django_filters.ChoiceFilter(label="Кто", choices=Mentee.Kind.choices)
    organisation = OrganisationFilter()
    is_active = YesNoFilter(label="Участвует")

    class Meta:
        model = Mentee
        fields = ["q", "kind", "organisation", "is_active"]

    def search(self, queryset, name, value):
        return search_words(queryset, value, "teacher__search_text", "name_or_code")


class PairFilter(MentorsFilterSet):
    q = django_filters.CharFilter(label="Наставник или наставляемый", method="search")
    year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())
    status = django_filters.ChoiceFilter(label="Статус", choices=Pair.Status.choices)
    form = django_filters.ModelChoiceFilter(label="Форма", queryset=MentoringForm.objects.all())
    organisation = OrganisationFilter()
    is_network = YesNoFilter(label="Сетевая пара")

    class Meta:
        model = Pair
        fields = ["q", "year", "status", "form", "organisation", "is_network"]

    def search(self, queryset, name, value):
        matching = search_words(
            Pair.objects.all(),
            value,
            "mentor__teacher__search_text",
            "mentees__teacher__search_text",
            "mentees__name_or_code",
        ).values("pk")
        return queryset.filter(pk__in=matching)


class ProgrammeFilter(MentorsFilterSet):
    year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())
    organisation = OrganisationFilter()

    class Meta:
        model = Programme
        fields = ["year", "organisation"]


class NetworkPairRequestFilter(MentorsFilterSet):
    status = django_filters.ChoiceFilter(label="Состояние", choices=NetworkPairRequest.Status.choices)
    organisation = OrganisationFilter(label="Организация наставляемого")

    class Meta:
        model = NetworkPairRequest
        fields = ["status", "organisation"]
