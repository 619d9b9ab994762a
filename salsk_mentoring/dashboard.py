"""The dashboard: each app contributes widgets through ``<app>/dashboard.py``::

    def widgets(request) -> list[Widget]

A widget is a template and its context; the dashboard lays them out in a grid.
"""

from dataclasses import dataclass, field
from importlib import import_module

from .navigation import PORTAL_APPS


@dataclass
class Widget:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    wide: bool = False


def collect_widgets(request) -> list[Widget]:
    widgets: list[Widget] = []
    for app in PORTAL_APPS:
        try:
            module = import_module(f"{app}.dashboard")
        except ModuleNotFoundError:
            continue
        widgets.extend(module.widgets(request))
    return sorted(widgets, key=lambda w: w.order)
