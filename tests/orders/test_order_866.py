"""Order 866 from the real data: its text is the seed's, its appendices come from the registries."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.html import strip_tags
from pypdf import PdfReader

from orders import printing, services
from orders.models import Order
from schools.models import Organisation, PilotParticipant

SEED_NAME = "seeds/000_a5c7b29bd173e887.txt"
# shared/ lies beside the checkout (CI, /work/main) or two levels up (a worktree in /work/wt/<name>).
SEED = next(
    (
        candidate / SEED_NAME
        for candidate in (
            Path(settings.BASE_DIR).parent / "shared",
            Path(settings.BASE_DIR).parent.parent / "shared",
        )
        if (candidate / SEED_NAME).exists()
    ),
    Path(settings.BASE_DIR).parent / "shared" / SEED_NAME,
)

MARK = "Приложение {n} к приказу управления образования Сальского района от 15.11.2021 № 866"


def plain(html):
    return strip_tags(re.sub(r"<br\s*/?>|</p>|</td>|</div>", " ", html))


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def seed_order_lines():
    """The order's own lines in the seed (preamble … «5. Контроль …»), list dashes removed."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("В соответствии с"))
    end = next(i for i, line in enumerate(lines) if line.startswith("5. Контроль"))
    return [re.sub(r"^-\s*", "", line) for line in lines[start : end + 1] if line]


@pytest.fixture
def order866(db):
    call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "010_schools.json"), verbosity=0)
    call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "060_orders.json"), verbosity=0)
    return Order.objects.get(number="866", date__year=2021)


@pytest.mark.skipif(not SEED.exists(), reason="нет исходного текста приказа")
def test_order_text_is_the_seed_text(order866):
    text = norm(plain(printing.render_pack_html(order866)))
    order_part = text.split("Приложение 1 к приказу")[0]
    expected = [norm(line) for line in seed_order_lines()]
    position = 0
    for line in expected:
        found = order_part.find(line, position)
        assert found >= 0, f"нет строки приказа (или она не на своём месте): {line}"
        position = found + len(line)
    for requisite in (
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ САЛЬСКОГО РАЙОНА",
        "ПРИКАЗ",
        "15.11.2021",
        "г.Сальск",
        "№ 866",
        "О реализации целевой модели наставничества в системе образования Сальского района",
        "приказываю:",
        "Начальник",
        "М.Е. Сенченко",
    ):
        assert requisite in order_part
    numbers = re.findall(r'class="order-point level-\d">(\S+) ', printing.render_pack_html(order866))
    assert numbers == [
        "1.",
        *[f"1.{i}." for i in range(1, 8)],
        "2.",
        "2.1.",
        "2.2.",
        "3.",
        "3.1.",
        "3.2.",
        "3.3.",
        "4.",
        "4.1.",
        "4.2.",
        "5.",
    ]


def test_order_866_has_seven_appendices_bound_to_the_registries(order866):
    kinds = list(order866.appendices.values_list("number", "kind"))
    assert kinds == [
        (1, "monitoring_results"),
        (2, "organisations_targets"),
        (3, "programme_templates"),
        (4, "iom_template"),
        (5, "event_plan"),
        (6, "pilot_organisations"),
        (7, "mentor_bank"),
    ]
    assert order866.standard == "2016" and order866.is_signed and not order866.is_frozen
    point33 = order866.points.get(text__startswith="Разработать индивидуальные")
    assert point33.deadline.isoformat() == "2021-12-01" and point33.duty == "iom_campaign"


def test_pack_pdf_marks_every_appendix_and_follows_live_pilot_data(order866):
    lyceum = Organisation.objects.get(pk=5)
    html = norm(plain(printing.render_pack_html(order866)))
    for n in range(1, 8):
        assert norm(MARK.format(n=n)) in html
    assert "в проекте пока нет пилотных организаций" in html  # Appendix 6 before the data is there

    PilotParticipant.objects.create(project_id=1, organisation=lyceum, responsible_name="Иванченко О.В.")
    pdf = printing.pack_pdf(order866)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [norm(page.extract_text()) for page in reader.pages]
    appendix6 = next(p for p in pages if "Приложение 6 к приказу" in p)
    assert lyceum.full_name[:40] in appendix6
    assert "ПРИКАЗ" in pages[0].replace(" ", "") and "№ 866" in pages[0]
    # Each appendix starts on its own page.
    for n in range(1, 8):
        assert sum(1 for p in pages if f"Приложение {n} к приказу" in p) >= 1
    assert not any("Приложение 2 к приказу" in p and "Приложение 3 к приказу" in p for p in pages)


