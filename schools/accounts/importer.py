"""Accounts from XLSX through the project's import flow (salsk_mentoring.imports): one row a person.

A new e-mail makes an account (status «приглашён») and, once the file is written, an invitation goes to it;
an e-mail already in the portal adds the row's organisation to that person (a membership), never a second
account. Organisations are matched by the one name matcher, with «Возможно, вы имели в виду …»."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower

from salsk_mentoring.history import bulk_create_with_history
from salsk_mentoring.imports import Column, Importer, chunked

from ..models import Membership, User
from .services import AccountError, user_invite

ROLE_ALIASES = {
    "методист": User.Role.METHODIST, "оо": User.Role.SCHOOL, "школа": User.Role.SCHOOL,
    "образовательная организация": User.Role.SCHOOL, "просмотр": User.Role.OFFICIAL,
    "руководство": User.Role.OFFICIAL, "наблюдатель": User.Role.OFFICIAL,
}


class AccountImporter(Importer):
    model = User
    title = "Пользователи"
    change_reason = "Импорт учётных записей из XLSX"
    columns = [
        # One «ФИО» column may stand for these three (salsk_mentoring.imports: «Иванова Мария Петровна»).
        Column("Фамилия", "last_name", required=True, max_length=150, example="Иванова"),
        Column("Имя", "first_name", required=True, max_length=150, example="Мария"),
        Column("Отчество", "middle_name", max_length=150, example="Петровна"),
        Column("Электронная почта", "email", kind="email", required=True, unique=True, max_length=254,
               example="ivanova@school1.ru",
               help="Логин для входа; приглашение придёт сюда. Если адрес уже есть в портале — человеку "
                    "добавится организация строки"),
        Column("Организация", "organisation", kind="organisation", example="МБОУ СОШ № 1 г. Сальска",
               help="Краткое наименование, как в реестре организаций; для роли «ОО» обязательно"),
        Column("Роль", "role", kind="choice", required=True, choices=User.Role.choices, example="ОО",
               help="«ОО» (представитель образовательной организации), «методист» или «просмотр» "
                    "(руководство, наблюдатель)"),
        Column("Должность", "position", max_length=200, example="заместитель директора по УВР"),
        Column("Телефон", "phone", max_length=50, example="8 (86372) 5-00-00"),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        next(c for c in self.columns if c.field == "role")._choice_map.update(ROLE_ALIASES)
        self.memberships: list[Membership] = []
        self.invite_after: list[User] = []

    def clean_row(self, values, row):
        if values.get("role") == User.Role.SCHOOL and values.get("organisation") is None:
            self.error(row, "Организация", "для роли «ОО» укажите организацию.")

    def check_unique_in_db(self, seen_unique):
        """A known e-mail is not an error here: it adds a membership (clean_batch)."""

    def clean_batch(self, result):
        emails = [values["email"] for _, values in result.rows]
        existing = {}
        for chunk in chunked(emails):
            for user in User.objects.annotate(email_key=Lower("email")).filter(email_key__in=chunk):
                existing[user.email_key] = user
        usernames = set()
        for chunk in chunked(emails):
            usernames.update(User.objects.filter(username__in=chunk).values_list("username", flat=True))
        known_memberships = set(
            Membership.objects.unscoped(reason="an import checks memberships across the district")
            .filter(user__in=[u.pk for u in existing.values()]).values_list("user_id", "organisation_id")
        )
        instances, rows = [], []
        for instance, (number, values) in zip(result.instances, result.rows, strict=True):
            org = values.get("organisation")
            user = existing.get(values["email"])
            if user is None:
                email = values["email"]
                instance.username = email if email not in usernames else f"{email}-{number}"
                instance.password = make_password(None)
                instance.is_staff = instance.role == User.Role.METHODIST
                instance._organisation = org
                instances.append(instance)
                rows.append((number, values))
                continue
            if org is None or (user.pk, org.pk) in known_memberships:
                result.unchanged += 1
                continue
            known_memberships.add((user.pk, org.pk))
            self.memberships.append(Membership(user=user, organisation=org, position=values.get("position", "")))
            rows.append((number, {**values, "_update": True}))
        result.instances, result.rows = instances, rows

    def commit(self, result) -> int:
        if result.errors:
            return super().commit(result)
        user = self.user if getattr(self.user, "pk", None) else None
        with transaction.atomic():
            created = bulk_create_with_history(result.instances, User, user=user, reason=self.change_reason)
            memberships = list(self.memberships) + [
                Membership(user=u, organisation=i._organisation, position=u.position)
                for u, i in zip(created, result.instances, strict=True) if i._organisation is not None
            ]
            bulk_create_with_history(memberships, Membership, user=user, reason=self.change_reason)
            for new in created:
                try:
                    user_invite(user=new, by=user)
                except AccountError:
                    pass
        result.created = len(created)
        result.updated = len(self.memberships)
        return result.created
