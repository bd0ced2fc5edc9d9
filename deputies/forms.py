"""Forms of the deputies app: logging an activity, returning it, registry filters."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.models import Division, Term
from congress.text import BoundedTextFormField
from congress.uploads import validate_upload
from deputies.models import (
    ActivityKind,
    DeputyGroup,
    EvaluationResult,
    Level,
    MandateStatus,
    PerformanceRecord,
)

MAX_PHOTOS = 9


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos from one input; each checked by its content (HEIC too)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(MultiplePhotoField, self).clean(f, initial) for f in files]
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                gettext("Attach at most %(max)s photos.") % {"max": MAX_PHOTOS},
                code="too_many_photos",
            )
        errors = []
        for uploaded in files:
            try:
                validate_upload(uploaded, use="photo")
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files


class RecordForm(forms.Form):
    """A deputy logs or corrects an activity from a phone."""

    kind = forms.ChoiceField(
        label=_("activity type"), choices=[("", "—"), *ActivityKind.choices]
    )
    date = forms.DateField(
        label=_("date"),
        # type=date needs ISO whatever the language's date format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = forms.DecimalField(
        label=_("hours"),
        required=False,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"}
        ),
    )
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    description = BoundedTextFormField(
        size="long", label=_("description"), widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultiplePhotoField(
        label=_("photos"),
        required=False,
        help_text=_("Photos straight from your phone (JPEG, PNG or HEIC)."),
        widget=MultipleFileInput(attrs={"accept": "image/*,.heic,.heif"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select" if name == "kind" else "form-control"
            field.widget.attrs.setdefault("class", css)

    def add_error(self, field, error):
        super().add_error(field, error)
        # Bootstrap shows the messages of fields marked invalid.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs["class"]:
                    widget.attrs["class"] += " is-invalid"

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(
                gettext("The date of an activity cannot be in the future."),
                code="future_date",
            )
        return date

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not Decimal(0) < hours <= Decimal(24):
            raise ValidationError(
                gettext("Hours must be more than 0 and at most 24."),
                code="hours_range",
            )
        return hours

    def record_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "date", "hours", "place", "description")
        }


class RecordReturnForm(forms.Form):
    reason = BoundedTextFormField(
        size="short",
        label=_("reason for return"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("The deputy sees this reason and can correct the record."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(gettext("Say why the record is returned."))
        return reason


class RegistryFilterForm(forms.Form):
    """The registry's filters, read from the query string; all optional."""

    q = forms.CharField(label=_("Name or ID number"), required=False, max_length=50)
    level = forms.ChoiceField(
        label=_("level"), required=False, choices=[("", "—"), *Level.choices]
    )
    term = forms.ModelChoiceField(
        label=_("term"), required=False, queryset=Term.objects.all(), empty_label="—"
    )
    division = forms.ModelChoiceField(
        label=_("township or sub-district"),
        required=False,
        queryset=Division.objects.all(),
        empty_label="—",
    )
    group = forms.ModelChoiceField(
        label=_("deputy group"),
        required=False,
        queryset=DeputyGroup.objects.all(),
        empty_label="—",
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", "—"), *MandateStatus.choices],
    )
    composition = forms.CharField(
        label=_("composition category"), required=False, max_length=30
    )
    # Activity in a period (the leadership dashboard links here): deputies
    # with a confirmed record between the dates, or without one.
    active_from = forms.DateField(
        label=_("activity from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    active_to = forms.DateField(
        label=_("activity until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    inactive = forms.TypedChoiceField(
        label=_("activity in the period"),
        required=False,
        coerce=lambda value: value == "1",
        empty_value=False,
        choices=[("", _("With activity")), ("1", _("Without any activity"))],
    )
    evaluation = forms.ChoiceField(
        label=_("annual evaluation"),
        required=False,
        choices=[("", "—"), *EvaluationResult.choices],
    )
    evaluation_year = forms.IntegerField(
        label=_("evaluation year"), required=False, min_value=1949, max_value=2200
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and start > end:
            self.add_error(
                "active_to",
                gettext("The end of the period cannot be before its start."),
            )
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")


class PendingFilterForm(forms.Form):
    """The confirmation queue's filters, read from the query string."""

    division = forms.ModelChoiceField(
        label=_("township or sub-district"),
        required=False,
        queryset=Division.objects.filter(
            level__in=[
                Division.Level.TOWN,
                Division.Level.TOWNSHIP,
                Division.Level.SUBDISTRICT,
            ]
        ),
        empty_label="—",
    )
    deputy = forms.CharField(label=_("deputy"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("activity type"),
        required=False,
        choices=[("", "—"), *ActivityKind.choices],
    )
    date_from = forms.DateField(
        label=_("from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")


class RecordBatchForm(forms.Form):
    """Several records of the queue, confirmed at once."""

    records = forms.ModelMultipleChoiceField(
        label=_("records"),
        queryset=PerformanceRecord.objects.none(),
        error_messages={"required": _("Select at least one record.")},
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = records
