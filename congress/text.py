"""Free text with a length limit everywhere: model, form and database.

Every free-text field is a `BoundedTextField` (models) or `BoundedTextFormField`
(plain forms) of a size, "short" (reasons, comments, notes) or "long"
(proposal texts, replies, descriptions). The limit is an installation rule
(congress.rules) read when a form is shown and when a value is checked; the
message names the field and the limit. The database refuses anything above the
rule's highest allowed value (a CHECK constraint), so an import, an admin edit
or a service that skips the form cannot store a megabyte either.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext

from congress import rules

SIZES = {
    "short": rules.TEXT_SHORT_MAX_CHARS,
    "long": rules.TEXT_LONG_MAX_CHARS,
}


def text_limit(size: str) -> int:
    """The installation's current limit for a size of text."""
    return rules.get(SIZES[size].key)


@deconstructible
class TextLengthValidator:
    """Refuses text longer than the installation's limit, naming the field."""

    def __init__(self, size: str, label=""):
        self.size = size
        self.label = label

    def __call__(self, value) -> None:
        limit = text_limit(self.size)
        if value is not None and len(value) > limit:
            raise ValidationError(
                gettext(
                    "“%(field)s” may be at most %(limit)s characters long; "
                    "it has %(count)s."
                ),
                code="text_too_long",
                params={"field": self.label, "limit": limit, "count": len(value)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, TextLengthValidator) and other.size == self.size


class BoundedTextFormField(forms.CharField):
    """A textarea whose length limit comes from the installation's rules."""

    widget = forms.Textarea

    def __init__(self, *, size: str = "short", **kwargs):
        self.size = size
        super().__init__(**kwargs)
        self.validators.append(TextLengthValidator(size, self.label or ""))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # Evaluated when the page is rendered, not when the form class loads.
        attrs["maxlength"] = lazy(lambda: str(text_limit(self.size)), str)()
        return attrs

    def run_validators(self, value):
        for validator in self.validators:
            if isinstance(validator, TextLengthValidator):
                validator.label = self.label or ""
        super().run_validators(value)


class BoundedTextField(models.TextField):
    """A TextField of a size ("short" or "long"), limited in forms and model
    validation by the installation's rule."""

    def __init__(self, *args, size: str = "short", **kwargs):
        if size not in SIZES:
            raise ValueError(f"Unknown text size {size!r}")
        self.size = size
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["size"] = self.size
        return name, path, args, kwargs

    @property
    def validators(self):
        return [
            *super().validators,
            TextLengthValidator(self.size, self.verbose_name or self.name),
        ]

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": BoundedTextFormField, "size": self.size, **kwargs}
        )
