"""Ballots (表决/满意度测评): services and the installation's rules for them.

A ballot is drafted, opened (the electorate and who is present are snapshotted
and the quorum and threshold rules copied onto it), counted either from paper
totals entered by staff or from members voting in the browser, closed (the
result is computed once and fixed) and, when staff decide, published.

Secrecy: `BallotVoter.voted` records that a member voted, `BallotVote` records
a choice with no link to anyone; neither stores a time.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import rules
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import Ballot, BallotTally, BallotVote, BallotVoter, User
from congress.roles import Role
from congress.signals import ballot_closed

OPTIONS: dict[str, list[tuple[str, Any]]] = {
    Ballot.Kind.VOTE: [
        ("for", _("For")),
        ("against", _("Against")),
        ("abstain", _("Abstain")),
    ],
    Ballot.Kind.SATISFACTION: [
        ("satisfied", _("Satisfied")),
        ("basically_satisfied", _("Basically satisfied")),
        ("dissatisfied", _("Dissatisfied")),
    ],
}
# Options that count towards approval: "for", or satisfied and basically satisfied.
APPROVING = {"for", "satisfied", "basically_satisfied"}

TRANSITIONS: dict[str, set[str]] = {
    Ballot.Status.DRAFT: {Ballot.Status.OPEN},
    Ballot.Status.OPEN: {Ballot.Status.CLOSED},
    Ballot.Status.CLOSED: set(),
}

# 地方组织法: a standing-committee meeting needs more than half of all its
# members (全体组成人员过半数出席); a congress session needs two thirds or more
# (三分之二以上的代表出席; in Chinese law 以上 includes the number itself). The
# fractions are rules; whether the bound itself suffices follows the body.
COMMITTEE_QUORUM_NUMERATOR = rules.register(
    rules.Rule(
        "ballots.committee_quorum_numerator",
        _("Standing-committee quorum: numerator"),
        1,
        _("More than numerator/denominator of all members must be present."),
        min_value=1,
        max_value=99,
    )
)
COMMITTEE_QUORUM_DENOMINATOR = rules.register(
    rules.Rule(
        "ballots.committee_quorum_denominator",
        _("Standing-committee quorum: denominator"),
        2,
        min_value=1,
        max_value=99,
    )
)
CONGRESS_QUORUM_NUMERATOR = rules.register(
    rules.Rule(
        "ballots.congress_quorum_numerator",
        _("Congress-session quorum: numerator"),
        2,
        _("At least numerator/denominator of all deputies must be present."),
        min_value=1,
        max_value=99,
    )
)
CONGRESS_QUORUM_DENOMINATOR = rules.register(
    rules.Rule(
        "ballots.congress_quorum_denominator",
        _("Congress-session quorum: denominator"),
        3,
        min_value=1,
        max_value=99,
    )
)
SATISFACTION_THRESHOLD_PERCENT = rules.register(
    rules.Rule(
        "ballots.satisfaction_threshold_percent",
        _("Satisfaction threshold (%)"),
        60,
        _("Satisfied and basically satisfied votes, as a share of votes cast."),
        min_value=1,
        max_value=100,
    )
)

_QUORUM_RULES = {
    Ballot.Body.COMMITTEE: (COMMITTEE_QUORUM_NUMERATOR, COMMITTEE_QUORUM_DENOMINATOR),
    Ballot.Body.CHAIRPERSONS: (
        COMMITTEE_QUORUM_NUMERATOR,
        COMMITTEE_QUORUM_DENOMINATOR,
    ),
    Ballot.Body.CONGRESS: (CONGRESS_QUORUM_NUMERATOR, CONGRESS_QUORUM_DENOMINATOR),
}
# Bodies whose quorum is "more than" the fraction rather than "at least".
_STRICT_QUORUM = {Ballot.Body.COMMITTEE, Ballot.Body.CHAIRPERSONS}


class QuorumNotMet(DomainError):
    default_message = _("Too few members are present for a valid vote.")


class TooManyVotes(DomainError):
    default_message = _("A ballot cannot count more votes than members present.")


class UnknownOption(DomainError):
    default_message = _("This choice does not belong to the ballot.")


class WrongMode(DomainError):
    default_message = _("This ballot is not counted this way.")


class NotEligible(DomainError):
    default_message = _("You are not a voter present for this ballot.")


class AlreadyVoted(DomainError):
    default_message = _("You have already voted on this ballot.")


def ballot_options(ballot: Ballot) -> list[tuple[str, Any]]:
    """The (value, label) choices of the ballot's kind."""
    return OPTIONS[ballot.kind]


