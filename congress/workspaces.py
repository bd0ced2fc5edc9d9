"""Each role's workspace, filled by the apps from AppConfig.ready().

An app either claims a role's start page (`register_workspace`) or adds
links to it (`register_links`), grouped under a heading; congress names no
app's URLs itself.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from congress.roles import Role

_pages: dict[Role, str] = {}
_groups: list["LinkGroup"] = []
_public: list[tuple[str, object]] = []


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str | Promise
    roles: frozenset[Role]


@dataclass(frozen=True)
class LinkGroup:
    heading: str | Promise
    order: int
    links: tuple[Link, ...]


def register_workspace(role: Role, url_name: str) -> None:
    """Send `role`'s workspace to `url_name` instead of the generic page."""
    _pages[role] = url_name


def workspace_page(role: Role) -> str | None:
    return _pages.get(role)


def register_links(heading, *, order: int, links: list[tuple[str, object, set]]):
    """Add a group of (url name, label, roles) links to the workspaces."""
    group = LinkGroup(
        heading,
        order,
        tuple(Link(url, label, frozenset(roles)) for url, label, roles in links),
    )
    _groups.append(group)
    _groups.sort(key=lambda item: item.order)


def links_for(role: Role) -> list[tuple[object, list[tuple[str, object]]]]:
    """[(heading, [(url, label)])] of the groups with links for `role`."""
    result = []
    for group in _groups:
        links = [
            (reverse(link.url_name), link.label)
            for link in group.links
            if role in link.roles
        ]
        if links:
            result.append((group.heading, links))
    return result


def register_public_link(url_name: str, label) -> None:
    """A page for the public, linked from every page's footer."""
    _public.append((url_name, label))


def public_links() -> list[tuple[str, object]]:
    return [(reverse(url_name), label) for url_name, label in _public]
