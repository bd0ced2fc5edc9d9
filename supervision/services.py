"""Supervision services: every write of the app, one function per transition.

Order of a work-report review: item_create → item_prepare (the statutory
clock) → item_report_receive (draft, revised) → item_circulate →
item_deliberate → opinion_save → opinion_agree → opinion_send → point_answer
(per point) → handling_report_submit → item_vote_create → (the ballot closes)
item_vote_settle → closed, or rectification and a second vote (再审制).
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.attachments import attachment_create
from congress.ballots import ballot_create
from congress.calendar import add_months
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Ballot, Meeting, Organization, User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from supervision import workflow
from supervision.models import (
    Finding,
    Form,
    HandlingReport,
    InquiryQuestion,
    Item,
    ItemEvent,
    ItemStatus,
    ItemVote,
    Opinion,
    OpinionPoint,
    OpinionStatus,
    Plan,
    PointStatus,
    Visit,
)

S = ItemStatus
EDITABLE = (S.PLANNED, S.PREPARING)
ANSWERABLE = (S.OPINION_SENT, S.RECTIFYING)


class SupervisionRefused(DomainError):
    """A business rule of supervision refuses the step."""


_KINDS = {
    "supervision.preparing": (
        gettext_lazy("Report requested: “%(topic)s”"),
        gettext_lazy(
            "Please send your work report to the working body by %(report_due)s "
            "and the revised report by %(revised_due)s."
        ),
    ),
    "supervision.circulated": (
        gettext_lazy("Meeting documents: “%(topic)s”"),
        gettext_lazy("The work report for the coming meeting is ready to read."),
    ),
    "supervision.opinion_sent": (
        gettext_lazy("Deliberation opinions on “%(topic)s”"),
        gettext_lazy(
            "Please answer each point and submit your handling report by %(due)s."
        ),
    ),
    "supervision.reported": (
        gettext_lazy("Handling report received: “%(topic)s”"),
        gettext_lazy("%(organization)s submitted its handling report."),
    ),
    "supervision.rectification": (
        gettext_lazy("Rectification required: “%(topic)s”"),
        gettext_lazy(
            "The satisfaction vote fell below the threshold (%(percent)s%%). "
            "Rectify and report again by %(due)s; the item will be voted again."
        ),
    ),
    "supervision.escalated": (
        gettext_lazy("Second vote failed: “%(topic)s”"),
        gettext_lazy(
            "The item is referred to the chairpersons' meeting, which decides "
            "on further supervision."
        ),
    ),
    "supervision.reminder": (
        gettext_lazy("Deadline %(deadline)s: “%(topic)s”"),
        gettext_lazy("%(what)s"),
    ),
}
_ORG = (Role.ORG_LIAISON, Role.ORG_HEAD)
# Who receives each kind: the settings page shows a role only the kinds it
# can receive.
_RECEIVERS = {
    "supervision.preparing": _ORG,
    "supervision.circulated": (Role.MEMBER,),
    "supervision.opinion_sent": _ORG,
    "supervision.reported": (Role.OFFICE,),
    "supervision.rectification": _ORG,
    "supervision.escalated": (Role.LEADER, Role.OFFICE),
    # Reminders go to the organisation and to the working body's staff.
    "supervision.reminder": (*_ORG, Role.OFFICE),
}
for _key, (_title, _body) in _KINDS.items():
    register_kind(_key, title=_title, body=_body, roles=_RECEIVERS[_key])


# Helpers ----------------------------------------------------------------------


def org_users(organization_ids: Iterable[int]) -> dict[int, list[User]]:
    """{organisation id: its active liaisons and heads}, in one query."""
    users = (
        User.objects.filter(
            organization_id__in=set(organization_ids),
            is_active=True,
            groups__name__in=[Role.ORG_LIAISON, Role.ORG_HEAD],
        )
        .distinct()
        .order_by("pk")
    )
    result: dict[int, list[User]] = {}
    for user in users:
        result.setdefault(user.organization_id, []).append(user)
    return result


def body_staff(body_ids: Iterable[int]) -> dict[int, list[User]]:
    """{working body id: its active staff}, in one query."""
    users = User.objects.filter(
        working_body_id__in=set(body_ids), is_active=True
    ).order_by("pk")
    result: dict[int, list[User]] = {}
    for user in users:
        result.setdefault(user.working_body_id, []).append(user)
    return result


def _event(item: Item, type_: str, *, user, now, comment: str = "", **data) -> None:
    ItemEvent.objects.create(
        item=item,
        type=f"supervision.{type_}",
        actor=user,
        comment=comment,
        data=data,
        created_at=now,
    )


def _notify(users: Iterable[User], kind: str, item: Item, **params) -> None:
    params = {"topic": item.topic, **params}
    url = item.get_absolute_url()
    notify_bulk([(user, kind, params, item, url) for user in users])


def _check_org(item: Item, user: User) -> None:
    """The organisation's own people act for it; staff may enter for them."""
    if user.has_role(Role.OFFICE):
        return
    if user.organization_id != item.organization_id:
        raise SupervisionRefused(
            _("Only the supervised organisation can do this for its item.")
        )


