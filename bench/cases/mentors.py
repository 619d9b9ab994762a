"""Benchmarks of the mentors app: the import paths side by side, and list pages at region scale."""

import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from openpyxl import Workbook, load_workbook

from mentors.models import Teacher
from mentors.resources import TeacherImporter, TeacherResource
from schools.models import Organisation, User

HEADERS = [c.header for c in TeacherImporter.columns]


def teacher_xlsx(rows: int) -> bytes:
    """A generated teacher file: unique e-mails, organisations named by short names that are unique."""
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


def rolled_back(fn):
    """Run ``fn`` in a transaction that is rolled back: every path starts from the same database."""

    def run():
        with transaction.atomic():
            result = fn()
            transaction.set_rollback(True)
        return result

    return run


def project_path(content, user):
    def run():
        upload = SimpleUploadedFile("teachers.xlsx", content)
        result = TeacherImporter(user).run(upload, dry_run=False)
        assert result.ok, [str(e) for e in result.errors[:3]]
        return result.created

    return run


def import_export_defaults(content):
    def run():
        import tablib

        dataset = tablib.Dataset().load(content, format="xlsx")
        result = TeacherResource().import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_errors()
        return result.totals["new"]

    return run


def raw_bulk_create(content):
    def run():
        wb = load_workbook(io.BytesIO(content), read_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        next(rows)
        orgs = dict(Organisation.objects.values_list("short_name", "pk"))
        teachers = [
            Teacher(last_name=r[0], first_name=r[1], middle_name=r[2], organisation_id=orgs[r[3]],
                    position=r[4], subjects=r[5], category="first" if r[6] == "Первая" else "none",
                    total_experience=r[7], teaching_experience=r[8], email=r[9], phone=r[10], is_active=True)
            for r in rows
        ]  # fmt: skip
        Teacher.objects.bulk_create(teachers, batch_size=1000)
        return len(teachers)

    return run


def run(bench):
    rows = 2_000 if bench.quick else 10_000
    methodist = User.objects.get(username="methodist")
    content = teacher_xlsx(rows)
    bench.write(f"Импорт педагогов: сгенерированный файл {rows} строк, {len(content) / 1024:.0f} КБ")
    paths = [
        ("проект (salsk_mentoring.imports, история)", project_path(content, methodist)),
        ("django-import-export по умолчанию", baseline := import_export_defaults(content)),
        ("openpyxl + bulk_create (без проверок)", raw_bulk_create(content)),
    ]
    # The paths take turns (best of two rounds), so a busy machine does not favour one of them; the slow
    # django-import-export baseline runs once only, to keep the whole bench within ten minutes.
    best = {}
    for round_no in range(1 if bench.quick else 2):
        for label, fn in paths:
            if round_no and fn is baseline:
                continue
            started = time.perf_counter()
            created = rolled_back(fn)()
            elapsed = time.perf_counter() - started
            if label not in best or elapsed < best[label][0]:
                best[label] = (elapsed, created)
    results = [(label, *best[label]) for label, _ in paths]
    project, defaults, raw = (r[1] for r in results)
    bench.table(
        ["путь импорта", "время, с", "строк/с", "создано"],
        [
            (label, f"{sec:.2f}", f"{created / sec:,.0f}".replace(",", " "), created)
            for label, sec, created in results
        ],
    )
    bench.write(
        f"Проект быстрее django-import-export в {defaults / project:.1f} раза (цель ≥ 5); "
        f"медленнее сырого bulk_create в {project / raw:.1f} раза (цель ≤ 2)."
    )

    bench.collect_statistics()
    bench.page("Педагоги: список", "methodist", "/teachers/")
    bench.page("Педагоги: список", "school_a", "/teachers/")
    bench.page("Педагоги: молодые специалисты", "methodist", "/teachers/?young=true")
    bench.page("Педагоги: поиск", "methodist", "/teachers/?q=Иван")
    bench.page("Педагоги: фильтр по организации", "methodist", "/teachers/?organisation=СОШ+№+1")
    bench.page("Банк наставников", "methodist", "/mentor-bank/")
    bench.page("Банк наставников", "school_a", "/mentor-bank/")
    bench.page("Пары: список", "methodist", "/pairs/")
    bench.page("Пары: список", "school_a", "/pairs/")
    bench.page("Пары: состояние (район/регион)", "methodist", "/pairs/health/")
    bench.page("Пары: состояние (школа)", "school_a", "/pairs/health/")
    bench.page("Подбор наставников (Сальский район)", "methodist", "/matching/")
    bench.page("Подбор наставников, все муниципалитеты", "methodist", "/matching/?municipality=all")
    bench.page("Наставляемые: список", "methodist", "/mentees/")
    bench.page("Публичный банк наставников", None, "/bank/")
    bench.page("Публичный банк: поиск по предмету", None, "/bank/?subject=математика")
    bench.page("Публичный банк: поиск по организации «СОШ № 1»", None, "/bank/?organisation=СОШ+№+1")
    form_pages(bench)


def form_pages(bench):
    """Form pages whose choices grow with the region: autocomplete widgets, not <select>s of every row."""
    from mentors.models import Pair

    pair = Pair.objects.filter(organisation__short_name="МБОУ СОШ № 1 г. Сальска").order_by("pk").first()
    for user in ("methodist", "school_a"):
        bench.page("Пара: новая (форма)", user, "/pairs/add/")
        if pair:
            bench.page("Пара: изменение (форма)", user, f"/pairs/{pair.pk}/edit/")
        bench.page("Наставляемый: новый (форма)", user, "/mentees/add/")
        bench.page("Банк наставников: новая запись (форма)", user, "/mentor-bank/add/")
    bench.page("Педагог: новый (форма)", "methodist", "/teachers/add/")
    for user in ("methodist", "school_a"):
        bench.page("Подсказки: педагоги, пусто", user, "/autocomplete/teachers/")
        bench.page("Подсказки: педагоги «ива»", user, "/autocomplete/teachers/?q=ива")
        bench.page("Подсказки: молодые специалисты", user, "/autocomplete/teachers/?young=1&q=а")
        bench.page("Подсказки: наставляемые «ко»", user, "/autocomplete/mentees/?q=ко")
        bench.page("Подсказки: банк наставников", user, "/autocomplete/mentor-bank/?q=ва")
    bench.page("Подсказки: организации «СОШ № 5»", "methodist", "/autocomplete/organisations/?q=СОШ+№+5")
    bench.page("Подсказки: организации «сош №5»", "methodist", "/autocomplete/organisations/?q=сош+№5")
    bench.page("Подсказки: организации «гимназ»", "methodist", "/autocomplete/organisations/?q=гимназ")
