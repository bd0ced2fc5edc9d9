"""URLs of the org pages (proposals.views_org)."""

urlpatterns: list = []