# Plan and items ---------------------------------------------------------------


def plan_create(*, year: int, title: str, user: User | None, adopted_on=None) -> Plan:
    """The year's plan; one per year (IntegrityError otherwise)."""
    with transaction.atomic(), history_context(user):
        return Plan.objects.create(year=year, title=title, adopted_on=adopted_on)


def plan_ensure(*, year: int, user: User | None) -> Plan:
    """The year's plan, created with its default title when missing."""
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        title = _("Supervision plan for %(year)s") % {"year": year}
        with transaction.atomic(), history_context(user):
            plan, _created = Plan.objects.get_or_create(
                year=year, defaults={"title": title}
            )
    return plan


def item_create(
    plan: Plan,
    *,
    user: User | None,
    form: str,
    topic: str,
    working_body: Organization,
    organization: Organization,
    description: str = "",
    law: str = "",
    planned_month: int | None = None,
    meeting: Meeting | None = None,
    members: Sequence[User] = (),
    deputies: Sequence = (),
    public_questions: bool = False,
    now: datetime.datetime | None = None,
) -> Item:
    """A planned item of the year's plan (列入工作要点)."""
    now = now or timezone.now()
    if form == Form.LAW_INSPECTION and not law:
        raise SupervisionRefused(_("A law-enforcement inspection names its law."))
    if public_questions and form != Form.INQUIRY:
        raise SupervisionRefused(
            _("Only special inquiries take the public's questions.")
        )
    with transaction.atomic(), history_context(user):
        item = Item.objects.create(
            plan=plan,
            form=Form(form),
            topic=topic,
            working_body=working_body,
            organization=organization,
            description=description,
            law=law,
            planned_month=planned_month,
            meeting=meeting,
            public_questions=public_questions,
        )
        item.members.set(members)
        item.deputies.set(deputies)
        _event(item, "planned", user=user, now=now)
    return item


ITEM_FIELDS = {
    "form",
    "topic",
    "description",
    "law",
    "working_body",
    "organization",
    "planned_month",
    "meeting",
    "public_questions",
}


def item_update(
    item: Item, *, user: User, members=None, deputies=None, **fields
) -> Item:
    """Change a planned or preparing item's particulars and participants."""
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise TypeError(f"item_update: unknown fields {sorted(unknown)}")
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.status not in EDITABLE:
            raise SupervisionRefused(
                _("Only a planned or preparing item can be changed.")
            )
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        if members is not None:
            item.members.set(members)
        if deputies is not None:
            item.deputies.set(deputies)
        _event(item, "updated", user=user, now=timezone.now())
    return item


def clock(meeting: Meeting) -> dict[str, datetime.date]:
    """The statutory dates before `meeting` from the installation's rules."""
    start = meeting.start_date
    days = datetime.timedelta
    return {
        "report_due_on": start - days(rules.get(workflow.REPORT_DAYS.key)),
        "revised_due_on": start - days(rules.get(workflow.REVISED_DAYS.key)),
        "circulate_on": start - days(rules.get(workflow.CIRCULATE_DAYS.key)),
    }


