"""«Справка»: docs/user/*.md rendered in the portal, the «?» next to the headings of the pages they explain."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from salsk_mentoring import help as portal_help
from salsk_mentoring.help import GUIDES, guide, render_guide, topic_for

pytestmark = pytest.mark.django_db


def url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_guide_renders_with_its_tasks():
    for slug in GUIDES:
        page = guide(slug)
        assert (portal_help.GUIDES_DIR / f"{slug}.md").is_file()
        tasks = [s for s in page.sections if s.level == 2]
        assert len(tasks) >= 4, slug
        for section in tasks:
            assert f'id="{section.anchor}"' in page.html


def test_the_guides_are_the_repository_docs():
    assert portal_help.GUIDES_DIR == Path(__file__).resolve().parents[2] / "docs" / "user"


def test_every_page_a_guide_names_exists():
    known = url_names()
    named = {name for slug in GUIDES for s in guide(slug).sections for name in s.pages}
    assert named and named <= known, named - known


def test_raw_html_is_escaped_and_anchors_are_taken_from_the_heading():
    page = render_guide("school", "# Т\n\n<script>alert(1)</script>\n\n## Как подать ИОМ {#iom-submit}\n"
                                  "<!-- страницы: iom:iom_list -->\n\n[x](javascript:alert(1))\n\n## Ещё раз ИОМ\n")
    assert "<script>" not in page.html and "&lt;script&gt;" in page.html
    assert 'href="javascript:' not in page.html
    assert '<h2 id="iom-submit">Как подать ИОМ</h2>' in page.html
    assert "страницы:" not in page.html
    assert [(s.anchor, s.pages) for s in page.sections][1:] == [("iom-submit", ["iom:iom_list"]), ("ещё-раз-иом", [])]


def test_topic_prefers_the_users_own_guide(methodist, school_a, official):
    assert topic_for("iom:iom_list", school_a)[0] == "school"
    assert topic_for("iom:iom_list", methodist)[0] == "methodist"
    assert topic_for("monitoring:report_district", official)[0] == "official"
    assert topic_for("no:such_page", school_a) is None


@pytest.mark.parametrize("persona", ["anonymous", "school_a", "methodist", "official"])
def test_help_pages_open_for_everyone(client_for, persona, django_assert_max_num_queries):
    client = client_for(persona)
    index = client.get(reverse("help"))
    assert index.status_code == 200
    for slug, title in GUIDES.items():
        assert reverse("help_page", args=[slug]) in index.content.decode()
        with django_assert_max_num_queries(6):  # the signed-in header's (session, user, organisation); no more
            page = client.get(reverse("help_page", args=[slug]))
        assert page.status_code == 200
        assert title.split(" ")[0] in page.content.decode()
    assert client.get("/help/nothing/").status_code == 404


def test_menu_has_help_and_key_pages_have_a_question_mark(client_for, world):
    school = client_for("school_a")
    page = school.get(reverse("iom:iom_list")).content.decode()
    assert f'href="{reverse("help")}"' in page and ">Справка<" in page
    link = re.search(r'<a class="help-link" href="([^"]+)"', page)
    assert link and link.group(1) == reverse("help_page", args=["school"]) + "#iom-submit"
    methodist = client_for("methodist")
    page = methodist.get(reverse("iom:iom_list")).content.decode()
    assert f'{reverse("help_page", args=["methodist"])}#iom-review' in page
    for name in ("dashboard", "events:my_tasks", "mentors:teacher_list", "monitoring:monitoringcampaign_list"):
        page = school.get(reverse(name)).content.decode()
        assert 'class="help-link"' in page, name


def test_a_page_no_guide_explains_has_no_question_mark(client_for, world):
    page = client_for("methodist").get(reverse("mentors:mentoringform_list")).content.decode()
    assert 'class="help-link"' not in page
