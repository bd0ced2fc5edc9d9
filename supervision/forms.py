from django import forms
from django.utils.translation import gettext_lazy as _

from congress.choices import Satisfaction
from congress.models import Ballot, Meeting, Organization, User
from congress.roles import Role
from deputies.models import Deputy
from deputies.widgets import DeputyPicker, picker_search_pressed
from supervision.models import (
    AnswerMode,
    FilingStatus,
    InquiryQuestion,
    Interpellation,
    Item,
    LivelihoodProject,
    NormativeDocument,
    Opinion,
    OpinionCard,
    OpinionPoint,
    ProjectIssue,
    SessionReport,
)

WORKING_BODIES = Organization.objects.filter(
    kind__in=[Organization.Kind.WORKING_BODY, Organization.Kind.GENERAL_OFFICE],
    is_active=True,
)
SUPERVISED = Organization.objects.filter(
    kind__in=[
        Organization.Kind.GOVERNMENT,
        Organization.Kind.GOVERNMENT_OFFICE,
        Organization.Kind.GOVERNMENT_DEPARTMENT,
        Organization.Kind.COURT,
        Organization.Kind.PROCURATORATE,
        Organization.Kind.SUPERVISION_COMMISSION,
        Organization.Kind.VERTICAL_UNIT,
    ],
    is_active=True,
)
UPLOAD_HELP = _("PDF, Word, Excel or images; several files at once.")


