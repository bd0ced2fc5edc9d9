"""Ballot pages: staff run a ballot, members vote, the meeting sees the result.

Secrecy (see congress/admin/ballots.py): while a ballot is open staff see how
many present members have voted, never running totals; who voted and what was
chosen are never shown side by side.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress import ballots
from congress.access import logged_in, roles
from congress.exceptions import DomainError
from congress.models import Ballot, BallotVoter, Meeting, User
from congress.roles import Role

PAGE_SIZE = 20
Status = Ballot.Status


# Access


def ballot_get_for_voter(user: User, pk: int) -> Ballot:
    """An open online ballot on which `user` is a present voter; else 404.

    Members outside the electorate or absent get 404, so a ballot's existence
    is not revealed to them.
    """
    voters = BallotVoter.objects.filter(ballot=OuterRef("pk"), user=user, present=True)
    return get_object_or_404(
        Ballot.objects.filter(Exists(voters)),
        pk=pk,
        status=Status.OPEN,
        mode=Ballot.Mode.ONLINE,
    )


def ballot_result_get_for_user(user: User, pk: int) -> Ballot:
    """A closed ballot whose result `user` may see; else 404.

    Staff and the electorate (the meeting) see the result as soon as it is
    fixed; other logged-in users only once staff have published it.
    """
    ballot = get_object_or_404(Ballot, pk=pk, status=Status.CLOSED)
    if ballot.published or user.has_role(Role.OFFICE):
        return ballot
    if ballot.voters.filter(user=user).exists():
        return ballot
    raise Http404


# Forms


class BallotCreateForm(forms.ModelForm):
    class Meta:
        model = Ballot
        # What staff choose when drafting; the services write everything else.
        fields = ["title", "kind", "body", "mode", "pass_rule", "meeting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Meeting labels name their term: one query for all of them.
        self.fields["meeting"].queryset = Meeting.objects.select_related("term")
        for name, field in self.fields.items():
            css = "form-select" if name != "title" else "form-control"
            field.widget.attrs["class"] = css


class BallotOpenForm(forms.Form):
    electorate = forms.ModelMultipleChoiceField(
        label=_("Voters"), queryset=User.objects.none()
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, **kwargs)
        # The body's roll on the day: committee members for a committee vote,
        # serving county deputies with a login for a congress session.
        members = ballots.body_roll(ballot.body).users.order_by("real_name", "username")
        self.fields["electorate"].queryset = members
        self.fields["present"].queryset = members
        self.members = members

    def rows(self) -> list[tuple[User, bool, bool]]:
        """(member, in the electorate, present), from the posted data if any."""
        if self.is_bound:
            chosen = set(self.data.getlist("electorate"))
            here = set(self.data.getlist("present"))
        else:
            chosen, here = None, set()
        return [
            (
                member,
                chosen is None or str(member.pk) in chosen,
                str(member.pk) in here,
            )
            for member in self.members
        ]


class PaperTotalsForm(forms.Form):
    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(ballot.tallies.values_list("option", "count"))
        for value, label in ballots.ballot_options(ballot):
            self.fields[value] = forms.IntegerField(
                label=label,
                min_value=0,
                initial=current.get(value, 0),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )


class VoteForm(forms.Form):
    option = forms.ChoiceField(label=_("Your choice"), widget=forms.RadioSelect)

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = ballots.ballot_options(ballot)


# Staff pages


@roles(Role.OFFICE)
@require_GET
def ballot_list(request: HttpRequest) -> HttpResponse:
    # Voted so far, for open ballots: a count of people, never of choices.
    # A subquery, not a join, so the paginator's count stays a plain count.
    voted = (
        BallotVoter.objects.filter(ballot=OuterRef("pk"), voted=True)
        .values("ballot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = Ballot.objects.annotate(
        voted_count=Coalesce(Subquery(voted), 0)
    ).order_by("-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "congress/ballots/list.html", {"page_obj": page})


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def ballot_create(request: HttpRequest) -> HttpResponse:
    form = BallotCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ballot = ballots.ballot_create(**form.cleaned_data, user=request.user)
        messages.success(request, gettext("The ballot has been drafted."))
        return redirect("ballot_manage", pk=ballot.pk)
    return render(request, "congress/ballots/create.html", {"form": form})


def _manage_page(
    request: HttpRequest,
    ballot: Ballot,
    *,
    open_form: BallotOpenForm | None = None,
    totals_form: PaperTotalsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    allowed = ballots.TRANSITIONS[ballot.status]
    context = {
        "ballot": ballot,
        "can_open": Status.OPEN in allowed,
        "can_close": Status.CLOSED in allowed,
        "can_publish": ballot.status == Status.CLOSED and not ballot.published,
    }
    if context["can_open"]:
        context["open_form"] = open_form or BallotOpenForm(ballot=ballot)
    if ballot.status == Status.OPEN:
        # How many have voted, never what they chose: no running totals.
        context["voted_count"] = ballot.voters.filter(voted=True).count()
        if ballot.mode == Ballot.Mode.PAPER:
            context["totals_form"] = totals_form or PaperTotalsForm(ballot=ballot)
    if ballot.status == Status.CLOSED:
        context["rows"] = _result_rows(ballot)
    return render(request, "congress/ballots/manage.html", context, status=status)


@roles(Role.OFFICE)
@require_GET
def ballot_manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_page(request, get_object_or_404(Ballot, pk=pk))


@roles(Role.OFFICE)
@require_POST
def ballot_open(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(Ballot, pk=pk)
    form = BallotOpenForm(request.POST, ballot=ballot)
    if not form.is_valid():
        return _manage_page(request, ballot, open_form=form, status=400)
    try:
        ballots.ballot_open(
            ballot,
            electorate=form.cleaned_data["electorate"],
            present=form.cleaned_data["present"],
            user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("The ballot is open."))
    return redirect("ballot_manage", pk=ballot.pk)


@roles(Role.OFFICE)
@require_POST
def ballot_totals(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(Ballot, pk=pk)
    form = PaperTotalsForm(request.POST, ballot=ballot)
    if not form.is_valid():
        return _manage_page(request, ballot, totals_form=form, status=400)
    try:
        ballots.ballot_record_paper_totals(
            ballot, totals=form.cleaned_data, user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("The paper ballot totals have been saved."))
    return redirect("ballot_manage", pk=ballot.pk)


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a confirm page (the result is fixed for good); POST: close."""
    ballot = get_object_or_404(Ballot, pk=pk)
    if request.method == "GET":
        return render(request, "congress/ballots/close.html", {"ballot": ballot})
    try:
        ballots.ballot_close(ballot, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("The ballot is closed; its result is fixed."))
    return redirect("ballot_manage", pk=ballot.pk)


