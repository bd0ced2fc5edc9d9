"""Admin for the notifications engine: notices and their delivery outbox.

Both are read-only records; staff can only send a failed delivery again.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from congress import notifications
from congress.admin.filters import NoticeKindFilter
from congress.models import Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind_label", "recipient", "title", "created_at", "read_at"]
    list_filter = [NoticeKindFilter, ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__real_name", "kind"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]
    readonly_fields = [
        "recipient",
        "kind_label",
        "title",
        "params",
        "content_type",
        "object_id",
        "url",
        "created_at",
        "read_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Notification) -> str:
        try:
            return notifications.kind_for(obj.kind).display_label()
        except KeyError:
            return obj.kind

    @admin.display(description=_("title"))
    def title(self, obj: Notification) -> str:
        return notifications.render(obj)[0]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "notification",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    list_select_related = ["notification"]
    search_fields = ["notification__recipient__username", "notification__kind"]
    readonly_fields = [
        "notification",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "leased_until",
        "last_error",
        "sent_at",
        "created_at",
    ]
    fields = readonly_fields
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected deliveries again"))
    def retry(self, request, queryset) -> None:
        failed = list(queryset.filter(status=Delivery.Status.FAILED))
        for delivery in failed:
            notifications.delivery_retry(delivery)
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery will be sent again.",
                    "%(count)d deliveries will be sent again.",
                    len(failed),
                )
                % {"count": len(failed)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("Only failed deliveries can be sent again."),
                messages.WARNING,
            )
