"""Filter forms of the reports pages: search and the statistics' scope."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from congress.models import Division, Meeting, Organization, Term
from proposals.models import Category, Period, Proposal, ProposalKind, ProposalStatus

# The stages of handling the statistics count (proposals.selectors).
HANDLING_STAGES = [
    ("assigned", _("Assigned")),
    ("replied", _("Replied")),
    ("overdue", _("Overdue")),
    ("closed", _("Handling done")),
]
SELECT = {"class": "form-select form-select-sm"}
INPUT = {"class": "form-control form-control-sm"}


def _label(field: str) -> str:
    return capfirst(Proposal._meta.get_field(field).verbose_name)


class ProposalSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words in the title or text"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    number = forms.IntegerField(
        label=_label("number"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=INPUT),
    )
    deputy = forms.CharField(
        label=_label("lead_deputy"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs=INPUT),
    )
    organization = forms.ModelChoiceField(
        label=_("Handling organisation"),
        queryset=Organization.objects.filter(is_handling_unit=True),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    category = forms.ModelChoiceField(
        label=_label("category"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_label("status"),
        choices=[("", "---------"), *ProposalStatus.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_label("kind"),
        choices=[("", "---------"), *ProposalKind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    # The leadership dashboard's figures link here with these. Term and
    # division stay hidden: no select of every division on a search page.
    term = forms.ModelChoiceField(
        label=_label("term"),
        queryset=Term.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    year = forms.IntegerField(
        label=_("Year submitted"),
        required=False,
        min_value=1949,
        max_value=2200,
        widget=forms.NumberInput(attrs=INPUT),
    )
    stage = forms.ChoiceField(
        label=_("Handling stage"),
        choices=[("", "---------"), *HANDLING_STAGES],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    key = forms.TypedChoiceField(
        label=_label("is_key"),
        choices=[("", "---------"), ("1", _("Key suggestions only"))],
        coerce=lambda value: value == "1",
        empty_value=False,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    division = forms.ModelChoiceField(
        label=_("Lead deputy's township or sub-district"),
        queryset=Division.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )


class StatisticsFilterForm(forms.Form):
    """The scope of the statistics, their Excel export and the summary PDF."""

    term = forms.ModelChoiceField(
        label=_label("term"),
        queryset=Term.objects.all(),
        required=False,
        empty_label=_("Current term"),
        widget=forms.Select(attrs=SELECT),
    )
    meeting = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.CONGRESS_SESSION
        ).select_related("term"),
        required=False,
        empty_label=_("All sessions and recess"),
        widget=forms.Select(attrs=SELECT),
    )
    period = forms.ChoiceField(
        label=_label("period"),
        choices=[("", _("Session and recess")), *Period.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_label("kind"),
        choices=[("", _("Motions and suggestions")), *ProposalKind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def scope(self) -> dict | None:
        """{term, meeting, period, kind}, or None when no term exists."""
        data = self.cleaned_data if self.is_valid() else {}
        meeting = data.get("meeting")
        term = (
            meeting.term
            if meeting
            else data.get("term") or Term.objects.filter(is_current=True).first()
        )
        if term is None:
            return None
        return {
            "term": term,
            "meeting": meeting,
            "period": data.get("period") or "",
            "kind": data.get("kind") or "",
        }
