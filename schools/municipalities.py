"""«Муниципалитет»: whose organisations a district-level page covers, in a database that may hold a region.

``?municipality=<pk>`` chooses one, ``?municipality=all`` the whole region; by default the default
municipality (Сальский район). Used by the monitoring reports and the matching page; the choice is
rendered by ``templates/includes/municipality_select.html``.
"""

from .models import Municipality

#: ``?municipality=all``: every municipality of the region.
ALL_MUNICIPALITIES = "all"


def selected_municipality(request) -> tuple[Municipality | None, list[Municipality]]:
    """(the chosen municipality or None for all, every municipality by name); cached on the request."""
    cached = getattr(request, "_selected_municipality", None)
    if cached is not None:
        return cached
    municipalities = list(Municipality.objects.order_by("name"))
    wanted = request.GET.get("municipality", "")
    chosen = next((m for m in municipalities if str(m.pk) == wanted), None)
    if chosen is None and wanted != ALL_MUNICIPALITIES:
        chosen = next((m for m in municipalities if m.is_default), None) or (
            municipalities[0] if municipalities else None
        )
    request._selected_municipality = chosen, municipalities
    return chosen, municipalities


def municipality_context(request) -> dict:
    municipality, municipalities = selected_municipality(request)
    return {
        "municipality": municipality,
        "municipalities": municipalities if len(municipalities) > 1 else [],
        "all_municipalities": ALL_MUNICIPALITIES,
        "whose": str(municipality) if municipality else "все муниципалитеты",
    }
