"""URLs of the reports pages (proposals.views_reports)."""

urlpatterns: list = []