def committee_members() -> models.QuerySet[User]:
    """All current committee members: the usual electorate of a committee vote."""
    return User.objects.filter(is_active=True, groups__name=Role.MEMBER).distinct()


@dataclass(frozen=True)
class Roll:
    """A voting body's statutory membership on a day: `size` counts every
    member (the base of "more than half of all members" and of the quorum),
    `users` those of them with an account, who may vote in the browser."""

    size: int
    users: models.QuerySet[User]


_rolls: dict[str, Callable[[date], Roll]] = {}


def register_roll(body: str, roll: Callable[[date], Roll]) -> None:
    """Declare how to compute `body`'s membership on a day (apps' ready())."""
    if body in _rolls:
        raise ValueError(f"The roll of {body!r} is registered twice.")
    _rolls[body] = roll


def _users_roll(role: Role) -> Callable[[date], Roll]:
    def roll(on: date) -> Roll:
        users = User.objects.filter(is_active=True, groups__name=role).distinct()
        return Roll(size=users.count(), users=users)

    return roll


register_roll(Ballot.Body.COMMITTEE, _users_roll(Role.MEMBER))
register_roll(Ballot.Body.CHAIRPERSONS, _users_roll(Role.LEADER))


def body_roll(body: str, *, on: date | None = None) -> Roll:
    """The statutory membership of `body` on `on` (default today)."""
    return _rolls[body](on or timezone.localdate())


def quorum_met(ballot: Ballot, *, present: int | None = None) -> bool:
    """Whether `present` (default: the ballot's own count) reaches its quorum."""
    present = ballot.present_count if present is None else present
    bound = ballot.quorum_numerator * ballot.electorate_size
    if ballot.body in _STRICT_QUORUM:
        return present * ballot.quorum_denominator > bound
    return present * ballot.quorum_denominator >= bound


def _check_status(ballot: Ballot, target: str) -> None:
    if target not in TRANSITIONS[ballot.status]:
        raise TransitionNotAllowed(
            gettext("A ballot cannot go from “%(source)s” to “%(target)s”.")
            % {
                "source": Ballot.Status(ballot.status).label,
                "target": Ballot.Status(target).label,
            }
        )


def _require_open(ballot: Ballot, *, mode: str) -> None:
    if ballot.status != Ballot.Status.OPEN:
        raise TransitionNotAllowed(
            gettext(
                "Votes can be counted only while the ballot is open, not “%(status)s”."
            )
            % {"status": Ballot.Status(ballot.status).label}
        )
    if ballot.mode != mode:
        raise WrongMode(
            gettext("This ballot is counted as: %(mode)s.")
            % {"mode": Ballot.Mode(ballot.mode).label}
        )


