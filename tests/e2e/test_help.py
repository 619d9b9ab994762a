"""«Справка» on a phone: the «?» next to a heading leads to the task that explains the page (390 px, axe)."""

import pytest

pytestmark = pytest.mark.e2e


def test_school_finds_help_from_a_page_and_from_the_menu(walk):
    w = walk("school_a")
    w.login("school_a")
    w.visit("/iom/", expect_text="ИОМ")
    w.page.click("a.help-link")
    w.page.wait_for_url("**/help/school/#iom-submit")
    assert w.page.locator("#iom-submit").is_visible()
    w.check("help: Как подать ИОМ", screenshot="help-school-iom-390")
    w.page.click("text=Меню")
    w.page.click("nav >> text=Справка")
    w.page.wait_for_url("**/help/")
    w.check("help index", screenshot="help-index-390")
    w.visit("/help/methodist/", expect_text="Как утвердить или вернуть ИОМ")
