"""A normalised search column: one lower-cased text per row instead of several ``icontains``.

``SearchTextField(sources=("last_name", "first_name", …))`` keeps the lower-cased, «ё→е» text of its
source fields. The field computes it itself in ``pre_save``, so ``save()`` and ``bulk_create`` keep it
current; ``bulk_update`` and ``save(update_fields=…)`` go through :func:`refresh_search_text`.

Why: a teacher search over 60,000 rows with four ``icontains`` was four LIKE scans per word
(docs/performance.md), and SQLite's LIKE ignores case for ASCII only — «иванов» did not find «Иванов». Words are
matched with ``contains`` on the normalised column (one scan on SQLite; a pg_trgm index on PostgreSQL,
see the migration that adds the column).
"""

import re
from difflib import SequenceMatcher

from django.db import models
from django.db.models import Case, Q, Value, When


def normalise(text: str) -> str:
    return " ".join(str(text or "").lower().replace("ё", "е").split())


class SearchTextField(models.TextField):
    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def value_from(self, instance) -> str:
        return normalise(" ".join(str(getattr(instance, source) or "") for source in self.sources))

    def pre_save(self, instance, add):
        value = self.value_from(instance)
        setattr(instance, self.attname, value)
        return value


def search_fields(model) -> list[SearchTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, SearchTextField)]


def refresh_search_text(instances, fields=None) -> list[str]:
    """Recompute the search columns of ``instances`` (before ``bulk_update``); the names to add to its fields.

    With ``fields`` given, only search columns with a source among them are recomputed and returned."""
    instances = list(instances)
    if not instances:
        return []
    names = []
    for field in search_fields(type(instances[0])):
        if fields is not None and not set(field.sources) & set(fields):
            continue
        for instance in instances:
            setattr(instance, field.attname, field.value_from(instance))
        names.append(field.name)
    return names


def refresh_all(model, *, batch_size: int = 2000) -> int:
    """Recompute every search column of ``model`` (after ``loaddata``, which saves rows raw, without
    ``pre_save``); the number of rows written."""
    fields = search_fields(model)
    if not fields:
        return 0
    sources = {source for field in fields for source in field.sources}
    rows = list(model._default_manager.only("pk", *sources))
    refresh_search_text(rows)
    model._default_manager.bulk_update(rows, [field.name for field in fields], batch_size=batch_size)
    return len(rows)


class SearchTextMixin:
    """For models with a search column: ``save(update_fields=[…source…])`` also writes the column."""

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = list(update_fields)
            for name in refresh_search_text([self], update_fields):
                if name not in update_fields:
                    update_fields.append(name)
        super().save(*args, update_fields=update_fields, **kwargs)


# --- words: people and free text ----------------------------------------------------------------------


def case_variants(word: str) -> set[str]:
    """SQLite's LIKE ignores case for ASCII only: try the word as typed, lower, Capitalised and UPPER."""
    return {word, word.lower(), word.capitalize(), word.upper()}


def any_case(field: str, text: str) -> Q:
    """Rows whose ``field`` contains ``text`` in one of its :func:`case_variants` (``icontains`` each)."""
    query = Q()
    for variant in case_variants(text):
        query |= Q(**{f"{field}__icontains": variant})
    return query


def words_query(text: str, fields, *, max_words: int = 8) -> Q:
    """Rows where every word of ``text`` is in one of ``fields``.

    A :class:`SearchTextField` (``…search_text``: a teacher's names, subjects, e-mail) is matched on its
    normalised text — any case, «е» for «ё» — by one ``contains`` per word; another text field by the word
    in its four cases (``icontains``: SQLite's LIKE ignores the case of ASCII letters only)."""
    query = Q()
    for word in str(text or "").split()[:max_words]:
        part = Q()
        for name in fields:
            if name.endswith("search_text"):
                part |= Q(**{f"{name}__contains": normalise(word)})
            else:
                part |= any_case(name, word)
        query &= part
    return query


# --- names of organisations ---------------------------------------------------------------------------
#
# «МБОУ СОШ №5 г.Сальска», «мбоу сош № 5 г. Сальска», «Муниципальное бюджетное общеобразовательное
# учреждение средняя общеобразовательная школа N 5 г. Сальска» are one school. :func:`name_key` brings
# each to «мбоу сош 5 г сальска»: lower case, «е» for «ё», no quotes or punctuation («г.», «с.», «п.»,
# «х.» with or without a space become a word), «№»/«N»/«No»/«#» dropped before a number, the spelled-out
# kinds of organisation replaced by their abbreviation (the forms of ownership and the kinds of school of
# :data:`KIND_ABBREVIATIONS`). Numbers stay whole words: «сош 1» never matches «сош 15».
#
# An organisation keeps the keys of its names in one column (:class:`NameSearchField`):
# «/ сош 5 г сальска / мбоу сош 5 г сальска / муниципальное бюджетное … /» — the short name without its
# form of ownership, the short name, the full name in abbreviations and as written. :class:`NameQuery`
# filters and ranks rows on that column in the database (exact > whole words > prefix > substring), and
# ranks names in Python the same way for imports (:func:`closest_names`).

