"""Filing-review services (备案审查): register a published document (its
filing deadline from the rule), file it, review it, conclude, and record the
correction or revocation; the yearly count; reminders for late filings."""

import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import reminders, rules
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Organization, User
from congress.workflow import transition
from supervision import workflow
from supervision.models import FilingStatus, NormativeDocument
from supervision.services import org_users

F = FilingStatus
OUTCOMES = (F.NO_ISSUE, F.CORRECTION)
CORRECTIONS = (F.CORRECTED, F.REVOKED)
CONCLUDED = (F.NO_ISSUE, F.CORRECTED, F.REVOKED)


class FilingRefused(DomainError):
    """A rule of filing review refuses the step."""


def document_register(
    *,
    title: str,
    doc_number: str,
    issuer: Organization,
    published_on: datetime.date,
    user: User | None,
) -> NormativeDocument:
    """A published normative document that must be filed (有件必备)."""
    due = published_on + datetime.timedelta(days=rules.get(workflow.FILING_DAYS.key))
    with transaction.atomic(), history_context(user):
        return NormativeDocument.objects.create(
            title=title,
            doc_number=doc_number,
            issuer=issuer,
            published_on=published_on,
            due_on=due,
            created_by=user,
        )


def document_file(
    document: NormativeDocument, *, user: User, today: datetime.date | None = None
) -> NormativeDocument:
    """The issuing body files the document (late filings stay marked late)."""
    today = today or timezone.localdate()
    if (
        not user.has_role(*workflow.STAFF)
        and user.organization_id != document.issuer_id
    ):
        raise FilingRefused(_("Only the issuing body files its documents."))
    with transaction.atomic(), history_context(user):
        document = transition(document, F.FILED, machine=workflow.FILING, user=user)
        document.filed_on = today
        document.save(update_fields=["status", "filed_on"])
    return document


def document_review_start(
    document: NormativeDocument, *, user: User, reviewers: str = ""
) -> NormativeDocument:
    """Review begins (有备必审), with the deputies and experts taking part."""
    with transaction.atomic(), history_context(user):
        document = transition(
            document, F.UNDER_REVIEW, machine=workflow.FILING, user=user
        )
        document.reviewers = reviewers
        document.save(update_fields=["status", "reviewers"])
    return document


def document_conclude(
    document: NormativeDocument,
    *,
    user: User,
    outcome: str,
    findings: str = "",
    today: datetime.date | None = None,
) -> NormativeDocument:
    """No problem, or a correction requested (有错必纠) with the findings."""
    today = today or timezone.localdate()
    if outcome not in OUTCOMES:
        raise FilingRefused(_("Choose the outcome of the review."))
    if outcome == F.CORRECTION and not findings.strip():
        raise FilingRefused(_("Say what must be corrected."))
    with transaction.atomic(), history_context(user):
        document = transition(document, outcome, machine=workflow.FILING, user=user)
        document.findings, document.reviewed_on = findings, today
        if outcome == F.NO_ISSUE:
            document.closed_on = today
        document.save()
    return document


def document_correction(
    document: NormativeDocument,
    *,
    user: User,
    outcome: str,
    today: datetime.date | None = None,
) -> NormativeDocument:
    """The issuing body corrected the document, or it was revoked."""
    today = today or timezone.localdate()
    if outcome not in CORRECTIONS:
        raise FilingRefused(_("Choose corrected or revoked."))
    with transaction.atomic(), history_context(user):
        document = transition(document, outcome, machine=workflow.FILING, user=user)
        document.closed_on = today
        document.save(update_fields=["status", "closed_on"])
    return document


def yearly_counts(year: int) -> dict[str, int]:
    """The year's figures ("已完成19个规范性文件的审查工作"), one query."""
    in_year = models.Q(published_on__year=year)
    return NormativeDocument.objects.aggregate(
        registered=models.Count("pk", filter=in_year),
        filed=models.Count("pk", filter=in_year & models.Q(filed_on__isnull=False)),
        filed_late=models.Count(
            "pk", filter=in_year & models.Q(filed_on__gt=models.F("due_on"))
        ),
        reviewed=models.Count("pk", filter=models.Q(reviewed_on__year=year)),
        corrections=models.Count(
            "pk",
            filter=models.Q(reviewed_on__year=year)
            & models.Q(status__in=[F.CORRECTION, F.CORRECTED, F.REVOKED]),
        ),
    )


def _recipients(objects, step):
    users = org_users(o.issuer_id for o in objects)
    return {o.pk: users.get(o.issuer_id, []) for o in objects}


reminders.register(
    reminders.DeadlineRule(
        key="supervision.filing_due",
        queryset=lambda: NormativeDocument.objects.filter(status=F.AWAITING),
        deadline_field="due_on",
        steps={"due_in_7": 7, "due_in_1": 1, "overdue": reminders.OVERDUE},
        recipients=_recipients,
        kind="supervision.reminder",
        params=lambda doc: {
            "topic": doc.title,
            "what": str(gettext_lazy("File the normative document for review.")),
        },
        url=lambda doc: doc.get_absolute_url(),
    )
)
