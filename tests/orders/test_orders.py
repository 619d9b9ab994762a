import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from orders import appendix_content, printing, services
from orders.models import Order, OrderAppendix, OrderPoint
from salsk_mentoring.documents import pdf
from schools.models import PilotParticipant
from tests.downloads import download
from tests.querycount import assert_constant_queries

from .factories import OrderAppendixFactory, OrderFactory, OrderPointFactory

pytestmark = pytest.mark.django_db


def composer_post(world, **overrides):
    data = {
        "issuer": world["uo"].pk,
        "issuer_heading": "Управление образования Сальского района",
        "issuer_genitive": "управления образования Сальского района",
        "kind": "Приказ",
        "date": "2025-10-01",
        "number": "512",
        "place": "г. Сальск",
        "standard": "2025",
        "title": "О проведении конкурса\n«Педагогический дуэт»",
        "preamble": "В соответствии с планом-графиком мероприятий на 2025-2026 учебный год",
        "command_word": "приказываю:",
        "control_text": "Контроль исполнения приказа оставляю за собой.",
        "signatory_position": "Начальник",
        "signatory_name": "М.Е. Сенченко",
        "district_wide": "on",
        "points-TOTAL_FORMS": "3",
        "points-INITIAL_FORMS": "0",
        "points-0-position": "",
        "points-0-level": "1",
        "points-0-text": "Провести конкурс «Педагогический дуэт».",
        "points-1-position": "",
        "points-1-level": "2",
        "points-1-text": "Утвердить состав жюри (Приложение 1).",
        "points-2-position": "",
        "points-2-level": "1",
        "points-2-text": "Руководителю МБОУ СОШ № 1 направить заявку.",
        "points-2-addressees": [world["org_a"].pk],
        "points-2-deadline": "2025-11-01",
        "appendices-TOTAL_FORMS": "2",
        "appendices-1-number": "",
        "appendices-1-kind": "",  # the blank row left for a new appendix is ignored
        "appendices-INITIAL_FORMS": "0",
        "appendices-0-number": "1",
        "appendices-0-kind": "free_table",
        "appendices-0-params": "",
        "appendices-0-title": "Состав жюри",
        "appendices-0-body": "ФИО | Должность\nПетрова А.А. | методист ИМЦ",
    }
    data.update(overrides)
    return data


def test_methodist_composes_an_order_that_prints(world, client_for):
    client = client_for("methodist")
    response = client.post("/orders/add/", composer_post(world))
    assert response.status_code == 302, response.context and response.context["form"].errors
    order = Order.objects.get(number="512")
    assert [p.text[:10] for p in order.points.all()] == ["Провести к", "Утвердить ", "Руководите"]
    preview = client.get(f"/orders/{order.pk}/pdf/?format=html")
    assert "script-src 'self'" in preview["Content-Security-Policy"]
    assert "'unsafe-inline'" in preview["Content-Security-Policy"].split("style-src")[1].split(";")[0]
    html = preview.content.decode()
    assert (
        "1. Провести конкурс" in html and "1.1. Утвердить состав жюри" in html and "2. Руководителю" in html
    )
    assert "3. Контроль исполнения приказа оставляю за собой." in html
    assert ".order-title { width: 8cm;" in html  # ГОСТ Р 7.0.97-2025 profile
    response = download(client, f"/orders/{order.pk}/pdf/")
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 2
    first = pages[0].extract_text()
    assert "О проведении конкурса" in first and "№ 512" in first and "М.Е. Сенченко" in first
    second = pages[1].extract_text()
    assert "Приложение 1" in second and "от 01.10.2025 № 512" in second and "Петрова А.А." in second


def test_duplicate_number_in_the_same_year_is_refused_and_the_form_keeps_the_text(world, client_for):
    OrderFactory(issuer=world["uo"], number="512", date=datetime.date(2025, 3, 1), title="О первом")
    client = client_for("methodist")
    response = client.post("/orders/add/", composer_post(world))
    assert response.status_code == 200
    assert "Номер 512 в 2025 году уже занят" in response.content.decode()
    assert "Провести конкурс «Педагогический дуэт»." in response.content.decode()  # nothing lost
    assert Order.objects.filter(number="512").count() == 1
    # Another year: the same number is free.
    response = client.post("/orders/add/", composer_post(world, date="2026-01-15"))
    assert response.status_code == 302


