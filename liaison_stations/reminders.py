"""The stations' reminder rules, swept by congress.reminders (exactly once per
object, step and recipient):

- the day before a published duty, to the deputy on duty;
- a referred or passed-up issue, 7 days and 1 day before its reply deadline
  and once overdue, to the organisation's liaisons or the deputy (overdue:
  the station's managers too);
- from 1 October, deputies below the yearly minimum of station visits (a
  rule, twice by default), unless their reminders are switched off.
"""

import datetime

from django.db.models import F, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from congress import reminders, rules
from congress.models import User
from congress.notifications import register_kind
from congress.roles import Role
from deputies.models import Deputy
from liaison_stations import access
from liaison_stations.models import (
    DutyAssignment,
    DutyStatus,
    Issue,
    IssueStatus,
    SlotStatus,
)

MIN_VISITS = rules.register(
    rules.Rule(
        "liaison.min_station_visits_per_year",
        gettext_lazy("Station visits per deputy per year (minimum)"),
        2,
        gettext_lazy(
            "“每名驻乡镇县人大代表每年至少两次到代表联络站开展联系活动”: deputies "
            "below it are highlighted and reminded in the fourth quarter."
        ),
        min_value=0,
        max_value=52,
    )
)

register_kind(
    "liaison_stations.visits_below_minimum",
    title=gettext_lazy("Station visits this year: %(visits)s of %(minimum)s"),
    body=gettext_lazy(
        "Deputies visit their liaison station at least %(minimum)s times a year; "
        "the year ends on %(deadline)s."
    ),
    label=gettext_lazy("Reminders of the yearly station visits"),
)


def _duties():
    return DutyAssignment.objects.filter(
        status=DutyStatus.ASSIGNED,
        slot__status=SlotStatus.PUBLISHED,
        slot__date__gte=timezone.localdate(),
        deputy__user__isnull=False,
    ).annotate(duty_date=F("slot__date"))


def _duty_recipients(assignments, step):
    users = User.objects.in_bulk([a.deputy.user_id for a in assignments])
    return {a.pk: [users[a.deputy.user_id]] for a in assignments}


def _duty_params(assignment):
    slot = assignment.slot
    return {
        "station": slot.station.name,
        "date": slot.date.isoformat(),
        "hours": f"{slot.start_time:%H:%M}–{slot.end_time:%H:%M}",
    }


def _open_issues():
    return Issue.objects.filter(
        status__in=(IssueStatus.REFERRED, IssueStatus.PASSED_UP),
        due_date__isnull=False,
    ).select_related("station", "handling_deputy")


def _issue_recipients(issues, step):
    org_ids = {i.organization_id for i in issues if i.organization_id}
    liaisons: dict = {}
    for user in User.objects.with_role(Role.ORG_LIAISON).filter(
        organization_id__in=org_ids
    ):
        liaisons.setdefault(user.organization_id, []).append(user)
    managers = (
        access.station_managers({i.station_id for i in issues})
        if step == "overdue"
        else {}
    )
    deputy_users = User.objects.in_bulk(
        [i.handling_deputy.user_id for i in issues if i.handling_deputy_id]
    )
    result = {}
    for issue in issues:
        if issue.status == IssueStatus.REFERRED:
            users = list(liaisons.get(issue.organization_id, []))
        else:
            user = deputy_users.get(issue.handling_deputy.user_id)
            users = [user] if user else []
        result[issue.pk] = users + managers.get(issue.station_id, [])
    return result


def deputies_below_minimum(year: int) -> list[int]:
    """Deputies based at an active station with fewer visits this year than
    the minimum, read from the yearly summary (one query: the sweep runs
    every few minutes in the fourth quarter)."""
    from liaison_stations.models import DeputyYearStats

    reached = DeputyYearStats.objects.filter(
        year=year, visits__gte=rules.get(MIN_VISITS.key)
    ).values("deputy_id")
    return list(
        Deputy.objects.filter(stations__is_active=True)
        .exclude(pk__in=reached)
        .order_by("pk")
        .distinct()
        .values_list("pk", flat=True)
    )


def _below_minimum():
    today = timezone.localdate()
    year_end = Value(datetime.date(today.year, 12, 31))
    if today.month < 10:
        return Deputy.objects.none().annotate(year_end=year_end)
    return Deputy.objects.filter(
        pk__in=deputies_below_minimum(today.year),
        user__isnull=False,
        no_reminders=False,
    ).annotate(year_end=year_end)


def _self(deputies, step):
    users = User.objects.in_bulk([d.user_id for d in deputies])
    return {d.pk: [users[d.user_id]] for d in deputies}


def _visit_params(deputy):
    from liaison_stations.selectors import deputy_statistics

    year = timezone.localdate().year
    visits = deputy_statistics([deputy], year)[0].visits
    return {"visits": visits, "minimum": rules.get(MIN_VISITS.key)}


def register_all() -> None:
    reminders.register(
        reminders.DeadlineRule(
            key="liaison_stations.duty_tomorrow",
            queryset=lambda: _duties().select_related("slot__station", "deputy"),
            deadline_field="duty_date",
            steps={"day_before": 1},
            recipients=_duty_recipients,
            kind="liaison_stations.duty_tomorrow",
            params=_duty_params,
            url=lambda a: reverse("liaison_stations:my_duties"),
        )
    )
    reminders.register(
        reminders.DeadlineRule(
            key="liaison_stations.issue_due",
            queryset=_open_issues,
            deadline_field="due_date",
            steps={"due_in_7": 7, "due_in_1": 1, "overdue": reminders.OVERDUE},
            recipients=_issue_recipients,
            kind="liaison_stations.issue_due",
            params=lambda i: {
                "code": i.tracking_code,
                "station": i.station.name,
                "summary": i.content[:60],
            },
            url=lambda i: reverse("liaison_stations:issue_detail", args=[i.pk]),
        )
    )
    reminders.register(
        reminders.DeadlineRule(
            key="liaison_stations.visits_below_minimum",
            queryset=_below_minimum,
            deadline_field="year_end",
            steps={"q4": 91},
            recipients=_self,
            kind="liaison_stations.visits_below_minimum",
            params=_visit_params,
            url=lambda d: reverse("liaison_stations:my_duties"),
        )
    )


register_all()
