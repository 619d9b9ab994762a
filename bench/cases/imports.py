"""Import and export paths side by side (issue 20, item 5): the project's, django-import-export's (as it
comes and tuned for speed), and the raw floor — openpyxl + ``bulk_create`` for import, openpyxl
``write_only`` for export. The targets django-import-export would have to meet to carry the product's
import and export: import ≤ 1.5× raw ``bulk_create``, export ≤ 1.2× ``write_only``. The figures and the
decision they led to: docs/development.md, «Импорт и экспорт»; docs/performance.md.

django-import-export is the bench's anchor only (the ``bench`` extra of pyproject.toml): the resources below
live here, not in the apps.
"""

import io
import time

from django.db import transaction
from django.db.models import Count
from openpyxl import Workbook, load_workbook

from mentors.models import Teacher
from mentors.resources import TeacherImporter
from salsk_mentoring.documents.xlsx import write_rows
from schools.models import Organisation, User

HEADERS = [c.header for c in TeacherImporter.columns]
CATEGORIES = dict((label, value) for value, label in Teacher.Category.choices)


try:  # the dev extra of pyproject.toml; without it the bench compares the project with the raw floor only
    from ._import_export import TeacherResource, TunedTeacherResource
except ImportError:  # pragma: no cover - an install without the dev extra
    TeacherResource = TunedTeacherResource = None


def teacher_xlsx(rows: int) -> bytes:
    names = list(
        Organisation.objects.filter(kind__in=Organisation.EDUCATIONAL_KINDS)
        .values("short_name").annotate(n=Count("pk")).filter(n=1)
        .order_by("short_name").values_list("short_name", flat=True)[:500]
    )  # fmt: skip
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Педагоги")
    ws.append(HEADERS)
    subjects = ["математика", "русский язык, литература", "история", "физика", "начальные классы"]
    for i in range(rows):
        total = 1 + i % 30
        ws.append([
            f"Бенчева{i}", "Анна", "Петровна", names[i % len(names)], "учитель", subjects[i % len(subjects)],
            "Первая" if total > 5 else "Без категории", total, max(0, total - i % 3), f"bench{i}@example.org",
            "8 (86372) 5-00-00", "да",
        ])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- import paths -------------------------------------------------------------------------------------------
def project_import(content, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    result = TeacherImporter(user).run(SimpleUploadedFile("teachers.xlsx", content), dry_run=False)
    assert result.ok, [str(e) for e in result.errors[:3]]
    return result.created


def import_export_import(resource_class):
    def run(content, user):
        import tablib

        dataset = tablib.Dataset().load(content, format="xlsx")
        result = resource_class().import_data(dataset, dry_run=False, raise_errors=True)
        return result.totals["new"]

    return run


def raw_import(content, user):
    wb = load_workbook(io.BytesIO(content), read_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    next(rows)
    orgs = dict(Organisation.objects.values_list("short_name", "pk"))
    teachers = [
        Teacher(last_name=r[0], first_name=r[1], middle_name=r[2], organisation_id=orgs[r[3]], position=r[4],
                subjects=r[5], category=CATEGORIES.get(r[6], ""), total_experience=r[7], teaching_experience=r[8],
                email=r[9], phone=r[10], is_active=True)
        for r in rows
    ]  # fmt: skip
    Teacher.objects.bulk_create(teachers, batch_size=1000)
    return len(teachers)


# --- export paths -------------------------------------------------------------------------------------------
EXPORT_FIELDS = ("last_name", "first_name", "middle_name", "organisation__short_name", "position", "subjects",
                 "category", "total_experience", "teaching_experience", "email", "phone", "is_active")  # fmt: skip


def raw_export(queryset):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Педагоги")
    ws.append(HEADERS)
    for row in queryset.values_list(*EXPORT_FIELDS):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return len(buffer.getvalue())


def project_export(queryset):
    """The product's one XLSX writer (salsk_mentoring/documents/xlsx.py): title block, typed cells, widths."""
    return len(write_rows(queryset.values_list(*EXPORT_FIELDS), title="Педагоги", headers=HEADERS))


def import_export_export(queryset):
    from import_export.formats.base_formats import XLSX

    dataset = TeacherResource().export(queryset.select_related("organisation"))
    return len(XLSX().export_data(dataset))


def best_of(rounds, fn):
    best = None
    for _ in range(rounds):
        started = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, value


def rolled_back(fn):
    def run():
        with transaction.atomic():
            value = fn()
            transaction.set_rollback(True)
        return value

    return run


def run(bench, rows=None):
    rows = rows or (5_000 if bench.quick else 20_000)
    user = User.objects.get(username="methodist")
    content = teacher_xlsx(rows)
    bench.write(f"Импорт педагогов: сгенерированный файл {rows} строк, {len(content) / 1024:.0f} КБ")
    paths = [
        ("openpyxl + bulk_create (без проверок, без истории)", raw_import, 2),
        ("проект (salsk_mentoring.imports, проверки, история)", project_import, 2),
    ]
    if TeacherResource is None:
        bench.write("django-import-export не установлен (он в extra dev): сравнение только с сырым путём.")
    else:
        paths += [
            ("django-import-export, настроенный (bulk, без сверки)", import_export_import(TunedTeacherResource), 2),
            ("django-import-export по умолчанию", import_export_import(TeacherResource), 1),
        ]
    imported = []
    for label, fn, rounds in paths:
        seconds, created = best_of(1 if bench.quick else rounds, rolled_back(lambda fn=fn: fn(content, user)))
        imported.append((label, seconds, created))
    floor = imported[0][1]
    bench.table(
        ["путь импорта", "время, с", "строк/с", "создано", "× сырого"],
        [(label, f"{s:.2f}", f"{n / s:,.0f}".replace(",", " "), n, f"{s / floor:.1f}") for label, s, n in imported],
    )

    exported = []
    with transaction.atomic():
        raw_import(content, user)  # the export reads the region's teachers and the file's
        queryset = Teacher.objects.order_by("pk")
        count = queryset.count()
        export_paths = [
            ("openpyxl write_only (значения как есть)", raw_export),
            ("проект (documents/xlsx.py: шапка, типы, ширины)", project_export),
        ]
        if TeacherResource is not None:
            export_paths.append(("django-import-export (ресурс → tablib → openpyxl)", import_export_export))
        for label, fn in export_paths:
            seconds, size = best_of(2 if bench.quick else 3, lambda fn=fn: fn(queryset))
            exported.append((label, seconds, size))
        transaction.set_rollback(True)
    floor_export = exported[0][1]
    bench.write(f"Выгрузка педагогов в XLSX: {count} строк")
    bench.table(
        ["путь выгрузки", "время, с", "КБ", "× write_only"],
        [(label, f"{s:.2f}", f"{size / 1024:.0f}", f"{s / floor_export:.1f}") for label, s, size in exported],
    )
    if TeacherResource is None:
        return imported, exported
    ie_import, ie_export = imported[2][1] / floor, exported[2][1] / floor_export
    bench.write(
        f"django-import-export: импорт {ie_import:.1f}× сырого bulk_create (цель ≤ 1,5), выгрузка "
        f"{ie_export:.1f}× write_only (цель ≤ 1,2) — "
        + ("укладывается в цели." if ie_import <= 1.5 and ie_export <= 1.2 else "не укладывается в цели.")
    )
    return imported, exported