def test_signed_order_cannot_be_edited(world, client_for):
    client = client_for("methodist")
    order = world["order_a"]
    response = client.get(f"/orders/{order.pk}/edit/", follow=True)
    assert "Приказ подписан и больше не изменяется" in response.content.decode()
    response = client.post(f"/orders/{order.pk}/edit/", composer_post(world, title="Новый заголовок"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Подписанный приказ изменить нельзя" in body and "Новый заголовок" in body
    order.refresh_from_db()
    assert order.title != "Новый заголовок"
    with pytest.raises(ValidationError):
        order.full_clean()


def test_signing_freezes_the_pdf_byte_for_byte(world, client_for, methodist):
    draft = world["order_draft"]
    OrderAppendixFactory(
        order=draft,
        number=2,
        kind="pilot_organisations",
        title="",
        body="",
        params={"project": world["project"].pk},
    )
    live_before = printing.render_pack_html(draft)
    response = client_for("methodist").post(f"/orders/{draft.pk}/sign/", follow=True)
    assert "подписан" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_signed and draft.is_frozen
    frozen = printing.pack_pdf(draft)
    assert frozen == bytes(draft.frozen_pdf)
    # The registry changes after signing: the signed order does not.
    PilotParticipant.objects.filter(project=world["project"]).update(responsible_name="Новый Ответственный")
    world["org_a"].full_name = "Переименованная школа"
    world["org_a"].save()
    draft = Order.objects.get(pk=draft.pk)
    assert printing.pack_pdf(draft) == frozen
    assert "Переименованная школа" not in printing.render_pack_html(draft)
    assert printing.render_pack_html(draft) == live_before
    response = client_for("official").get(f"/orders/{draft.pk}/pdf/")
    assert response.content == frozen
    appendix = draft.appendices.get(number=2)
    assert "Переименованная школа" not in printing.appendix_pdf(draft, appendix).decode("latin-1")


def test_pdf_rendering_is_deterministic(world):
    order = world["order_draft"]
    assert printing.pack_pdf(order) == printing.pack_pdf(order)


def test_appendix_with_missing_data_is_shown_and_blocks_signing(world, client_for):
    draft = world["order_draft"]
    OrderAppendixFactory(order=draft, number=2, kind="free_text", title="Пусто", body="")
    response = client_for("methodist").post(f"/orders/{draft.pk}/sign/", follow=True)
    body = response.content.decode()
    assert (
        "Нельзя зафиксировать приказ: приложение 2: данные приложения отсутствуют: "
        "текст приложения не заполнен."
        in body
        or "приложение 2: данные приложения отсутствуют" in body
    )
    draft.refresh_from_db()
    assert not draft.is_signed
    html = printing.render_pack_html(draft)
    assert "Данные приложения отсутствуют: текст приложения не заполнен." in html


def test_sign_refuses_without_number(world, methodist):
    draft = world["order_draft"]
    draft.number = ""
    draft.save()
    with pytest.raises(ValidationError, match="укажите номер приказа"):
        services.order_sign(order=draft, user=methodist)


def test_kind_whose_section_is_broken_gives_a_russian_state(world, monkeypatch):
    draft = world["order_draft"]
    appendix = OrderAppendixFactory(
        order=draft, number=3, kind="pilot_organisations", params={"project": 999999}
    )

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        appendix_content.KINDS,
        "pilot_organisations",
        appendix_content.Kind("pilot_organisations", "x", "Пилот", content=broken, outline=broken),
    )
    assert "не смог сформировать приложение" in appendix_content.render(appendix).missing


def test_every_registry_kind_that_exists_renders_or_says_what_is_missing(world):
    draft = world["order_draft"]
    for number, kind in enumerate(appendix_content.KINDS, start=10):
        appendix = OrderAppendix.objects.create(order=draft, number=number, kind=kind, params={})
        rendered = appendix_content.render(appendix)
        assert rendered.missing.startswith("Данные приложения отсутствуют") or rendered.html, kind
    appendix = draft.appendices.get(kind="pilot_organisations")
    assert world["org_a"].full_name in appendix_content.render(appendix).html


def test_school_sees_signed_orders_addressed_to_it_or_district_wide(world, school_a, school_b, official):
    district = OrderFactory(issuer=world["uo"], status=Order.Status.SIGNED, district_wide=True)
    draft_wide = OrderFactory(issuer=world["uo"], district_wide=True)
    visible_a = set(Order.objects.for_user(school_a))
    assert visible_a == {world["order_a"], district}
    assert set(Order.objects.for_user(school_b)) == {district}
    assert draft_wide in set(Order.objects.for_user(official))
    assert not Order.objects.for_user(school_a, "change").exists()


def test_copy_makes_a_draft_with_the_same_points(world, client_for):
    source = world["order_a"]
    response = client_for("methodist").post(f"/orders/{source.pk}/copy/")
    copy = Order.objects.exclude(pk__in=[source.pk, world["order_draft"].pk]).get()
    assert response["Location"] == f"/orders/{copy.pk}/edit/"
    assert copy.status == Order.Status.DRAFT and copy.number == "" and copy.standard == "2025"
    assert list(copy.points.values_list("text", flat=True)) == list(
        source.points.values_list("text", flat=True)
    )
    assert list(copy.points.get().addressees.all()) == [world["org_a"]]
    assert copy.appendices.count() == source.appendices.count()


def test_point_with_iom_duty_opens_an_iom_campaign_on_signing(world, methodist):
    from iom.models import IomCampaign

    draft = world["order_draft"]
    OrderPointFactory(order=draft, level=1, text="Руководителю МБОУ СОШ № 1:").addressees.add(world["org_a"])
    OrderPointFactory(
        order=draft,
        level=2,
        text="Разработать ИОМ до 01.12.2021.",
        deadline=datetime.date(2021, 12, 1),
        duty=OrderPoint.Duty.IOM_CAMPAIGN,
    )
    notes = services.order_sign(order=draft, user=methodist)
    assert len(notes) == 1 and "Открыта кампания ИОМ" in notes[0] and "01.12.2021" in notes[0]
    campaign = IomCampaign.objects.get(title__contains="№ 78")
    assert campaign.deadline == datetime.date(2021, 12, 1)
    assert campaign.academic_year == world["year"]
    assert list(campaign.organisations.all()) == [world["org_a"]]  # the parent point's addressee
    assert "п. 2.1 приказа от 01.09.2025 № 78" in campaign.title
    assert campaign.basis == "п. 2.1 приказа от 01.09.2025 № 78: Разработать ИОМ до 01.12.2021."
    # Duties are created once: confirming again does not open a second campaign.
    assert services.order_assign_duties(order=Order.objects.get(pk=draft.pk), user=methodist) == []
    assert IomCampaign.objects.filter(title__contains="№ 78").count() == 1


def test_iom_duty_needs_a_deadline(world):
    point = OrderPoint(order=world["order_draft"], text="ИОМ", duty=OrderPoint.Duty.IOM_CAMPAIGN)
    with pytest.raises(ValidationError, match="укажите срок"):
        point.full_clean()


def test_list_and_detail_queries_do_not_grow(world, client_for):
    client = client_for("methodist")
    assert_constant_queries(client, "/orders/", lambda: OrderFactory(issuer=world["uo"]))
    order = world["order_draft"]

    def grow():
        point = OrderPointFactory(order=order)
        point.addressees.add(world["org_a"], world["org_b"])

    assert_constant_queries(client, f"/orders/{order.pk}/", grow)


def test_detail_shows_points_and_appendix_downloads(world, client_for):
    order = world["order_a"]
    body = client_for("school_a").get(f"/orders/{order.pk}/").content.decode()
    assert "Руководителю МБОУ СОШ № 1 представить отчёт." in body
    assert f"/orders/{order.pk}/appendix/1/xlsx/" in body
    assert "Подписать" not in body and "Создать копию" not in body


def test_pack_is_made_of_parts_and_a_standalone_appendix_is_the_same_pages(world, monkeypatch):
    order = world["order_draft"]
    OrderAppendixFactory(order=order, number=2, kind="free_text", title="Порядок проведения", body="Текст.")
    pack = PdfReader(io.BytesIO(printing.pack_pdf(order)))
    alone = printing.appendix_pdf(order, order.appendices.get(number=2))
    assert len(pack.pages) == 3
    # The same page; the version line names the pack's version there, the appendix's own here.
    in_pack, by_itself = pack.pages[2].extract_text(), PdfReader(io.BytesIO(alone)).pages[0].extract_text()
    assert in_pack.rsplit("ПРОЕКТ", 1)[0] == by_itself.rsplit("ПРОЕКТ", 1)[0]
    assert "· версия приложения " in by_itself and "· версия приложения" not in in_pack
    assert "Приложение 2" in pack.pages[2].extract_text()
    # Printed again: nothing is laid out again, every part comes from PrintedPart.
    calls = []
    original = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: calls.append(1) or original(html))
    printing.pack_pdf(order)
    assert calls == []
    # A changed appendix is laid out again (the key is the hash of its HTML), the pack follows the data.
    order.appendices.filter(number=2).update(body="Новый текст.")
    order = Order.objects.get(pk=order.pk)
    assert "Новый текст." in PdfReader(io.BytesIO(printing.pack_pdf(order))).pages[2].extract_text()
    assert calls == [1]  # only the changed appendix


def test_signing_is_the_order_tables_transition_named_in_russian(world, methodist):
    from orders.models import Order
    from orders.workflows import ORDER

    draft = world["order_draft"]
    assert ORDER.may(methodist, draft, "sign")
    Order.objects.filter(pk=draft.pk).update(number="901")
    services.order_sign(order=Order.objects.get(pk=draft.pk), user=methodist)
    draft.refresh_from_db()
    assert draft.is_signed and not ORDER.may(methodist, draft, "sign")
    assert draft.history.filter(history_change_reason="sign").exists()
    Order.objects.filter(pk=draft.pk).update(frozen_at=None)  # a stale page: signed meanwhile, not yet frozen
    with pytest.raises(ValidationError, match="Приказ уже подписан"):
        services.order_sign(order=draft, user=methodist)