def item_prepare(
    item: Item, *, user: User, meeting: Meeting | None = None, now=None
) -> Item:
    """Start preparing (会前准备): fix the meeting and the statutory clock and
    tell the organisation what is asked of it."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        item = transition(item, S.PREPARING, machine=workflow.ITEM, user=user)
        item.meeting = meeting or item.meeting
        if item.meeting is None:
            raise SupervisionRefused(
                _("Choose the meeting that will hear the item first.")
            )
        dates = clock(item.meeting)
        for name, value in dates.items():
            setattr(item, name, value)
        item.save()
        _event(item, "preparing", user=user, now=now)
        # Items recorded after the fact (a past session) ask nothing of anyone.
        late = dates["report_due_on"] < timezone.localdate(now)
        recipients = org_users([item.organization_id]).get(item.organization_id, [])
        _notify(
            [] if late else recipients,
            "supervision.preparing",
            item,
            report_due=dates["report_due_on"].isoformat(),
            revised_due=dates["revised_due_on"].isoformat(),
        )
    return item


def item_report_receive(
    item: Item,
    *,
    user: User,
    revised: bool,
    files: Sequence[File] = (),
    now=None,
) -> Item:
    """The organisation's work report (or its revision) reaches the working
    body; the files are attached to the item."""
    now = now or timezone.now()
    _check_org(item, user)
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.status != S.PREPARING:
            raise SupervisionRefused(
                _("Reports are received while the item is being prepared.")
            )
        if revised and item.report_received_on is None:
            raise SupervisionRefused(_("The first version of the report comes first."))
        field = "revised_received_on" if revised else "report_received_on"
        setattr(item, field, timezone.localdate(now))
        item.save(update_fields=[field])
        for upload in files:
            attachment_create(item, upload, user=user)
        due = item.revised_due_on if revised else item.report_due_on
        _event(
            item,
            "revised_received" if revised else "report_received",
            user=user,
            now=now,
            late=bool(due and timezone.localdate(now) > due),
        )
    return item


def item_circulate(item: Item, *, user: User, now=None) -> Item:
    """Send the report to the committee members (会前7日) and the members
    taking part."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.status != S.PREPARING or item.report_received_on is None:
            raise SupervisionRefused(
                _("The report can go to the members once it has been received.")
            )
        item.circulated_on = timezone.localdate(now)
        item.save(update_fields=["circulated_on"])
        _event(item, "circulated", user=user, now=now)
        members = User.objects.with_role(Role.MEMBER).distinct()
        _notify(members, "supervision.circulated", item)
    return item


def item_deliberate(item: Item, *, user: User, deliberation: str, now=None) -> Item:
    """The meeting heard and deliberated the item; the members' views are
    recorded (听取审议)."""
    now = now or timezone.now()
    if not deliberation.strip():
        raise SupervisionRefused(_("Record what the members said."))
    with transaction.atomic(), history_context(user):
        item = transition(item, S.DELIBERATED, machine=workflow.ITEM, user=user)
        item.deliberation = deliberation
        item.save(update_fields=["status", "deliberation"])
        _event(item, "deliberated", user=user, now=now)
    return item


def item_cancel(item: Item, *, user: User, reason: str, now=None) -> Item:
    """Take a planned or preparing item off the plan, with the reason."""
    now = now or timezone.now()
    if not reason.strip():
        raise SupervisionRefused(_("Give the reason for cancelling."))
    with transaction.atomic(), history_context(user):
        item = transition(item, S.CANCELLED, machine=workflow.ITEM, user=user)
        item.save(update_fields=["status"])
        _event(item, "cancelled", user=user, now=now, comment=reason)
    return item


def item_close(item: Item, *, user: User, comment: str = "", now=None) -> Item:
    """Close an item: after the meeting when no opinions follow, after a
    handling report that needs no vote, or after the chairpersons' meeting
    decided on an escalated item. Answered points are closed with it."""
    now = now or timezone.now()
    if item.status == S.ESCALATED and not comment.strip():
        raise SupervisionRefused(_("Record what the chairpersons' meeting decided."))
    with transaction.atomic(), history_context(user):
        item = transition(item, S.CLOSED, machine=workflow.ITEM, user=user)
        item.save(update_fields=["status"])
        _close_answered_points(item, now=now)
        _event(item, "closed", user=user, now=now, comment=comment)
    return item


def _close_answered_points(item: Item, *, now) -> None:
    OpinionPoint.objects.filter(opinion__item=item, status=PointStatus.ANSWERED).update(
        status=PointStatus.CLOSED, closed_at=now
    )


# Inspections and inspection tours ------------------------------------------------

VISIT_KINDS: dict[str, str] = {
    Form.LAW_INSPECTION: "law_enforcement",
    Form.INSPECTION_TOUR: "inspection",
}
VISITABLE = (S.PLANNED, S.PREPARING)


