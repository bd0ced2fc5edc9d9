"""Second-factor pages: verify a code after the password, enrol an
authenticator app, renew backup codes (see congress.second_factor)."""

import textwrap
from base64 import b32encode

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from congress import second_factor
from congress.access import logged_in
from congress.redirects import next_url


def _verified(request: HttpRequest) -> bool:
    # django-otp's middleware adds is_verified() to the user.
    return request.user.is_verified()  # type: ignore[union-attr]


def _token(request: HttpRequest) -> str:
    # Codes are ASCII digits (backup codes too); spaces from copying are ignored.
    token = "".join(request.POST.get("token", "").split())
    return token if token.isascii() and token.isdigit() and len(token) <= 16 else ""


@logged_in
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app, or one unused backup code."""
    if not second_factor.has_confirmed_device(request.user):
        return redirect("second_factor_setup")
    error = ""
    if request.method == "POST":
        device = match_token(request.user, _token(request))
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request, "/"))
        error = gettext("The code is wrong or has expired. Try the current code.")
    return render(
        request,
        "registration/second_factor_verify.html",
        {"error": error, "next": next_url(request, "/")},
        status=400 if error else 200,
    )


@logged_in
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with a code;
    the backup codes are shown once, on this response only."""
    if second_factor.has_confirmed_device(request.user) and not _verified(request):
        return redirect("second_factor_verify")
    device = second_factor.totp_device_start(request.user)
    error = ""
    if request.method == "POST":
        codes = second_factor.totp_device_confirm(request.user, device, _token(request))
        if codes is not None:
            otp_login(request, device)
            return render(
                request, "registration/second_factor_codes.html", {"codes": codes}
            )
        error = gettext("The code is wrong or has expired. Try the current code.")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "qr_svg": qr.svg_inline(omitsize=True, dark="#000", light="#fff"),
            # Apps take the key in base32, in groups of four for typing.
            "secret": " ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4)),
            "error": error,
            "already_enrolled": second_factor.has_confirmed_device(request.user),
        },
        status=400 if error else 200,
    )


@logged_in
@require_POST
def second_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes replace the old ones (after verifying this session)."""
    if not _verified(request):
        messages.error(request, gettext("Verify your second factor first."))
        return redirect("second_factor_verify")
    codes = second_factor.backup_codes_issue(request.user)
    return render(request, "registration/second_factor_codes.html", {"codes": codes})
