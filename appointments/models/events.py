"""The case's append-only timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appointments.models.cases import Case
from congress.models import TimelineEvent

LABELS = {
    "appointments.created": _("Case registered"),
    "appointments.advanced": _("Step done"),
    "appointments.withdrawn": _("Withdrawn"),
    "appointments.texts_updated": _("Introduction or statement recorded"),
    "appointments.check_recorded": _("Check recorded"),
    "appointments.exam_assigned": _("Put in an exam session"),
    "appointments.exam_passed": _("Exam passed"),
    "appointments.exam_failed": _("Exam failed: appointment postponed"),
    "appointments.ballot_prepared": _("Ballot prepared"),
    "appointments.voted": _("Vote result fixed"),
    "appointments.certificate_issued": _("Certificate issued"),
    "appointments.sworn": _("Took the constitutional oath"),
    "appointments.oath_missed": _("Absent from the oath ceremony"),
}


class CaseEvent(TimelineEvent):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return self.type

    @property
    def label(self) -> str:
        label = str(LABELS.get(self.type, self.type))
        if self.type == "appointments.advanced" and self.data.get("to"):
            from appointments.models.cases import CaseStatus

            steps = [self.data.get("from"), self.data["to"]]
            if all(step in CaseStatus.values for step in steps):
                names = " → ".join(str(CaseStatus(step).label) for step in steps)
                return f"{label}：{names}"
        return label