def visit_record(
    item: Item,
    *,
    user: User,
    date: datetime.date,
    place: str,
    note: str = "",
    findings: Sequence[str] = (),
    now=None,
) -> Visit:
    """A place visited on a day, with the problems found there; every deputy
    taking part gets the activity in their performance file (record_push,
    updated if the visit is recorded again)."""
    from deputies.services import record_push

    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.status not in VISITABLE:
            raise SupervisionRefused(
                _("Visits are recorded before the meeting hears the item.")
            )
        visit = Visit.objects.create(item=item, date=date, place=place, note=note)
        Finding.objects.bulk_create(
            Finding(visit=visit, text=text.strip()) for text in findings if text.strip()
        )
        kind = VISIT_KINDS.get(item.form, "research")
        description = _("%(topic)s: %(place)s") % {"topic": item.topic, "place": place}
        for deputy in item.deputies.order_by("pk"):
            record_push(
                deputy,
                source=visit,
                kind=kind,
                date=date,
                description=description[:500],
                place=place[:200],
            )
        _event(item, "visited", user=user, now=now, place=place)
    return visit


def question_record(
    item: Item,
    *,
    user: User,
    asked_by: str,
    question: str,
    respondent: str,
    answer: str = "",
    commitment: str = "",
    now=None,
) -> InquiryQuestion:
    """A question of a special inquiry with its answer and any commitment,
    recorded by staff at or after the session (before the opinions)."""
    now = now or timezone.now()
    if item.form != Form.INQUIRY:
        raise SupervisionRefused(_("Questions belong to special inquiries."))
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.status not in (S.PREPARING, S.DELIBERATED):
            raise SupervisionRefused(
                _("Questions are recorded at the session, before the opinions.")
            )
        number = (item.questions.aggregate(n=models.Max("number"))["n"] or 0) + 1
        entry = InquiryQuestion.objects.create(
            item=item,
            number=number,
            asked_by=asked_by,
            question=question,
            respondent=respondent,
            answer=answer,
            commitment=commitment,
        )
        _event(item, "questioned", user=user, now=now, point=number)
    return entry


def findings_as_points(item: Item) -> list[str]:
    """The problems found on the item's visits, as the draft points of its
    审议意见书 (so that each is answered and tracked)."""
    points = [
        _("On “%(finding)s”: rectify and report.") % {"finding": text}
        for text in Finding.objects.filter(visit__item=item)
        .order_by("visit__date", "pk")
        .values_list("text", flat=True)
    ]
    # Commitments made in the answers of a special inquiry are tracked too.
    points += [
        _("Keep the commitment made at the inquiry: %(commitment)s")
        % {"commitment": text}
        for text in item.questions.exclude(commitment="").values_list(
            "commitment", flat=True
        )
    ]
    return points


# The 审议意见书 -------------------------------------------------------------------


def opinion_save(
    item: Item,
    *,
    user: User,
    title: str,
    preamble: str,
    points: Sequence[str],
    doc_number: str = "",
    now=None,
) -> Opinion:
    """Create or rewrite the draft 审议意见书 of a deliberated item with its
    numbered points; refused once agreed."""
    now = now or timezone.now()
    points = [text.strip() for text in points if text.strip()]
    if not points:
        raise SupervisionRefused(_("An opinion needs at least one point."))
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.status != S.DELIBERATED:
            raise SupervisionRefused(
                _("Opinions are drafted after the meeting deliberated the item.")
            )
        opinion, created = Opinion.objects.get_or_create(
            item=item, defaults={"title": title, "preamble": preamble}
        )
        if opinion.status != OpinionStatus.DRAFT:
            raise SupervisionRefused(_("An agreed opinion can no longer be changed."))
        opinion.title, opinion.preamble = title, preamble
        opinion.doc_number = doc_number
        opinion.save()
        opinion.points.all().delete()
        OpinionPoint.objects.bulk_create(
            OpinionPoint(opinion=opinion, number=n, text=text)
            for n, text in enumerate(points, start=1)
        )
        _event(
            item,
            "opinion_drafted" if created else "opinion_revised",
            user=user,
            now=now,
            points=len(points),
        )
    return opinion


