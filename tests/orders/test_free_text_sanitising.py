"""An order's free-text appendix keeps bold, italic, lists and paragraphs only — at save and at render.

A signed district order reaches every school: a ``<meta http-equiv="refresh">`` would send officials elsewhere
(CSP does not stop it), an ``<iframe>`` would frame any page, a ``<script>`` waits for a CSP mistake.
"""

import pytest

from orders.models import OrderAppendix
from salsk_mentoring.text import rich_text_html, sanitise_rich_text

from .factories import OrderAppendixFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    '<iframe src="https://evil.example/"></iframe>'
    "<script>alert(1)</script>"
    '<p onclick="alert(2)" style="color:red">Абзац <b>жирный</b> и <i>курсив</i> &amp; R&D</p>'
    '<ul><li><a href="javascript:alert(3)">пункт</a></li><li><img src=x onerror=alert(4)>второй</li></ul>'
    "<ol><li><em>один</em></li></ol><strong>важно</strong><style>body{display:none}</style>"
)
FORBIDDEN = ("<meta", "http-equiv", "<iframe", "<script", "alert(", "onclick", "style=", "<a ", "href", "<img",
             "onerror", "<style", "evil.example")  # fmt: skip
KEPT = ("<p>", "<b>жирный</b>", "<i>курсив</i>", "<ul>", "<li>", "<ol>", "<em>один</em>", "<strong>важно</strong>")


def assert_clean(html):
    for needle in FORBIDDEN:
        assert needle not in html, (needle, html)


def test_sanitiser_keeps_the_small_set_and_the_typed_text():
    cleaned = sanitise_rich_text(HOSTILE)
    assert_clean(cleaned)
    for needle in KEPT:
        assert needle in cleaned, needle
    assert "Абзац" in cleaned and "пункт" in cleaned and "второй" in cleaned
    assert "R&D" in cleaned  # an ampersand stays as typed, readable in the text area
    assert sanitise_rich_text(cleaned) == cleaned  # idempotent
    assert sanitise_rich_text("Срок — 15.11.2021\xa0г. a < b") == "Срок — 15.11.2021\xa0г. a &lt; b"
    assert rich_text_html("Первая строка\nвторая\n\nабзац") == "<p>Первая строка<br>вторая</p>\n\n<p>абзац</p>"


def test_free_text_is_sanitised_at_save_and_kept_in_history(world):
    appendix = OrderAppendixFactory(
        order=world["order_draft"], number=2, kind="free_text", title="Порядок", body=HOSTILE
    )
    appendix.refresh_from_db()
    assert_clean(appendix.body)
    assert "<b>жирный</b>" in appendix.body
    assert_clean(appendix.history.latest().body)
    # A table's body is its own format (cells through «|»): not HTML, left alone.
    table = OrderAppendixFactory(order=world["order_draft"], number=3, kind="free_table", body="a | <b>")
    table.refresh_from_db()
    assert table.body == "a | <b>"


def test_composer_form_stores_the_sanitised_text(world, client_for):
    from tests.orders.test_orders import composer_post

    data = composer_post(world, **{"appendices-0-kind": "free_text", "appendices-0-body": HOSTILE})
    response = client_for("methodist").post("/orders/add/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    body = OrderAppendix.objects.get(order__number="512", number=1).body
    assert_clean(body)
    assert "<i>курсив</i>" in body


@pytest.mark.parametrize("frozen", [False, True], ids=["draft", "signed and frozen"])
def test_render_sanitises_whatever_was_stored(world, client_for, frozen):
    """Rows written around save() (an old row, a bulk update, a restored backup) are sanitised at render."""
    order = world["order_a"] if frozen else world["order_draft"]
    appendix = OrderAppendixFactory(order=order, number=5, kind="free_text", title="Текст <script>x</script>")
    OrderAppendix.objects.filter(pk=appendix.pk).update(
        body=HOSTILE, snapshot_title="Текст", snapshot_html="<h1>Текст</h1>" + HOSTILE
    )
    if frozen:
        from django.utils import timezone

        type(order).objects.filter(pk=order.pk).update(frozen_at=timezone.now())
    response = client_for("methodist").get(f"/orders/{order.pk}/appendix/5/pdf/?format=html")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index("Текст")  # the appendix's own part (the page's CSS and chrome are the portal's)
    assert_clean(html[start:])
    assert "<b>жирный</b>" in html and "<li>" in html
    assert "&lt;script&gt;" in html or "<script" not in html[start:]
