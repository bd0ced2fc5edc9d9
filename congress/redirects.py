"""Safe redirects: back where an action started, never to another site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request: HttpRequest, url: str) -> bool:
    """Whether `url` stays on this site (same host, and HTTPS when the request
    is secure)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, default: str) -> str:
    """The `next` parameter (POST before GET) when it is safe, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else default