class Bootstrap:
    """Bootstrap classes on every widget (check boxes and radios excepted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's blank choice reads in English in zh_Hans.
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = "—"
            elif isinstance(
                field, forms.TypedChoiceField | forms.ChoiceField
            ) and not isinstance(field, forms.ModelChoiceField):
                # (A model's choices stay a query: thousands of deputies.)
                choices = list(field.choices)
                if choices and choices[0][0] == "":
                    field.choices = [("", "—"), *choices[1:]]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            plain = isinstance(widget, forms.Select) and not isinstance(
                widget, forms.SelectMultiple
            )
            widget.attrs.setdefault("class", "form-select" if plain else "form-control")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ItemForm(Bootstrap, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Committee members taking part"),
        queryset=User.objects.with_role(Role.MEMBER).distinct(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies taking part"),
        queryset=Deputy.objects.only("pk", "name").order_by("pk"),
        required=False,
        widget=DeputyPicker(),
    )

    class Meta:
        model = Item
        fields = [
            "form",
            "topic",
            "description",
            "law",
            "working_body",
            "organization",
            "planned_month",
            "meeting",
            "public_questions",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_body"].queryset = WORKING_BODIES
        self.fields["organization"].queryset = SUPERVISED
        self.fields["meeting"].queryset = Meeting.objects.filter(
            kind=Meeting.Kind.COMMITTEE_MEETING
        ).select_related("term")
        self.fields["public_questions"].widget.attrs["class"] = "form-check-input"
        if self.instance.pk:
            # Not model fields of the form: shown as they are, so that saving
            # other changes keeps them.
            for name in ("members", "deputies"):
                related = getattr(self.instance, name).values_list("pk", flat=True)
                self.initial.setdefault(name, list(related))
        self.fields["planned_month"].widget = forms.Select(
            choices=[("", "—"), *((m, m) for m in range(1, 13))],
            attrs={"class": "form-select"},
        )

    def clean(self):
        cleaned = super().clean()
        # The deputy picker's "Find" without JavaScript: show the matches,
        # save nothing yet.
        if picker_search_pressed(self.data, "deputies"):
            raise forms.ValidationError(_("Tick the deputies found, then save."))
        return cleaned


class PrepareForm(Bootstrap, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.COMMITTEE_MEETING
        ).select_related("term"),
    )


class ReasonForm(Bootstrap, forms.Form):
    comment = forms.CharField(
        label=_("Reason or decision"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeliberationForm(Bootstrap, forms.Form):
    deliberation = forms.CharField(
        label=_("Members' deliberation"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReportUploadForm(Bootstrap, forms.Form):
    revised = forms.TypedChoiceField(
        label=_("Version"),
        choices=[("0", _("First version")), ("1", _("Revised version"))],
        coerce=lambda value: value == "1",
    )
    files = MultipleFileField(label=_("Report and materials"), help_text=UPLOAD_HELP)


class OpinionForm(Bootstrap, forms.ModelForm):
    points = forms.CharField(
        label=_("Points (one per paragraph)"),
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Separate the points with an empty line."),
    )

    class Meta:
        model = Opinion
        fields = ["doc_number", "title", "preamble"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 5})}

    def point_texts(self) -> list[str]:
        text = self.cleaned_data["points"].replace("\r\n", "\n")
        return [part.strip() for part in text.split("\n\n") if part.strip()]


class AgreeForm(Bootstrap, forms.Form):
    council_meeting = forms.ModelChoiceField(
        label=_("Chairpersons' meeting"),
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.COUNCIL_MEETING
        ).select_related("term"),
        required=False,
    )


class AnswerForm(Bootstrap, forms.ModelForm):
    files = MultipleFileField(
        label=_("Attachments"), required=False, help_text=UPLOAD_HELP
    )

    class Meta:
        model = OpinionPoint
        fields = ["answer", "evidence"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 5}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True


class HandlingReportForm(Bootstrap, forms.Form):
    summary = forms.CharField(
        label=_("Report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )


class VoteForm(Bootstrap, forms.Form):
    mode = forms.ChoiceField(
        label=_("Voting mode"), choices=Ballot.Mode.choices, initial=Ballot.Mode.ONLINE
    )


class ProjectForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = LivelihoodProject
        fields = ["title", "source", "department", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = SUPERVISED


class SelectionForm(Bootstrap, forms.Form):
    seats = forms.IntegerField(label=_("Projects to choose"), min_value=1, max_value=50)
    meeting = forms.ModelChoiceField(
        label=_("Congress session"),
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.CONGRESS_SESSION
        ).select_related("term"),
        required=False,
    )


class PresentForm(Bootstrap, forms.Form):
    present_count = forms.IntegerField(label=_("Deputies present"), min_value=0)


class CastForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=LivelihoodProject.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = LivelihoodProject.objects.filter(
            year=vote.year, status=LivelihoodProject.Status.CANDIDATE
        ).order_by("number")
        self.fields["projects"].help_text = _("Choose at most %(seats)s.") % {
            "seats": vote.seats
        }


class ProgressForm(Bootstrap, forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("Progress"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class IssueForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = ProjectIssue
        fields = ["text", "responsible", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ResolveForm(Bootstrap, forms.Form):
    resolution = forms.CharField(
        label=_("How it was solved"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VisitForm(Bootstrap, forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(label=_("Place visited"), max_length=200)
    note = forms.CharField(
        label=_("What was done"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    findings = forms.CharField(
        label=_("Problems found (one per line)"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def finding_texts(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["findings"].splitlines()
            if line.strip()
        ]


class InterpellationForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = Interpellation
        fields = ["organization", "subject", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = SUPERVISED


class SubmitForm(Bootstrap, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.COMMITTEE_MEETING
        ).select_related("term"),
        required=False,
    )


class InterpellationAnswerForm(Bootstrap, forms.Form):
    mode = forms.ChoiceField(label=_("Answered"), choices=AnswerMode.choices)
    answered_by = forms.CharField(label=_("Answered by"), max_length=100)
    answer = forms.CharField(
        label=_("Answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ConcludeForm(Bootstrap, forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Members satisfied with the answer"),
        choices=[("1", _("Satisfied")), ("0", _("Not satisfied"))],
        coerce=lambda value: value == "1",
    )
    conclusion = forms.CharField(
        label=_("Conclusion"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = NormativeDocument
        fields = ["title", "doc_number", "issuer", "published_on"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args, issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = SUPERVISED
        if issuer is not None:
            self.fields["issuer"].queryset = SUPERVISED.filter(pk=issuer.pk)
            self.fields["issuer"].initial = issuer.pk


class ReviewForm(Bootstrap, forms.Form):
    reviewers = forms.CharField(
        label=_("Reviewers (deputies, experts)"), max_length=200, required=False
    )


class ConcludeReviewForm(Bootstrap, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (FilingStatus.NO_ISSUE, FilingStatus.NO_ISSUE.label),
            (FilingStatus.CORRECTION, FilingStatus.CORRECTION.label),
        ],
    )
    findings = forms.CharField(
        label=_("Review findings"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CorrectionForm(Bootstrap, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (FilingStatus.CORRECTED, FilingStatus.CORRECTED.label),
            (FilingStatus.REVOKED, FilingStatus.REVOKED.label),
        ],
    )


class QuestionForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = InquiryQuestion
        fields = ["asked_by", "question", "respondent", "answer", "commitment"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 4}),
            "commitment": forms.Textarea(attrs={"rows": 2}),
        }


class SessionReportForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = SessionReport
        fields = ["meeting", "title", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            kind=Meeting.Kind.CONGRESS_SESSION
        ).select_related("term")
        self.fields["organization"].queryset = Organization.objects.filter(
            is_active=True
        )


class CardForm(Bootstrap, forms.ModelForm):
    rating = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = OpinionCard
        fields = ["rating", "opinion"]
        widgets = {"opinion": forms.Textarea(attrs={"rows": 4})}


class CompileForm(Bootstrap, forms.Form):
    working_body = forms.ModelChoiceField(
        label=_("Working body in charge"), queryset=WORKING_BODIES
    )
    cards = forms.ModelMultipleChoiceField(
        label=_("Opinions to send"),
        queryset=OpinionCard.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cards"].queryset = report.cards.exclude(opinion="").order_by("pk")
        self.fields["cards"].label_from_instance = lambda card: card.opinion


# Work appraisals (工作评议) ------------------------------------------------------

DEPARTMENTS = Organization.objects.filter(
    kind=Organization.Kind.GOVERNMENT_DEPARTMENT, is_active=True
)
COMMITTEE_MEETINGS = Meeting.objects.filter(
    kind=Meeting.Kind.COMMITTEE_MEETING
).select_related("term")


class AppraisalCandidateForm(Bootstrap, forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department appraised"), queryset=DEPARTMENTS
    )
    working_body = forms.ModelChoiceField(
        label=_("Working body in charge"), queryset=WORKING_BODIES
    )


class AppraisalVoteForm(Bootstrap, forms.Form):
    mode = forms.ChoiceField(
        label=_("Voting mode"), choices=Ballot.Mode.choices, initial=Ballot.Mode.ONLINE
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=COMMITTEE_MEETINGS, required=False
    )


class AppraisalPrepareForm(Bootstrap, forms.Form):
    work_plan = forms.CharField(
        label=_("Appraisal plan"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    team = forms.CharField(
        label=_("Investigation team"), max_length=200, required=False
    )
    announced_on = forms.DateField(
        label=_("Reported to the party committee and announced on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AppraisalDeliberateForm(Bootstrap, forms.Form):
    investigation = forms.CharField(
        label=_("Investigation"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Visits, forums, documents reviewed, site checks."),
    )
    opinions_collected = forms.IntegerField(
        label=_("Opinions collected"), min_value=0, max_value=100000
    )
    problems_found = forms.IntegerField(
        label=_("Problems found"), min_value=0, max_value=100000
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=COMMITTEE_MEETINGS, required=False
    )


class AppraisalOpinionForm(Bootstrap, forms.Form):
    opinion = forms.CharField(
        label=_("Appraisal opinion"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AppraisalReportForm(Bootstrap, forms.Form):
    report = forms.CharField(
        label=_("Rectification report"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AppraisalFeedbackForm(Bootstrap, forms.Form):
    feedback = forms.CharField(
        label=_("Result fed back"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was reported to the party committee."),
    )


# Special investigations (特定问题调查) --------------------------------------------

COMMITTEE_MEMBERS = User.objects.with_role(Role.MEMBER).distinct().order_by("pk")


class InvestigationForm(Bootstrap, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organisation concerned"), queryset=SUPERVISED
    )
    reason = forms.CharField(
        label=_("Reasons"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    council_meeting = forms.ModelChoiceField(
        label=_("Chairpersons' meeting proposing it"),
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.COUNCIL_MEETING
        ).select_related("term"),
        required=False,
    )


class EstablishForm(Bootstrap, forms.Form):
    decided_on = forms.DateField(
        label=_("Set up on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_meeting = forms.ModelChoiceField(
        label=_("Committee meeting deciding it"),
        queryset=COMMITTEE_MEETINGS,
        required=False,
    )
    chair = forms.ModelChoiceField(
        label=_("Chair of the investigation committee"), queryset=COMMITTEE_MEMBERS
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members of the investigation committee"),
        queryset=COMMITTEE_MEMBERS,
        widget=forms.CheckboxSelectMultiple,
    )


class InvestigationReportForm(Bootstrap, forms.Form):
    report = forms.CharField(
        label=_("Investigation report"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    reported_on = forms.DateField(
        label=_("Reported on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ResolutionForm(Bootstrap, forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    resolved_on = forms.DateField(
        label=_("Resolution adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DropForm(Bootstrap, forms.Form):
    drop_reason = forms.CharField(label=_("Why it was not set up"), max_length=500)


# Major matters (重大事项) -----------------------------------------------------------


class MatterForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Major matter"), max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organisation reporting"), queryset=SUPERVISED
    )
    planned_quarter = forms.TypedChoiceField(
        label=_("Planned quarter"),
        choices=[("", "—"), *((q, q) for q in range(1, 5))],
        coerce=int,
        empty_value=None,
        required=False,
    )


class MatterResearchForm(Bootstrap, forms.Form):
    research = forms.CharField(
        label=_("Preliminary research"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class MatterSubmitForm(Bootstrap, forms.Form):
    submitted_on = forms.DateField(
        label=_("Motion submitted on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MatterDecideForm(Bootstrap, forms.Form):
    decision = forms.CharField(
        label=_("Decision or resolution"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=COMMITTEE_MEETINGS, required=False
    )


class MatterRemoveForm(Bootstrap, forms.Form):
    note = forms.CharField(label=_("Why it leaves the list"), max_length=500)
