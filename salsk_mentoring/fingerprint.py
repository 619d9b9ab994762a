"""Fingerprints of the portal's data: row counts and checksums per table, a checksum per stored file.

``database_fingerprint()`` → ``{"mentors.teacher": (rows, sha256), …}`` over every table the backup carries
(history and many-to-many tables included); ``media_fingerprint()`` → ``{"plan/…/report.pdf": sha256, …}``.
Two fingerprints are equal exactly when the data are: ``backup`` stores them in its archive, ``restore``
checks the restored database and files against them, and tests compare them before and after.
"""

import hashlib
from base64 import b64encode

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection

from .uploads import stored_files

#: Not the portal's data: rebuilt by migrate (content types, permissions), sessions, lock-outs, the task queue.
NOT_DATA = ("contenttypes", "auth.permission", "sessions", "admin.logentry", "schools.loginthrottle",
            "django_tasks_database")


def data_models():
    """The models whose rows make up the portal's data (what ``backup`` carries), auto-created m2m tables too."""
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.app_label in NOT_DATA or opts.label_lower in NOT_DATA:
            continue
        yield model


def _cell(value) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + b64encode(hashlib.sha256(value).digest()).decode()
    return repr(value)


def table_fingerprint(model) -> tuple[int, str]:
    """(rows, checksum) of one table, rows in key order. An auto-created many-to-many table is compared by its
    pairs: a restore writes the same pairs under new keys."""
    fields = [f.attname for f in model._meta.concrete_fields]
    if model._meta.auto_created:
        fields = [f for f in fields if f != model._meta.pk.attname]
    digest, rows = hashlib.sha256(), 0
    for row in model._base_manager.order_by(*fields).values_list(*fields).iterator(chunk_size=2000):
        digest.update(("\x1f".join(_cell(v) for v in row) + "\x1e").encode())
        rows += 1
    return rows, digest.hexdigest()


def database_fingerprint() -> dict[str, tuple[int, str]]:
    return {model._meta.label_lower: table_fingerprint(model) for model in data_models()}


def quick_database_fingerprint(models=None) -> dict[str, tuple[int, str]]:
    """:func:`database_fingerprint` in ONE query, for comparing the same database before and after something
    (the permission matrix around every refused write): ``{label: (rows, sha256 of every column of every row
    in key order)}``. Keys included, so it is not for comparing a restore (a many-to-many table gets new keys
    there). SQLite and PostgreSQL aggregate in the database; another database falls back to the full one."""
    models = list(models if models is not None else data_models())
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql") or not models:
        return {model._meta.label_lower: table_fingerprint(model) for model in models}
    qn = connection.ops.quote_name
    parts = []
    for model in models:
        table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
        if vendor == "sqlite":
            row = " || char(31) || ".join(f"quote({qn(f.column)})" for f in model._meta.concrete_fields)
            rows = f"(SELECT * FROM {table} ORDER BY {pk})"
            body = f"SELECT COUNT(*) AS n, group_concat({row}, char(30)) AS v FROM {rows}"
        else:
            body = f"SELECT COUNT(*) AS n, string_agg(t::text, chr(30) ORDER BY t.{pk}) AS v FROM {table} t"
        parts.append(f"SELECT {len(parts)} AS i, n, v FROM ({body}) AS fp{len(parts)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY i")
        rows = [(count, text) for _, count, text in cursor.fetchall()]
    return {
        model._meta.label_lower: (count, hashlib.sha256((text or "").encode()).hexdigest())
        for model, (count, text) in zip(models, rows, strict=True)
    }


def media_fingerprint(storage=None) -> dict[str, str]:
    storage = storage or default_storage
    result = {}
    for name in stored_files(storage):
        digest = hashlib.sha256()
        with storage.open(name, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        result[name] = digest.hexdigest()
    return result


def differences(expected: dict, actual: dict) -> list[str]:
    """What differs between two fingerprints, in Russian, for a report."""
    lines = []
    for key in sorted(set(expected) | set(actual)):
        if key not in actual:
            lines.append(f"{key}: нет после восстановления")
        elif key not in expected:
            lines.append(f"{key}: лишнее")
        elif expected[key] != actual[key]:
            was, now = expected[key], actual[key]
            if isinstance(was, (list, tuple)) and was[0] != now[0]:
                lines.append(f"{key}: строк {now[0]} вместо {was[0]}")
            else:
                lines.append(f"{key}: содержимое отличается")
    return lines
