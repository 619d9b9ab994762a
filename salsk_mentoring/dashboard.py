"""The dashboard: each app contributes widgets through ``<app>/dashboard.py`` (imported by its
``AppConfig.ready``)::

    @dashboard_widgets
    def widgets(request) -> list[Widget]

A widget is a template and its context; the dashboard lays them out in a grid.
"""

from dataclasses import dataclass, field

_PROVIDERS = []


@dataclass
class Widget:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    wide: bool = False


def dashboard_widgets(function):
    """Register ``function(request) -> list[Widget]``."""
    _PROVIDERS.append(function)
    return function


def collect_widgets(request) -> list[Widget]:
    widgets = [widget for provider in _PROVIDERS for widget in provider(request)]
    return sorted(widgets, key=lambda w: w.order)
