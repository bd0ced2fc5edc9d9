"""Receptions and citizens' issues followed to an answer (R7 L208):
"当天能够解决的当天解决、不能解决的留下联系方式，一个月内予以答复".

An issue is received at a reception or from an online message, then routed
once: solved on the spot (closed), referred to an organisation with a reply
deadline (a rule, one month by default), passed to a higher-level deputy,
turned into a deputy's suggestion (a draft in proposals, made by that deputy),
or not accepted with a reason. The answer is followed by the citizen's
feedback; "not satisfied" reopens the issue once.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import calendar, rules
from congress.exceptions import DomainError
from congress.history import history_context
from congress.images import normalize_photo
from congress.models import User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.uploads import validate_upload
from congress.workflow import transition
from liaison_stations import access
from liaison_stations.models import (
    Feedback,
    Issue,
    IssueEvent,
    IssueSource,
    IssueStatus,
    Reception,
    Routing,
    Station,
)
from liaison_stations.services.summaries import summaries_refresh
from liaison_stations.workflow import ISSUE

REPLY_MONTHS = rules.register(
    rules.Rule(
        "liaison.issue_reply_months",
        gettext_lazy("Reply deadline for citizens' issues (months)"),
        1,
        gettext_lazy(
            "An issue referred to an organisation is due this many months after "
            "it was received, moved to the next working day."
        ),
        min_value=1,
        max_value=6,
    )
)

register_kind(
    "liaison_stations.issue_referred",
    title=gettext_lazy("A citizen's issue from %(station)s for your organisation"),
    body=gettext_lazy("Reply by %(due)s: %(summary)s"),
)
register_kind(
    "liaison_stations.issue_for_deputy",
    title=gettext_lazy("A citizen's issue from %(station)s for you"),
    body=gettext_lazy("%(routing)s: %(summary)s"),
)
register_kind(
    "liaison_stations.issue_answered",
    title=gettext_lazy("Answer to issue %(code)s"),
    body=gettext_lazy("Record the citizen's feedback: %(summary)s"),
)
register_kind(
    "liaison_stations.issue_due",
    title=gettext_lazy("Citizen's issue %(code)s: reply due %(deadline)s"),
    body=gettext_lazy("%(station)s: %(summary)s"),
    label=gettext_lazy("Reply reminders for citizens' issues"),
)
register_kind(
    "liaison_stations.message_received",
    title=gettext_lazy("New online message for %(station)s"),
    body=gettext_lazy("%(summary)s"),
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class IssueRefused(DomainError):
    """A rule of the issue workflow refuses the step."""


def tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))


def _summary(issue: Issue) -> str:
    return issue.content[:60]


def _event(issue: Issue, type_: str, *, user, now, comment: str = "", **data):
    IssueEvent.objects.create(
        issue=issue,
        type=f"liaison_stations.{type_}",
        actor=user,
        comment=comment,
        data=data,
        created_at=now,
    )


def _refresh(issue: Issue, *deputy_ids: int | None) -> None:
    """The issue's month at its station, and its handling deputies' year."""
    summaries_refresh(
        station_ids=[issue.station_id],
        days=[issue.created_at],
        deputy_ids=[issue.handling_deputy_id, *deputy_ids],
    )


def _require_manager(user, station: Station) -> None:
    if not access.can_manage(user, station):
        raise PermissionDenied


# Receptions ------------------------------------------------------------------


def reception_record(
    station: Station,
    *,
    user,
    kind: str,
    date: datetime.date,
    deputies,
    visitor_count: int,
    summary: str,
    slot=None,
) -> Reception:
    """The station records a reception with the deputies present."""
    _require_manager(user, station)
    if not deputies:
        raise IssueRefused(_("Name at least one deputy present."))
    with transaction.atomic(), history_context(user):
        reception = Reception.objects.create(
            station=station,
            slot=slot,
            kind=kind,
            date=date,
            visitor_count=visitor_count,
            summary=summary,
            recorded_by=user,
        )
        reception.deputies.set(deputies)
        summaries_refresh(
            station_ids=[station.pk],
            days=[date],
            deputy_ids=[deputy.pk for deputy in deputies],
        )
    return reception


def issue_record(
    reception: Reception,
    *,
    user,
    citizen_name: str,
    citizen_phone: str,
    content: str,
    category: str,
    place: str = "",
    now=None,
) -> Issue:
    """An issue raised at a reception (status received)."""
    _require_manager(user, reception.station)
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        issue = Issue.objects.create(
            station=reception.station,
            reception=reception,
            source=IssueSource.RECEPTION,
            citizen_name=citizen_name,
            citizen_phone=citizen_phone,
            content=content,
            category=category,
            place=place,
            tracking_code=tracking_code(),
            created_at=now,
        )
        _event(issue, "received", user=user, now=now)
        _refresh(issue)
    return issue


def message_receive(
    station: Station,
    *,
    citizen_name: str,
    citizen_phone: str,
    content: str,
    category: str,
    deputy=None,
    photo=None,
    client_hash: str = "",
    now=None,
) -> Issue:
    """A resident's online message (网上联络站): an issue like one raised at a
    reception, with a tracking code; the station's managers are notified.
    A photo is checked and re-encoded like every upload (HEIC to JPEG, the
    EXIF block with the phone's location dropped). Limits are checked by the
    caller (liaison_stations.public). Raises ValidationError (not a photo)."""
    now = now or timezone.now()
    if photo:
        photo = normalize_photo(photo, mime_type=validate_upload(photo, use="photo"))
    with transaction.atomic():
        issue = Issue.objects.create(
            station=station,
            source=IssueSource.ONLINE,
            addressed_to=deputy,
            citizen_name=citizen_name,
            citizen_phone=citizen_phone,
            content=content,
            category=category,
            photo=photo or "",
            tracking_code=tracking_code(),
            client_hash=client_hash,
            created_at=now,
        )
        _event(issue, "received_online", user=None, now=now)
        _refresh(issue)
        url = reverse("liaison_stations:issue_detail", args=[issue.pk])
        params = {"station": station.name, "summary": _summary(issue)}
        notify_bulk(
            [
                (manager, "liaison_stations.message_received", params, issue, url)
                for manager in access.managers_of(station)
            ]
        )
    return issue


# Routing --------------------------------------------------------------------


def issue_solve(issue: Issue, *, user, reply: str, now=None) -> Issue:
    """Solved on the spot (当天解决): closed with what was done."""
    return _route(
        issue,
        IssueStatus.CLOSED,
        Routing.SOLVED_ON_SPOT,
        user=user,
        now=now,
        reply=reply,
    )


def issue_refer(
    issue: Issue, *, user, organization, due_date=None, comment: str = "", now=None
) -> Issue:
    """Referred (转办) to an organisation, due one month (the rule) after the
    issue was received unless a date is given; its liaisons are notified."""
    now = now or timezone.now()
    received = timezone.localdate(issue.created_at)
    due_date = due_date or calendar.add_months_to_workday(
        received, rules.get(REPLY_MONTHS.key)
    )
    return _route(
        issue,
        IssueStatus.REFERRED,
        Routing.REFERRED,
        user=user,
        now=now,
        organization=organization,
        due_date=due_date,
        comment=comment,
    )


def issue_pass_up(
    issue: Issue, *, user, deputy, due_date=None, comment: str = "", now=None
) -> Issue:
    """Passed to a higher-level deputy (e.g. a municipal deputy for a city
    matter), who answers in their workspace."""
    now = now or timezone.now()
    due_date = due_date or calendar.add_months_to_workday(
        timezone.localdate(issue.created_at), rules.get(REPLY_MONTHS.key)
    )
    return _route(
        issue,
        IssueStatus.PASSED_UP,
        Routing.PASSED_UP,
        user=user,
        now=now,
        handling_deputy=deputy,
        due_date=due_date,
        comment=comment,
    )


def issue_to_suggestion(issue: Issue, *, user, deputy, comment: str = "", now=None):
    """To become a deputy's suggestion, drafted by that deputy
    (issue_draft_suggestion)."""
    if deputy.user_id is None:
        raise IssueRefused(_("This deputy has no login to draft a suggestion."))
    return _route(
        issue,
        IssueStatus.SUGGESTION,
        Routing.SUGGESTION,
        user=user,
        now=now,
        handling_deputy=deputy,
        comment=comment,
    )


def issue_screen_out(issue: Issue, *, user, reason: str, now=None) -> Issue:
    """Not accepted (不予受理), with the reason the citizen will see."""
    if not reason.strip():
        raise IssueRefused(_("Give the reason for not accepting the issue."))
    return _route(
        issue,
        IssueStatus.SCREENED_OUT,
        Routing.SCREENED_OUT,
        user=user,
        now=now,
        screen_reason=reason.strip(),
    )


def _route(issue: Issue, target: str, routing: str, *, user, now, **fields) -> Issue:
    _require_manager(user, issue.station)
    now = now or timezone.now()
    comment = fields.pop("comment", "")
    with transaction.atomic(), history_context(user):
        issue = transition(issue, target, machine=ISSUE, user=user)
        previous_deputy = issue.handling_deputy_id
        issue.routing = routing
        for name, value in fields.items():
            setattr(issue, name, value)
        if target == IssueStatus.CLOSED:
            issue.replied_at = issue.closed_at = now
        if target == IssueStatus.SCREENED_OUT:
            issue.closed_at = now
        issue.save()
        _event(
            issue,
            f"routed.{routing}",
            user=user,
            now=now,
            comment=comment,
            organization=issue.organization_id,
            deputy=issue.handling_deputy_id,
            due=issue.due_date.isoformat() if issue.due_date else None,
        )
        _notify_routed(issue)
        _refresh(issue, previous_deputy)
    return issue


def _notify_routed(issue: Issue) -> None:
    params = {
        "station": issue.station.name,
        "summary": _summary(issue),
        "due": issue.due_date.isoformat() if issue.due_date else "",
        "routing": str(Routing(issue.routing).label),
    }
    url = reverse("liaison_stations:issue_detail", args=[issue.pk])
    items = []
    if issue.status == IssueStatus.REFERRED:
        liaisons = User.objects.with_role(Role.ORG_LIAISON).filter(
            organization=issue.organization
        )
        items = [
            (u, "liaison_stations.issue_referred", params, issue, url) for u in liaisons
        ]
    elif issue.handling_deputy and issue.handling_deputy.user:
        items = [
            (
                issue.handling_deputy.user,
                "liaison_stations.issue_for_deputy",
                params,
                issue,
                url,
            )
        ]
    if items:
        notify_bulk(items)


# Answer and feedback --------------------------------------------------------------


def issue_answer(issue: Issue, *, user, reply: str, now=None) -> Issue:
    """The organisation (or the deputy, or the station on its behalf) answers;
    the station's managers are asked to record the citizen's feedback."""
    now = now or timezone.now()
    if not reply.strip():
        raise IssueRefused(_("Write the answer."))
    with transaction.atomic(), history_context(user):
        issue = transition(issue, IssueStatus.ANSWERED, machine=ISSUE, user=user)
        issue.reply, issue.replied_at = reply.strip(), now
        issue.save(update_fields=["status", "reply", "replied_at"])
        _event(issue, "answered", user=user, now=now, on_time=_on_time(issue, now))
        _refresh(issue)
        params = {"code": issue.tracking_code, "summary": _summary(issue)}
        url = reverse("liaison_stations:issue_detail", args=[issue.pk])
        notify_bulk(
            [
                (m, "liaison_stations.issue_answered", params, issue, url)
                for m in access.managers_of(issue.station)
                if m.pk != user.pk
            ]
        )
    return issue


def _on_time(issue: Issue, now) -> bool:
    return issue.due_date is None or timezone.localdate(now) <= issue.due_date


def issue_draft_suggestion(issue: Issue, *, user, title: str, body: str, now=None):
    """The deputy turns the issue into a suggestion draft (proposals'
    service), linked to the issue, which is answered by it."""
    from proposals.models import Period, ProposalKind
    from proposals.services import proposal_create

    now = now or timezone.now()
    deputy = issue.handling_deputy
    if deputy is None or deputy.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic(), history_context(user):
        issue = transition(issue, IssueStatus.ANSWERED, machine=ISSUE, user=user)
        proposal = proposal_create(
            lead_deputy=deputy,
            kind=ProposalKind.SUGGESTION,
            title=title,
            body=body,
            period=Period.RECESS,
            user=user,
        )
        issue.proposal = proposal
        with translation.override(settings.LANGUAGE_CODE):
            issue.reply = _("Taken up as a deputy's suggestion: “%(title)s”.") % {
                "title": title
            }
        issue.replied_at = now
        issue.save(update_fields=["status", "proposal", "reply", "replied_at"])
        _event(issue, "suggestion_drafted", user=user, now=now, proposal=proposal.pk)
        _refresh(issue)
    return issue, proposal


def issue_feedback(issue: Issue, *, user, feedback: str, comment: str = "", now=None):
    """The citizen's feedback on the answer (结果反馈): satisfied closes it; not
    satisfied reopens it once for routing again, and closes it the second time."""
    _require_manager(user, issue.station)
    now = now or timezone.now()
    reopen = feedback == Feedback.DISSATISFIED and not issue.reopened
    target = IssueStatus.RECEIVED if reopen else IssueStatus.CLOSED
    with transaction.atomic(), history_context(user):
        issue = transition(issue, target, machine=ISSUE, user=user)
        issue.feedback = feedback
        if reopen:
            issue.reopened = True
            issue.routing, issue.due_date = "", None
        else:
            issue.closed_at = now
        issue.save()
        _event(
            issue,
            "reopened" if reopen else "closed",
            user=user,
            now=now,
            comment=comment,
            feedback=feedback,
        )
        _refresh(issue)
    return issue


def issue_lookup(code: str, phone: str) -> Issue | None:
    """An issue by its tracking code and the phone it was left with (both must
    match); None otherwise, without saying which one was wrong."""
    code = (code or "").strip().upper()
    phone = (phone or "").strip()
    if not code or not phone:
        return None
    return (
        Issue.objects.select_related("station")
        .filter(tracking_code=code, citizen_phone=phone)
        .first()
    )