@roles(Role.OFFICE)
@require_POST
def ballot_publish(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(Ballot, pk=pk)
    try:
        ballots.ballot_publish(ballot, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("The result has been published."))
    return redirect("ballot_manage", pk=ballot.pk)


# Members


@roles(Role.MEMBER)
@require_GET
def ballot_vote_list(request: HttpRequest) -> HttpResponse:
    """Open online ballots still awaiting the member's vote, then closed results."""
    mine = BallotVoter.objects.filter(ballot=OuterRef("pk"), user=request.user)
    waiting = Ballot.objects.filter(
        Exists(mine.filter(present=True, voted=False)),
        status=Status.OPEN,
        mode=Ballot.Mode.ONLINE,
    ).order_by("-pk")
    closed = Ballot.objects.filter(Exists(mine), status=Status.CLOSED).order_by(
        "-closed_at", "-pk"
    )
    page = Paginator(closed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "congress/ballots/vote_list.html",
        {"waiting": waiting, "page_obj": page},
    )


@roles(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def ballot_vote(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_get_for_voter(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = VoteForm(data, ballot=ballot)
    if request.method == "POST" and form.is_valid():
        try:
            ballots.ballot_cast(
                ballot, voter=request.user, option=form.cleaned_data["option"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Your vote was recorded."))
        return redirect("ballot_vote_list")
    voted = ballot.voters.filter(user=request.user, voted=True).exists()
    return render(
        request,
        "congress/ballots/vote.html",
        {"ballot": ballot, "form": form, "voted": voted},
    )


# Results


def _result_rows(ballot: Ballot) -> list[tuple[str, int]]:
    """(option label, count) in the ballot's own order, from the fixed result."""
    return [
        (label, ballot.result.get(value, 0))
        for value, label in ballots.ballot_options(ballot)
    ]


@logged_in
@require_GET
def ballot_result(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_result_get_for_user(request.user, pk)
    return render(
        request,
        "congress/ballots/result.html",
        {"ballot": ballot, "rows": _result_rows(ballot)},
    )
