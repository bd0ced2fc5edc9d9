"""Interpellation services (质询案): draft, members' signatures, submission
once enough members signed (a rule; three by default), the organisation's
answer (oral at a meeting or written) and the conclusion.

`interpellation_draft` is the entry point other apps call (appointments,
when an official fails a second appraisal): it is idempotent per source, so
a retried call returns the draft it made the first time.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Meeting, Organization, User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from supervision import workflow
from supervision.models import (
    AnswerMode,
    Interpellation,
    InterpellationStatus,
    Item,
    Signature,
)

I = InterpellationStatus  # noqa: E741

MIN_SIGNERS = rules.register(
    rules.Rule(
        "supervision.interpellation_min_signers",
        gettext_lazy("Committee members needed to sign an interpellation"),
        3,
        gettext_lazy("The number of members' signatures before submission."),
        min_value=1,
        max_value=30,
    )
)

register_kind(
    "supervision.interpellation",
    title=gettext_lazy("Interpellation: “%(subject)s”"),
    body=gettext_lazy(
        "Committee members put an interpellation to %(organization)s; the "
        "answer is due as the standing committee decides."
    ),
    roles=(Role.ORG_LIAISON, Role.ORG_HEAD),
)


class InterpellationRefused(DomainError):
    """A rule of interpellations refuses the step."""


def interpellation_draft(
    *,
    organization: Organization,
    subject: str,
    reason: str,
    source: models.Model | None = None,
    item: Item | None = None,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> Interpellation:
    """A draft interpellation against `organization`, collecting signatures.

    `source` is what led to it (any model instance, e.g. an appointments
    appraisal); a second call with the same source returns the existing
    draft or interpellation (not withdrawn) instead of a new one. `user`
    None: drafted by the system on another app's behalf.
    """
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        if source is not None:
            source_type = ContentType.objects.get_for_model(source)
            existing = (
                Interpellation.objects.select_for_update(of=("self",))
                .filter(source_type=source_type, source_id=source.pk)
                .exclude(status=I.WITHDRAWN)
                .first()
            )
            if existing:
                return existing
        interpellation = Interpellation.objects.create(
            organization=organization,
            subject=subject[:200],
            reason=reason,
            item=item,
            source_type=ContentType.objects.get_for_model(source) if source else None,
            source_id=source.pk if source else None,
            created_by=user,
            created_at=now,
        )
    return interpellation


def interpellation_sign(
    interpellation: Interpellation, *, member: User, now=None
) -> Signature:
    """A committee member signs a draft, once."""
    now = now or timezone.now()
    if not member.has_role(Role.MEMBER):
        raise InterpellationRefused(_("Only committee members sign interpellations."))
    with transaction.atomic():
        interpellation = Interpellation.objects.select_for_update(of=("self",)).get(
            pk=interpellation.pk
        )
        if interpellation.status != I.DRAFT:
            raise InterpellationRefused(_("Signatures are collected on drafts only."))
        try:
            with transaction.atomic():
                return Signature.objects.create(
                    interpellation=interpellation, member=member, signed_at=now
                )
        except IntegrityError:
            raise InterpellationRefused(
                _("You have signed this interpellation already.")
            ) from None


def interpellation_submit(
    interpellation: Interpellation,
    *,
    user: User,
    meeting: Meeting | None = None,
    now=None,
) -> Interpellation:
    """Lodge the interpellation (office staff) once enough members signed;
    the organisation is told."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        interpellation = transition(
            interpellation, I.SUBMITTED, machine=workflow.INTERPELLATION, user=user
        )
        needed = rules.get(MIN_SIGNERS.key)
        signed = interpellation.signatures.count()
        if signed < needed:
            raise InterpellationRefused(
                _("%(signed)s members signed; %(needed)s are needed.")
                % {"signed": signed, "needed": needed}
            )
        interpellation.submitted_at, interpellation.meeting = now, meeting
        interpellation.save()
        recipients = User.objects.filter(
            organization=interpellation.organization,
            is_active=True,
            groups__name__in=[Role.ORG_LIAISON, Role.ORG_HEAD],
        ).distinct()
        params = {
            "subject": interpellation.subject,
            "organization": interpellation.organization.name,
        }
        notify_bulk(
            [
                (
                    person,
                    "supervision.interpellation",
                    params,
                    interpellation,
                    interpellation.get_absolute_url(),
                )
                for person in recipients
            ]
        )
    return interpellation


def interpellation_answer(
    interpellation: Interpellation,
    *,
    user: User,
    mode: str,
    answered_by: str,
    answer: str,
    now=None,
) -> Interpellation:
    """Record the answer given orally at the meeting or in writing."""
    now = now or timezone.now()
    if not answer.strip() or not answered_by.strip():
        raise InterpellationRefused(_("Record who answered and what was said."))
    with transaction.atomic(), history_context(user):
        interpellation = transition(
            interpellation, I.ANSWERED, machine=workflow.INTERPELLATION, user=user
        )
        interpellation.answer_mode = AnswerMode(mode)
        interpellation.answered_by, interpellation.answer = answered_by, answer
        interpellation.answered_at = now
        interpellation.save()
    return interpellation


def interpellation_conclude(
    interpellation: Interpellation, *, user: User, satisfied: bool, conclusion: str
) -> Interpellation:
    """The members' view of the answer; when not satisfied the conclusion
    says what the committee decided (another answer, a special
    investigation...)."""
    if not satisfied and not conclusion.strip():
        raise InterpellationRefused(
            _("When the members are not satisfied, record what follows.")
        )
    with transaction.atomic(), history_context(user):
        interpellation = transition(
            interpellation, I.CLOSED, machine=workflow.INTERPELLATION, user=user
        )
        interpellation.satisfied, interpellation.conclusion = satisfied, conclusion
        interpellation.save()
    return interpellation


def interpellation_withdraw(
    interpellation: Interpellation, *, user: User
) -> Interpellation:
    with transaction.atomic(), history_context(user):
        interpellation = transition(
            interpellation, I.WITHDRAWN, machine=workflow.INTERPELLATION, user=user
        )
        interpellation.save(update_fields=["status"])
    return interpellation
