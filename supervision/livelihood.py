"""Livelihood-project services (民生实事票决): candidates, the deputies'
choose-N-of-M vote at the session, progress reports, the problem list and
the year-end satisfaction vote.

The selection vote is secret and counted once: `SelectionVoter.voted` flips
by a conditional UPDATE (two simultaneous casts by one deputy: one wins),
the choices are stored without a voter; the vote locks FOR SHARE while casts
run and FOR UPDATE when it closes, so no ballot arrives after the count.
The electorate is the congress roll on the day (congress.ballots.body_roll);
staff enter how many deputies are present, and no more ballots than that
are accepted; the quorum is the congress quorum rule. Projects are ranked by
votes; a tie at the cut-off is broken by the candidates' list order (the
presidium's order), which the result page states.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import ballots, rules
from congress.ballots import ballot_create, body_roll
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import Ballot, Meeting, Organization, User
from congress.workflow import transition
from supervision import workflow
from supervision.models import (
    LivelihoodProject,
    ProjectIssue,
    ProjectProgress,
    ProjectStatus,
    SelectionChoice,
    SelectionStatus,
    SelectionVote,
    SelectionVoter,
)

P = ProjectStatus


class SelectionRefused(DomainError):
    """A rule of the livelihood-project vote refuses the step."""


def project_propose(
    *,
    year: int,
    title: str,
    source: str,
    department: Organization,
    description: str = "",
    user: User | None,
) -> LivelihoodProject:
    """A candidate project of the year (群众提); numbered in order."""
    with transaction.atomic(), history_context(user):
        if SelectionVote.objects.filter(year=year).exclude(
            status=SelectionStatus.DRAFT
        ):
            raise SelectionRefused(_("The vote has started: no more candidates."))
        last = (
            LivelihoodProject.objects.select_for_update()
            .filter(year=year)
            .aggregate(n=models.Max("number"))["n"]
        )
        return LivelihoodProject.objects.create(
            year=year,
            number=(last or 0) + 1,
            title=title,
            source=LivelihoodProject.Source(source),
            department=department,
            description=description,
        )


def selection_create(
    *, year: int, seats: int, meeting: Meeting | None, user: User | None
) -> SelectionVote:
    """The draft vote of the year; fewer seats than candidates."""
    candidates = LivelihoodProject.objects.filter(year=year, status=P.CANDIDATE)
    if seats >= candidates.count():
        raise SelectionRefused(
            _("Choose fewer projects than there are candidates (%(count)s).")
            % {"count": candidates.count()}
        )
    title = _("Vote on the livelihood projects of %(year)s") % {"year": year}
    with transaction.atomic(), history_context(user):
        return SelectionVote.objects.create(
            year=year, title=title, seats=seats, meeting=meeting
        )


def _quorum_met(size: int, present: int) -> bool:
    numerator = rules.get(ballots.CONGRESS_QUORUM_NUMERATOR.key)
    denominator = rules.get(ballots.CONGRESS_QUORUM_DENOMINATOR.key)
    return size > 0 and present * denominator >= numerator * size


def selection_open(
    vote: SelectionVote, *, present_count: int, user: User | None, now=None
) -> SelectionVote:
    """Open the vote for the deputies on the congress roll; `present_count`
    deputies are present (at least two thirds by the quorum rule)."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        vote = transition(
            vote, SelectionStatus.OPEN, machine=workflow.SELECTION, user=user
        )
        roll = body_roll(Ballot.Body.CONGRESS, on=timezone.localdate(now))
        if present_count > roll.size:
            raise SelectionRefused(
                _("More deputies present (%(present)s) than serving (%(size)s).")
                % {"present": present_count, "size": roll.size}
            )
        if not _quorum_met(roll.size, present_count):
            raise ballots.QuorumNotMet(
                _("%(present)s of %(size)s deputies are present: no quorum.")
                % {"present": present_count, "size": roll.size}
            )
        vote.electorate_size, vote.present_count = roll.size, present_count
        vote.opened_at = now
        vote.save()
        SelectionVoter.objects.bulk_create(
            SelectionVoter(vote=vote, user_id=pk)
            for pk in sorted(roll.users.values_list("pk", flat=True))
        )
    return vote


