"""Ballots (表决/满意度测评) on any subject, with a snapshotted electorate.

Who voted (BallotVoter.voted) is stored apart from what was chosen
(BallotVote, which has no link to a person and no time), so a choice cannot
be traced back to a voter.
"""

import pghistory
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


@pghistory.track()
class Ballot(models.Model):
    class Kind(models.TextChoices):
        VOTE = "vote", _("Vote (for/against/abstain)")
        SATISFACTION = "satisfaction", _("Satisfaction vote")

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("Standing committee meeting")
        CONGRESS = "congress", _("Session of the people's congress")
        CHAIRPERSONS = "chairpersons", _("Chairpersons' meeting")

    class Mode(models.TextChoices):
        PAPER = "paper", _("Paper ballots counted by staff")
        ONLINE = "online", _("Members vote in the browser")

    class PassRule(models.TextChoices):
        MAJORITY_OF_ALL = "majority_of_all", _("More than half of all members")
        MAJORITY_OF_VOTING = "majority_of_voting", _("More than half of those voting")
        SATISFACTION_THRESHOLD = (
            "satisfaction_threshold",
            _("Satisfied and basically satisfied reach the threshold"),
        )

    Status = BallotStatus

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    body = models.CharField(_("voting body"), max_length=16, choices=Body.choices)
    mode = models.CharField(_("voting mode"), max_length=16, choices=Mode.choices)
    pass_rule = models.CharField(
        _("pass rule"), max_length=32, choices=PassRule.choices
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BallotStatus.choices,
        default=BallotStatus.DRAFT,
    )
    # Thresholds are copied from the installation's rules when the ballot
    # opens, so a later change of rule does not change a running ballot.
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum numerator"), default=1
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum denominator"), default=2
    )
    threshold_percent = models.DecimalField(
        _("satisfaction threshold (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    electorate_size = models.PositiveIntegerField(_("members"), default=0)
    present_count = models.PositiveIntegerField(_("members present"), default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=BallotStatus.values),
                name="ballot_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(present_count__lte=models.F("electorate_size")),
                name="ballot_present_within_electorate",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BallotVoter(models.Model):
    """The electorate, snapshotted when the ballot opens."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT
    )
    present = models.BooleanField(_("present"), default=False)
    voted = models.BooleanField(_("voted"), default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "user"], name="voter_once"),
            models.CheckConstraint(
                condition=models.Q(voted=False) | models.Q(present=True),
                name="voter_votes_only_when_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.user_id}"


class BallotVote(models.Model):
    """One secret choice: no voter, no timestamp."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    option = models.CharField(_("choice"), max_length=32)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return self.option


class BallotTally(models.Model):
    """Totals entered by staff from paper ballots."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="tallies")
    option = models.CharField(_("choice"), max_length=32)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("paper ballot total")
        verbose_name_plural = _("paper ballot totals")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.count}"
