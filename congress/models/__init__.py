from congress.models.attachments import Attachment
from congress.models.ballots import Ballot, BallotTally, BallotVote, BallotVoter
from congress.models.calendar import CalendarOverride, CalendarYear
from congress.models.events import EventQuerySet, TimelineEvent
from congress.models.notifications import (
    Channel,
    Delivery,
    Notification,
    NotificationPreference,
    ReminderLog,
)
from congress.models.personal_data import PersonalDataRequest
from congress.models.ratelimits import RateCount
from congress.models.rules import RuleValue
from congress.models.sessions import Session
from congress.models.structure import Division, Meeting, Organization, Term
from congress.models.submissions import FormSubmission
from congress.models.users import LoginCode, User

__all__ = [
    "Attachment",
    "Ballot",
    "BallotTally",
    "BallotVote",
    "BallotVoter",
    "CalendarOverride",
    "CalendarYear",
    "Channel",
    "Delivery",
    "Division",
    "EventQuerySet",
    "FormSubmission",
    "LoginCode",
    "Meeting",
    "Notification",
    "NotificationPreference",
    "Organization",
    "PersonalDataRequest",
    "RateCount",
    "ReminderLog",
    "RuleValue",
    "Session",
    "Term",
    "TimelineEvent",
    "User",
]