def opinion_agree(
    opinion: Opinion, *, user: User, council_meeting: Meeting | None = None, now=None
) -> Opinion:
    """The chairpersons' meeting agreed the draft (主任会议通过)."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        opinion = transition(
            opinion, OpinionStatus.AGREED, machine=workflow.OPINION, user=user
        )
        opinion.council_meeting = council_meeting
        opinion.agreed_on = timezone.localdate(now)
        opinion.save()
        _event(opinion.item, "opinion_agreed", user=user, now=now)
    return opinion


def opinion_send(opinion: Opinion, *, user: User, now=None) -> Opinion:
    """Send the agreed opinion to the organisation with the deadline for its
    handling report (the rule's months from today)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic(), history_context(user):
        # Parent before child.
        item = transition(
            opinion.item, S.OPINION_SENT, machine=workflow.ITEM, user=user
        )
        opinion = transition(
            opinion, OpinionStatus.SENT, machine=workflow.OPINION, user=user
        )
        opinion.sent_on = today
        opinion.handling_due_on = add_months(
            today, rules.get(workflow.HANDLING_MONTHS.key)
        )
        opinion.save()
        item.save(update_fields=["status"])
        _event(
            item,
            "opinion_sent",
            user=user,
            now=now,
            due=opinion.handling_due_on.isoformat(),
        )
        _notify(
            org_users([item.organization_id]).get(item.organization_id, []),
            "supervision.opinion_sent",
            item,
            due=opinion.handling_due_on.isoformat(),
        )
    return opinion


# The organisation's answers -----------------------------------------------------


def point_answer(
    point: OpinionPoint,
    *,
    user: User,
    answer: str,
    evidence: str = "",
    files: Sequence[File] = (),
    now=None,
) -> OpinionPoint:
    """The organisation says what it did on one point, with evidence and
    files; it may rewrite its answer until it submits its report."""
    now = now or timezone.now()
    if not answer.strip():
        raise SupervisionRefused(_("Say what was done on this point."))
    item = point.opinion.item
    _check_org(item, user)
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        point = OpinionPoint.objects.select_for_update(of=("self",)).get(pk=point.pk)
        if item.status not in ANSWERABLE:
            raise SupervisionRefused(
                _("Points are answered while the opinions await the report.")
            )
        if point.status == PointStatus.CLOSED:
            raise SupervisionRefused(_("This point is closed."))
        point.answer, point.evidence = answer, evidence
        point.status = PointStatus.ANSWERED
        point.answered_at, point.answered_by = now, user
        point.save()
        for upload in files:
            attachment_create(point, upload, user=user)
        _event(item, "point_answered", user=user, now=now, point=point.number)
    return point


def point_close(
    point: OpinionPoint, *, user: User, decision: str = "", now=None
) -> OpinionPoint:
    """Staff close (销号) one point: on the organisation's answer, or on their
    own recorded decision. Refused with neither."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        point = OpinionPoint.objects.select_for_update(of=("self",)).get(pk=point.pk)
        if not user.has_role(Role.OFFICE):
            raise SupervisionRefused(_("Only the working body closes a point."))
        if point.status == PointStatus.CLOSED:
            raise SupervisionRefused(_("This point is closed already."))
        if not point.answer.strip() and not decision.strip():
            raise SupervisionRefused(
                _(
                    "A point is closed on the organisation's answer or on a "
                    "recorded decision of the working body."
                )
            )
        point.decision = decision
        point.status = PointStatus.CLOSED
        point.closed_at = now
        point.save()
        _event(
            point.opinion.item, "point_closed", user=user, now=now, point=point.number
        )
    return point


def handling_report_submit(
    item: Item, *, user: User, summary: str, now=None
) -> HandlingReport:
    """The organisation's handling report (or, in the second round, its
    rectification report); every open point must be answered first."""
    now = now or timezone.now()
    if not summary.strip():
        raise SupervisionRefused(_("Write the report."))
    _check_org(item, user)
    with transaction.atomic(), history_context(user):
        item = transition(item, S.REPORTED, machine=workflow.ITEM, user=user)
        if OpinionPoint.objects.filter(
            opinion__item=item, status=PointStatus.OPEN
        ).exists():
            raise SupervisionRefused(
                _("Answer every point of the opinions before submitting the report.")
            )
        due = (
            item.opinion.handling_due_on
            if item.review_round == 1
            else item.rectification_due_on
        )
        if due is None:
            raise SupervisionRefused(_("The report's deadline is not set."))
        report = HandlingReport.objects.create(
            item=item,
            review_round=item.review_round,
            summary=summary,
            due_on=due,
            submitted_at=now,
            submitted_by=user,
            late=timezone.localdate(now) > due,
        )
        item.save(update_fields=["status"])
        _event(
            item,
            "reported",
            user=user,
            now=now,
            review_round=item.review_round,
            late=report.late,
        )
        staff = body_staff([item.working_body_id]).get(item.working_body_id, [])
        _notify(
            staff, "supervision.reported", item, organization=item.organization.name
        )
    return report


# Satisfaction votes (满意度测评) ----------------------------------------------------


def item_vote_create(
    item: Item,
    *,
    user: User,
    mode: str = Ballot.Mode.ONLINE,
    meeting: Meeting | None = None,
    now=None,
) -> ItemVote:
    """A draft satisfaction ballot of the standing committee on the item's
    latest handling report, linked to the previous round's vote; staff open
    it at the meeting (congress ballots) and its close settles the item."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        item = transition(item, S.VOTING, machine=workflow.ITEM, user=user)
        report = item.reports.get(review_round=item.review_round)
        title = _("Satisfaction vote on the handling of “%(topic)s”") % {
            "topic": item.topic
        }
        if item.review_round == 2:
            title = _("Second satisfaction vote on “%(topic)s”") % {"topic": item.topic}
        ballot = ballot_create(
            title=title[:200],
            kind=Ballot.Kind.SATISFACTION,
            body=Ballot.Body.COMMITTEE,
            mode=mode,
            pass_rule=Ballot.PassRule.SATISFACTION_THRESHOLD,
            subject=report,
            meeting=meeting or item.meeting,
            user=user,
        )
        vote = ItemVote.objects.create(
            item=item,
            report=report,
            ballot=ballot,
            review_round=item.review_round,
            previous=item.votes.filter(review_round=1).first()
            if item.review_round == 2
            else None,
        )
        item.save(update_fields=["status"])
        _event(item, "vote_created", user=user, now=now, ballot=ballot.pk)
    return vote


