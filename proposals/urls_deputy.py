"""URLs of the deputy pages (proposals.views_deputy)."""

urlpatterns: list = []
