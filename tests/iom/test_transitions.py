"""The IOM workflow table: what each page offers, one winner of two people acting at once, bulk approve/return."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from iom import services
from iom.models import Iom, IomTransition
from iom.workflows import IOM
from schools.models import User
from tests.factories import AcademicYearFactory, OrganisationFactory, UserFactory

from .factories import IomFactory, IomRowFactory


def login(user):
    client = Client()
    client.force_login(user)
    return client


def submitted_ioms(org, count, year=None):
    year = year or AcademicYearFactory(is_current=False)
    ioms = []
    for _ in range(count):
        iom = IomFactory(organisation=org, academic_year=year, status=Iom.Status.SUBMITTED)
        IomRowFactory(iom=iom)
        ioms.append(iom)
    return ioms


# ------------------------------------------------------------------ the table is the one source


def test_the_page_offers_only_the_transitions_allowed_now(world):
    iom = world["iom_submitted_a"]
    methodist_page = login(world["methodist"]).get(f"/iom/{iom.pk}/").content.decode()
    school_page = login(world["school_a"]).get(f"/iom/{iom.pk}/").content.decode()
    assert "Утвердить" in methodist_page and "Вернуть на доработку" in methodist_page
    assert "Начать реализацию" not in methodist_page and "Представить в МБУ ИМЦ" not in methodist_page
    # The school sees no button it would be refused (approving its own IOM, submitting it twice).
    assert "Утвердить" not in school_page and "Представить в МБУ ИМЦ" not in school_page
    draft_page = login(world["school_a"]).get(f"/iom/{world['iom_a'].pk}/").content.decode()
    assert "Наставник согласовал" in draft_page and "Утвердить" not in draft_page


def test_history_names_the_transition_in_russian_never_a_code(world):
    iom = world["iom_submitted_a"]
    services.iom_approve(iom=iom, user=world["methodist"])
    assert iom.history.first().history_change_reason == "approve"
    page = login(world["methodist"]).get(f"/iom/{iom.pk}/").content.decode()
    history = page[page.index("История изменений"):]
    assert "Утверждение" in history and ">approve<" not in history and "\napprove" not in history


def test_the_table_registers_who_may_act(world):
    iom = world["iom_submitted_a"]
    assert world["methodist"].has_perm("iom.approve_iom", iom)
    assert not world["school_a"].has_perm("iom.approve_iom", iom)
    assert not world["official"].has_perm("iom.return_iom", iom)
    assert [t.code for t in IOM.available(world["methodist"], iom)] == ["approve", "return"]


# ------------------------------------------------------------------ two people at once


def test_a_stale_second_action_is_refused_by_the_conditional_update(world):
    """What the database sees when two requests pass their checks together: the second UPDATE finds the IOM no
    longer «submitted» and changes nothing (SQLite takes no row locks: the WHERE is what holds)."""
    iom = world["iom_submitted_a"]
    methodist = world["methodist"]
    with transaction.atomic():
        IOM.begin(iom, "return", user=methodist)  # the second request has checked the state…
        Iom.objects.filter(pk=iom.pk).update(status=Iom.Status.APPROVED)  # …the first one wins meanwhile
        with pytest.raises(ValidationError) as exc:
            IOM.finish(iom, "return", user=methodist, comment="Уточните сроки", review_comment="Уточните сроки")
    message = " ".join(exc.value.messages)
    assert "Вернуть на доработку можно только представленный ИОМ" in message
    assert "«Утверждён»" in message and "другой пользователь" in message
    stored = Iom.objects.get(pk=iom.pk)
    assert stored.status == Iom.Status.APPROVED and stored.review_comment == ""
    assert not iom.history.filter(history_change_reason="return").exists()
    assert not IomTransition.objects.filter(iom=iom, action="return").exists()


def test_approve_then_return_of_the_same_iom_the_second_is_refused_in_russian(world):
    iom = world["iom_submitted_a"]
    stale = Iom.objects.get(pk=iom.pk)  # the second methodist's page, opened before the first one approved
    login(world["methodist"]).post(f"/iom/{iom.pk}/approve/")
    response = login(world["methodist"]).post(f"/iom/{stale.pk}/return/", {"comment": "Уточните сроки"})
    assert response.status_code == 200
    assert "Вернуть на доработку можно только представленный ИОМ" in response.content.decode()
    assert "Уточните сроки" in response.content.decode()  # the comment typed is kept
    iom.refresh_from_db()
    assert iom.status == Iom.Status.APPROVED
    assert list(IomTransition.objects.filter(iom=iom).values_list("action", flat=True)) == ["approve"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL; SQLite: the test above")
@pytest.mark.django_db(transaction=True)
def test_two_methodists_approving_and_returning_six_ioms_at_once_one_wins_each():
    """The red-team probe of issue 19: 12 requests on 6 IOMs at once; each IOM gets exactly one transition."""
    imc = OrganisationFactory(kind="method_centre", is_participant=False)
    first = UserFactory(role=User.Role.METHODIST, organisations=[imc])
    second = UserFactory(role=User.Role.METHODIST, organisations=[imc])
    ioms = submitted_ioms(OrganisationFactory(), 6)
    barrier = threading.Barrier(12)
    outcomes = []

    def act(user, iom_pk, action):
        from django.db import connections

        iom = Iom.objects.select_related("specialist", "mentor", "organisation", "academic_year").get(pk=iom_pk)
        barrier.wait()
        try:
            if action == "approve":
                services.iom_approve(iom=iom, user=user)
            else:
                services.iom_return(iom=iom, user=user, comment="Уточните сроки")
            outcomes.append((iom_pk, "ok"))
        except ValidationError as exc:
            outcomes.append((iom_pk, " ".join(exc.messages)))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(user, iom.pk, action))
        for iom in ioms
        for user, action in ((first, "approve"), (second, "return"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for iom in ioms:
        results = [outcome for pk, outcome in outcomes if pk == iom.pk]
        assert sorted(results, key=lambda r: r != "ok")[0] == "ok" and results.count("ok") == 1, results
        refusal = next(r for r in results if r != "ok")
        assert "можно только представленный ИОМ" in refusal
        assert IomTransition.objects.filter(iom=iom).exclude(action="create").count() == 1
        assert iom.history.filter(history_change_reason__in=["approve", "return"]).count() == 1


# ------------------------------------------------------------------ bulk approve / return


def test_bulk_approve_confirms_then_reports_each_iom(world, django_capture_on_commit_callbacks):
    org_a = world["org_a"]
    ioms = submitted_ioms(org_a, 3)
    draft = world["iom_a"]  # a draft: approving it is refused, and said so
    methodist = login(world["methodist"])
    pks = [i.pk for i in ioms] + [draft.pk]

    page = methodist.get("/iom/bulk/approve/", {"pk": pks})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Утвердить: 3 ИОМ" in text  # the button says how many will be approved
    assert "Утвердить можно только представленный ИОМ. Сейчас ИОМ в статусе «Черновик»." in text
    assert Iom.objects.filter(pk__in=pks, status=Iom.Status.APPROVED).count() == 0  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = methodist.post("/iom/bulk/approve/", {"pk": pks})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Выполнено: 3 из 4. Не выполнено: 1 — причины ниже." in text
    assert text.count("выполнено</span>") >= 3 and "Сейчас ИОМ в статусе «Черновик»" in text
    for iom in ioms:
        iom.refresh_from_db()
        assert iom.status == Iom.Status.APPROVED
        assert iom.history.first().history_change_reason == "approve"
        assert iom.history.first().history_user == world["methodist"]
        assert IomTransition.objects.filter(iom=iom, action="approve").count() == 1
    draft.refresh_from_db()
    assert draft.status == Iom.Status.DRAFT


def test_bulk_return_needs_one_comment_and_gives_it_to_each(world):
    ioms = submitted_ioms(world["org_a"], 2)
    methodist = login(world["methodist"])
    pks = [i.pk for i in ioms]
    response = methodist.post("/iom/bulk/return/", {"pk": pks, "comment": "  "})
    assert response.status_code == 200
    assert "без замечаний ИОМ не возвращается" in response.content.decode()
    assert not Iom.objects.filter(pk__in=pks, status=Iom.Status.RETURNED).exists()
    methodist.post("/iom/bulk/return/", {"pk": pks, "comment": "Уточните сроки курсов"})
    for iom in ioms:
        iom.refresh_from_db()
        assert iom.status == Iom.Status.RETURNED and iom.review_comment == "Уточните сроки курсов"


def test_bulk_actions_are_refused_to_schools_and_report_objects_out_of_reach(world):
    ioms_b = submitted_ioms(world["org_b"], 1)
    response = login(world["school_a"]).post("/iom/bulk/approve/", {"pk": [ioms_b[0].pk]})
    assert response.status_code == 403
    assert login(world["official"]).get("/iom/bulk/approve/", {"pk": [ioms_b[0].pk]}).status_code == 403
    # A number that is no IOM is reported, not skipped.
    response = login(world["methodist"]).post("/iom/bulk/approve/", {"pk": [ioms_b[0].pk, 999999]})
    assert "Не найдено или вам недоступно: 1 запись." in response.content.decode()
    ioms_b[0].refresh_from_db()
    assert ioms_b[0].status == Iom.Status.APPROVED


def test_bulk_without_a_selection_goes_back_to_the_list_with_a_message(world):
    response = login(world["methodist"]).get("/iom/bulk/approve/", follow=True)
    assert "Не выбрано ни одной записи" in response.content.decode()


def test_the_list_offers_bulk_actions_and_a_named_checkbox_per_row(world):
    page = login(world["methodist"]).get("/iom/").content.decode()
    assert 'formaction="/iom/bulk/approve/"' in page and 'formaction="/iom/bulk/return/"' in page
    assert f'name="pk" value="{world["iom_a"].pk}" form="bulk-form" aria-label="Выбрать: {world["iom_a"]}"' in page
    school_page = login(world["school_a"]).get("/iom/").content.decode()
    assert "bulk-form" not in school_page  # nothing a school may do in bulk


def test_bulk_queries_do_not_grow_with_the_selection(world, django_assert_max_num_queries):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    methodist = login(world["methodist"])

    def count(method, n, *, offset):
        ioms = submitted_ioms(world["org_a"], n, year=AcademicYearFactory(start_year=2030 + offset, is_current=False))
        with CaptureQueriesContext(conn) as ctx:
            getattr(methodist, method)("/iom/bulk/approve/", {"pk": [i.pk for i in ioms]})
        return len(ctx)

    assert count("get", 2, offset=0) == count("get", 8, offset=1)  # the confirmation: fixed
    two, eight = count("post", 2, offset=2), count("post", 8, offset=3)
    per_item = (eight - two) / 6
    assert per_item == int(per_item) and per_item <= 12, (two, eight)
    assert two - 2 * per_item <= 12  # and a fixed part