def _locked(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update(of=("self",)).get(pk=ballot.pk)


def _share_locked(ballot: Ballot) -> Ballot:
    # FOR SHARE: casts run side by side, but never while the ballot is being
    # closed (FOR UPDATE), so no vote arrives after the result is fixed.
    table = connection.ops.quote_name(Ballot._meta.db_table)
    query = f"SELECT * FROM {table} WHERE id = %s FOR SHARE"  # noqa: S608 (a model's table name)
    return Ballot.objects.raw(query, [ballot.pk])[0]


def ballot_create(
    *,
    title: str,
    kind: str,
    body: str,
    mode: str,
    pass_rule: str,
    subject: models.Model | None = None,
    meeting=None,
    user: User | None,
) -> Ballot:
    """A draft ballot on `subject` (any model instance, or none)."""
    ballot = Ballot(
        title=title,
        kind=Ballot.Kind(kind),
        body=Ballot.Body(body),
        mode=Ballot.Mode(mode),
        pass_rule=Ballot.PassRule(pass_rule),
        meeting=meeting,
        created_by=user,
    )
    if subject is not None:
        ballot.content_type = ContentType.objects.get_for_model(subject)
        ballot.object_id = subject.pk
    with transaction.atomic(), history_context(user):
        ballot.save()
    return ballot


def ballot_open(
    ballot: Ballot,
    *,
    present: Iterable[User],
    electorate: Iterable[User] | None = None,
    present_count: int | None = None,
    user: User | None,
) -> Ballot:
    """Snapshot who may vote and who is present, copy the rules, open.

    The base of the quorum and of "all members" is the body's statutory roll
    on the day (`body_roll`), never the people ticked. `electorate` narrows
    who may vote in the browser (default: everyone on the roll with an
    account); people present outside it (列席 observers) are not counted.
    For paper ballots of bodies whose members have no accounts (a congress
    session), staff give `present_count` instead. Raises TransitionNotAllowed
    unless draft, QuorumNotMet without quorum, DomainError for a count above
    the roll.
    """
    with transaction.atomic(), history_context(user):
        ballot = _locked(ballot)
        _check_status(ballot, Ballot.Status.OPEN)
        roll = body_roll(ballot.body)
        allowed = set(roll.users.values_list("pk", flat=True))
        chosen = allowed if electorate is None else {p.pk for p in electorate}
        voters = chosen & allowed
        here = {person.pk for person in present} & voters
        numerator, denominator = _QUORUM_RULES[Ballot.Body(ballot.body)]
        ballot.quorum_numerator = rules.get(numerator.key)
        ballot.quorum_denominator = rules.get(denominator.key)
        ballot.threshold_percent = Decimal(
            rules.get(SATISFACTION_THRESHOLD_PERCENT.key)
        )
        ballot.electorate_size = roll.size
        ballot.present_count = len(here)
        if present_count is not None and ballot.mode == Ballot.Mode.PAPER:
            if not 0 <= present_count <= roll.size:
                raise DomainError(
                    gettext("The number present must be between 0 and %(size)s.")
                    % {"size": roll.size}
                )
            ballot.present_count = max(present_count, len(here))
        if not roll.size or not quorum_met(ballot):
            raise QuorumNotMet(_quorum_message(ballot))
        BallotVoter.objects.bulk_create(
            BallotVoter(ballot=ballot, user_id=pk, present=pk in here)
            for pk in sorted(voters)
        )
        ballot.status = Ballot.Status.OPEN
        ballot.opened_at = timezone.now()
        ballot.save()
    return ballot


def _quorum_message(ballot: Ballot) -> str:
    return gettext(
        "%(present)s of %(electorate)s members are present; the quorum is "
        "%(numerator)s/%(denominator)s."
    ) % {
        "present": ballot.present_count,
        "electorate": ballot.electorate_size,
        "numerator": ballot.quorum_numerator,
        "denominator": ballot.quorum_denominator,
    }


def _too_many(ballot: Ballot, votes: int) -> TooManyVotes:
    return TooManyVotes(
        gettext(
            "%(votes)s votes were counted but only %(present)s members are present."
        )
        % {"votes": votes, "present": ballot.present_count}
    )


def ballot_record_paper_totals(
    ballot: Ballot, *, totals: dict[str, int], user: User | None
) -> Ballot:
    """Replace the paper-ballot totals of an open paper ballot.

    Raises UnknownOption, TooManyVotes (more than present), WrongMode,
    TransitionNotAllowed (not open).
    """
    known = {value for value, _label in OPTIONS[ballot.kind]}
    for option, count in totals.items():
        if option not in known:
            raise UnknownOption(
                gettext("“%(option)s” is not a choice on this ballot.")
                % {"option": option}
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise DomainError(gettext("A total must be a whole number, zero or more."))
    with transaction.atomic(), history_context(user):
        ballot = _locked(ballot)
        _require_open(ballot, mode=Ballot.Mode.PAPER)
        if sum(totals.values()) > ballot.present_count:
            raise _too_many(ballot, sum(totals.values()))
        ballot.tallies.all().delete()
        BallotTally.objects.bulk_create(
            BallotTally(ballot=ballot, option=option, count=count)
            for option, count in totals.items()
        )
    return ballot


def ballot_cast(ballot: Ballot, *, voter: User, option: str) -> None:
    """One secret vote by a present member of the electorate, once.

    The conditional update is the guard: of two simultaneous casts by the same
    member only one flips `voted`, so only one choice is stored. Raises
    UnknownOption, NotEligible, AlreadyVoted, WrongMode, TransitionNotAllowed.
    """
    if option not in {value for value, _label in OPTIONS[ballot.kind]}:
        raise UnknownOption(
            gettext("“%(option)s” is not a choice on this ballot.") % {"option": option}
        )
    with transaction.atomic():
        ballot = _share_locked(ballot)
        _require_open(ballot, mode=Ballot.Mode.ONLINE)
        marked = BallotVoter.objects.filter(
            ballot=ballot, user=voter, voted=False, present=True
        ).update(voted=True)
        if not marked:
            if BallotVoter.objects.filter(ballot=ballot, user=voter, voted=True):
                raise AlreadyVoted
            raise NotEligible
        BallotVote.objects.create(ballot=ballot, option=option)


def _counts(ballot: Ballot) -> dict[str, int]:
    counts = dict.fromkeys((value for value, _label in OPTIONS[ballot.kind]), 0)
    rows: Iterable[tuple[str, int]]
    if ballot.mode == Ballot.Mode.PAPER:
        rows = ballot.tallies.values_list("option", "count")
    else:
        votes = ballot.votes.values("option").annotate(n=models.Count("pk"))
        rows = votes.values_list("option", "n")
    for option, count in rows:
        counts[option] = count
    return counts


def _passed(ballot: Ballot, approving: int, voting: int) -> bool:
    rule = ballot.pass_rule
    if rule == Ballot.PassRule.MAJORITY_OF_ALL:
        return approving * 2 > ballot.electorate_size
    if rule == Ballot.PassRule.MAJORITY_OF_VOTING:
        return voting > 0 and approving * 2 > voting
    threshold = ballot.threshold_percent or Decimal(0)
    return voting > 0 and approving * 100 >= threshold * voting


def ballot_result(ballot: Ballot) -> tuple[dict[str, Any], bool]:
    """Compute (result, passed) from the counted votes; writes nothing."""
    counts = _counts(ballot)
    voting = sum(counts.values())
    approving = sum(n for option, n in counts.items() if option in APPROVING)
    percent = round(approving * 100 / voting, 2) if voting else None
    result: dict[str, Any] = {
        **counts,
        "voting": voting,
        "present": ballot.present_count,
        "electorate": ballot.electorate_size,
        "approval_percent": percent,
    }
    return result, _passed(ballot, approving, voting)


def ballot_close(ballot: Ballot, *, user: User | None) -> Ballot:
    """Close an open ballot and fix its result; it is never recomputed.

    Raises TransitionNotAllowed unless open, QuorumNotMet, TooManyVotes.
    """
    with transaction.atomic(), history_context(user):
        ballot = _locked(ballot)
        _check_status(ballot, Ballot.Status.CLOSED)
        if not quorum_met(ballot):
            raise QuorumNotMet(_quorum_message(ballot))
        result, passed = ballot_result(ballot)
        if result["voting"] > ballot.present_count:
            raise _too_many(ballot, result["voting"])
        ballot.result = result
        ballot.passed = passed
        ballot.status = Ballot.Status.CLOSED
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["result", "passed", "status", "closed_at"])
        transaction.on_commit(lambda: ballot_closed.send(sender=Ballot, ballot=ballot))
    return ballot


def ballot_publish(ballot: Ballot, *, user: User | None) -> Ballot:
    """Publish a closed ballot's result beyond the meeting.

    Raises TransitionNotAllowed unless closed; publishing twice changes nothing.
    """
    with transaction.atomic(), history_context(user):
        ballot = _locked(ballot)
        if ballot.status != Ballot.Status.CLOSED:
            raise TransitionNotAllowed(
                gettext(
                    "Only a closed ballot can be published; this one is “%(status)s”."
                )
                % {"status": Ballot.Status(ballot.status).label}
            )
        if not ballot.published:
            ballot.published = True
            ballot.save(update_fields=["published"])
    return ballot
