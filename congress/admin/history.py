"""An object's history page in the admin, read from pghistory's events."""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pghistory.models import MiddlewareEvents

from congress.validators import mask_personal

HISTORY_LIMIT = 200
EVENT_LABELS = {
    "insert": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
}


def _raw_changes(event) -> list[tuple[str, object, object]]:
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


class ValueReader:
    """Stored values as a person reads them: the field's Chinese name, the
    label of a choice, 是/否, the name of a related object (one query per
    related model for the whole page)."""

    def __init__(self, model, events):
        self.model = model
        self.related: dict[type, dict] = {}
        wanted: dict[type, set] = {}
        for event in events:
            for name, old, new in _raw_changes(event):
                field = self.field(name)
                if field is not None and field.is_relation and field.many_to_one:
                    ids = wanted.setdefault(field.related_model, set())
                    ids.update(v for v in (old, new) if v is not None)
        for related_model, ids in wanted.items():
            self.related[related_model] = related_model._default_manager.in_bulk(
                list(ids)
            )

    def field(self, name: str):
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            if name.endswith("_id"):
                return self.field(name[:-3])
            return None

    def name(self, name: str) -> str:
        field = self.field(name)
        return str(field.verbose_name) if field is not None else name

    def value(self, name: str, value):
        field = self.field(name)
        if value is None or field is None:
            return value
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.BooleanField):
            return gettext("Yes") if value else gettext("No")
        if field.is_relation and field.many_to_one:
            return self.related.get(field.related_model, {}).get(value, value)
        return value

    def changes(self, event) -> list[tuple[str, object, object]]:
        return [
            (self.name(name), self.value(name, old), self.value(name, new))
            for name, old, new in _raw_changes(event)
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
        reader = ValueReader(self.model, events)
        rows = [
            {
                "time": event.pgh_created_at,
                "label": EVENT_LABELS.get(event.pgh_label, event.pgh_label),
                "user": users.get((event.pgh_context or {}).get("user")),
                "url": (event.pgh_context or {}).get("url", ""),
                "changes": reader.changes(event),
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
