"""The deputy picker: a search-as-you-type field for choosing deputies among
tens of thousands, instead of a select that lists them all.

The page carries only the deputies already chosen (ticked check boxes) and a
search box; typing fetches the matches from `deputies:picker` (htmx), as
unticked boxes of the same name, so ticking one chooses that deputy. Without
JavaScript the box's "Find" button posts the form back with the search: the
form's `clean()` (see `picker_search_pressed`) keeps it from being saved and
the widget shows the matches server-side, read in `value_from_datadict`.
"""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

PICKER_LIMIT = 20


def picker_matches(query: str):
    """Up to PICKER_LIMIT deputies whose name contains `query`, by name."""
    from deputies.models import Deputy
    from deputies.search import name_contains

    query = query.strip()[:50]
    if not query:
        return Deputy.objects.none()
    return (
        Deputy.objects.filter(name_contains(query))
        .only("pk", "name", "employer_and_post")
        .order_by("name", "pk")[:PICKER_LIMIT]
    )


def picker_search_pressed(data, name: str) -> bool:
    """Whether the form was posted by the picker's "Find" button (no
    JavaScript) rather than to be saved."""
    return data is not None and f"{name}_search" in data


class DeputyPicker(forms.SelectMultiple):
    template = "deputies/picker/_widget.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.query = ""

    def value_from_datadict(self, data, files, name):
        self.query = (data.get(f"{name}_q") or "").strip()[:50]
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        from deputies.models import Deputy

        final = self.build_attrs(self.attrs, attrs)
        chosen_ids = [
            v for v in self.format_value(value) if v.isascii() and v.isdigit()
        ]
        chosen = list(
            Deputy.objects.filter(pk__in=chosen_ids).only("pk", "name").order_by("name")
        )
        found = [d for d in picker_matches(self.query) if str(d.pk) not in chosen_ids]
        return render_to_string(
            self.template,
            {
                "name": name,
                "id": final.get("id", f"id_{name}"),
                "chosen": chosen,
                "found": found,
                "query": self.query,
                "url": reverse("deputies:picker"),
            },
        )
