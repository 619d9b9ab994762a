"""Autocomplete lookups of the mentors app (see salsk_mentoring.autocomplete)."""

from django.db.models import Q

from salsk_mentoring.autocomplete import Lookup, register
from salsk_mentoring.search import words_query

from .models import Mentee, MentorBankEntry, MentoringForm, Pair, Programme, Teacher
from .models.pairs import MENTEE_KIND_OF_ROLE


@register
class TeacherLookup(Lookup):
    """Working teachers by surname, name, patronymic; ``organisation`` (forwarded) narrows to one school."""

    name = "teachers"
    model = Teacher
    # The normalised names (any case, «е» for «ё»), subjects and e-mail: one LIKE per word.
    search_fields = ("search_text",)
    ordering = ("last_name", "first_name", "middle_name", "pk")
    select_related = ("organisation",)
    forward = ("organisation",)
    narrow = {"organisation": "organisation_id"}
    flags = ("young",)
    noun = "педагог,педагога,педагогов"
    invalid_choice = "Такого педагога нет среди доступных вам: выберите его из подсказок."
    placeholder = "Фамилия, например «Иванова»"

    def filter(self, queryset, params):
        queryset = queryset.filter(is_active=True)
        if params.get("young"):
            queryset = queryset.young_specialists()
        return super().filter(queryset, params)

    def label(self, obj):
        return f"{obj.full_name} ({obj.organisation.short_name})"


@register
class MentorBankLookup(Lookup):
    """Mentors included in the bank, of the forwarded academic year (a pair's mentor)."""

    name = "mentor-bank"
    model = MentorBankEntry
    search_fields = ("teacher__search_text",)
    ordering = ("teacher__last_name", "teacher__first_name", "pk")
    select_related = ("teacher", "organisation")
    forward = ("year",)
    narrow = {"year": "year_id"}
    noun = "наставник,наставника,наставников"
    invalid_choice = "Такого наставника нет в банке наставников, доступном вам: выберите его из подсказок."
    placeholder = "Фамилия наставника"

    def filter(self, queryset, params):
        return super().filter(queryset.filter(status=MentorBankEntry.Status.INCLUDED), params)

    def label(self, obj):
        return f"{obj.teacher.full_name} ({obj.organisation.short_name})"


@register
class MenteeLookup(Lookup):
    """Active mentees: a young specialist by surname, a student by name or code."""

    name = "mentees"
    model = Mentee
    search_fields = ("teacher__search_text", "name_or_code")
    ordering = ("teacher__last_name", "name_or_code", "pk")
    select_related = ("teacher", "organisation")
    forward = ("organisation", "form")
    narrow = {"organisation": "organisation_id"}
    noun = "наставляемый,наставляемых,наставляемых"
    invalid_choice = "Такого наставляемого нет среди доступных вам: выберите его из подсказок."
    placeholder = "Фамилия, имя или код"

    def filter(self, queryset, params):
        queryset = super().filter(queryset.filter(is_active=True), params)
        if params.get("form"):  # only the mentees the chosen form of mentoring takes (Pair._check_kinds)
            role = MentoringForm.objects.filter(pk=params["form"]).values_list("mentee_role", flat=True).first()
            queryset = queryset.filter(kind=MENTEE_KIND_OF_ROLE.get(role, ""))
        return queryset

    def label(self, obj):
        who = obj.teacher.full_name if obj.teacher_id else str(obj)
        return f"{who} ({obj.organisation.short_name})"


@register
class ProgrammeLookup(Lookup):
    name = "programmes"
    model = Programme
    search_fields = ("title",)
    ordering = ("title", "pk")
    select_related = ("organisation", "year")
    forward = ("organisation", "year")
    narrow = {"organisation": "organisation_id", "year": "year_id"}
    noun = "программа,программы,программ"
    invalid_choice = "Такой программы нет среди доступных вам: выберите её из подсказок."
    placeholder = "Часть наименования программы"

    def label(self, obj):
        return f"{obj.title} ({obj.year}, {obj.organisation.short_name})"


@register
class PairLookup(Lookup):
    """Pairs by the mentor's surname or the pair's number."""

    name = "pairs"
    model = Pair
    search_fields = ("mentor__teacher__last_name",)
    ordering = ("-year__start_year", "mentor__teacher__last_name", "pk")
    select_related = ("mentor__teacher", "year")
    forward = ("organisation",)
    narrow = {"organisation": "organisation_id"}
    noun = "пара,пары,пар"
    invalid_choice = "Такой пары нет среди доступных вам: выберите её из подсказок."
    placeholder = "Фамилия наставника или номер пары"

    def search(self, queryset, text):
        number = text.lstrip("№ ")
        if number.isdigit():
            return queryset.filter(pk=int(number))
        query = words_query(text, ("mentor__teacher__search_text",), max_words=5)
        mentees = Pair.mentees.through.objects.filter(words_query(text, ("mentee__teacher__search_text",), max_words=5))
        return queryset.filter(query | Q(pk__in=mentees.values("pair_id")))

    def label(self, obj):
        return f"Пара № {obj.pk}: {obj.mentor.teacher.full_name}, {obj.year}"