def item_vote_settle(ballot: Ballot, *, now=None) -> Item | None:
    """Move the item on after its satisfaction ballot closed (automatic):
    passed → closed; failed in the first round → rectification with a
    deadline and a second vote to come; failed again → referred to the
    chairpersons' meeting, who decide what follows. None when the ballot is
    not an item's vote."""
    now = now or timezone.now()
    vote = ItemVote.objects.select_related("item").filter(ballot=ballot).first()
    if vote is None or vote.item.status != S.VOTING:
        # Not an item's vote, or settled already (a caller that settled it
        # itself, then the signal after commit).
        return None
    passed = bool(ballot.passed)
    percent = (ballot.result or {}).get("approval_percent")
    with transaction.atomic(), history_context(None):
        if passed:
            item = transition(vote.item, S.CLOSED, machine=workflow.ITEM, user=None)
            item.save(update_fields=["status"])
            _close_answered_points(item, now=now)
            _event(item, "vote_passed", user=None, now=now, percent=percent)
            return item
        if vote.review_round == 1:
            return _rectify(vote.item, percent=percent, now=now)
        item = transition(vote.item, S.ESCALATED, machine=workflow.ITEM, user=None)
        item.flagged_for_council = True
        item.save(update_fields=["status", "flagged_for_council"])
        _event(item, "escalated", user=None, now=now, percent=percent)
        leaders = User.objects.with_role(Role.LEADER).distinct()
        staff = body_staff([item.working_body_id]).get(item.working_body_id, [])
        _notify({*leaders, *staff}, "supervision.escalated", item)
    return item


def _rectify(item: Item, *, percent, now) -> Item:
    item = transition(item, S.RECTIFYING, machine=workflow.ITEM, user=None)
    item.review_round = 2
    item.rectification_due_on = add_months(
        timezone.localdate(now), rules.get(workflow.RECTIFICATION_MONTHS.key)
    )
    item.save(update_fields=["status", "review_round", "rectification_due_on"])
    # Every point not closed is answered again in the rectification report.
    OpinionPoint.objects.filter(opinion__item=item, status=PointStatus.ANSWERED).update(
        status=PointStatus.OPEN
    )
    _event(
        item,
        "rectification",
        user=None,
        now=now,
        percent=percent,
        due=item.rectification_due_on.isoformat(),
    )
    _notify(
        org_users([item.organization_id]).get(item.organization_id, []),
        "supervision.rectification",
        item,
        percent=percent,
        due=item.rectification_due_on.isoformat(),
    )
    return item