def _share_locked(vote: SelectionVote) -> SelectionVote:
    table = connection.ops.quote_name(SelectionVote._meta.db_table)
    query = f"SELECT * FROM {table} WHERE id = %s FOR SHARE"  # noqa: S608 (a model's table name)
    return SelectionVote.objects.raw(query, [vote.pk])[0]


def selection_cast(
    vote: SelectionVote, *, voter: User, project_ids: Iterable[int]
) -> None:
    """One deputy's secret ballot: up to `seats` distinct candidates, once.
    Raises SelectionRefused, ballots.AlreadyVoted, ballots.NotEligible."""
    chosen = set(project_ids)
    if not chosen:
        raise SelectionRefused(_("Choose at least one project."))
    with transaction.atomic():
        vote = _share_locked(vote)
        if vote.status != SelectionStatus.OPEN:
            raise TransitionNotAllowed(_("This vote is not open."))
        if len(chosen) > vote.seats:
            raise SelectionRefused(
                _("Choose at most %(seats)s projects.") % {"seats": vote.seats}
            )
        known = set(
            LivelihoodProject.objects.filter(
                year=vote.year, status=P.CANDIDATE, pk__in=chosen
            ).values_list("pk", flat=True)
        )
        if known != chosen:
            raise SelectionRefused(_("A choice is not a candidate of this vote."))
        # More ballots than deputies present are never accepted.
        counted = SelectionVote.objects.filter(
            pk=vote.pk, ballots_cast__lt=models.F("present_count")
        ).update(ballots_cast=models.F("ballots_cast") + 1)
        marked = SelectionVoter.objects.filter(
            vote=vote, user=voter, voted=False
        ).update(voted=True)
        if not marked:
            if SelectionVoter.objects.filter(vote=vote, user=voter, voted=True):
                raise ballots.AlreadyVoted
            raise ballots.NotEligible
        if not counted:
            raise ballots.TooManyVotes
        SelectionChoice.objects.bulk_create(
            SelectionChoice(vote=vote, project_id=pk) for pk in sorted(chosen)
        )


def selection_record_paper(
    vote: SelectionVote,
    *,
    ballots_cast: int,
    totals: dict[int, int],
    user: User | None,
) -> SelectionVote:
    """Enter the count of the paper ballots (staff, once, before anyone voted
    in the browser): `ballots_cast` valid ballots and {project pk: ticks}.
    Deputies with a login who did not vote on paper may still vote online,
    up to the number present. Raises SelectionRefused or TooManyVotes."""
    with transaction.atomic(), history_context(user):
        vote = SelectionVote.objects.select_for_update(of=("self",)).get(pk=vote.pk)
        if vote.status != SelectionStatus.OPEN or vote.ballots_cast:
            raise SelectionRefused(
                _("Paper totals are entered once, while the vote is open.")
            )
        if ballots_cast > vote.present_count:
            raise ballots.TooManyVotes
        candidates = set(
            LivelihoodProject.objects.filter(
                year=vote.year, status=P.CANDIDATE
            ).values_list("pk", flat=True)
        )
        if set(totals) - candidates:
            raise SelectionRefused(_("A choice is not a candidate of this vote."))
        if (
            any(n < 0 or n > ballots_cast for n in totals.values())
            or sum(totals.values()) > ballots_cast * vote.seats
        ):
            raise SelectionRefused(
                _("The totals do not fit the number of ballots cast.")
            )
        vote.ballots_cast = ballots_cast
        vote.save(update_fields=["ballots_cast"])
        SelectionChoice.objects.bulk_create(
            SelectionChoice(vote=vote, project_id=pk)
            for pk, count in sorted(totals.items())
            for _n in range(count)
        )
    return vote


