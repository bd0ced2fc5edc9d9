"""Form widgets for long choice lists."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class LongSelectMultiple(forms.SelectMultiple):
    """A multiple select whose options are written in one pass instead of one
    template per option: thousands of deputies render in milliseconds, not
    seconds. Same markup as SelectMultiple, without option groups. With
    `label_field`, a model choice field's options are read as (pk, label)
    pairs from its queryset instead of as model instances."""

    def __init__(self, attrs=None, choices=(), *, label_field: str = ""):
        super().__init__(attrs, choices)
        self.label_field = label_field

    def _pairs(self):
        queryset = getattr(self.choices, "queryset", None)
        if self.label_field and queryset is not None:
            return queryset.values_list("pk", self.label_field)
        return self.choices

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        final["multiple"] = True
        options = []
        for option_value, option_label in self._pairs():
            key = str(option_value)
            selected = " selected" if key in chosen else ""
            options.append(
                f'<option value="{html.escape(key)}"{selected}>'
                f"{html.escape(str(option_label))}</option>"
            )
        # Every value and label above is escaped; flatatt escapes the attributes.
        return mark_safe(  # noqa: S308
            f"<select{flatatt(final)}>{''.join(options)}</select>"
        )
