"""Certificates (任命书) and constitutional-oath ceremonies (宪法宣誓).

A certificate exists only for a case whose ballot passed (the case is at the
certificate step, reached only through a passed ballot); its number is the
year's next sequence and never changes. Every printing is logged; printing a
certificate again is a reprint. "凡任必宣": an appointee at the oath step who
has not sworn by `oath_due_on` is flagged and the office reminded.
"""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appointments.models import (
    AppointmentForm,
    AppointmentSettings,
    Case,
    CaseStatus,
    Certificate,
    CertificatePrint,
    OathAttendance,
    OathCeremony,
    Step,
)
from appointments.services.cases import CaseRefused, case_event, next_status
from appointments.workflow import CASE, OATH_TEXT
from congress import rules
from congress.history import history_context
from congress.models import Meeting, User
from congress.notifications import register_kind
from congress.pdf import render_pdf
from congress.workflow import transition

register_kind(
    "appointments.oath_due",
    title=gettext_lazy("%(name)s has not yet taken the constitutional oath"),
    body=gettext_lazy("Appointed as %(post)s; the oath is due by %(deadline)s."),
)

WORDING = {AppointmentForm.DECIDE: "决定任命", AppointmentForm.APPOINT: "任命"}
# Advisory-lock key serialising the year's certificate numbers.
_NUMBER_LOCK = 0x41505054  # "APPT"


def certificate_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}〔{year}〕{sequence}号"


def certificate_issue(
    case: Case, *, user: User, today: datetime.date | None = None, now=None
) -> Certificate:
    """Number and date the certificate of a passed case; the case moves on.

    Raises CaseRefused for a case not at the certificate step (not passed,
    rejected, or already certified).
    """
    now = now or timezone.now()
    today = today or timezone.localdate()
    with transaction.atomic(), history_context(user):
        current = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if current.status != CaseStatus.CERTIFICATE or not (
            current.ballot_id and current.ballot.passed
        ):
            raise CaseRefused(
                _(
                    "No certificate: the case has not passed the vote "
                    "or has one already."
                )
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_NUMBER_LOCK])
        settings_row = AppointmentSettings.load()
        last = Certificate.objects.filter(year=today.year).aggregate(n=Max("sequence"))
        sequence = (last["n"] or 0) + 1
        certificate = Certificate.objects.create(
            case=current,
            year=today.year,
            sequence=sequence,
            number=certificate_number(settings_row.number_prefix, today.year, sequence),
            issued_on=today,
            wording=WORDING[current.post.form],
            issued_by=user,
        )
        case = transition(
            current, next_status(current, Step.CERTIFICATE), machine=CASE, user=user
        )
        case.save(update_fields=["status"])
        case_event(
            case,
            "appointments.certificate_issued",
            user=user,
            now=now,
            data={"number": certificate.number},
        )
    return certificate


def certificates_print(
    certificates: Iterable[Certificate], *, user: User, reason: str = "", now=None
) -> bytes:
    """One PDF of the certificates (a page each); every printing is logged,
    a certificate printed before as a reprint."""
    now = now or timezone.now()
    certificates = list(certificates)
    if not certificates:
        raise CaseRefused(_("No certificates to print."))
    settings_row = AppointmentSettings.load()
    printed = set(
        CertificatePrint.objects.filter(certificate__in=certificates).values_list(
            "certificate_id", flat=True
        )
    )
    pdf = render_pdf(
        "appointments/pdf/certificates.html",
        {"certificates": certificates, "settings": settings_row},
    )
    with transaction.atomic(), history_context(user):
        CertificatePrint.objects.bulk_create(
            CertificatePrint(
                certificate=certificate,
                printed_at=now,
                printed_by=user,
                reprint=certificate.pk in printed,
                reason=reason if certificate.pk in printed else "",
            )
            for certificate in certificates
        )
    return pdf


def certificates_for_print():
    return Certificate.objects.select_related(
        "case__person", "case__post__organization"
    ).order_by("year", "sequence")


def ceremony_record(
    *,
    held_on: datetime.date,
    place: str,
    presiding: str,
    form: str,
    cases: Iterable[Case],
    user: User,
    oath_leader: str = "",
    anthem_sung: bool = True,
    meeting: Meeting | None = None,
    absent: Iterable[Case] = (),
    now=None,
) -> OathCeremony:
    """Record a ceremony: the sworn appointees' cases complete, those listed
    absent stay at the oath step (and stay flagged once overdue).

    Raises CaseRefused for a case not awaiting the oath.
    """
    now = now or timezone.now()
    sworn, absent = list(cases), list(absent)
    if not sworn and not absent:
        raise CaseRefused(_("Name at least one appointee."))
    with transaction.atomic(), history_context(user):
        ceremony = OathCeremony.objects.create(
            held_on=held_on,
            place=place,
            presiding=presiding,
            form=form,
            oath_leader=oath_leader,
            anthem_sung=anthem_sung,
            meeting=meeting,
            oath_text=rules.get(OATH_TEXT.key),
            recorded_by=user,
        )
        for case in sorted([*sworn, *absent], key=lambda c: c.pk):
            locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
            if locked.status != CaseStatus.OATH:
                raise CaseRefused(
                    _("%(name)s is not awaiting the oath.")
                    % {"name": locked.person.name}
                )
            took = case in sworn
            OathAttendance.objects.create(ceremony=ceremony, case=locked, sworn=took)
            if took:
                locked = transition(
                    locked, CaseStatus.COMPLETED, machine=CASE, user=user
                )
                locked.save(update_fields=["status"])
            case_event(
                locked,
                "appointments.sworn" if took else "appointments.oath_missed",
                user=user,
                now=now,
                data={"ceremony": ceremony.pk},
            )
    return ceremony


def unsworn(today: datetime.date | None = None):
    """Appointees at the oath step past their due date (flagged)."""
    today = today or timezone.localdate()
    return Case.objects.filter(status=CaseStatus.OATH, oath_due_on__lt=today)
