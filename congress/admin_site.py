from django.contrib import admin, messages
from django.core.paginator import Paginator

from congress.admin_paginator import EstimatedCountPaginator

# Django's 100 rows a page cost more to render than the queries behind them.
ROWS_PER_PAGE = 50


def large_table_defaults(model_admin) -> None:
    """Changelists never count whole tables: no "N total" link and an
    estimated count (congress.admin_paginator) unless the admin chose its own
    paginator; 50 rows a page unless the admin chose its own number."""
    model_admin.show_full_result_count = False
    if model_admin.list_per_page == admin.ModelAdmin.list_per_page:
        model_admin.list_per_page = ROWS_PER_PAGE
    if model_admin.paginator is Paginator:
        model_admin.paginator = EstimatedCountPaginator


class PortalAdminSite(admin.AdminSite):
    """The staff admin.

    (Outside the congress.admin package: importing that package registers
    models, which must not happen while the default site is being built.)
    """

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models = (
            model_or_iterable
            if isinstance(model_or_iterable, list | tuple)
            else [model_or_iterable]
        )
        for model in models:
            if model in self._registry:  # swapped models are not registered
                large_table_defaults(self._registry[model])

    def has_permission(self, request) -> bool:
        # Office staff work here by their role; is_staff is not kept in sync.
        return request.user.is_authenticated and request.user.can_use_admin

    def index(self, request, extra_context=None):
        from congress.calendar import unconfirmed_year_warning

        if warning := unconfirmed_year_warning():
            messages.warning(request, warning)
        return super().index(request, extra_context)
