"""«Справка» in the portal: the user guides of ``docs/user/*.md``, the same files the repository's docs are.

One source: a guide is Markdown written for a role (``methodist``, ``school``, ``official``), task by task
(«Как подать ИОМ»). The portal renders it with markdown-it-py — CommonMark with tables, raw HTML off, so a
guide cannot carry a script or a style the CSP would have to allow; every tag on the page is one Markdown
makes.

A task heading may name its anchor and the pages it explains, for the «?» next to those pages' headings::

    ## Как подать ИОМ {#iom-submit}
    <!-- страницы: iom:iom_detail iom:iom_list -->

The comment line (anywhere under the heading) is read here and never shown. :func:`topic_for` finds, for a
page (its URL name) and a user, the section of the user's own guide that explains it, or of another guide
when theirs does not.

A task may show the page it explains: ``![Карточка ИОМ](img/iom-submit.png)``. The screenshots in
``docs/user/img/`` are made by the browser test ``tests/e2e/test_help_screenshots.py`` (which also says which
guide shows which); the renderer points ``img/<name>.png`` at :func:`help_image`, which serves only such a name.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import condition, require_safe
from markdown_it import MarkdownIt

GUIDES_DIR = Path(settings.BASE_DIR) / "docs" / "user"
#: The guides in the order of the index page, each with the role it is written for.
GUIDES = {
    "methodist": "Методисту (ИМЦ, ММРЦ, УО)",
    "school": "Образовательной организации",
    "official": "Руководству (просмотр и отчёты)",
}
PAGES_LINE = re.compile(r"^<!--\s*страницы:\s*(?P<names>[^>]*?)\s*-->\s*$")
ANCHOR = re.compile(r"\s*\{#(?P<anchor>[a-z0-9-]+)\}\s*$")
#: The screenshots a guide may show: ``img/<name>.png`` next to the guides, a plain name (no path, no dots).
IMAGE_NAME = r"[a-z0-9][a-z0-9-]{0,63}"
IMAGE_SRC = re.compile(rf"^img/(?P<name>{IMAGE_NAME})\.png$")


@dataclass
class Section:
    title: str
    anchor: str
    level: int
    pages: list[str] = field(default_factory=list)


@dataclass
class Guide:
    slug: str
    title: str
    html: str
    sections: list[Section]


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_guide(slug: str, text: str) -> Guide:
    """The guide's HTML and its sections; headings get ids (``{#anchor}`` or their text's slug)."""
    pages_of: dict[int, list[str]] = {}
    lines = []
    for line in text.splitlines():
        match = PAGES_LINE.match(line.strip())
        if match:
            pages_of[len(lines)] = match["names"].split()
            continue
        lines.append(line)
    md = _markdown()
    tokens = md.parse("\n".join(lines))
    sections, starts, title, taken = [], [], GUIDES.get(slug, slug), set()
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        text_ = inline.content
        match = ANCHOR.search(text_)
        if match:
            anchor = match["anchor"]
            text_ = text_[: match.start()]
            inline.content = text_
            # the inline children were parsed with the marker: drop it from the last text child
            for child in reversed(inline.children or []):
                if child.type == "text":
                    child.content = ANCHOR.sub("", child.content)
                    break
        else:
            anchor = slugify(text_, allow_unicode=True) or f"section-{i}"
        while anchor in taken:
            anchor += "-2"
        taken.add(anchor)
        token.attrSet("id", anchor)
        level = int(token.tag[1])
        if level == 1:
            title = text_
        sections.append(Section(text_, anchor, level))
        starts.append(token.map[0] if token.map else 0)
    for line, names in pages_of.items():  # a pages comment belongs to the last heading above it
        above = [n for n, start in enumerate(starts) if start < line]
        if above:
            sections[above[-1]].pages.extend(names)
    for token in tokens:  # «img/x.png» of the repository's docs → the portal's URL of the same file
        for child in token.children or []:
            if child.type == "image":
                match = IMAGE_SRC.match(child.attrGet("src") or "")
                if match:
                    child.attrSet("src", reverse("help_image", args=[match["name"]]))
                    child.attrSet("loading", "lazy")
    html = md.renderer.render(tokens, md.options, {})
    # Tables scroll inside their box on a phone (the page never does).
    html = html.replace("<table>", '<div class="table-responsive"><table class="table table-sm">').replace(
        "</table>", "</table></div>"
    )
    return Guide(slug, title, mark_safe(html), sections)  # raw HTML is off: markdown-it escaped the text


@cache
def _guide_cached(slug: str, mtime: float) -> Guide:
    return render_guide(slug, (GUIDES_DIR / f"{slug}.md").read_text(encoding="utf-8"))


def guide(slug: str) -> Guide:
    path = GUIDES_DIR / f"{slug}.md"
    if slug not in GUIDES or not path.is_file():
        raise Http404("Такого раздела справки нет.")
    return _guide_cached(slug, path.stat().st_mtime)


def role_guide(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return "methodist" if user.is_methodist else "school" if user.is_school else "official"


def topic_for(view_name: str, user) -> tuple[str, Section] | None:
    """(guide slug, section) explaining the page ``view_name``: the user's own guide first."""
    own = role_guide(user)
    order = [own, *(slug for slug in GUIDES if slug != own)] if own else list(GUIDES)
    for slug in order:
        for section in guide(slug).sections:
            if view_name in section.pages:
                return slug, section
    return None


@require_safe
def help_index(request):
    guides = [guide(slug) for slug in GUIDES]
    own = role_guide(request.user)
    return render(request, "help/index.html", {"guides": guides, "own": own, "title": "Справка"})


@require_safe
def help_page(request, slug: str):
    page = guide(slug)
    return render(
        request,
        "help/page.html",
        {"guide": page, "guides": GUIDES, "title": f"Справка: {page.title}", "own": role_guide(request.user)},
    )


def _image_path(name: str) -> Path:
    path = GUIDES_DIR / "img" / f"{name}.png"
    if not re.fullmatch(IMAGE_NAME, name) or not path.is_file():
        raise Http404("Такой картинки в справке нет.")
    return path


def _image_modified(request, name: str) -> datetime:
    return datetime.fromtimestamp(_image_path(name).stat().st_mtime, tz=UTC)


@require_safe
@condition(last_modified_func=_image_modified)  # 304 for a browser that has it
def help_image(request, name: str):
    """A screenshot of ``docs/user/img/``: only ``<name>.png`` with a plain name, as image/png, cached for a day."""
    path = _image_path(name)
    response = FileResponse(path.open("rb"), content_type="image/png")
    patch_cache_control(response, public=True, max_age=86400)
    return response
