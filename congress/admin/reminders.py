"""Admin for the reminder log: every deadline reminder the scan created.

Read-only: a row is the exactly-once guarantee of its reminder, so it is
never edited or deleted here (deleting one would send the reminder again).
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import reminders
from congress.admin.filters import ReminderRuleFilter, ReminderStepFilter
from congress.models import Delivery, ReminderLog


class DeliveryStatusFilter(admin.SimpleListFilter):
    """Sent, failed or pending by any external channel, or portal inbox only."""

    title = _("delivery")
    parameter_name = "delivery"
    IN_APP_ONLY = "in_app"

    def lookups(self, request, model_admin):
        return [
            *Delivery.Status.choices,
            (self.IN_APP_ONLY, _("In the portal only")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        deliveries = Delivery.objects.filter(notification=OuterRef("notification"))
        if value == self.IN_APP_ONLY:
            return queryset.filter(~Exists(deliveries))
        if value in Delivery.Status.values:
            return queryset.filter(Exists(deliveries.filter(status=value)))
        return queryset


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "rule_label",
        "step_label",
        "target",
        "recipient",
        "notification",
        "deliveries",
    ]
    list_filter = [
        ReminderRuleFilter,
        ReminderStepFilter,
        ("content_type", admin.RelatedOnlyFieldListFilter),
        DeliveryStatusFilter,
    ]
    # "=object_id" finds an object's reminders; names find a recipient's.
    search_fields = [
        "=object_id",
        "recipient__username",
        "recipient__real_name",
        "rule",
    ]
    list_select_related = ["content_type", "recipient", "notification"]
    date_hierarchy = "created_at"
    fields = [
        "rule_label",
        "step_label",
        "target",
        "recipient",
        "notification",
        "deliveries",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # One query for the deliveries of the whole page.
        return (
            super().get_queryset(request).prefetch_related("notification__deliveries")
        )

    @admin.display(description=_("rule"), ordering="rule")
    def rule_label(self, obj: ReminderLog) -> str:
        return reminders.rule_label(obj.rule)

    @admin.display(description=_("step"), ordering="step")
    def step_label(self, obj: ReminderLog) -> str:
        return reminders.step_label(obj.rule, obj.step)

    @admin.display(description=_("object"))
    def target(self, obj: ReminderLog) -> str:
        label = f"{obj.content_type.name} #{obj.object_id}"
        ct = obj.content_type
        try:
            url = reverse(
                f"admin:{ct.app_label}_{ct.model}_change", args=[obj.object_id]
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("deliveries"))
    def deliveries(self, obj: ReminderLog) -> str:
        if obj.notification is None:
            return "-"
        rows = obj.notification.deliveries.all()
        if not rows:
            return gettext("In the portal only")
        return ", ".join(
            f"{row.get_channel_display()}: {row.get_status_display()}" for row in rows
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
