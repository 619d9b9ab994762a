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


IMAGE_REF = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")


def guide_images() -> dict[str, set[str]]:
    """image file name → the guides that show it (``![..](img/x.png)`` in docs/user/*.md)."""
    shown: dict[str, set[str]] = {}
    for slug in GUIDES:
        for match in IMAGE_REF.finditer((portal_help.GUIDES_DIR / f"{slug}.md").read_text(encoding="utf-8")):
            assert match["alt"].strip(), f"{slug}.md: картинка без описания: {match[0]}"
            src = portal_help.IMAGE_SRC.match(match["src"])
            assert src, f"{slug}.md: картинка не из img/<имя>.png: {match['src']}"
            shown.setdefault(src["name"], set()).add(slug)
    return shown


def test_every_image_a_guide_shows_exists_and_the_browser_test_makes_it():
    from tests.e2e.test_help_screenshots import MAX_BYTES, SHOTS

    shown = guide_images()
    assert shown, "справка без картинок"
    img_dir = portal_help.GUIDES_DIR / "img"
    for name, guides in shown.items():
        path = img_dir / f"{name}.png"
        assert path.is_file(), f"{sorted(guides)}: нет {path}"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size < MAX_BYTES, name
        assert name in SHOTS, f"{name}.png не делает tests/e2e/test_help_screenshots.py — устареет незаметно"
        assert guides == set(SHOTS[name][3]), (name, guides)
    # and nothing is made or committed that no guide shows
    assert set(SHOTS) == set(shown) == {p.stem for p in img_dir.glob("*.png")}


def test_the_help_page_shows_the_screenshots_and_serves_them(client):
    response = client.get(reverse("help_page", args=["school"]))
    url = reverse("help_image", args=["iom-submit"])
    assert url == "/help/img/iom-submit.png"
    html = response.content.decode()
    assert re.search(rf'<img src="{re.escape(url)}" alt="Карточка ИОМ: [^"]+" loading="lazy"', html), html
    assert 'src="img/' not in html
    image = client.get(url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "max-age=86400" in image["Cache-Control"] and image["Last-Modified"]
    assert b"".join(image.streaming_content)[:4] == b"\x89PNG"
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=image["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize("path", [
    "/help/img/../school.md", "/help/img/..%2Fschool.md", "/help/img/%2e%2e/%2e%2e/manage.py",
    "/help/img/../../manage.png", "/help/img/no-such.png", "/help/img/IOM-SUBMIT.png", "/help/img/iom-submit.PNG",
    "/help/img/.png", "/help/img/iom-submit.png.png", "/help/img/sub/iom-submit.png",
])
def test_help_images_serve_nothing_else(client, path):
    assert client.get(path).status_code == 404


def test_images_of_a_guide_are_rewritten_only_from_img(settings):
    page = render_guide("school", "# Т\n\n![Пример](img/iom-submit.png)\n\n![Чужая](https://example.org/x.png)\n\n"
                                  "![Обход](img/../x.png)\n")
    assert '<img src="/help/img/iom-submit.png" alt="Пример" loading="lazy"' in page.html
    assert 'src="https://example.org/x.png"' in page.html and 'src="img/../x.png"' in page.html
