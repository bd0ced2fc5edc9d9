from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.models import (
    Batch,
    Case,
    CaseType,
    ExamSession,
    Gender,
    OathForm,
    Paper,
    Person,
    Post,
    Tenure,
    Topic,
)
from congress.models import Meeting, Organization

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class Styled:
    """Bootstrap classes on every widget (the forms render field by field)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def _meetings():
    return Meeting.objects.filter(kind=Meeting.Kind.COMMITTEE_MEETING).select_related(
        "term"
    )


class CaseForm(Styled, forms.Form):
    case_type = forms.ChoiceField(label=_("case type"), choices=CaseType.choices)
    person = forms.ModelChoiceField(
        label=_("existing person"),
        queryset=Person.objects.all(),
        required=False,
        help_text=_("Or give a new person's name below."),
    )
    new_name = forms.CharField(
        label=_("new person's name"), max_length=50, required=False
    )
    gender = forms.ChoiceField(
        label=_("gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DATE)
    current_post = forms.CharField(
        label=_("current post"), max_length=200, required=False
    )
    post = forms.ModelChoiceField(
        label=_("post"),
        queryset=Post.objects.filter(is_active=True).select_related("organization"),
    )
    nominating_body = forms.ModelChoiceField(
        label=_("nominating body"), queryset=Organization.objects.filter(is_active=True)
    )
    letter_number = forms.CharField(
        label=_("letter reference"), max_length=50, required=False
    )
    letter_date = forms.DateField(label=_("letter date"), required=False, widget=DATE)
    letter = forms.FileField(label=_("nomination letter"), required=False)
    meeting = forms.ModelChoiceField(
        label=_("meeting"), queryset=_meetings(), required=False
    )
    batch = forms.ModelChoiceField(
        label=_("batch"), queryset=Batch.objects.all(), required=False
    )
    ends_tenure = forms.ModelChoiceField(
        label=_("tenure ended"),
        queryset=Tenure.objects.filter(end_date__isnull=True).select_related(
            "person", "post__organization"
        ),
        required=False,
        help_text=_("For removals and resignations: the post held."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _meetings()

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("new_name"):
            raise forms.ValidationError(_("Choose a person or give a new name."))
        return data


class BatchForm(Styled, forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["title", "meeting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _meetings()


class TextsForm(Styled, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["introduction", "statement"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "statement": forms.Textarea(attrs={"rows": 8}),
        }


class CheckForm(Styled, forms.Form):
    done_on = forms.DateField(label=_("done on"), required=False, widget=DATE)
    period_start = forms.DateField(label=_("from"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("to"), required=False, widget=DATE)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class ReasonForm(Styled, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class OptionalReasonForm(Styled, forms.Form):
    reason = forms.CharField(
        label=_("reason for the reprint"), max_length=200, required=False
    )


class AttachmentForm(Styled, forms.Form):
    file = forms.FileField(label=_("file"))


class AccountForm(Styled, forms.Form):
    username = forms.RegexField(
        label=_("user name"), regex=r"^[A-Za-z0-9_.-]{3,30}$", max_length=30
    )


class ImportForm(Styled, forms.Form):
    file = forms.FileField(label=_("question bank (.xlsx)"))


class PaperForm(Styled, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = list(Topic.objects.filter(is_active=True))
        for topic in self.topics:
            self.fields[f"topic_{topic.pk}"] = forms.IntegerField(
                label=topic.name,
                min_value=0,
                max_value=200,
                initial=0,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def spec(self) -> dict:
        return {
            topic: self.cleaned_data[f"topic_{topic.pk}"] or 0 for topic in self.topics
        }


class SessionForm(Styled, forms.ModelForm):
    class Meta:
        model = ExamSession
        fields = [
            "title",
            "paper",
            "batch",
            "place",
            "starts_at",
            "ends_at",
            "duration_minutes",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.all()


class AssignForm(Styled, forms.Form):
    case = forms.ModelChoiceField(label=_("case"), queryset=Case.objects.none())
    mode = forms.ChoiceField(
        label=_("mode"),
        choices=[("online", _("In the browser")), ("paper", _("On paper"))],
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class MarkForm(Styled, forms.Form):
    points = forms.IntegerField(label=_("points"), min_value=0)


class CeremonyForm(Styled, forms.Form):
    held_on = forms.DateField(label=_("date"), widget=DATE)
    place = forms.CharField(label=_("place"), max_length=200)
    meeting = forms.ModelChoiceField(
        label=_("meeting"), queryset=_meetings(), required=False
    )
    presiding = forms.CharField(label=_("presiding"), max_length=50)
    oath_leader = forms.CharField(
        label=_("leading the oath"), max_length=50, required=False
    )
    form = forms.ChoiceField(label=_("form"), choices=OathForm.choices)
    anthem_sung = forms.BooleanField(
        label=_("national anthem sung"), required=False, initial=True
    )
    sworn = forms.ModelMultipleChoiceField(
        label=_("sworn"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    absent = forms.ModelMultipleChoiceField(
        label=_("expected but absent"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _meetings()
        self.fields["sworn"].queryset = cases
        self.fields["absent"].queryset = cases

    def clean(self):
        data = super().clean()
        if set(data.get("sworn") or []) & set(data.get("absent") or []):
            raise forms.ValidationError(_("An appointee is either sworn or absent."))
        return data
