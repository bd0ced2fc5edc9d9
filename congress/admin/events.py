"""pghistory's events admin, fixed for Django's facet counts (settings:
PGHISTORY_ADMIN_CLASS).

pghistory's change list overrides get_queryset() without the
`exclude_parameters` that Django's facet counts pass, which answered
?_facets=True with a 500.
"""

from pghistory.admin.core import EventsAdmin, EventsChangeList


class PortalEventsChangeList(EventsChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        if exclude_parameters:
            # Facet counts: the plain change-list query without one filter.
            return super(EventsChangeList, self).get_queryset(
                request, exclude_parameters
            )
        return super().get_queryset(request)


class PortalEventsAdmin(EventsAdmin):
    def get_changelist(self, request, **kwargs):
        return PortalEventsChangeList
