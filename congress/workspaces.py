"""Each role's workspace: apps claim a role's start page from AppConfig.ready()."""

from congress.roles import Role

_pages: dict[Role, str] = {}


def register_workspace(role: Role, url_name: str) -> None:
    """Send `role`'s workspace to `url_name` instead of the generic page."""
    _pages[role] = url_name


def workspace_page(role: Role) -> str | None:
    return _pages.get(role)
