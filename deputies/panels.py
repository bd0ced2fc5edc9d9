"""What waits in the deputies app, on each role's workspace (congress
workspaces: one panel per thing to do, each with its count)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.roles import Role
from congress.workspaces import register_panel
from deputies.models import ExitCase, ExitStatus, PerformanceRecord, RecordStatus


def records_to_confirm(user) -> int:
    return PerformanceRecord.objects.filter(status=RecordStatus.PENDING).count()


def exit_cases_open(user) -> int:
    return ExitCase.objects.filter(status=ExitStatus.PROPOSED).count()


def my_records_returned(user) -> int:
    """My records the office returned, to correct."""
    return PerformanceRecord.objects.filter(
        deputy__user=user, status=RecordStatus.RETURNED
    ).count()


def my_records_pending(user) -> int:
    return PerformanceRecord.objects.filter(
        deputy__user=user, status=RecordStatus.PENDING
    ).count()


def _exit_cases_url(user) -> str:
    return reverse("admin:deputies_exitcase_changelist") + "?status__exact=proposed"


def register_panels() -> None:
    """Called from DeputiesConfig.ready()."""
    register_panel(
        Role.OFFICE,
        "deputies.records_to_confirm",
        title=_("Records awaiting confirmation"),
        order=10,
        count=records_to_confirm,
        url_name="deputies:pending",
    )
    register_panel(
        Role.OFFICE,
        "deputies.exit_cases",
        title=_("Exit cases awaiting a decision"),
        order=11,
        count=exit_cases_open,
        url_name=_exit_cases_url,
    )
    register_panel(
        Role.DEPUTY,
        "deputies.my_file",
        title=_("My performance file: records returned to correct"),
        order=10,
        count=my_records_returned,
        url_name="deputies:my_file",
    )
    register_panel(
        Role.DEPUTY,
        "deputies.my_pending",
        title=_("My records awaiting confirmation"),
        order=11,
        count=my_records_pending,
        url_name="deputies:my_file",
    )
