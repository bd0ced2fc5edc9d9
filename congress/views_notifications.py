"""The inbox, marking notices read, the unread count and channel preferences."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress import notifications
from congress.access import logged_in
from congress.models import Channel, Notification
from congress.redirects import is_safe_url
from congress.validators import is_ascii_number

PAGE_SIZE = 20


@logged_in
@require_GET
def notification_inbox(request: HttpRequest) -> HttpResponse:
    queryset = Notification.objects.filter(recipient=request.user).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(notice, *notifications.render(notice)) for notice in page]
    return render(
        request,
        "congress/notifications/inbox.html",
        {"page_obj": page, "items": items},
    )


def _inbox_url(request: HttpRequest) -> str:
    url = reverse("notification_inbox")
    page = request.POST.get("page", "")
    return f"{url}?page={page}" if is_ascii_number(page) else url


@logged_in
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notices read; with `open`, follow its link."""
    notice = notifications.notification_get_for_user(request.user, pk)
    if notice is None:
        raise Http404
    notifications.notification_mark_read(notice)
    if "open" in request.POST and notice.url and is_safe_url(request, notice.url):
        return redirect(notice.url)
    return redirect(_inbox_url(request))


@logged_in
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_all_read(request.user)
    if count:
        messages.success(
            request,
            gettext("%(count)s notices marked as read.") % {"count": count},
        )
    return redirect("notification_inbox")


@logged_in
@require_GET
def notification_unread_count(request: HttpRequest) -> HttpResponse:
    """JSON {"unread": n}; htmx requests get the navbar badge instead."""
    unread = notifications.notification_unread_count(request.user)
    if getattr(request, "htmx", False):
        return render(
            request,
            "congress/notifications/_unread_badge.html",
            {"unread": unread},
        )
    return JsonResponse({"unread": unread})


def _field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class PreferencesForm(forms.Form):
    """One checkbox per group of kinds the user receives and external
    channel; a group's choice applies to each of its kinds."""

    def __init__(
        self,
        *args,
        initial_choices: dict[tuple[str, str], bool],
        groups: list[tuple[str, list]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.rows = []
        for label, kinds in groups:
            row = []
            for channel in notifications.EXTERNAL_CHANNELS:
                name = _field_name(kinds[0].key, channel.value)
                self.fields[name] = forms.BooleanField(
                    label=channel.label,
                    required=False,
                    initial=initial_choices[(kinds[0].key, channel.value)],
                )
                row.append(name)
            self.rows.append((label, kinds, row))

    def choices(self) -> dict[tuple[str, str], bool]:
        return {
            (kind.key, channel.value): self.cleaned_data[
                _field_name(kinds[0].key, channel.value)
            ]
            for _label, kinds in self.groups
            for kind in kinds
            for channel in notifications.EXTERNAL_CHANNELS
        }


@logged_in
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = notifications.notification_preferences_for(request.user)
    form = PreferencesForm(
        request.POST or None,
        initial_choices=current,
        groups=notifications.preference_groups(request.user),
    )
    if request.method == "POST" and form.is_valid():
        notifications.notification_preferences_set(request.user, choices=form.choices())
        messages.success(request, gettext("Your notice settings have been saved."))
        return redirect("notification_preferences")
    rows = [
        (label, kinds[0], [form[name] for name in names])
        for label, kinds, names in form.rows
    ]
    return render(
        request,
        "congress/notifications/preferences.html",
        {
            "form": form,
            "rows": rows,
            "channels": [Channel.IN_APP, *notifications.EXTERNAL_CHANNELS],
            "has_email": bool(request.user.email),
            "has_mobile": bool(request.user.mobile),
        },
    )
