"""Registry list exports: a big one answers at once with the job page; the job shows its progress; the printed
list is dense, dated and paginated «стр. N из M», every font embedded."""

import datetime
import io
import re

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from pypdf import PdfReader

from mentors.models import Pair
from mentors.views import TeacherListView
from salsk_mentoring.jobs import run_job
from salsk_mentoring.models import Job
from tests.factories import OrganisationFactory, TeacherFactory
from tests.pages import shown_text

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def unembedded_fonts(content: bytes) -> list[str]:
    """Fonts a page uses without carrying their program (what ``pdffonts`` shows as emb «no»)."""
    missing = []
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


@pytest.mark.django_db(transaction=True)
def test_a_big_export_answers_at_once_with_the_job_page_and_leaves_the_work_to_the_worker(
    world, client_for, monkeypatch
):
    """The request only enqueues: with a queue nobody works (the dummy backend) the job page still comes back,
    «В очереди», and the file is made when the worker runs the task."""
    TeacherFactory.create_batch(5, organisation=world["org_a"])
    monkeypatch.setattr(TeacherListView, "sync_export_rows", {"pdf": 3, "xlsx": 3})
    client = client_for("methodist")
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()
        response = client.get("/teachers/?_export=pdf")
        job = Job.objects.get(user=world["methodist"], title__contains="выгрузка PDF")
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        [queued] = default_task_backend.results
        assert queued.task.name == run_job.name and job.status == Job.Status.QUEUED
        page = shown_text(client.get(job.get_absolute_url()).content.decode())
        assert "В очереди" in page and "Скачать" not in page and "Готово" not in page
        run_job.call(*queued.args, **queued.kwargs)  # what the worker does
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    page = shown_text(client.get(job.get_absolute_url()).content.decode())
    assert "Готово" in page and "Скачать" in page and "В очереди" not in page
    text = "".join(pdf_text(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)))
    assert text.count("Тестовый") >= 5 or "Педагоги" in text


def test_a_running_job_shows_its_stage_and_numbers(world, client_for):
    job = Job.objects.create(user=world["school_a"], title="Педагоги: выгрузка PDF", status=Job.Status.RUNNING)
    job.reporter("Выборка строк")(1200, 1572)
    page = client_for("school_a").get(job.get_absolute_url()).content.decode()
    assert "Выполняется." in page and "Выборка строк: 1\u00a0200 из 1\u00a0572" in page
    assert 'value="76"' in page  # the progress bar: 1,200 of 1,572
    job.status = Job.Status.FAILED
    job.message = "Не удалось выполнить: нет данных за выбранный год"
    job.save()
    page = client_for("school_a").get(job.get_absolute_url()).content.decode()
    assert "нет данных за выбранный год" in page and "Выполняется" not in page


def test_the_reporter_writes_at_most_twice_a_second_but_always_the_end(world):
    job = Job.objects.create(user=world["school_a"], title="x", status=Job.Status.RUNNING)
    report = job.reporter("Вёрстка страниц", approximate=True, every=60)
    report(1, 40)
    report(2, 40)  # too soon: not written
    job.refresh_from_db()
    assert job.message == "Вёрстка страниц: 1 из ≈40"
    report(41, 41)
    job.refresh_from_db()
    assert job.message == "Вёрстка страниц: 41 из 41" and job.percent == 100


def test_forty_eight_organisations_print_on_at_most_three_pages(world, client_for):
    from schools.models import Organisation

    for i in range(48 - Organisation.objects.count()):
        OrganisationFactory(
            short_name=f"МБОУ СОШ № {i + 3} х. Новоегорлыкский",
            full_name="Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа "
            f"№ {i + 3} хутора Новоегорлыкского Сальского района Ростовской области",
            head_name="Иванова М.П.",
            phone="8 (86372) 5-00-00",
            email=f"school{i}@example.org",
        )
    response = client_for("official").get("/organisations/?_export=pdf")
    pages = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf" and len(pages) <= 3
    assert "Организации" in pages[0] and "Отбор: все записи" in pages[0] and "Записей: 48" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"стр\. {number} из\s+{len(pages)}\b", text), text[:80]
        assert "Краткое" in text and "наименование" in text  # the header row on every page
    assert unembedded_fonts(response.content) == []


