"""TV and online questioning (电视网络问政): the public's questions before the
session, their moderation by the working body, the accepted ones put to
the named officials at the session, and the members' on-site satisfaction
vote on the answers with the threshold rule of every satisfaction vote.

The public page lives here (a public URL) and reaches the liaison stations'
pages and every public footer through congress.workspaces'
register_public_link: supervision does not import liaison_stations.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.ballots import ballot_create
from congress.calendar import add_months
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Ballot, User
from congress.ratelimits import rate_limit_hit
from supervision import services, workflow
from supervision.models import (
    Form,
    InquiryQuestion,
    Item,
    ItemEvent,
    ItemStatus,
    PublicQuestion,
    PublicQuestionStatus,
)
from supervision.services import SupervisionRefused, org_users

Q = PublicQuestionStatus
# The public asks while the inquiry is planned or being prepared.
ASKING = (ItemStatus.PLANNED, ItemStatus.PREPARING)

QUESTIONS_PER_HOUR = rules.register(
    rules.Rule(
        "supervision.public_questions_per_hour",
        gettext_lazy("Questions from the public per address and hour"),
        5,
        min_value=1,
        max_value=100,
    )
)


class QuestionRefused(DomainError):
    """A rule of the public's questions refuses the step."""


def inquiries_open_to_public():
    """The inquiries taking the public's questions now (one query)."""
    return (
        Item.objects.filter(form=Form.INQUIRY, public_questions=True, status__in=ASKING)
        .select_related("organization", "meeting")
        .order_by("meeting__start_date", "pk")
    )


def public_question_submit(
    item: Item,
    *,
    citizen_name: str,
    citizen_phone: str,
    question: str,
    client: str,
    now=None,
) -> PublicQuestion:
    """A question from the public (no account); `client` identifies the
    sender for the hourly limit. Raises QuestionRefused, RateLimited."""
    now = now or timezone.now()
    if not question.strip():
        raise QuestionRefused(_("Write your question."))
    with transaction.atomic():
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if not (item.public_questions and item.status in ASKING):
            raise QuestionRefused(_("This inquiry no longer takes questions."))
        rate_limit_hit(
            "supervision.public_question",
            client,
            limit=rules.get(QUESTIONS_PER_HOUR.key),
            now=now,
        )
        return PublicQuestion.objects.create(
            item=item,
            citizen_name=citizen_name.strip(),
            citizen_phone=citizen_phone.strip(),
            question=question.strip(),
            submitted_at=now,
        )


def public_question_moderate(
    entry: PublicQuestion, *, user: User, accept: bool, moderation_note: str = ""
) -> PublicQuestion:
    """The working body accepts a pending question or not (with a note)."""
    if not accept and not moderation_note.strip():
        raise QuestionRefused(_("Say why the question is not accepted."))
    with transaction.atomic(), history_context(user):
        entry = PublicQuestion.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        if entry.status not in (Q.PENDING, Q.ACCEPTED, Q.REJECTED):
            raise QuestionRefused(_("The question was asked already."))
        entry.status = Q.ACCEPTED if accept else Q.REJECTED
        entry.moderation_note, entry.moderated_by = moderation_note, user
        entry.save(update_fields=["status", "moderation_note", "moderated_by"])
    return entry


def public_question_ask(
    entry: PublicQuestion,
    *,
    user: User,
    respondent: str,
    answer: str,
    commitment: str = "",
    now=None,
) -> InquiryQuestion:
    """An accepted question put at the session and answered by the named
    official: it becomes one of the inquiry's recorded questions."""
    if entry.status != Q.ACCEPTED:
        raise QuestionRefused(_("Only accepted questions are put at the session."))
    if not respondent.strip():
        raise QuestionRefused(_("Name the official who answered."))
    with transaction.atomic(), history_context(user):
        recorded = services.question_record(
            entry.item,
            user=user,
            asked_by=entry.citizen_name or _("A member of the public"),
            question=entry.question,
            respondent=respondent,
            answer=answer,
            commitment=commitment,
            now=now,
        )
        updated = PublicQuestion.objects.filter(pk=entry.pk, status=Q.ACCEPTED).update(
            status=Q.ASKED, asked_as=recorded
        )
        if not updated:
            raise QuestionRefused(_("The question was asked already."))
    return recorded


def onsite_vote_create(
    item: Item, *, user: User, mode: str = Ballot.Mode.ONLINE
) -> Ballot:
    """The members' on-site satisfaction vote on the officials' answers
    (现场满意度测评), once per inquiry, at the session."""
    with transaction.atomic(), history_context(user):
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.form != Form.INQUIRY or item.onsite_ballot_id:
            raise SupervisionRefused(
                _("An inquiry has one on-site vote; this one has it already.")
            )
        if item.status not in (ItemStatus.PREPARING, ItemStatus.DELIBERATED):
            raise SupervisionRefused(_("The on-site vote is taken at the session."))
        ballot = ballot_create(
            title=_("On-site satisfaction vote: %(topic)s") % {"topic": item.topic},
            kind=Ballot.Kind.SATISFACTION,
            body=Ballot.Body.COMMITTEE,
            mode=mode,
            pass_rule=Ballot.PassRule.SATISFACTION_THRESHOLD,
            subject=item,
            meeting=item.meeting,
            user=user,
        )
        item.onsite_ballot = ballot
        item.save(update_fields=["onsite_ballot"])
    return ballot


def onsite_vote_settle(ballot: Ballot, *, now=None) -> Item | None:
    """After the on-site vote closed: below the threshold the organisation is
    ordered to rectify by a deadline (a rule) and the answers are rated again
    on its handling report, the item's usual satisfaction vote."""
    now = now or timezone.now()
    item = Item.objects.filter(onsite_ballot=ballot).first()
    settled = ItemEvent.objects.filter(
        item=item, type__in=["supervision.onsite_passed", "supervision.onsite_failed"]
    )
    if item is None or settled.exists():
        return None
    percent = (ballot.result or {}).get("approval_percent")
    with transaction.atomic(), history_context(None):
        if ballot.passed:
            services._event(item, "onsite_passed", user=None, now=now, percent=percent)
            return item
        item.rectification_due_on = add_months(
            timezone.localdate(now), rules.get(workflow.RECTIFICATION_MONTHS.key)
        )
        item.save(update_fields=["rectification_due_on"])
        services._event(item, "onsite_failed", user=None, now=now, percent=percent)
        services._notify(
            org_users([item.organization_id]).get(item.organization_id, []),
            "supervision.rectification",
            item,
            percent=percent,
            due=item.rectification_due_on.isoformat(),
        )
    return item
