from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import second_factor, services
from congress.admin.filters import RoleFilter
from congress.admin.history import HistoryAdminMixin
from congress.admin.imports import admin_rate_refusal
from congress.exceptions import DomainError, ImportRejected
from congress.models import User
from congress.ratelimits import (
    IMPORT,
    IMPORTS_PER_HOUR,
    PASSWORD_CHANGES_PER_HOUR,
)
from congress.roles import (
    Role,
    account_manageable_by,
    roles_grantable_by,
    separation_errors,
)
from congress.spreadsheets import read_rows
from congress.validators import mask_mobile

admin.site.unregister(Group)


class AccountAddForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields = [
            "username",
            "real_name",
            "mobile",
            "email",
            "organization",
            "working_body",
        ]


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
    list_filter = [RoleFilter, "is_active", "must_change_password", "organization"]
    search_fields = ["username", "real_name", "mobile"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "working_body", "division"]
    actions = ["reset_passwords", "deactivate", "reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["username", "real_name", "mobile", "email"]}),
        (
            _("Roles and scope"),
            {"fields": ["groups", "organization", "working_body", "division"]},
        ),
        (
            _("Status"),
            {
                "fields": [
                    "is_active",
                    "must_change_password",
                    "password_reset_by",
                    "password_reset_at",
                    "is_staff",
                    "last_login",
                ]
            },
        ),
        (
            _("Superuser"),
            {"classes": ["collapse"], "fields": ["is_superuser", "user_permissions"]},
        ),
    ]
    readonly_fields = [
        "last_login",
        "must_change_password",
        "password_reset_by",
        "password_reset_at",
    ]
    add_form = AccountAddForm
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "real_name",
                    "mobile",
                    "email",
                    "roles",
                    "organization",
                    "working_body",
                ]
            },
        )
    ]
    change_list_template = "admin/congress/user/change_list.html"

    # Separation of powers (三员分立): office staff see and change only what an
    # ordinary account needs; superuser and staff status, permissions, the
    # privileged roles and privileged accounts are the system administrator's.
    SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        trimmed = []
        for name, options in fieldsets:
            hidden = self.SUPERUSER_ONLY_FIELDS
            fields = [f for f in options["fields"] if f not in hidden]
            if fields:
                trimmed.append((name, {**options, "fields": fields}))
        return trimmed

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            grantable = roles_grantable_by(request.user)

            class GrantableAddForm(form):
                roles = forms.MultipleChoiceField(
                    label=_("Roles"),
                    choices=[(role.value, role.label) for role in grantable],
                    widget=forms.CheckboxSelectMultiple,
                )

                def clean_roles(self):
                    roles = self.cleaned_data["roles"]
                    errors = separation_errors(
                        is_superuser=False, roles={Role(r) for r in roles}
                    )
                    if errors:
                        raise forms.ValidationError(errors)
                    return roles

            return GrantableAddForm

        class SeparatedChangeForm(form):
            def clean(self):
                cleaned = super().clean()
                groups = cleaned.get("groups")
                if groups is None:
                    return cleaned
                names = {group.name for group in groups}
                errors = separation_errors(
                    is_superuser=cleaned.get("is_superuser", obj.is_superuser),
                    roles={role for role in Role if role.value in names},
                )
                if errors:
                    self.add_error("groups", errors)
                return cleaned

        return SeparatedChangeForm

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            names = [role.value for role in roles_grantable_by(request.user)]
            kwargs["queryset"] = Group.objects.filter(name__in=names)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or account_manageable_by(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed and request.user.is_superuser
        return allowed and account_manageable_by(request.user, obj)

    def user_change_password(self, request, id, form_url=""):
        # Nobody but the system administrator sets another person's password;
        # office staff issue a temporary one (the reset action) instead.
        if not request.user.is_superuser:
            raise PermissionDenied
        refused = admin_rate_refusal(request, "password", PASSWORD_CHANGES_PER_HOUR)
        if refused:
            return refused
        response = super().user_change_password(request, id, form_url)
        changed = request.method == "POST" and response.status_code == 302
        if changed and str(id) != str(request.user.pk):
            User.objects.filter(pk=id).update(
                must_change_password=True,
                password_reset_by=request.user,
                password_reset_at=timezone.now(),
            )
        return response

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
            **data,
            roles=[Role(role) for role in form.cleaned_data["roles"]],
            by=request.user,
        )
        obj.pk = user.pk
        self._show_passwords(request, [(user, password)])
        return None

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    # Temporary passwords are kept in the server-side session (PostgreSQL)
    # until the one page that shows them is rendered, never in a message:
    # messages may travel in a signed, readable cookie.
    ISSUED_KEY = "congress.issued_passwords"

    def _show_passwords(self, request, accounts):
        request.session[self.ISSUED_KEY] = [
            {"username": u.username, "real_name": u.real_name, "password": p}
            for u, p in accounts
        ]
        return redirect("admin:congress_user_issued")

    def issued_view(self, request):
        """Shows the temporary passwords just issued, once; a reload shows none."""
        accounts = request.session.pop(self.ISSUED_KEY, [])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Temporary passwords"),
            "opts": self.opts,
            "issued": accounts,
        }
        return TemplateResponse(request, "admin/congress/user/issued.html", context)

    def response_add(self, request, obj, post_url_continue=None):
        if self.ISSUED_KEY in request.session:
            return redirect("admin:congress_user_issued")
        return super().response_add(request, obj, post_url_continue)

    def _refuse_unmanageable(self, request, queryset) -> list:
        accounts = list(queryset)
        refused = [a for a in accounts if not account_manageable_by(request.user, a)]
        if refused:
            messages.error(
                request,
                _(
                    "Only the system administrator may change these accounts; "
                    "nothing was done: %(names)s"
                )
                % {"names": "、".join(a.username for a in refused)},
            )
            return []
        return accounts

    @admin.action(description=_("Reset password (temporary password)"))
    def reset_passwords(self, request, queryset):
        accounts = self._refuse_unmanageable(request, queryset)
        if not accounts:
            return None
        refused = admin_rate_refusal(request, "password", PASSWORD_CHANGES_PER_HOUR)
        if refused:
            return refused
        try:
            with transaction.atomic():
                issued = [
                    (u, services.user_password_reset(u, by=request.user))
                    for u in accounts
                ]
        except DomainError as error:
            messages.error(request, error.message)
            return
        return self._show_passwords(request, issued)

    @admin.action(description=_("Deactivate and log out everywhere"))
    def deactivate(self, request, queryset):
        accounts = self._refuse_unmanageable(request, queryset)
        for user in accounts:
            services.user_deactivate(user)
        if accounts:
            messages.success(request, _("The accounts were deactivated."))

    def get_actions(self, request, *args, **kwargs):
        actions = super().get_actions(request, *args, **kwargs)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

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
        issued = self.admin_site.admin_view(self.issued_view)
        return [
            path("import/", view, name="congress_user_import"),
            path("issued/", issued, name="congress_user_issued"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        refused = admin_rate_refusal(request, IMPORT, IMPORTS_PER_HOUR)
        if refused:
            return refused
        form = AccountImportForm(request.POST or None, request.FILES or None)
        errors, accounts = [], []
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_rows(form.cleaned_data["file"], services.ACCOUNT_COLUMNS)
                accounts = services.users_import(rows, by=request.user)
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
