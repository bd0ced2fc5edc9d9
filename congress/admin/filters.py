"""Admin list filters that show labels, not the codes stored (role keys,
notice kinds, reminder rules and steps)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress import notifications, reminders
from congress.roles import Role


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


class NoticeKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            (kind.key, kind.display_label())
            for kind in notifications.registered_kinds()
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


class ReminderRuleFilter(admin.SimpleListFilter):
    title = _("rule")
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        return [
            (rule.key, reminders.rule_label(rule.key))
            for rule in reminders.registered()
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(rule=self.value())
        return queryset


class ReminderStepFilter(admin.SimpleListFilter):
    title = _("step")
    parameter_name = "step"

    def lookups(self, request, model_admin):
        labels = {}
        for rule in reminders.registered():
            for step in rule.steps:
                labels.setdefault(step, reminders.step_label(rule.key, step))
        return sorted(labels.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(step=self.value())
        return queryset