def test_appendix_6_alone_as_pdf_and_xlsx(order866, client):
    from schools.models import User
    from tests.downloads import download, xlsx_table
    from tests.factories import UserFactory

    PilotParticipant.objects.create(project_id=1, organisation_id=5, responsible_name="Иванченко О.В.")
    client.force_login(UserFactory(username="official", role=User.Role.OFFICIAL))
    response = client.get(f"/orders/{order866.pk}/appendix/6/xlsx/")
    assert response.status_code == 200
    _, header, rows = xlsx_table(response.content)
    assert header[1] == "Образовательная организация"
    assert "лицей" in rows[0][1]
    response = download(client, f"/orders/{order866.pk}/appendix/6/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = norm(PdfReader(io.BytesIO(response.content)).pages[0].extract_text())
    assert "Приложение 6" in text and "от 15.11.2021 № 866" in text


def test_confirming_order_866_freezes_it_and_opens_the_iom_campaign_of_point_3_3(order866):
    import datetime

    from iom.models import IomCampaign
    from schools.models import User
    from tests.factories import UserFactory

    methodist = UserFactory(username="methodist866", role=User.Role.METHODIST)
    # Without the data of the other sections the order is not frozen, and nothing else happens.
    with pytest.raises(ValidationError) as refused:
        services.order_confirm(order=order866, user=methodist)
    message = refused.value.messages[0]
    assert message.startswith("Нельзя зафиксировать приказ: приложение 1: данные приложения отсутствуют")
    assert "приложение 6: данные приложения отсутствуют: в проекте пока нет пилотных организаций" in message
    assert not IomCampaign.objects.exists() and not Order.objects.get(pk=order866.pk).is_frozen
    # With the data there (here: only Appendix 6 kept, its pilot organisation added) it is confirmed.
    order866.appendices.exclude(number=6).delete()
    PilotParticipant.objects.create(project_id=1, organisation_id=5, responsible_name="Иванченко О.В.")
    # The IOM template of 2021-2022 (Appendix 4) is loaded: a campaign without one would not open.
    call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "030_iom.json"), verbosity=0)
    notes = services.order_confirm(order=order866, user=methodist)
    campaign = IomCampaign.objects.get()
    assert campaign.deadline == datetime.date(2021, 12, 1)
    assert campaign.academic_year.start_year == 2021
    # Point 3 is addressed to the platform and cites Appendix 6: the pilot project's organisations.
    assert list(campaign.organisations.values_list("pk", flat=True)) == [5]
    assert "п. 3.3 приказа от 15.11.2021 № 866" in campaign.title and "01.12.2021" in notes[0]
    order866.refresh_from_db()
    assert order866.is_frozen and bytes(order866.frozen_pdf) == printing.pack_pdf(order866)


@pytest.fixture
def real_data(db):
    call_command("load_real_data", verbosity=0)
    return Order.objects.get(number="866", date__year=2021)


