from congress.models.attachments import Attachment
from congress.models.rules import RuleValue
from congress.models.sessions import Session
from congress.models.structure import Division, Meeting, Organization, Term
from congress.models.users import User

__all__ = [
    "Attachment",
    "Division",
    "Meeting",
    "Organization",
    "RuleValue",
    "Session",
    "Term",
    "User",
]
