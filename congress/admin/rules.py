"""The installation's rules in the admin: every registered rule, typed input.

Rows exist only for rules that differ from their default (no lazy creation);
the changelist lists the others below the table with a link to the add form.
Saving and deleting go through congress.rules so that the cache follows.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.admin.history import HistoryAdminMixin
from congress.models import RuleValue


def _rule(key: str | None) -> rules.Rule | None:
    try:
        return rules.rule_for(key) if key else None
    except KeyError:
        return None


def _unset_rules() -> list[rules.Rule]:
    stored = set(RuleValue.objects.values_list("key", flat=True))
    return [rule for rule in rules.registered() if rule.key not in stored]


def _help(rule: rules.Rule) -> str:
    parts = [str(rule.help_text)] if rule.help_text else []
    parts.append(
        gettext("A %(kind)s; default: %(default)s.")
        % {"kind": rule.kind_name, "default": rule.format(rule.default)}
    )
    if rule.min_value is not None:
        parts.append(gettext("At least %(min)s.") % {"min": rule.min_value})
    if rule.max_value is not None:
        parts.append(gettext("At most %(max)s.") % {"max": rule.max_value})
    if rule.kind is list:
        parts.append(gettext("Separate items with commas."))
    if rule.choices:
        parts.append(
            gettext("Allowed: %(choices)s.") % {"choices": ", ".join(rule.choices)}
        )
    return " ".join(parts)


class RuleValueForm(forms.ModelForm):
    # Not the model's JSON field: text that the rule's clean() parses.
    text = forms.CharField(label=_("value"), required=False, max_length=2000)

    class Meta:
        model = RuleValue
        fields = ["key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            self.fields["key"] = forms.ChoiceField(
                label=_("rule"),
                choices=[("", "---------")]
                + [(rule.key, f"{rule.label} ({rule.key})") for rule in _unset_rules()],
            )
        source = self.data if self.is_bound else self.initial
        rule = _rule(self.instance.key or source.get("key"))
        if rule is not None:
            self.fields["text"].help_text = _help(rule)
            value = self.instance.value if self.instance.pk else rule.default
            self.initial.setdefault("text", rule.format(value))

    def clean_text(self):
        key = self.instance.key if self.instance.pk else self.cleaned_data.get("key")
        if not key:
            return None  # the key field carries the error
        rule = _rule(key)
        if rule is None:
            raise ValidationError(
                gettext("The rule %(key)s is no longer registered; delete this row."),
                params={"key": key},
            )
        return rule.clean(self.cleaned_data["text"])


@admin.register(RuleValue)
class RuleValueAdmin(HistoryAdminMixin, admin.ModelAdmin):
    form = RuleValueForm
    list_display = ["label", "key", "current", "default", "updated_by", "updated_at"]
    list_select_related = ["updated_by"]
    search_fields = ["key"]
    change_list_template = "admin/congress/rulevalue/change_list.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["key", "text"]
        return ["label", "key", "text", "updated_by", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["label", "key", "updated_by", "updated_at"] if obj else []

    @admin.display(description=_("name"))
    def label(self, obj: RuleValue) -> str:
        rule = _rule(obj.key)
        return str(rule.label) if rule else gettext("(no longer registered)")

    @admin.display(description=_("current value"))
    def current(self, obj: RuleValue) -> str:
        rule = _rule(obj.key)
        return rule.format(obj.value) if rule else str(obj.value)

    @admin.display(description=_("default"))
    def default(self, obj: RuleValue) -> str:
        rule = _rule(obj.key)
        return rule.format(rule.default) if rule else "-"

    def save_model(self, request, obj, form, change):
        stored = rules.rule_set(obj.key, form.cleaned_data["text"], user=request.user)
        obj.pk = stored.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        rules.rule_reset(obj.key, user=request.user)

    def delete_queryset(self, request, queryset):
        for key in queryset.values_list("key", flat=True):
            rules.rule_reset(key, user=request.user)

    def changelist_view(self, request, extra_context=None):
        add_url = reverse("admin:congress_rulevalue_add")
        can_add = self.has_add_permission(request)
        unset = [
            {
                "rule": rule,
                "default": rule.format(rule.default),
                "add_url": f"{add_url}?{urlencode({'key': rule.key})}"
                if can_add
                else "",
            }
            for rule in _unset_rules()
        ]
        return super().changelist_view(
            request, {"unset_rules": unset, **(extra_context or {})}
        )
