"""The stations' state machines: who may take which edge, by role.

Object-level checks (this station's manager, this organisation, this deputy)
are in liaison_stations.access, called by the views before the services.
"""

from congress.roles import Role
from congress.workflow import Machine
from liaison_stations.models import BookingStatus, IssueStatus, SlotStatus, SwapStatus

STATION_STAFF = {Role.STATION_MANAGER, Role.OFFICE}
ORG = {Role.ORG_LIAISON, Role.ORG_HEAD}

IS = IssueStatus
ISSUE = Machine(
    "liaison_stations.Issue",
    IssueStatus,
    {
        IS.RECEIVED: {
            IS.CLOSED: STATION_STAFF,  # solved on the spot
            IS.REFERRED: STATION_STAFF,
            IS.PASSED_UP: STATION_STAFF,
            IS.SUGGESTION: STATION_STAFF,
            IS.SCREENED_OUT: STATION_STAFF,
        },
        IS.REFERRED: {IS.ANSWERED: ORG | STATION_STAFF},
        IS.PASSED_UP: {IS.ANSWERED: {Role.DEPUTY} | STATION_STAFF},
        IS.SUGGESTION: {IS.ANSWERED: {Role.DEPUTY}},
        IS.ANSWERED: {
            IS.CLOSED: STATION_STAFF,  # the citizen's feedback recorded
            IS.RECEIVED: STATION_STAFF,  # not satisfied: reopened, once
        },
        IS.CLOSED: {},
        IS.SCREENED_OUT: {},
    },
)

S = SwapStatus
SWAP = Machine(
    "liaison_stations.SwapRequest",
    SwapStatus,
    {
        S.PENDING: {
            S.APPROVED: STATION_STAFF,
            S.REJECTED: STATION_STAFF,
            S.WITHDRAWN: {Role.DEPUTY},
        },
        S.APPROVED: {},
        S.REJECTED: {},
        S.WITHDRAWN: {},
    },
)

B = BookingStatus
BOOKING = Machine(
    "liaison_stations.Booking",
    BookingStatus,
    {
        B.REQUESTED: {B.CONFIRMED: STATION_STAFF, B.DECLINED: STATION_STAFF},
        B.CONFIRMED: {B.DECLINED: STATION_STAFF},
        B.DECLINED: {},
    },
)

L = SlotStatus
SLOT = Machine(
    "liaison_stations.DutySlot",
    SlotStatus,
    {
        L.DRAFT: {L.PUBLISHED: STATION_STAFF, L.CANCELLED: STATION_STAFF},
        L.PUBLISHED: {L.CANCELLED: STATION_STAFF},
        L.CANCELLED: {},
    },
)
