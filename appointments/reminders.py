"""The oath reminder (凡任必宣): appointees not sworn by their due date."""

from appointments.models import Case, CaseStatus
from congress import reminders


def _awaiting_oath():
    return Case.objects.filter(
        status=CaseStatus.OATH, oath_due_on__isnull=False
    ).select_related("person", "post__organization")


def _personnel_staff(cases, step):
    from appointments.access import personnel_staff

    staff = list(personnel_staff())
    return {case.pk: staff for case in cases}


OATH_DUE = reminders.DeadlineRule(
    key="appointments.oath_due",
    queryset=_awaiting_oath,
    deadline_field="oath_due_on",
    steps={"due_in_7": 7, "overdue": -1},
    recipients=_personnel_staff,
    kind="appointments.oath_due",
    params=lambda case: {"name": case.person.name, "post": str(case.post)},
    url=lambda case: case.get_absolute_url(),
)
