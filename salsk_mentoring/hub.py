"""The organisation card as a hub: links to what the portal keeps of one organisation, each with a count.

Each app that keeps rows of an organisation registers one function (``<app>/hub.py``, imported by its
``AppConfig.ready``)::

    @organisation_links
    def links(user, organisation) -> list[HubLink]

It counts with the app's own ``for_user(user)`` scope — a school sees only its own card (the card is 404
otherwise), an official every count — and points to the app's list filtered to the organisation. A link is
one ``COUNT`` query (a few small ones more for a short list of items): the card's query count does not grow
with the rows.
"""

from dataclasses import dataclass, field

_PROVIDERS = []


@dataclass
class HubLink:
    title: str
    url: str
    count: int
    #: «педагог,педагога,педагогов»: the count's noun.
    noun: str
    order: int = 100
    #: A few items shown under the link (title, url), when the app has no filtered list to point to.
    items: list = field(default_factory=list)


def organisation_links(function):
    """Register ``function(user, organisation) -> list[HubLink]``."""
    _PROVIDERS.append(function)
    return function


def links_for(user, organisation) -> list[HubLink]:
    links = [link for provider in _PROVIDERS for link in provider(user, organisation)]
    return sorted(links, key=lambda link: link.order)
