"""Every write of the proposals workflow, one function per transition.

Split by stage; import from here: `from proposals import services`.
"""

from proposals.services.handling import *  # noqa: F403
from proposals.services.motions import *  # noqa: F403
from proposals.services.rating import *  # noqa: F403
from proposals.services.replies import *  # noqa: F403
from proposals.services.submission import *  # noqa: F403