def selection_close(
    vote: SelectionVote, *, user: User | None, now=None
) -> list[LivelihoodProject]:
    """Count once and fix the result: the `seats` candidates with the most
    votes are selected (代表定), the others not. Returns the selected."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        vote = transition(
            vote, SelectionStatus.CLOSED, machine=workflow.SELECTION, user=user
        )
        counts = dict(
            vote.choices.values("project")
            .annotate(n=models.Count("pk"))
            .values_list("project", "n")
        )
        candidates = list(
            LivelihoodProject.objects.select_for_update(of=("self",))
            .filter(year=vote.year, status=P.CANDIDATE)
            .order_by("pk")
        )
        ranked = sorted(candidates, key=lambda p: (-counts.get(p.pk, 0), p.number))
        selected = ranked[: vote.seats]
        for project in candidates:
            project.votes = counts.get(project.pk, 0)
            project.status = P.SELECTED if project in selected else P.NOT_SELECTED
        LivelihoodProject.objects.bulk_update(candidates, ["votes", "status"])
        vote.closed_at = now
        vote.save(update_fields=["status", "closed_at"])
    return selected


def project_progress_report(
    project: LivelihoodProject, *, user: User, percent: int, text: str, now=None
) -> ProjectProgress:
    """The department in charge reports progress (政府办); 100 % completes."""
    now = now or timezone.now()
    if not 0 <= percent <= 100:
        raise SelectionRefused(_("Progress is between 0 and 100 %."))
    with transaction.atomic(), history_context(user):
        project = LivelihoodProject.objects.select_for_update(of=("self",)).get(
            pk=project.pk
        )
        if project.status not in (P.SELECTED, P.COMPLETED):
            raise TransitionNotAllowed(
                _("Progress is reported on the selected projects.")
            )
        report = ProjectProgress.objects.create(
            project=project,
            reported_on=timezone.localdate(now),
            percent=percent,
            text=text,
            reported_by=user,
        )
        project.progress_percent = percent
        if percent == 100 and project.status == P.SELECTED:
            project = transition(
                project, P.COMPLETED, machine=workflow.PROJECT, user=user
            )
            project.progress_percent = percent
        project.save(update_fields=["progress_percent", "status"])
    return report


def issue_add(
    project: LivelihoodProject,
    *,
    user: User,
    text: str,
    responsible: str,
    due_on,
) -> ProjectIssue:
    """A line of the problem and responsibility list (问题责任清单)."""
    with transaction.atomic(), history_context(user):
        return ProjectIssue.objects.create(
            project=project, text=text, responsible=responsible, due_on=due_on
        )


def issue_resolve(issue: ProjectIssue, *, user: User, resolution: str) -> ProjectIssue:
    if not resolution.strip():
        raise SelectionRefused(_("Say how the problem was solved."))
    with transaction.atomic(), history_context(user):
        issue = ProjectIssue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
        issue.status, issue.resolution = ProjectIssue.Status.RESOLVED, resolution
        issue.save(update_fields=["status", "resolution"])
    return issue


def project_evaluation_create(
    project: LivelihoodProject,
    *,
    user: User,
    mode: str = Ballot.Mode.PAPER,
    meeting: Meeting | None = None,
) -> Ballot:
    """The year-end satisfaction vote of the standing committee (人大评) on a
    selected or completed project; its close marks the project evaluated."""
    with transaction.atomic(), history_context(user):
        project = LivelihoodProject.objects.select_for_update(of=("self",)).get(
            pk=project.pk
        )
        if project.status not in (P.SELECTED, P.COMPLETED) or project.evaluation_id:
            raise TransitionNotAllowed(
                _("Only a selected project not yet rated can be rated.")
            )
        ballot = ballot_create(
            title=_("Year-end satisfaction vote: %(title)s") % {"title": project.title},
            kind=Ballot.Kind.SATISFACTION,
            body=Ballot.Body.COMMITTEE,
            mode=mode,
            pass_rule=Ballot.PassRule.SATISFACTION_THRESHOLD,
            subject=project,
            meeting=meeting,
            user=user,
        )
        project.evaluation = ballot
        project.save(update_fields=["evaluation"])
    return ballot


def project_evaluation_settle(ballot: Ballot) -> LivelihoodProject | None:
    """After its ballot closed: the project is evaluated (automatic)."""
    project = LivelihoodProject.objects.filter(evaluation=ballot).first()
    if project is None or project.status == P.EVALUATED:
        return None
    with transaction.atomic():
        LivelihoodProject.objects.filter(pk=project.pk).update(status=P.EVALUATED)
    project.status = P.EVALUATED
    return project


def selection_results(vote: SelectionVote) -> Sequence[LivelihoodProject]:
    """The candidates ranked as the close ranked them."""
    projects = LivelihoodProject.objects.filter(year=vote.year).select_related(
        "department"
    )
    return sorted(projects, key=lambda p: (-(p.votes or 0), p.number))
