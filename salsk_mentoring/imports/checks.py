"""An import file checked against the registry: organisations named in it, values that must stay unique,
and (update mode) the records its rows change. Each runs a few queries per file, never one per row."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from ..scoping import get_organisation_model
from ..search import closest_names, name_key
from .columns import chunked, normalise

if TYPE_CHECKING:
    from .importer import ImportResult


class RegistryChecks:
    """The importer's checks against the database (mixed into :class:`~.importer.Importer`)."""

    def organisations(self):
        return get_organisation_model().objects.for_user(self.user)

    def lookup_organisation(self, name: str):
        """The organisation a cell names, through the one name matcher (salsk_mentoring.search): «МБОУ СОШ №5
        г.Сальска» is «МБОУ СОШ № 5 г. Сальска»; a name that matches none is refused with the closest names."""
        if self._org_lookup is None:
            self._prepare_organisations()
        key = name_key(name)
        if key in self._org_ambiguous:
            raise ValidationError(
                f"организаций «{name}» несколько в разных муниципалитетах; укажите «{name} (муниципалитет)»."
            )
        org = self._org_lookup.get(key)
        if org is None:
            hint = self.organisation_hint(name)
            if self.organisation is not None:
                raise ValidationError(
                    f"«{name}» — не ваша организация; школа загружает записи только в свою организацию "
                    f"(«{self.organisation}»). Оставьте столбец пустым или укажите её.{hint}"
                )
            raise ValidationError(f"организация «{name}» не найдена в реестре организаций.{hint}")
        if self.organisation is not None and org.pk != self.organisation.pk:
            raise ValidationError(
                f"«{name}» — другая организация; записи загружаются только в «{self.organisation}»."
            )
        return org

    #: Distinct unknown names of one file that get suggestions (each is compared with every organisation).
    SUGGESTED_NAMES = 50

    def _prepare_organisations(self):
        """Keys of every organisation in scope, once per file: the short name (repeated in several
        municipalities: ambiguous), «short name (municipality)», and — where only one organisation has it —
        the name without its form of ownership and the full name."""
        self._org_lookup, self._org_ambiguous, self._org_hints = {}, set(), {}
        self._org_list = list(
            self.organisations()
            .select_related("municipality")
            .only("pk", "short_name", "search_name", "municipality__name")
        )
        loose = {}
        for org in self._org_list:
            key = name_key(org.short_name)
            if key in self._org_lookup:
                self._org_ambiguous.add(key)
            self._org_lookup[key] = org
            self._org_lookup[name_key(f"{org.short_name} ({org.municipality.name})")] = org
            for variant in org.search_name.strip("/ ").split(" / "):
                loose.setdefault(variant, set()).add(org)
        for variant, orgs in loose.items():
            if len(orgs) == 1 and variant not in self._org_lookup:
                self._org_lookup[variant] = next(iter(orgs))

    def organisation_hint(self, name: str) -> str:
        """« Возможно, вы имели в виду «…», «…».» — the closest names in scope, or nothing."""
        key = name_key(name)
        if key not in self._org_hints:
            if len(self._org_hints) >= self.SUGGESTED_NAMES:
                return ""
            closest = closest_names(name, self._org_list)
            self._org_hints[key] = (
                " Возможно, вы имели в виду: " + ", ".join(f"«{org.short_name}»" for org in closest) + "."
                if closest
                else ""
            )
        return self._org_hints[key]

    def check_unique_in_db(self, seen_unique):
        for column in self.columns:
            if not column.unique or not seen_unique[column.field]:
                continue
            if self.update and column.field == self.update_key:
                continue  # a known key means «update that record»: apply_updates()
            taken = self.existing_unique_values(column, list(seen_unique[column.field]))
            for key, number in seen_unique[column.field].items():
                if key in taken and column.field == "pk":
                    self.error(
                        number,
                        column.header,
                        f"запись № {key} уже есть в реестре. Чтобы изменить её, отметьте «Обновить существующие "
                        "записи»; чтобы добавить новую, оставьте код пустым.",
                    )
                elif key in taken:
                    self.error(number, column.header, f"«{key}» уже есть в реестре; повторять запись нельзя.")

    def existing_unique_values(self, column, keys) -> set:
        manager = self.model._default_manager
        if hasattr(manager, "unscoped"):
            manager = manager.unscoped(reason="a unique value is unique across the district, not one school")
        return {
            normalise(value)
            for chunk in chunked(keys)
            for value in manager.filter(**{f"{column.field}__in": chunk}).values_list(column.field, flat=True)
        }

    def apply_updates(self, result: "ImportResult", keys: dict):
        """Update mode: rows whose key is in the registry become changes of those records.

        One query finds the records by key; a record the user may not change (another school's) is an
        error of its row. The file's columns are set on the record (columns absent from the file keep their
        values), the record is validated again, and a row that changes nothing is counted as unchanged.
        """
        from ..scoping import CHANGE

        column = next(c for c in self.columns if c.field == self.update_key)
        manager = self.model._default_manager
        existing, changeable = {}, set()
        # Every record with the key, to tell «another school's record» (a row error) from «a new record».
        everyone = manager.unscoped(reason="records by key across the district; only for_user(CHANGE) ones change")
        for chunk in chunked(keys):
            for obj in everyone.filter(**{f"{column.field}__in": chunk}):
                existing[normalise(getattr(obj, column.field))] = obj
            changeable.update(
                manager.for_user(self.user, CHANGE)
                .filter(**{f"{column.field}__in": chunk})
                .values_list("pk", flat=True)
            )
        if column.field == "pk":  # a record code names a record of the registry, or it is a mistake
            for key, number in keys.items():
                if key not in existing:
                    self.error(number, column.header, f"записи № {key} нет в реестре (она удалена или код изменён).")
        if not existing:
            return
        fields = [
            c.field for c in self.columns if c.field in self.model_field_names() and c.key in self.positions
        ]
        if self.organisation is not None and self.organisation_field not in fields:
            fields.append(self.organisation_field)
        result.update_fields = fields
        links = self.current_links(existing.values())
        kept_instances, kept_rows = [], []
        for instance, (number, values) in zip(result.instances, result.rows, strict=True):
            key = normalise(values.get(column.field) or "")
            record = existing.get(key) if key else None
            if record is None and key and column.field == "pk":
                continue  # reported above
            if record is None:
                kept_instances.append(instance)
                kept_rows.append((number, values))
                continue
            if record.pk not in changeable:
                self.error(
                    number,
                    column.header,
                    f"«{values[column.field]}» уже есть в реестре у другой организации; изменить эту запись "
                    "может только её организация или методист.",
                )
                continue
            before = {name: getattr(record, name) for name in fields}
            for name in fields:
                setattr(record, name, getattr(instance, name))
            try:
                self.validate_instance(record)
            except ValidationError as exc:
                self.report_validation_error(exc, number)
                continue
            record._links = {name: instance._links.get(name, []) for name in links}
            same_links = all(
                {o.pk for o in record._links[name]} == links[name].get(record.pk, set()) for name in links
            )
            if same_links and all(getattr(record, name) == before[name] for name in fields):
                result.unchanged += 1
                continue
            result.updates.append(record)
            kept_rows.append((number, {**values, "_update": True}))
        result.instances, result.rows = kept_instances, kept_rows