def test_each_existing_kind_of_order_866_renders_from_its_section(real_data):
    """With the real data only: appendices 3 (programme templates), 4 (IOM template) and 5 (plan) come from
    their sections; 1, 2, 6 and 7 say in Russian what is missing; a bank entry brings Appendix 7 to life."""
    from mentors.models import MentorBankEntry
    from orders import appendix_content
    from tests.factories import OrganisationFactory, TeacherFactory

    rendered = {a.number: appendix_content.render_live(a) for a in real_data.appendices.all()}
    plan = rendered[5]
    assert not plan.missing and len(plan.rows) == 22 and plan.landscape
    assert plan.rows[0][1].startswith("Формирование муниципальной базы педагогов-наставников")
    assert "Используемые сокращения" in plan.html
    iom = rendered[4]
    assert not iom.missing and "индивидуальный образовательный маршрут" in norm(plain(iom.html)).lower()
    programmes = rendered[3]
    assert not programmes.missing and "учитель" in norm(plain(programmes.html))
    assert rendered[1].missing.startswith(
        "Данные приложения отсутствуют: мониторинг за 2020-2021 учебный год"
    )
    assert rendered[2].missing.startswith("Данные приложения отсутствуют: целевые показатели")
    assert rendered[6].missing == "Данные приложения отсутствуют: в проекте пока нет пилотных организаций."
    assert rendered[7].missing.startswith("Данные приложения отсутствуют: в банке наставников 2021-2022")

    teacher = TeacherFactory(organisation=OrganisationFactory(short_name="МБОУ СОШ № 7 г. Сальска"))
    MentorBankEntry.objects.create(
        teacher=teacher,
        organisation=teacher.organisation,
        year_id=2,
        competencies="адаптация молодого педагога",
        status=MentorBankEntry.Status.INCLUDED,
    )
    # The live registry brings Appendix 7 to life (a draft or a copy of the order prints it) …
    appendix7 = real_data.appendices.get(number=7)
    bank = appendix_content.render_live(appendix7)
    assert not bank.missing and bank.landscape and len(bank.rows) == 1
    assert teacher.last_name in norm(plain(bank.html))
    # … the signed order itself, frozen as it was loaded, does not change.
    assert real_data.is_frozen
    assert appendix_content.render(appendix7).missing.startswith("Данные приложения отсутствуют")


def test_signed_order_866_pdf_is_byte_identical_after_a_bank_entry_is_added_and_excluded(real_data, client):
    """Issue 15: the signed Order 866, as loaded, prints from its frozen snapshot forever; the PDF is
    deterministic (no dates, no random identifiers) and its last page carries the version line."""
    from mentors import services as mentor_services
    from mentors.models import MentorBankEntry
    from salsk_mentoring.models import PrintedPart
    from schools.models import User
    from tests.downloads import download
    from tests.factories import TeacherFactory, UserFactory

    assert real_data.is_signed and real_data.is_frozen
    assert real_data.history.first().history_change_reason.startswith("Подписанный приказ загружен")
    methodist = UserFactory(username="methodist866", role=User.Role.METHODIST)
    client.force_login(methodist)
    before = download(client, f"/orders/{real_data.pk}/pdf/").content
    assert before == bytes(real_data.frozen_pdf)

    # Laid out again from the snapshot, with the part cache emptied: the very same bytes.
    PrintedPart.objects.all().delete()
    assert printing.build_pack_pdf(Order.objects.get(pk=real_data.pk)) == before

    # A mentor joins the 2021-2022 bank and is excluded again: the signed order does not move.
    teacher = TeacherFactory(organisation_id=5, last_name="Новонаставникова")
    entry = MentorBankEntry.objects.create(
        teacher=teacher, organisation_id=5, year_id=2, competencies="адаптация молодого педагога"
    )
    mentor_services.bank_include(user=methodist, entry=entry)
    during = download(client, f"/orders/{real_data.pk}/pdf/").content
    mentor_services.bank_exclude(user=methodist, entry=entry, reason="Перевёлся")
    after = download(client, f"/orders/{real_data.pk}/pdf/").content
    assert during == before and after == before
    assert "Новонаставникова" not in norm(plain(printing.render_pack_html(real_data)))

    pages = PdfReader(io.BytesIO(after)).pages
    last = norm(pages[-1].extract_text())
    assert re.search(r"Подписан 15\.11\.2021 · зафиксированная редакция · версия [0-9a-f]{8}", last), last
    # No creation dates or random identifiers in the document.
    assert b"/CreationDate" not in after and b"/ModDate" not in after


def test_a_draft_prints_as_a_draft_with_its_version(real_data):
    from schools.models import User
    from tests.factories import UserFactory

    methodist = UserFactory(username="methodist866", role=User.Role.METHODIST)
    draft = services.order_copy(order=real_data, user=methodist)
    draft.appendices.exclude(number=3).delete()
    pdf = printing.pack_pdf(Order.objects.get(pk=draft.pk))
    pages = [norm(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert all(re.search(r"ПРОЕКТ — не подписан, может измениться · версия [0-9a-f]{8}", p) for p in pages)
    line = re.search(r"версия ([0-9a-f]{8})", pages[0]).group(1)
    # Another content, another version.
    draft.points.update(text="Изменённый пункт.")
    pdf = printing.pack_pdf(Order.objects.get(pk=draft.pk))
    assert re.search(r"версия ([0-9a-f]{8})", norm(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())).group(1) != line
