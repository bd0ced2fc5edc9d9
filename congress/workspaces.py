"""Each role's workspace, filled by the apps from AppConfig.ready().

A workspace opens on panels: what is waiting for this person, from every app,
each with its count ("3件待答复"), registered with `register_panel`. Below
them, groups of plain links (`register_links`). Congress names no app's URLs
itself. No app claims a role's whole start page: every role opens on the
panels of every app.

Registries fail loudly: a panel key registered twice raises ValueError.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise

from congress.roles import Role

_groups: list["LinkGroup"] = []
_public: list[tuple[str, object]] = []
_panels: dict[str, "Panel"] = {}


@dataclass(frozen=True)
class Panel:
    key: str
    role: Role
    title: str | Promise
    order: int
    count: Callable[[Any], int | None] | None
    url: str | Callable[[Any], str] | None  # a URL name, or user -> URL
    template: str | None
    context: Callable[[Any], dict] | None
    when: Callable[[Any], bool] | None = None


def register_panel(
    role: Role,
    key: str,
    *,
    title: str | Promise,
    order: int,
    count: Callable[[Any], int | None] | None = None,
    url_name: str | Callable[[Any], str] | None = None,
    template: str | None = None,
    context: Callable[[Any], dict] | None = None,
    when: Callable[[Any], bool] | None = None,
) -> None:
    """Add a panel to `role`'s workspace: a title, the count of what waits
    for the user (None: no number), a link, and optionally a template
    rendered with `context(user)`; `when(user)` narrows who within the role
    sees it. Keys are unique per role."""
    full_key = f"{role.value}:{key}"
    if full_key in _panels:
        raise ValueError(f"The panel {full_key!r} is registered twice.")
    _panels[full_key] = Panel(
        key, role, title, order, count, url_name, template, context, when
    )


def panels_for(role: Role, user) -> list[dict[str, Any]]:
    """The rendered panels of `role`'s workspace for `user`, in order."""
    result = []
    for panel in sorted(
        (p for p in _panels.values() if p.role == role), key=lambda p: p.order
    ):
        if panel.when is not None and not panel.when(user):
            continue
        url: str | None = None
        if callable(panel.url):
            url = panel.url(user)
        elif panel.url:
            url = reverse(panel.url)
        html = ""
        if panel.template:
            extra = panel.context(user) if panel.context else {}
            html = render_to_string(panel.template, {"user": user, **extra})
        result.append(
            {
                "key": panel.key,
                "title": panel.title,
                "count": panel.count(user) if panel.count else None,
                "url": url,
                "html": html,
            }
        )
    return result


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
    # Who within the roles sees the group (e.g. only the personnel committee's
    # office staff): links never lead to a 403 for the person who sees them.
    when: Callable[[Any], bool] | None = None


Label = str | Promise


def register_links(
    heading: Label,
    *,
    order: int,
    links: list[tuple[str, Label, set]],
    when: Callable[[Any], bool] | None = None,
):
    """Add a group of (url name, label, roles) links to the workspaces, shown
    to users holding a link's role (and for whom `when(user)` holds)."""
    group = LinkGroup(
        heading,
        order,
        tuple(Link(url, label, frozenset(roles)) for url, label, roles in links),
        when,
    )
    _groups.append(group)
    _groups.sort(key=lambda item: item.order)


def links_for(role: Role, user=None) -> list[tuple[Label, list[tuple[str, Label]]]]:
    """[(heading, [(url, label)])] of the groups with links for `role` (and
    `user`, for groups that ask)."""
    result = []
    for group in _groups:
        if group.when is not None and (user is None or not group.when(user)):
            continue
        links = [
            (reverse(link.url_name), link.label)
            for link in group.links
            if role in link.roles
        ]
        if links:
            result.append((group.heading, links))
    return result


_public_home: list[Callable] = []


def register_public_home(view: Callable) -> None:
    """The page anonymous visitors get at `/` (an app's public home view)."""
    _public_home[:] = [view]


def public_home() -> Callable | None:
    return _public_home[0] if _public_home else None


def register_public_link(url_name: str, label) -> None:
    """A page for the public, linked from every page's footer."""
    _public.append((url_name, label))


def public_links() -> list[tuple[str, object]]:
    return [(reverse(url_name), label) for url_name, label in _public]