def test_pairs_print_dates_and_statuses_in_words(world, client_for):
    pair = Pair.objects.filter(organisation=world["org_a"]).first()
    response = client_for("methodist").get("/pairs/?_export=pdf")
    text = "".join(pdf_text(response.content))
    start = pair.start_date
    assert f"{start:%d.%m.%Y}" in text and start.isoformat() not in text
    assert pair.get_status_display() in text and "badge" not in text and "<span" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert isinstance(start, datetime.date)


# A mentor bank of the demo's shape: three-word names, a school, long «Компетенции» text.
BANK_NAMES = (["Белоусова", "Константинова", "Александрова", "Володарская", "Шереметьева"],
              ["Ксения", "Валентина", "Мария", "Анастасия"],
              ["Владиславовна", "Константиновна", "Александровна", "Петровна"])
BANK_COMPETENCIES = [
    "методика преподавания: химия; проектная и исследовательская деятельность, работа с родителями",
    "подготовка к ГИА, адаптация молодого педагога в коллективе",
    "инклюзивное образование, классное руководство, работа с родителями, формирование функциональной грамотности",
]


def bank_rows(count=300):
    first, middle, last = BANK_NAMES
    return [
        [f"{first[i % 5]} {middle[i % 4]} {last[i % 4]}", f"МБОУ СОШ № {i % 30 + 1} г. Сальска",
         BANK_COMPETENCIES[i % 3], "включен в банк"]
        for i in range(count)
    ]


def test_dense_widths_count_lines_of_whole_words():
    """A name of three words takes two lines only where two of its words fit side by side — not at half its
    width, as the width model once assumed: the names' column was left too narrow, names took three lines and
    the long text's column got width that saved nothing (the bank list: 21 rows a page)."""
    from salsk_mentoring.documents import longtable
    from salsk_mentoring.documents.listing import LIST_PAD_X, LIST_PT

    longtable._register_fonts()
    rows = [[name, text] for name, _, text, _ in bank_rows()]
    headers = ["Наставник", "Компетенции"]
    minimum, maximum = longtable.natural_widths(headers, rows, size=LIST_PT, dense=True, pad_x=LIST_PAD_X)
    widths = longtable.dense_widths(minimum, maximum, rows, 340, size=LIST_PT, pad_x=LIST_PAD_X)
    inner = [w - 2 * LIST_PAD_X - longtable.RULE for w in widths]
    lines = [
        max(len(longtable.wrap(t, w, longtable.FONT, LIST_PT)) for t, w in zip(row, inner, strict=True))
        for row in rows
    ]
    assert sum(lines) / len(lines) <= 2.25  # the old model's widths: 2.9 lines a row


def test_the_list_pdf_takes_the_pages_it_estimates_and_no_more():
    """The orientation is chosen by the pages each would take; rows are never split, so the estimate lays them
    on pages whole (it once divided the total height by a page and was a page or two short: 53 for 56)."""
    from salsk_mentoring.documents.listing import Column, Listing, listing_pdf

    listing = Listing(
        title="Банк наставников",
        columns=[Column("Наставник"), Column("Организация"), Column("Компетенции"), Column("Статус")],
        rows=bank_rows(),
    )
    pages = PdfReader(io.BytesIO(listing_pdf(listing))).pages
    assert len(pages) <= 11  # 12 with the old widths
    assert re.search(rf"стр\. 1 из\s+{len(pages)}\b", pages[0].extract_text())


def test_the_page_estimate_lays_whole_rows_on_pages():
    """The orientation is chosen on the estimate, so it must count what set_table prints: rows are never split,
    and the foot of a page keeps what the next row did not fit in (the estimate once divided the total height
    by a page's and came out a page or two short: 53 for 56 pages of the teachers list)."""
    from salsk_mentoring.documents import longtable
    from salsk_mentoring.documents.listing import LIST_PAD_X, LIST_PT

    headers = ["Наставник", "Организация", "Компетенции", "Статус"]
    rows = bank_rows(600)
    for landscape in (False, True):
        sheet = longtable.Sheet(title="Банк", landscape=landscape, size=LIST_PT, pad_x=LIST_PAD_X, pad_y=1.5,
                                leading=1.15, numbering="of", footer="Банк")
        widths = [90, 100, 200, 60] if not landscape else [100, 120, 300, 60]
        printed = PdfReader(io.BytesIO(longtable.set_table(sheet, headers, rows, widths=widths))).pages
        pages, _ = longtable.estimate(sheet, headers, rows, widths)
        assert pages == len(printed), landscape
