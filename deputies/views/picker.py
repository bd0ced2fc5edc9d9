"""The deputy picker's search (deputies.widgets.DeputyPicker): the matches
for what was typed, as check boxes named after the form's field."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from congress.access import roles
from deputies.access import REGISTRY_READERS
from deputies.widgets import picker_matches

FIELD = re.compile(r"^[a-z_][a-z0-9_-]{0,40}$")


@roles(*REGISTRY_READERS)
@require_GET
def picker(request: HttpRequest) -> HttpResponse:
    """?field=<form field>&<field>_q=<part of a name>: the matches."""
    field = request.GET.get("field", "")
    if not FIELD.match(field):
        field = "deputies"
    # The search box is named after the field: "<field>_q".
    query = request.GET.get(f"{field}_q", "")
    return render(
        request,
        "deputies/picker/_found.html",
        {"field": field, "query": query.strip(), "found": picker_matches(query)},
    )
