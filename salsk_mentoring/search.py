"""A normalised search column: one lower-cased text per row instead of several ``icontains``.

``SearchTextField(sources=("last_name", "first_name", …))`` keeps the lower-cased, «ё→е» text of its
source fields. The field computes it itself in ``pre_save``, so ``save()`` and ``bulk_create`` keep it
current; ``bulk_update`` and ``save(update_fields=…)`` go through :func:`refresh_search_text`.

Why: a teacher search over 60,000 rows with four ``icontains`` was four LIKE scans per word
(docs/performance.md), and SQLite's LIKE ignores case for ASCII only — «иванов» did not find «Иванов». Words are
matched with ``contains`` on the normalised column (one scan on SQLite; a pg_trgm index on PostgreSQL,
see the migration that adds the column).
"""

from django.db import models


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


class SearchTextMixin:
    """For models with a search column: ``save(update_fields=[…source…])`` also writes the column."""

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = list(update_fields)
            for name in refresh_search_text([self], update_fields):
                if name not in update_fields:
                    update_fields.append(name)
        super().save(*args, update_fields=update_fields, **kwargs)