#: Spelled-out kinds → abbreviation, as in the order's glossary (the longest phrases are replaced first).
KIND_ABBREVIATIONS = {
    "муниципальное бюджетное общеобразовательное учреждение": "мбоу",
    "муниципальное автономное общеобразовательное учреждение": "маоу",
    "муниципальное казенное общеобразовательное учреждение": "мкоу",
    "муниципальное общеобразовательное учреждение": "моу",
    "муниципальное бюджетное дошкольное образовательное учреждение": "мбдоу",
    "муниципальное автономное дошкольное образовательное учреждение": "мадоу",
    "муниципальное казенное дошкольное образовательное учреждение": "мкдоу",
    "муниципальное дошкольное образовательное учреждение": "мдоу",
    "муниципальное бюджетное учреждение дополнительного образования": "мбу до",
    "муниципальное автономное учреждение дополнительного образования": "мау до",
    "муниципальное бюджетное образовательное учреждение дополнительного образования": "мбоу до",
    "муниципальное бюджетное учреждение": "мбу",
    "муниципальное казенное учреждение": "мку",
    "государственное бюджетное профессиональное образовательное учреждение": "гбпоу",
    "государственное бюджетное общеобразовательное учреждение": "гбоу",
    "государственное казенное общеобразовательное учреждение": "гкоу",
    "государственное бюджетное учреждение": "гбу",
    "федеральное государственное автономное образовательное учреждение": "фгаоу",
    "федеральное государственное бюджетное образовательное учреждение": "фгбоу",
    "дополнительного профессионального образования": "дпо",
    "средняя общеобразовательная школа": "сош",
    "основная общеобразовательная школа": "оош",
    "начальная общеобразовательная школа": "нош",
    "детский сад": "дс",
    "д с": "дс",
    "дом детского творчества": "ддт",
    "центр детского творчества": "цдт",
    "детско юношеская спортивная школа": "дюсш",
    "имени": "им",
    "мбудо": "мбу до",
    "маудо": "мау до",
}

#: Forms of ownership: the short name without them is the name people type («СОШ № 5», not «МБОУ СОШ № 5»).
OWNERSHIP_FORMS = {
    "мбоу", "маоу", "мкоу", "моу", "мбдоу", "мадоу", "мкдоу", "мдоу", "мбу", "мау", "мку", "гбпоу", "гбоу",
    "гкоу", "гбу", "фгаоу", "фгбоу", "чоу", "ноу", "до", "дпо",
}  # fmt: skip

_NUMBER_SIGN = re.compile(r"(?:№|#|(?<![a-zа-я0-9])n[oо]?\.?)\s*(?=\d)")
_LETTERS_THEN_DIGITS = re.compile(r"(?<=[a-zа-я])(?=\d)")
_NOT_A_WORD = re.compile(r"[^0-9a-zа-я]+")
_KINDS = [
    (re.compile(r"(?<!\S)" + re.escape(phrase) + r"(?!\S)"), short)
    for phrase, short in sorted(KIND_ABBREVIATIONS.items(), key=lambda item: -len(item[0]))
]


def _words(text) -> str:
    text = normalise(text)
    text = _NUMBER_SIGN.sub(" ", text)
    text = _LETTERS_THEN_DIGITS.sub(" ", text)
    return " ".join(_NOT_A_WORD.sub(" ", text).split())


def name_key(text) -> str:
    """The matching key of a name: «МБОУ СОШ №5 г.Сальска» → «мбоу сош 5 г сальска»."""
    text = _words(text)
    for pattern, short in _KINDS:
        text = pattern.sub(short, text)
    return text


def without_ownership(key: str) -> str:
    """«мбоу сош 5 г сальска» → «сош 5 г сальска» (a key that is nothing but a form stays as it is)."""
    words = key.split()
    start = 0
    while start < len(words) and words[start] in OWNERSHIP_FORMS:
        start += 1
    return " ".join(words[start:]) or key


def name_variants(short_name, full_name="") -> list[str]:
    """The keys an organisation is found by, the name people type first."""
    short = name_key(short_name)
    variants = [without_ownership(short), short, name_key(full_name), _words(full_name)]
    return [v for i, v in enumerate(variants) if v and v not in variants[:i]]


