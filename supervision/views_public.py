"""TV and online questioning pages (电视网络问政): the public page listing the
inquiries that take questions with the form to ask one (no login), the
working body's moderation of the questions of an inquiry, putting one at
the session, and the on-site satisfaction vote."""

import hashlib
import hmac

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from congress.access import public, roles
from congress.exceptions import DomainError
from congress.ratelimits import limit_public_form
from congress.roles import Role
from supervision import access, forms
from supervision import public as services
from supervision.models import PublicQuestion
from supervision.views import _data, _fail


class PublicQuestionForm(forms.Bootstrap, django_forms.Form):
    citizen_name = django_forms.CharField(
        label=gettext_lazy("Your name (optional)"), max_length=50, required=False
    )
    citizen_phone = django_forms.RegexField(
        label=gettext_lazy("Phone (only the working body sees it)"),
        regex=r"^[0-9+\- ]{7,20}$",
        max_length=20,
        error_messages={"invalid": gettext_lazy("Enter a valid phone number.")},
    )
    question = django_forms.CharField(
        label=gettext_lazy("Your question"),
        max_length=1000,
        widget=django_forms.Textarea(attrs={"rows": 5}),
    )


class AskForm(forms.Bootstrap, django_forms.Form):
    respondent = django_forms.CharField(
        label=gettext_lazy("Answered by (name and post)"), max_length=100
    )
    answer = django_forms.CharField(
        label=gettext_lazy("Answer"),
        max_length=20000,
        widget=django_forms.Textarea(attrs={"rows": 4}),
    )
    commitment = django_forms.CharField(
        label=gettext_lazy("Commitment made"), max_length=2000, required=False
    )


def _client(request: HttpRequest) -> str:
    """A keyed hash of the address: enough to count, not to identify."""
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


@public
@require_http_methods(["GET", "POST"])
@limit_public_form
def public_inquiries(request: HttpRequest) -> HttpResponse:
    """The inquiries taking the public's questions, each with its form."""
    items = list(services.inquiries_open_to_public())
    chosen = request.POST.get("item", "")
    if request.method == "POST" and chosen not in {str(i.pk) for i in items}:
        raise Http404
    rows = [
        (
            item,
            PublicQuestionForm(
                request.POST if str(item.pk) == chosen else None,
                prefix=f"q{item.pk}",
            ),
        )
        for item in items
    ]
    for item, form in rows:
        if form.is_bound and form.is_valid():
            try:
                services.public_question_submit(
                    item, client=_client(request), **form.cleaned_data
                )
            except DomainError as error:
                _fail(request, error)
            else:
                messages.success(
                    request,
                    _("Thank you: the working body will read your question."),
                )
                return redirect("supervision:public_inquiries")
    return render(request, "supervision/public/inquiries.html", {"rows": rows})


@roles(Role.OFFICE, Role.LEADER)
@require_http_methods(["GET"])
def public_questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The public's questions of an inquiry for the working body (and
    leaders, who read them)."""
    item = access.item_get_for_user(request.user, pk)
    if not item.public_questions:
        raise Http404
    rows = (
        PublicQuestion.objects.filter(item=item)
        .select_related("asked_as", "moderated_by")
        .order_by("submitted_at", "pk")
    )
    return render(
        request,
        "supervision/public/questions.html",
        {
            "item": item,
            "rows": rows,
            "is_staff": request.user.has_role(Role.OFFICE),
            "ask_form": AskForm(),
        },
    )


def _question_for_staff(request: HttpRequest, pk: int) -> PublicQuestion:
    entry = PublicQuestion.objects.select_related("item").filter(pk=pk).first()
    if entry is None:
        raise Http404
    access.item_get_for_user(request.user, entry.item_id, action="manage")
    return entry


@roles(Role.OFFICE)
@require_POST
def public_question_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _question_for_staff(request, pk)
    try:
        services.public_question_moderate(
            entry,
            user=request.user,
            accept=request.POST.get("accept") == "1",
            moderation_note=request.POST.get("note", "")[:200],
        )
    except DomainError as error:
        _fail(request, error)
    return redirect("supervision:public_questions", pk=entry.item_id)


@roles(Role.OFFICE)
@require_POST
def public_question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _question_for_staff(request, pk)
    form = AskForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{errors[0]}")
    else:
        try:
            services.public_question_ask(entry, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The question and its answer are recorded."))
    return redirect("supervision:public_questions", pk=entry.item_id)


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def onsite_vote(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_get_for_user(request.user, pk, action="manage")
    form = forms.VoteForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.onsite_vote_create(
                item, user=request.user, mode=form.cleaned_data["mode"]
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The on-site vote is ready to open."))
            return redirect("ballot_manage", pk=ballot.pk)
    return render(
        request,
        "supervision/livelihood/confirm.html",
        {
            "heading": _("On-site satisfaction vote"),
            "consequence": _(
                "The members rate the officials' answers at the session; below "
                "the threshold the organisation rectifies by a deadline and is "
                "rated again on its handling report."
            ),
            "form": form,
            "back": reverse("supervision:item_detail", args=[item.pk]),
        },
    )
