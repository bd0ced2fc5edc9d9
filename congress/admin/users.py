from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import second_factor, services
from congress.admin.history import HistoryAdminMixin
from congress.exceptions import ImportRejected
from congress.models import User
from congress.roles import Role
from congress.spreadsheets import read_rows
from congress.validators import mask_mobile

admin.site.unregister(Group)


class AccountAddForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = ["username", "real_name", "mobile", "organization", "working_body"]


class AccountImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An .xlsx or .csv file with the columns 用户名, 姓名, 手机号码, 单位, 角色 "
            "(several roles separated by 、)."
        ),
    )


@admin.register(User)
class PortalUserAdmin(HistoryAdminMixin, UserAdmin):
    list_display = [
        "username",
        "real_name",
        "masked_mobile",
        "role_list",
        "organization",
        "is_active",
    ]
    list_filter = ["groups", "is_active", "must_change_password", "organization"]
    search_fields = ["username", "real_name", "mobile"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "working_body", "division"]
    actions = ["reset_passwords", "deactivate", "reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["username", "real_name", "mobile"]}),
        (
            _("Roles and scope"),
            {"fields": ["groups", "organization", "working_body", "division"]},
        ),
        (
            _("Status"),
            {"fields": ["is_active", "must_change_password", "is_staff", "last_login"]},
        ),
        (
            _("Superuser"),
            {"classes": ["collapse"], "fields": ["is_superuser", "user_permissions"]},
        ),
    ]
    readonly_fields = ["last_login", "must_change_password"]
    add_form = AccountAddForm
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "real_name",
                    "mobile",
                    "roles",
                    "organization",
                    "working_body",
                ]
            },
        )
    ]
    change_list_template = "admin/congress/user/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("mobile number"))
    def masked_mobile(self, user):
        return mask_mobile(user.mobile)

    @admin.display(description=_("Roles"))
    def role_list(self, user):
        return "、".join(str(role.label) for role in user.roles)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = {field: form.cleaned_data[field] for field in AccountAddForm.Meta.fields}
        user, password = services.user_create(
            **data, roles=[Role(role) for role in form.cleaned_data["roles"]]
        )
        obj.pk = user.pk
        self._show_passwords(request, [(user, password)])
        return None

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def _show_passwords(self, request, accounts):
        lines = "；".join(f"{user.username}：{password}" for user, password in accounts)
        messages.warning(
            request,
            _(
                "Temporary passwords, shown only this once; hand them over in "
                "person. They must be changed at first login: %(lines)s"
            )
            % {"lines": lines},
        )

    @admin.action(description=_("Reset password (temporary password)"))
    def reset_passwords(self, request, queryset):
        with transaction.atomic():
            accounts = [(u, services.user_password_reset(u)) for u in queryset]
        self._show_passwords(request, accounts)

    @admin.action(description=_("Deactivate and log out everywhere"))
    def deactivate(self, request, queryset):
        for user in queryset:
            services.user_deactivate(user)
        messages.success(request, _("The accounts were deactivated."))

    @admin.action(
        description=_("Reset the second factor (lost phone)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor.second_factor_reset(user, by=request.user)
            self.log_change(request, user, gettext("Second factor reset."))
        messages.success(
            request, _("The users enrol a new authenticator at their next login.")
        )

    def has_reset_second_factor_permission(self, request) -> bool:
        # Recovery hands over an account: the system administrator's power only.
        return request.user.is_superuser

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("import/", view, name="congress_user_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = AccountImportForm(request.POST or None, request.FILES or None)
        errors, accounts = [], []
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_rows(form.cleaned_data["file"], services.ACCOUNT_COLUMNS)
                accounts = services.users_import(rows)
            except ImportRejected as rejected:
                errors = rejected.errors
                messages.error(request, rejected.message)
            except forms.ValidationError as error:
                form.add_error("file", error)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import accounts"),
            "opts": self.opts,
            "form": form,
            "row_errors": errors,
            "accounts": accounts,
        }
        return TemplateResponse(request, "admin/congress/user/import.html", context)
