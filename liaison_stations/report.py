"""The liaison-station section of a deputy's performance report."""

from django.utils.translation import gettext as _

from liaison_stations import selectors


def section(deputy, year: int) -> dict | None:
    """Duties, receptions and activities at the stations in `year`, against
    the yearly minimum of visits; None for a deputy based at no station."""
    stations = list(deputy.stations.values_list("name", flat=True))
    if not stations:
        return None  # one query for the many deputies based at no station
    row = selectors.deputy_statistics([deputy], year)[0]
    minimum = selectors.minimum_visits()
    return {
        "title": _("Work at the liaison stations"),
        "stations": "、".join(stations),
        "row": row,
        "minimum": minimum,
        "below": row.visits < minimum,
    }
