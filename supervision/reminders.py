"""Deadline reminders of supervision, on congress.reminders (idempotent sweeps).

- the work report to the working body and its revision (organisation and
  working body), the report to the members (working body);
- the handling report on the opinions and the rectification report
  (organisation before and after the deadline, the working body once late).
"""

from django.utils.translation import gettext_lazy as _

from congress import reminders
from supervision.models import Item, ItemStatus, Opinion, OpinionStatus
from supervision.services import body_staff, org_users

BEFORE_MEETING = {"due_in_5": 5, "due_in_1": 1, "overdue": reminders.OVERDUE}
HANDLING = {
    "due_in_14": 14,
    "due_in_3": 3,
    "overdue": reminders.OVERDUE,
    "overdue_14": -14,
}

WHAT = {
    "supervision.report_due": _("Send the work report to the working body."),
    "supervision.revised_due": _("Send the revised work report."),
    "supervision.circulate_due": _("Send the work report to the members."),
    "supervision.handling_due": _("Submit the handling report on the opinions."),
    "supervision.rectification_due": _("Submit the rectification report."),
}


def _items_recipients(*, org: bool, staff: bool):
    def recipients(objects, step):
        orgs = org_users(o.organization_id for o in objects) if org else {}
        bodies = body_staff(o.working_body_id for o in objects) if staff else {}
        return {
            o.pk: [*orgs.get(o.organization_id, []), *bodies.get(o.working_body_id, [])]
            for o in objects
        }

    return recipients


def _opinion_recipients(objects, step):
    orgs = org_users(o.item.organization_id for o in objects)
    bodies = (
        body_staff(o.item.working_body_id for o in objects)
        if step.startswith("overdue")
        else {}
    )
    return {
        o.pk: [
            *orgs.get(o.item.organization_id, []),
            *bodies.get(o.item.working_body_id, []),
        ]
        for o in objects
    }


def _params(key):
    def params(obj):
        item = obj if isinstance(obj, Item) else obj.item
        return {"topic": item.topic, "what": str(WHAT[key])}

    return params


def _url(obj):
    item = obj if isinstance(obj, Item) else obj.item
    return item.get_absolute_url()


def _preparing(**missing):
    return lambda: Item.objects.filter(status=ItemStatus.PREPARING, **missing)


RULES = [
    reminders.DeadlineRule(
        key="supervision.report_due",
        queryset=_preparing(report_received_on__isnull=True),
        deadline_field="report_due_on",
        steps=BEFORE_MEETING,
        recipients=_items_recipients(org=True, staff=True),
        kind="supervision.reminder",
        params=_params("supervision.report_due"),
        url=_url,
    ),
    reminders.DeadlineRule(
        key="supervision.revised_due",
        queryset=_preparing(revised_received_on__isnull=True),
        deadline_field="revised_due_on",
        steps=BEFORE_MEETING,
        recipients=_items_recipients(org=True, staff=True),
        kind="supervision.reminder",
        params=_params("supervision.revised_due"),
        url=_url,
    ),
    reminders.DeadlineRule(
        key="supervision.circulate_due",
        queryset=_preparing(circulated_on__isnull=True),
        deadline_field="circulate_on",
        steps={"due_in_2": 2, "overdue": reminders.OVERDUE},
        recipients=_items_recipients(org=False, staff=True),
        kind="supervision.reminder",
        params=_params("supervision.circulate_due"),
        url=_url,
    ),
    reminders.DeadlineRule(
        key="supervision.handling_due",
        queryset=lambda: Opinion.objects.filter(
            status=OpinionStatus.SENT, item__status=ItemStatus.OPINION_SENT
        ).select_related("item"),
        deadline_field="handling_due_on",
        steps=HANDLING,
        recipients=_opinion_recipients,
        kind="supervision.reminder",
        params=_params("supervision.handling_due"),
        url=_url,
    ),
    reminders.DeadlineRule(
        key="supervision.rectification_due",
        queryset=lambda: Item.objects.filter(status=ItemStatus.RECTIFYING),
        deadline_field="rectification_due_on",
        steps=HANDLING,
        recipients=_items_recipients(org=True, staff=True),
        kind="supervision.reminder",
        params=_params("supervision.rectification_due"),
        url=_url,
    ),
]


def register() -> None:
    for rule in RULES:
        reminders.register(rule)
