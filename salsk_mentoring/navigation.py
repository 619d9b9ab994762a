"""The main menu: each app lists its entries in ``<app>/menu.py``, imported by its ``AppConfig.ready``::

    MENU = register_menu([MenuItem(...), ...])

The core never imports the apps: they register with it (as the organisation card's links do, ``hub.py``).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    title: str
    url_name: str
    section: str
    perm: str | None = None  # permission name; None = any signed-in user
    public: bool = False  # shown to anonymous visitors too
    order: int = 100


_ITEMS: list[MenuItem] = []


def register_menu(items: list[MenuItem]) -> list[MenuItem]:
    """Add an app's menu entries; the menu lists them by ``order`` whichever app registered first."""
    _ITEMS.extend(items)
    _ITEMS.sort(key=lambda item: item.order)
    return items


def _all_items():
    return _ITEMS


def menu_for(request):
    """The menu of ``request``'s user; worked out once per request (a page renders several templates with the
    request — the table, the filter form — and each runs the context processors again)."""
    cached = getattr(request, "_portal_menu", None)
    if cached is None:
        cached = request._portal_menu = _build_menu(request)
    return cached


def _build_menu(request):
    user = getattr(request, "user", None)
    sections: dict[str, list[dict]] = {}
    for item in _all_items():
        if user is None or not user.is_authenticated:
            if not item.public:
                continue
        elif item.perm and not user.has_perm(item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(item.section, []).append(
            {"title": item.title, "url": url, "active": request.path.startswith(url) and url != "/"}
        )
    return [{"title": title, "items": entries} for title, entries in sections.items()]
