"""URLs of the office pages (proposals.views_office)."""

urlpatterns: list = []
