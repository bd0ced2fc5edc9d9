"""Terms and elections (换届, 补选): opening a new term, ending the old term's
mandates, carrying re-elected deputies over, and by-elections in between.

The registry of a new term is built by importing the election results
(`deputies.imports.registry_import`), which writes to the current term: open
the term first, then import. A deputy matched by ID number keeps their person
record (and so their performance file, evaluations and exits); only a new
mandate is added for the new term.

What the end of a term leaves alone, on purpose:
- performance records awaiting confirmation belong to the deputy, not to the
  term, and stay in the confirmation queue;
- proposals reference their own term and keep being handled and answered
  after the change.

History: every write runs under the actor's pghistory context, so the
`MandateHistory` and `TermHistory` rows name who opened a term or closed its
mandates.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Division, Term
from deputies.models import Constituency, Deputy, Level, Mandate, MandateStatus
from deputies.services import MANDATE, _require_office

OPEN_STATUSES = (MandateStatus.SERVING, MandateStatus.SUSPENDED)
ONE_DAY = datetime.timedelta(days=1)


# Services ------------------------------------------------------------------


def term_open(*, number: int, start_date: datetime.date, user) -> Term:
    """Open a new term and make it the current one; the previous current term
    ends the day before and is no longer current. Its mandates stay as they
    are until `term_close_mandates`.

    Raises PermissionDenied (not office) or DomainError (a number not above the
    current one or already used, a start date not after the current term's).
    """
    _require_office(user)
    with transaction.atomic(), history_context(user):
        # Locking the current term serialises two offices opening at once.
        current = (
            Term.objects.select_for_update(of=("self",)).filter(is_current=True).first()
        )
        if Term.objects.filter(number=number).exists():
            raise DomainError(_("Term %(number)s already exists.") % {"number": number})
        if current is not None:
            _check_follows(current, number=number, start_date=start_date)
            current.is_current = False
            current.end_date = start_date - ONE_DAY
            current.save(update_fields=["is_current", "end_date"])
        return Term.objects.create(
            number=number, start_date=start_date, is_current=True
        )


def _check_follows(current: Term, *, number: int, start_date: datetime.date) -> None:
    if number <= current.number:
        raise DomainError(
            _("The new term's number must be above %(number)s, the current term's.")
            % {"number": current.number}
        )
    # The old term ends the day before; it must still end after it began.
    if start_date - ONE_DAY <= current.start_date:
        raise DomainError(
            _("The new term must start after %(date)s.")
            % {"date": (current.start_date + ONE_DAY).isoformat()}
        )


def term_close_mandates(term: Term, *, user, on: datetime.date | None = None) -> int:
    """End every serving or suspended mandate of a past term (“term ended”,
    dated `on` or the term's end date) and return how many. Running it again
    changes nothing. Terminated mandates keep their own status and date.

    Open performance records stay with their deputies and proposals of the
    term keep being handled: neither belongs to the mandate.

    Raises PermissionDenied (not office) or DomainError (the current term, or
    no date to end on).
    """
    _require_office(user)
    with transaction.atomic(), history_context(user):
        term = Term.objects.select_for_update(of=("self",)).get(pk=term.pk)
        if term.is_current:
            raise DomainError(
                _("The current term's mandates cannot be ended; open the next term.")
            )
        ended_on = on or term.end_date
        if ended_on is None:
            raise DomainError(_("Give the date the term ended."))
        mandates = Mandate.objects.filter(term=term, status__in=OPEN_STATUSES)
        # Lock the rows first (by primary key) so a concurrent exit decision
        # waits for us; the edges are the MANDATE machine's.
        for status in OPEN_STATUSES:
            MANDATE.check(status, MandateStatus.TERM_ENDED, user)
        list(
            mandates.select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return mandates.update(status=MandateStatus.TERM_ENDED, status_date=ended_on)


def mandates_carry_over(
    deputies: Iterable[Deputy],
    *,
    from_term: Term,
    to_term: Term,
    user,
    level: str | None = None,
) -> list[Mandate]:
    """Give re-elected deputies their seat in the new term, when the results
    come as a list of names rather than a spreadsheet: for each mandate of
    `from_term` not terminated (at `level`, if given), a serving mandate of
    `to_term` at the same level and division, elected on the new term's start.
    Constituencies and groups are per term and are not copied. Seats the
    deputy already holds in `to_term` are left alone.

    Raises PermissionDenied (not office) or DomainError (terms in the wrong
    order; a deputy without a mandate to carry, nothing saved then).
    """
    _require_office(user)
    if to_term.number <= from_term.number:
        raise DomainError(_("Mandates are carried over to a later term only."))
    deputies = list(deputies)
    with transaction.atomic(), history_context(user):
        sources = _carry_sources(deputies, from_term=from_term, level=level)
        if missing := [d.name for d in deputies if d.pk not in sources]:
            raise DomainError(
                _("No mandate of %(term)s to carry over for: %(names)s.")
                % {"term": from_term, "names": "、".join(missing)}
            )
        held = set(
            Mandate.objects.filter(
                term=to_term, deputy__in=[d.pk for d in deputies]
            ).values_list("deputy_id", "level")
        )
        created = [
            Mandate(
                deputy_id=source.deputy_id,
                term=to_term,
                level=source.level,
                division_id=source.division_id,
                electing_unit=source.electing_unit,
                elected_on=to_term.start_date,
                status=MandateStatus.SERVING,
                status_date=to_term.start_date,
            )
            for mandates in sources.values()
            for source in mandates
            if (source.deputy_id, source.level) not in held
        ]
        return Mandate.objects.bulk_create(created)


def _carry_sources(
    deputies: list[Deputy], *, from_term: Term, level: str | None
) -> dict[int, list[Mandate]]:
    mandates = Mandate.objects.filter(
        term=from_term, deputy__in=[d.pk for d in deputies]
    ).exclude(status=MandateStatus.TERMINATED)
    if level:
        mandates = mandates.filter(level=level)
    found: dict[int, list[Mandate]] = {}
    for mandate in mandates.order_by("deputy_id", "level"):
        found.setdefault(mandate.deputy_id, []).append(mandate)
    return found


def mandate_by_election(
    deputy: Deputy,
    *,
    level: str,
    term: Term,
    elected_on: datetime.date,
    user,
    constituency: Constituency | None = None,
    division: Division | None = None,
) -> Mandate:
    """Record a by-election (补选) between general elections: a serving
    mandate marked as by-elected, from `elected_on`.

    Raises PermissionDenied (not office) or DomainError (a date outside the
    term or in the future, a constituency of another term, a seat the deputy
    already holds or held at that level in that term).
    """
    _require_office(user)
    _check_by_election(term, elected_on=elected_on, constituency=constituency)
    with transaction.atomic(), history_context(user):
        # One seat per deputy, level and term: lock the person while checking.
        deputy = Deputy.objects.select_for_update(of=("self",)).get(pk=deputy.pk)
        existing = Mandate.objects.filter(deputy=deputy, level=level, term=term).first()
        if existing is not None:
            raise DomainError(_seat_taken_message(existing))
        return Mandate.objects.create(
            deputy=deputy,
            level=level,
            term=term,
            constituency=constituency,
            division=division,
            status=MandateStatus.SERVING,
            status_date=elected_on,
            elected_on=elected_on,
            by_election=True,
        )


def _check_by_election(
    term: Term, *, elected_on: datetime.date, constituency: Constituency | None
) -> None:
    if elected_on > timezone.localdate():
        raise DomainError(_("The election date cannot be in the future."))
    if elected_on < term.start_date or (term.end_date and elected_on > term.end_date):
        raise DomainError(
            _("The election date must fall within %(term)s.") % {"term": term}
        )
    if constituency is not None and constituency.term_id != term.pk:
        raise DomainError(
            _("The constituency “%(name)s” belongs to another term.")
            % {"name": constituency}
        )


def _seat_taken_message(existing: Mandate) -> str:
    params = {
        "deputy": existing.deputy,
        "level": existing.get_level_display(),
        "term": existing.term,
        "status": existing.get_status_display(),
    }
    if existing.status in OPEN_STATUSES:
        return (
            _("%(deputy)s already holds a seat (%(level)s) in %(term)s: %(status)s.")
            % params
        )
    return (
        _(
            "%(deputy)s already had a seat (%(level)s) in %(term)s, now "
            "“%(status)s”; one term has one seat per level."
        )
        % params
    )


# Selectors -----------------------------------------------------------------


@dataclass
class TermOverview:
    """One term with its mandates counted by level and status."""

    term: Term
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    by_elections: int = 0

    @property
    def open_mandates(self) -> int:
        return sum(
            row.get(status, 0)
            for row in self.counts.values()
            for status in OPEN_STATUSES
        )

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.counts.values())

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(level label, [count per status in MandateStatus order], total) of
        the levels that have mandates, highest level first."""
        return [
            (
                label,
                [self.counts[level].get(s, 0) for s in MandateStatus.values],
                sum(self.counts[level].values()),
            )
            for level, label in Level.choices
            if level in self.counts
        ]


def terms_overview() -> list[TermOverview]:
    """Every term, newest first, with its mandates counted by level and status
    and its by-elections. Two queries whatever the number of terms."""
    overview = {
        term.pk: TermOverview(term) for term in Term.objects.order_by("-number")
    }
    rows = (
        Mandate.objects.order_by()
        .values_list("term_id", "level", "status", "by_election")
        .annotate(n=Count("pk"))
    )
    for term_id, level, status, by_election, n in rows:
        entry = overview[term_id]
        by_status = entry.counts.setdefault(level, {})
        by_status[status] = by_status.get(status, 0) + n
        if by_election:
            entry.by_elections += n
    return list(overview.values())


def term_open_mandates(term: Term) -> int:
    """How many mandates of `term` are serving or suspended."""
    return Mandate.objects.filter(term=term, status__in=OPEN_STATUSES).count()
