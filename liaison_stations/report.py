"""The liaison-station section of a deputy's performance report."""

from django.utils.translation import gettext as _

from liaison_stations import selectors


def section(deputy, year: int) -> dict | None:
    """Duties, receptions and activities at the stations in `year`, against
    the yearly minimum of visits; None when the deputy has none and is based
    at no station."""
    row = selectors.deputy_statistics([deputy], year)[0]
    stations = list(deputy.stations.values_list("name", flat=True))
    if not stations and not (row.duties_planned or row.receptions or row.activities):
        return None
    minimum = selectors.minimum_visits()
    return {
        "title": _("Work at the liaison stations"),
        "stations": "、".join(stations),
        "row": row,
        "minimum": minimum,
        "below": row.visits < minimum,
    }
