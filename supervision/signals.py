"""Receivers: a closed satisfaction ballot on a handling report moves its item."""

from django.dispatch import receiver

from congress.signals import ballot_closed
from supervision.appraisals import appraisal_ballot_settle
from supervision.livelihood import project_evaluation_settle
from supervision.public import onsite_vote_settle
from supervision.services import item_vote_settle


@receiver(ballot_closed)
def settle_item_vote(sender, ballot, **kwargs):
    """Sent after commit when a ballot closes; ignores other apps' ballots."""
    item_vote_settle(ballot)
    project_evaluation_settle(ballot)
    appraisal_ballot_settle(ballot)
    onsite_vote_settle(ballot)
