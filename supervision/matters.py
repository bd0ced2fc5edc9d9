"""Major-matter services (重大事项决定 and the yearly list 年度清单).

Order: matter_list_add (agreed with the government at the start of the
year) → matter_research (a working body's preliminary research, required
before anything else) → matter_submit (the government's motion) →
matter_decide (the committee's decision or resolution) or matter_file
(reviewed and filed for record); matter_remove takes a matter off the list
with the reason.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Meeting, Organization, User
from congress.roles import Role
from congress.workflow import transition
from supervision import workflow
from supervision.models import MajorMatter, MatterStatus

M = MatterStatus


class MatterRefused(DomainError):
    """A rule of major-matter decisions refuses the step."""


def matter_list_add(
    *,
    year: int,
    title: str,
    organization: Organization,
    user: User,
    planned_quarter: int | None = None,
) -> MajorMatter:
    """A matter on the year's list (office staff)."""
    if not title.strip():
        raise MatterRefused(_("Name the major matter."))
    with transaction.atomic(), history_context(user):
        return MajorMatter.objects.create(
            year=year,
            title=title.strip(),
            organization=organization,
            planned_quarter=planned_quarter,
        )


def _step(matter: MajorMatter, target: str, user: User, **fields) -> MajorMatter:
    with transaction.atomic(), history_context(user):
        matter = transition(matter, target, machine=workflow.MATTER, user=user)
        for name, value in fields.items():
            setattr(matter, name, value)
        matter.save(update_fields=["status", *fields])
    return matter


def matter_research(matter: MajorMatter, *, user: User, research: str) -> MajorMatter:
    """The preliminary research (前期调研 / 论证) that must come first."""
    if not research.strip():
        raise MatterRefused(_("Summarise the preliminary research."))
    return _step(matter, M.RESEARCHED, user, research=research)


def matter_submit(
    matter: MajorMatter, *, user: User, submitted_on: datetime.date
) -> MajorMatter:
    """The government's motion reaches the committee (its own people, or
    staff for them). Raises MatterRefused for another organisation."""
    if not user.has_role(Role.OFFICE) and user.organization_id != (
        matter.organization_id
    ):
        raise MatterRefused(_("Only the organisation reporting submits the motion."))
    return _step(matter, M.SUBMITTED, user, submitted_on=submitted_on)


def matter_decide(
    matter: MajorMatter,
    *,
    user: User,
    decision: str,
    decided_on: datetime.date,
    meeting: Meeting | None = None,
    filed: bool = False,
) -> MajorMatter:
    """The committee's decision or resolution (决议/决定), or the record
    filing (审查备案) when `filed`."""
    if not decision.strip():
        raise MatterRefused(_("Write the decision."))
    target = M.FILED if filed else M.DECIDED
    return _step(
        matter, target, user, decision=decision, decided_on=decided_on, meeting=meeting
    )


def matter_remove(matter: MajorMatter, *, user: User, note: str) -> MajorMatter:
    if not note.strip():
        raise MatterRefused(_("Say why the matter leaves the list."))
    return _step(matter, M.REMOVED, user, note=note[:500])
