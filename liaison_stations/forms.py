"""Forms of the stations' pages; every write goes through liaison_stations.services."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Organization, User
from congress.roles import Role
from congress.validators import validate_mobile
from deputies.models import Deputy
from liaison_stations import public
from liaison_stations.models import (
    ActivityKind,
    DutyKind,
    Feedback,
    Frequency,
    HolidayPolicy,
    IssueCategory,
    ReceptionKind,
    Station,
)

WEEKDAYS = [
    (i, _(name))
    for i, name in enumerate(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
]


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (phones: large enough to tap)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs.setdefault("class", css)


class StyledModelForm(StyledForm, forms.ModelForm):
    pass


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def members_of(station: Station):
    return Deputy.objects.filter(stations=station).order_by("name")


class StationForm(StyledModelForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "type",
            "division",
            "address",
            "latitude",
            "longitude",
            "phone",
            "opens_at",
            "closes_at",
            "hours_note",
            "rules_text",
            "chief",
            "deputy_chiefs",
            "liaison_staff",
            "is_active",
        ]
        widgets = {
            "opens_at": time_input(),
            "closes_at": time_input(),
            "rules_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            members_of(self.instance) if self.instance.pk else Deputy.objects.none()
        )
        self.fields["chief"].queryset = members
        self.fields["deputy_chiefs"].queryset = members
        self.fields["deputy_chiefs"].widget = forms.CheckboxSelectMultiple()
        self.fields["deputy_chiefs"].widget.choices = self.fields[
            "deputy_chiefs"
        ].choices


FOUND_AT_MOST = 50  # deputies a name search offers at once


def serving_deputies():
    return Deputy.objects.filter(mandates__status="serving").distinct()


def deputies_named(text: str):
    """Serving deputies whose name contains `text` (the first FOUND_AT_MOST)."""
    text = (text or "").strip()[:20]
    if not text:
        return Deputy.objects.none()
    return (
        serving_deputies()
        .filter(name__icontains=text)
        .order_by("name", "pk")[:FOUND_AT_MOST]
    )


class FindForm(StyledForm):
    """Narrows a deputy choice to the names containing the text (GET): a
    province has thousands of deputies, too many for one list."""

    find = forms.CharField(
        label=_("Find deputies by name"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _offer(field, deputies) -> None:
    """Show only `deputies` (id order kept, no repeats) as the field's
    options; the field still accepts any deputy of its queryset."""
    seen: dict[int, str] = {}
    for deputy in deputies:
        seen.setdefault(deputy.pk, deputy.name)
    field.widget.choices = (
        [("", "—")] if not field.widget.allow_multiple_selected else []
    )
    field.widget.choices += list(seen.items())


class StationDeputiesForm(StyledForm):
    """The deputies based at the station: the current ones (untick to
    remove) and those a name search found (tick to add)."""

    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies based at the station"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, station: Station, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["deputies"]
        # A current member whose mandate ended can still be kept.
        field.queryset = Deputy.objects.filter(
            Q(mandates__status="serving") | Q(stations=station)
        ).distinct()
        posted = self.data.getlist("deputies") if self.is_bound else []
        chosen = Deputy.objects.filter(
            pk__in=[int(v) for v in posted if str(v).isascii() and str(v).isdigit()]
        )
        _offer(
            field,
            [*members_of(station), *chosen.order_by("name"), *deputies_named(find)],
        )


class ManagerForm(StyledForm):
    manager = forms.ModelChoiceField(
        label=_("Station manager account"),
        queryset=User.objects.with_role(Role.STATION_MANAGER).order_by("username"),
    )


class PhotoForm(StyledForm):
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class SelfCheckForm(StyledForm):
    met = forms.BooleanField(label=_("Met"), required=False)
    note = forms.CharField(label=_("Evidence or note"), max_length=500, required=False)


class ReviewForm(StyledForm):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Do not accept"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


# Rosters --------------------------------------------------------------------


class DutyRuleForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of duty"), choices=DutyKind.choices)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    days_of_month = forms.CharField(
        label=_("Days of the month"),
        required=False,
        max_length=20,
        help_text=_("For a monthly duty, e.g. “5,20” or “1、15”."),
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_time = forms.TimeField(label=_("From"), widget=time_input())
    end_time = forms.TimeField(label=_("Until"), widget=time_input())
    on_holiday = forms.ChoiceField(
        label=_("On a holiday"), choices=HolidayPolicy.choices
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies on duty by default"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=date_input())
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=date_input(),
        required=False,
        help_text=_("Leave empty for a duty that goes on until changed."),
    )
    generate_until = forms.DateField(
        label=_("Generate duties until"), widget=date_input()
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = members_of(station)

    def clean_days_of_month(self):
        text = self.cleaned_data["days_of_month"]
        parts = [p for p in public_split(text) if p]
        try:
            days = sorted({int(part) for part in parts})
        except ValueError:
            raise forms.ValidationError(
                _("Write days as numbers, e.g. 5,20.")
            ) from None
        if any(not 1 <= day <= 31 for day in days) or len(days) > 4:
            raise forms.ValidationError(_("Up to four days between 1 and 31."))
        return days

    def clean(self):
        data = super().clean()
        if (
            data.get("valid_from")
            and data.get("valid_until")
            and data["valid_until"] < data["valid_from"]
        ):
            self.add_error("valid_until", _("Must not be before the start."))
        if data.get("valid_from") and data.get("generate_until"):
            if data["generate_until"] < data["valid_from"]:
                self.add_error("generate_until", _("Must not be before the start."))
            elif (data["generate_until"] - data["valid_from"]).days > 366 * 2:
                self.add_error("generate_until", _("At most two years at once."))
        return data


def public_split(text: str) -> list[str]:
    import re

    return re.split(r"[,，、;；\s]+", (text or "").strip())


class SlotForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of duty"), choices=DutyKind.choices)
    date = forms.DateField(label=_("Date"), widget=date_input())
    start_time = forms.TimeField(label=_("From"), widget=time_input())
    end_time = forms.TimeField(label=_("Until"), widget=time_input())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    bookable = forms.BooleanField(
        label=_("residents may book"),
        required=False,
        initial=True,
        help_text=_("Untick for a duty residents cannot book online."),
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies on duty"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = members_of(station)


class AssignForm(StyledForm):
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none())

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = members_of(station)


class PublishForm(StyledForm):
    until = forms.DateField(label=_("Publish the duties until"), widget=date_input())


class InviteForm(StyledForm):
    invitation = forms.CharField(
        label=_("voters invited"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Whom you invite to this reception, e.g. “禾丰村村民代表、县一中学生家长”. "
            "It is shown on the station's public page; leave empty to withdraw."
        ),
    )


class SwapForm(StyledForm):
    replacement = forms.ModelChoiceField(
        label=_("Deputy who takes the duty"), queryset=Deputy.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, station, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = members_of(station).exclude(pk=exclude)


class DecisionForm(StyledForm):
    answer = forms.CharField(label=_("Answer"), max_length=300, required=False)


# Receptions and issues --------------------------------------------------------


class ReceptionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReceptionKind.choices)
    date = forms.DateField(label=_("Date"), widget=date_input())
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies present"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    visitor_count = forms.IntegerField(
        label=_("Visitors received"), min_value=0, max_value=10000, initial=1
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = members_of(station)


class IssueForm(StyledForm):
    citizen_name = forms.CharField(label=_("Citizen's name"), max_length=50)
    citizen_phone = forms.CharField(
        label=_("Citizen's phone"), max_length=20, required=False
    )
    content = forms.CharField(
        label=_("Issue raised"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=IssueCategory.choices)
    place = forms.CharField(label=_("Place concerned"), max_length=100, required=False)


class SolveForm(StyledForm):
    reply = forms.CharField(
        label=_("What was done"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferForm(StyledForm):
    organization = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organization.objects.filter(is_active=True).exclude(
            kind__in=["working_body", "general_office", "party_committee"]
        ),
    )
    due_date = forms.DateField(
        label=_("Reply due"),
        required=False,
        widget=date_input(),
        help_text=_("Empty: one month after the issue was received (the rule)."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class DeputyRouteForm(StyledForm):
    """Any serving deputy; offered: the station's deputies and those a name
    search found (FindForm), not the thousands of a province."""

    deputy = forms.ModelChoiceField(
        label=_("Deputy"),
        queryset=serving_deputies(),
        widget=forms.Select,
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["deputy"], [])

    def offer(self, deputies) -> "DeputyRouteForm":
        _offer(self.fields["deputy"], deputies)
        return self


class ScreenForm(StyledForm):
    reason = forms.CharField(label=_("Reason for not accepting"), max_length=300)


class AnswerForm(StyledForm):
    reply = forms.CharField(
        label=_("Answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FeedbackForm(StyledForm):
    feedback = forms.ChoiceField(
        label=_("The citizen is"), choices=Feedback.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class DraftSuggestionForm(StyledForm):
    title = forms.CharField(label=_("Title of the suggestion"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


# Activities ---------------------------------------------------------------------


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=date_input())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignInForm(StyledForm):
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies who signed in"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = members_of(station)


class ProfileForm(StyledForm):
    show_contact = forms.BooleanField(
        label=_("Show a contact telephone on my public page"), required=False
    )
    public_phone = forms.CharField(
        label=_("Public contact telephone"), max_length=20, required=False
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Public forms ---------------------------------------------------------------------


class ChallengeMixin(forms.Form):
    challenge_token = forms.CharField(widget=forms.HiddenInput)
    challenge_answer = forms.CharField(label=_("Answer"), max_length=5)

    def clean(self):
        data = super().clean()
        if not public.challenge_passed(
            data.get("challenge_token", ""), data.get("challenge_answer", "")
        ):
            self.add_error("challenge_answer", _("The answer is not right; try again."))
        return data


class MessageForm(ChallengeMixin, StyledForm):
    citizen_name = forms.CharField(label=_("Your name"), max_length=50)
    citizen_phone = forms.CharField(
        label=_("Your mobile number"), max_length=11, validators=[validate_mobile]
    )
    content = forms.CharField(
        label=_("Your message"),
        max_length=public.MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 2,000 characters."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=IssueCategory.choices)
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("At most 5 MB."),
    )
    field_order = [
        "citizen_name",
        "citizen_phone",
        "category",
        "content",
        "photo",
        "challenge_answer",
        "challenge_token",
    ]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > public.MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class BookingForm(ChallengeMixin, StyledForm):
    citizen_name = forms.CharField(label=_("Your name"), max_length=50)
    citizen_phone = forms.CharField(
        label=_("Your mobile number"), max_length=11, validators=[validate_mobile]
    )
    topic = forms.CharField(
        label=_("What you would like to raise"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = [
        "citizen_name",
        "citizen_phone",
        "topic",
        "challenge_answer",
        "challenge_token",
    ]


class LookupForm(StyledForm):
    code = forms.CharField(label=_("Tracking code"), max_length=10)
    phone = forms.CharField(label=_("Mobile number you left"), max_length=20)


def default_until(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=42)
