"""The admin import's confirm step accepts only the file its preview wrote.

django-import-export writes the previewed upload to a temporary folder and
puts the file's name in a hidden field; the confirm step then reads and
deletes whatever name is posted back, so anyone with import permission could
read (as an import) and delete other files of that folder. Here the name
travels signed, bound to the person who previewed it and for a limited time;
anything else is refused with a message and nothing is read or deleted.
"""

import os

from django import forms
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm

from congress.ratelimits import (
    EXPORT,
    EXPORTS_PER_HOUR,
    IMPORT,
    IMPORTS_PER_HOUR,
    RateLimited,
    rate_limit_check,
    rate_limited_response,
)

SALT = "congress.admin.import-confirm"
MAX_AGE_SECONDS = 60 * 60


def sign_import_file(name: str, *, user) -> str:
    return signing.dumps({"name": name, "user": user.pk}, salt=SALT)


def unsign_import_file(token: str, *, user) -> str:
    """The temporary file's name; raises signing.BadSignation (tampered,
    expired or another person's token)."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    if data.get("user") != user.pk:
        raise signing.BadSignature("token of another user")
    return os.path.basename(data["name"])


class SignedConfirmImportForm(ConfirmImportForm):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_import_file_name(self):
        try:
            return unsign_import_file(
                self.cleaned_data["import_file_name"], user=self.user
            )
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(
                _("This import has expired or was not prepared by you."),
                code="import_token",
            ) from None


class SignedImportConfirmMixin:
    """For every ImportMixin admin: confirm only the file this preview wrote."""

    confirm_form_class = SignedConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            initial["import_file_name"] = sign_import_file(
                initial["import_file_name"], user=request.user
            )
        return initial

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {
            **super().get_confirm_form_kwargs(request, import_form),
            "user": request.user,
        }

    def process_import(self, request, **kwargs):
        if not self.create_confirm_form(request).is_valid():
            messages.error(
                request,
                _(
                    "This import has expired or was not prepared by you; "
                    "upload the file again. Nothing was imported."
                ),
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        return super().process_import(request, **kwargs)


def admin_rate_refusal(request, scope: str, rule, *, methods=("POST",)):
    """The 429 answer when this admin request passes its hourly limit, else
    None (admin views are methods, so they call this rather than decorate)."""
    if request.method not in methods:
        return None
    try:
        rate_limit_check(request, scope, rule)
    except RateLimited as error:
        return rate_limited_response(request, error)
    return None


class RateLimitedImportExportMixin:
    """For every import-export admin: uploads (preview and confirm) count as
    imports, exports (the export form's POST) as exports, with the same
    hourly rules as the portal's pages."""

    def import_action(self, request, *args, **kwargs):
        refused = admin_rate_refusal(request, IMPORT, IMPORTS_PER_HOUR)
        return refused or super().import_action(request, *args, **kwargs)

    def process_import(self, request, *args, **kwargs):
        refused = admin_rate_refusal(request, IMPORT, IMPORTS_PER_HOUR)
        return refused or super().process_import(request, *args, **kwargs)

    def export_action(self, request, *args, **kwargs):
        refused = admin_rate_refusal(request, EXPORT, EXPORTS_PER_HOUR)
        return refused or super().export_action(request, *args, **kwargs)
