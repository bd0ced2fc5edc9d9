"""An object's history page in the admin, read from pghistory's events."""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from pghistory.models import MiddlewareEvents

from congress.validators import mask_personal

HISTORY_LIMIT = 200


def _changes(event) -> list[tuple[str, object, object]]:
    if event.pgh_diff:
        items = ((field, old, new) for field, (old, new) in event.pgh_diff.items())
    else:
        data = event.pgh_data or {}
        items = ((field, None, value) for field, value in data.items())
    return [
        (field, mask_personal(field, old), mask_personal(field, new))
        for field, old, new in items
        if not field.startswith("pgh_")
    ]


class HistoryAdminMixin:
    """Replaces the admin's history page with the database-trigger history:
    every insert, update and delete, with the acting user and request URL,
    personal data masked."""

    object_history_template = "admin/congress/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        events = list(
            MiddlewareEvents.objects.tracks(obj).order_by("-pgh_created_at")[
                :HISTORY_LIMIT
            ]
        )
        user_ids = {(event.pgh_context or {}).get("user") for event in events} - {None}
        users = get_user_model().objects.in_bulk(user_ids)
        rows = [
            {
                "time": event.pgh_created_at,
                "label": event.pgh_label,
                "user": users.get((event.pgh_context or {}).get("user")),
                "url": (event.pgh_context or {}).get("url", ""),
                "changes": _changes(event),
            }
            for event in events
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": str(obj),
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "rows": rows,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)