def join_variants(variants) -> str:
    return "/ " + " / ".join(variants) + " /" if variants else ""


class NameSearchField(SearchTextField):
    """The keys of an organisation's names (:func:`name_variants` of ``sources``: short, full name)."""

    def value_from(self, instance) -> str:
        return join_variants(name_variants(*(getattr(instance, source) or "" for source in self.sources)))


#: Ranks of a matched name, best first: the whole name; the typed words as whole words (numbers whole) at the
#: start of a name, then elsewhere; a name starting with what was typed; the typed words found apart.
EXACT, STARTS_WITH_WORDS, WHOLE_WORDS, PREFIX, SUBSTRING = range(5)


class NameQuery:
    """What a person typed for a name, matched against a :class:`NameSearchField` column.

    Every word must be in the name (a number or a one-letter word as a whole word, others anywhere);
    rows are ranked exact (the whole name, with or without the form of ownership) > the typed words together
    as whole words (at the start of a name first: «СОШ № 5» → «МБОУ СОШ № 5 г. Сальска» before
    «МБОУ Гигантовская СОШ № 5») > a name starting with them > the words found apart."""

    def __init__(self, text):
        self.key = name_key(text)
        self.core = without_ownership(self.key)
        self.words = self.core.split()

    def __bool__(self):
        return bool(self.words)

    def _needles(self):
        for word in self.words:
            yield f" {word} " if word.isdigit() or len(word) == 1 else word

    def filter(self, field: str = "search_name") -> Q:
        query = Q()
        for needle in self._needles():
            query &= Q(**{f"{field}__contains": needle})
        return query

    def rank(self, field: str = "search_name"):
        exact = Q(**{f"{field}__contains": f"/ {self.key} /"}) | Q(**{f"{field}__contains": f"/ {self.core} /"})
        return Case(
            When(exact, then=Value(EXACT)),
            When(**{f"{field}__contains": f"/ {self.core} "}, then=Value(STARTS_WITH_WORDS)),
            When(**{f"{field}__contains": f" {self.core} "}, then=Value(WHOLE_WORDS)),
            When(**{f"{field}__contains": f"/ {self.core}"}, then=Value(PREFIX)),
            default=Value(SUBSTRING),
            output_field=models.IntegerField(),
        )

    def apply(self, queryset, field: str = "search_name", *, rank_as: str = "name_rank"):
        """``queryset`` filtered to the matching rows, annotated with their rank (order by it)."""
        if not self:
            return queryset
        return queryset.filter(self.filter(field)).annotate(**{rank_as: self.rank(field)})

    def rank_of(self, search_name: str) -> int | None:
        """The rank of one stored column value, as :meth:`filter` and :meth:`rank` give it in SQL."""
        if not self or not all(needle in search_name for needle in self._needles()):
            return None
        if f"/ {self.key} /" in search_name or f"/ {self.core} /" in search_name:
            return EXACT
        if f"/ {self.core} " in search_name:
            return STARTS_WITH_WORDS
        if f" {self.core} " in search_name:
            return WHOLE_WORDS
        if f"/ {self.core}" in search_name:
            return PREFIX
        return SUBSTRING


#: How similar a misspelt name must be to be suggested (difflib's ratio).
CLOSE = 0.6


def closest_names(text, candidates, *, limit: int = 3) -> list:
    """The ``limit`` candidates (objects with ``search_name`` and ``short_name``) closest to ``text``:
    the matched ones by rank, then — for a misspelt name that matches nothing — by similarity of the name
    people type (the short name without its form of ownership). Numbers must agree either way: «сош 5» is
    never close to «сош 15»."""
    query = NameQuery(text)
    if not query:
        return []
    ranked = []
    for candidate in candidates:
        rank = query.rank_of(candidate.search_name)
        if rank is not None:
            ranked.append((rank, len(candidate.short_name), candidate.short_name, candidate.pk, candidate))
    if ranked:
        return [row[-1] for row in sorted(ranked)[:limit]]
    numbers = [f" {word} " for word in query.words if word.isdigit()]
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(query.core)
    scored = []
    for candidate in candidates:
        if not all(number in candidate.search_name for number in numbers):
            continue
        matcher.set_seq1(candidate.search_name[2:].split(" / ", 1)[0])
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if matcher.real_quick_ratio() >= CLOSE and matcher.quick_ratio() >= CLOSE and matcher.ratio() >= CLOSE:
            scored.append((-matcher.ratio(), candidate.short_name, candidate.pk, candidate))
    return [row[-1] for row in sorted(scored)[:limit]]
