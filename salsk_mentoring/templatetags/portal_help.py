"""``{% help_link %}``: the «?» next to a page's heading, to the section of «Справка» that explains the page.

The page is known by its URL name (``request.resolver_match.view_name``); the guides say which pages each
task explains (``<!-- страницы: … -->`` in docs/user/*.md, salsk_mentoring.help). A page no guide explains
gets no «?».
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from salsk_mentoring.help import topic_for

register = template.Library()


@register.simple_tag(takes_context=True)
def help_link(context, view_name: str = ""):
    request = context.get("request")
    if request is None:
        return ""
    name = view_name or getattr(getattr(request, "resolver_match", None), "view_name", "")
    topic = topic_for(name, getattr(request, "user", None)) if name else None
    if topic is None:
        return ""
    slug, section = topic
    return format_html(
        '<a class="help-link" href="{}#{}" title="Справка: {}" aria-label="Справка: {}">?</a>',
        reverse("help_page", args=[slug]),
        section.anchor,
        section.title,
        section.title,
    )
