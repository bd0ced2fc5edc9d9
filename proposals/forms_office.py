"""Forms of the office staff's pages: review, numbering, paper entry, assignment,
the board's filters and the reasons that transitions ask for."""

import datetime

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.models import Meeting, Organization, Term, User
from congress.roles import Role
from congress.text import BoundedTextFormField
from deputies.models import Deputy, Mandate, MandateStatus
from proposals.models import (
    AssignmentStatus,
    Category,
    FollowUpVisit,
    LeaderInCharge,
    MotionOutcome,
    Period,
    PresidiumDecision,
    Proposal,
    ProposalKind,
    ProposalStatus,
)

NAME_SEPARATOR = "、"
DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
)
CHECKBOX = forms.CheckboxInput(attrs={"class": "form-check-input"})


def _select(**attrs) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def active_categories():
    return Category.objects.filter(is_active=True)


def handling_organizations():
    return Organization.objects.filter(is_active=True, is_handling_unit=True)


def congress_sessions():
    """Sessions of the people's congress in the current term, latest first."""
    return Meeting.objects.filter(
        kind=Meeting.Kind.CONGRESS_SESSION, term__is_current=True
    ).select_related("term")


def serving_deputies():
    """Deputies holding a serving mandate in the current term."""
    mandates = Mandate.objects.filter(
        status=MandateStatus.SERVING, term__is_current=True
    )
    return Deputy.objects.filter(pk__in=mandates.values("deputy_id"))


def deputies_by_names(
    names: list[str],
) -> tuple[dict[str, Deputy], dict[str, str]]:
    """Match names exactly against serving deputies of the current term, in one
    query. Returns ({name: deputy}, {unknown or ambiguous name: message})."""
    found: dict[str, list[Deputy]] = {}
    for deputy in serving_deputies().filter(name__in=set(names)):
        found.setdefault(deputy.name, []).append(deputy)
    matched, errors = {}, {}
    for name in dict.fromkeys(names):
        candidates = found.get(name, [])
        if len(candidates) == 1:
            matched[name] = candidates[0]
        elif candidates:
            errors[name] = gettext(
                "“%(name)s” is ambiguous: several serving deputies of the "
                "current term have this name."
            ) % {"name": name}
        else:
            errors[name] = gettext(
                "No serving deputy of the current term is named “%(name)s”."
            ) % {"name": name}
    return matched, errors


def split_names(text: str) -> list[str]:
    """Names separated by 、 (commas and spaces are forgiven)."""
    for separator in (",", "，", ";", "；", " ", "\u3000"):
        text = text.replace(separator, NAME_SEPARATOR)
    return [name.strip() for name in text.split(NAME_SEPARATOR) if name.strip()]


# Review, numbering, presidium ----------


class RegisterForm(forms.Form):
    """Review and classify one or several submitted items (审查、分类)."""

    proposals = forms.ModelMultipleChoiceField(
        label=_("items"),
        queryset=Proposal.objects.all(),
        error_messages={"required": _("Select at least one item.")},
    )
    category = forms.ModelChoiceField(
        label=_("category"), queryset=active_categories(), widget=_select()
    )
    confidential = forms.BooleanField(
        label=_("confidential"),
        required=False,
        widget=CHECKBOX,
        help_text=_(
            "A confidential item is never published: its content and replies "
            "do not appear on the public pages or in the published list for "
            "other deputies. Its lead deputy, co-signers, the organisations "
            "handling it and the office still see it."
        ),
    )


class MergeForm(forms.Form):
    """Handle items together with one (并案)."""

    proposals = forms.ModelMultipleChoiceField(
        label=_("items to handle together with it"),
        queryset=Proposal.objects.all(),
        error_messages={"required": _("Select at least one item.")},
    )


class NumberForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("items"),
        queryset=Proposal.objects.all(),
        required=False,
    )
    everything = forms.BooleanField(
        label=_("Number every item that is ready"), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("everything") and not data.get("proposals"):
            raise forms.ValidationError(gettext("Select at least one item."))
        return data


class MotionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("presidium decision"),
        choices=PresidiumDecision.choices,
        widget=forms.RadioSelect,
    )


class ExtensionDecisionForm(forms.Form):
    """Grant or refuse an extension request (the two submit buttons)."""

    GRANT, REFUSE = "grant", "refuse"
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(GRANT, _("Grant")), (REFUSE, _("Refuse"))],
        error_messages={
            "required": _("Choose to grant or to refuse."),
            "invalid_choice": _("Choose to grant or to refuse."),
        },
    )


class ReasonForm(forms.Form):
    reason = BoundedTextFormField(
        size="short",
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Give a reason.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=200,
        widget=_text(),
    )


class SupervisionForm(forms.Form):
    note = BoundedTextFormField(
        size="short",
        label=_("what the supervision achieved"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class RelieveForm(forms.Form):
    reassign_to = forms.ModelChoiceField(
        label=_("assign instead to"),
        queryset=handling_organizations(),
        required=False,
        empty_label=_("Nobody for now"),
        widget=_select(),
    )


class LookBackForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("items"),
        queryset=Proposal.objects.all(),
        error_messages={"required": _("Select at least one item.")},
    )


class KeyForm(forms.Form):
    leaders = forms.ModelMultipleChoiceField(
        label=_("supervising leaders"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Name at least one leader to supervise a key suggestion.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = User.objects.with_role(Role.LEADER)


# Paper entry ----------


class PaperEntryForm(forms.Form):
    """One item received on paper, typed from the keyboard: the names are
    typed, Enter saves; meeting, period and kind stay for the next item."""

    lead_deputy = forms.CharField(
        label=_("lead deputy"),
        max_length=50,
        widget=_text(autofocus=True, autocomplete="off"),
    )
    cosigners = forms.CharField(
        label=_("co-signers"),
        required=False,
        max_length=2000,
        help_text=_("Names separated by 、"),
        widget=_text(autocomplete="off"),
    )
    title = forms.CharField(label=_("title"), max_length=200, widget=_text())
    body = BoundedTextFormField(
        size="long",
        label=_("content"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
    )
    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=active_categories(),
        required=False,
        widget=_select(),
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=ProposalKind.choices,
        initial=ProposalKind.SUGGESTION,
        widget=_select(),
    )
    period = forms.ChoiceField(
        label=_("submitted"), choices=Period.choices, widget=_select()
    )
    meeting = forms.ModelChoiceField(
        label=_("session"),
        queryset=congress_sessions(),
        required=False,
        widget=_select(),
    )

    STICKY = ("kind", "period", "meeting")

    def clean(self):
        data = super().clean()
        lead = data.get("lead_deputy", "").strip()
        cosigners = split_names(data.get("cosigners", ""))
        matched, errors = deputies_by_names([lead, *cosigners] if lead else cosigners)
        for name, message in errors.items():
            self.add_error("lead_deputy" if name == lead else "cosigners", message)
        if lead in matched:
            data["lead_deputy"] = matched[lead]
        data["cosigners"] = [matched[name] for name in cosigners if name in matched]
        return data

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}

    def sticky_initial(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.STICKY}


class PaperUploadForm(forms.Form):
    file = forms.FileField(
        label=_("spreadsheet"),
        help_text=_("Excel (.xlsx) or CSV with the columns of the template."),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.csv"}
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("session"),
        queryset=congress_sessions(),
        required=False,
        help_text=_("For the rows submitted during the session."),
        widget=_select(),
    )


# Assignment ----------


def assignable_proposals():
    """Classified and numbered items not assigned yet."""
    return Proposal.objects.filter(
        status=ProposalStatus.REGISTERED, number__isnull=False
    ).exclude(kind=ProposalKind.MOTION)


# Rows of the split-handling table (分口办理): more parts than this are rare.
SPLIT_ROWS = 4


class AssignMode(models.TextChoices):
    LEAD = "lead", _("Lead and co-handling organisations (主办/协办)")
    SPLIT = "split", _("Split handling by portfolio (分口办理)")


class AssignForm(forms.Form):
    """Assign (交办) one or many numbered items at the assignment meeting:
    to a lead organisation with co-handling ones, or split by portfolio into
    parts (分口办理), each with its organisation and leader in charge."""

    # Any item: the service, not the form, refuses one assigned meanwhile, so
    # that the second of two staff sees why.
    proposals = forms.ModelMultipleChoiceField(
        label=_("items"),
        queryset=Proposal.objects.all(),
        error_messages={"required": _("Select at least one item.")},
    )
    mode = forms.ChoiceField(
        label=_("how it is handled"),
        choices=AssignMode.choices,
        initial=AssignMode.LEAD,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_(
            "Split handling: each organisation handles its part, replies to "
            "the deputy and is rated on its own."
        ),
    )
    lead = forms.ModelChoiceField(
        label=_("lead organisation"),
        queryset=handling_organizations(),
        required=False,
        widget=_select(),
    )
    leader_in_charge = forms.ModelChoiceField(
        label=_("leader in charge"),
        queryset=LeaderInCharge.objects.filter(is_active=True),
        required=False,
        widget=_select(),
        help_text=_(
            "The vice head in charge of the lead organisation (分管领导). Left "
            "empty, it is the one whose portfolio holds the organisation; "
            "office staff keep the list in the admin."
        ),
    )
    handler = forms.CharField(
        label=_("handler"),
        max_length=50,
        required=False,
        widget=_text(),
        help_text=_("Who handles it in the lead organisation (领办人), with a phone."),
    )
    supervisor = forms.CharField(
        label=_("supervisor"),
        max_length=50,
        required=False,
        widget=_text(),
        help_text=_("Who supervises its handling (督办人)."),
    )
    co = forms.ModelMultipleChoiceField(
        label=_("co-handling organisations"),
        queryset=handling_organizations(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
        help_text=_("Hold Ctrl to choose several."),
    )
    assigned_on = forms.DateField(
        label=_("date of the assignment meeting"), widget=DATE_WIDGET
    )
    hard_case = forms.BooleanField(
        label=_("hard case (longer handling period)"),
        required=False,
        widget=CHECKBOX,
    )
    due_date = forms.DateField(
        label=_("shared reply deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty to compute it from the meeting date."),
    )
    is_key = forms.BooleanField(
        label=_("key suggestion"), required=False, widget=CHECKBOX
    )
    leaders = forms.ModelMultipleChoiceField(
        label=_("supervising leaders"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("assigned_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = User.objects.with_role(Role.LEADER)
        self._add_split_rows()

    def _add_split_rows(self) -> None:
        """SPLIT_ROWS rows of organisation, part and leader in charge; their
        choices come from one query each, shared by the rows."""
        self.split_organizations = {
            str(org.pk): org for org in handling_organizations()
        }
        self.split_leaders = {
            str(leader.pk): leader
            for leader in LeaderInCharge.objects.filter(is_active=True)
        }
        organizations = [("", "—")] + [
            (pk, org.name) for pk, org in self.split_organizations.items()
        ]
        leaders = [("", gettext("By portfolio"))] + [
            (pk, str(leader)) for pk, leader in self.split_leaders.items()
        ]
        for row in range(1, SPLIT_ROWS + 1):
            self.fields[f"split_organization_{row}"] = forms.ChoiceField(
                label=_("split-handling organisation"),
                choices=organizations,
                required=False,
                widget=_select(),
            )
            self.fields[f"split_part_{row}"] = forms.CharField(
                label=_("part handled"),
                max_length=100,
                required=False,
                widget=_text(),
            )
            self.fields[f"split_leader_{row}"] = forms.ChoiceField(
                label=_("leader in charge"),
                choices=leaders,
                required=False,
                widget=_select(),
            )

    def split_rows(self) -> list[tuple]:
        """(organisation, part, leader) bound fields per row, for the page."""
        return [
            (
                self[f"split_organization_{row}"],
                self[f"split_part_{row}"],
                self[f"split_leader_{row}"],
            )
            for row in range(1, SPLIT_ROWS + 1)
        ]

    @property
    def is_split(self) -> bool:
        return self.cleaned_data.get("mode") == AssignMode.SPLIT

    def split_parts(self) -> list[dict]:
        """The rows filled in (an organisation chosen), as the service's
        SplitPart fields."""
        data, parts = self.cleaned_data, []
        for row in range(1, SPLIT_ROWS + 1):
            organization = self.split_organizations.get(
                data.get(f"split_organization_{row}") or ""
            )
            if organization is not None:
                parts.append(
                    {
                        "organization": organization,
                        "part": data.get(f"split_part_{row}", ""),
                        "leader_in_charge": self.split_leaders.get(
                            data.get(f"split_leader_{row}") or ""
                        ),
                    }
                )
        return parts

    def clean(self):
        data = super().clean()
        data["mode"] = data.get("mode") or AssignMode.LEAD
        if data["mode"] == AssignMode.SPLIT:
            self._clean_split(data)
        else:
            self._clean_lead(data)
        if data.get("is_key") and not data.get("leaders"):
            self.add_error(
                "leaders",
                gettext("Name at least one leader to supervise a key suggestion."),
            )
        return data

    def _clean_lead(self, data: dict) -> None:
        lead, co = data.get("lead"), data.get("co") or []
        if lead is None and "lead" not in self.errors:
            self.add_error("lead", gettext("Choose the lead organisation."))
        if lead and lead in co:
            self.add_error(
                "co", gettext("The lead organisation is not also a co-handling one.")
            )

    def _clean_split(self, data: dict) -> None:
        if data.get("lead") or data.get("co"):
            self.add_error(
                "mode",
                gettext(
                    "Split handling has no lead or co-handling organisation: "
                    "clear them, or choose lead and co-handling."
                ),
            )
        if data.get("handler"):
            self.add_error(
                "handler",
                gettext(
                    "In split handling each organisation has its own handler: "
                    "name them on each part after assigning."
                ),
            )
        parts = self.split_parts()
        for row in range(1, SPLIT_ROWS + 1):
            chosen = data.get(f"split_organization_{row}")
            if chosen and not (data.get(f"split_part_{row}") or "").strip():
                self.add_error(
                    f"split_part_{row}",
                    gettext("Say which part of the item this organisation handles."),
                )
        if len(parts) < 2:
            self.add_error(
                "mode", gettext("Split handling needs at least two organisations.")
            )


class AssignFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=active_categories(),
        required=False,
        widget=_select(),
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[("", "—"), *ProposalKind.choices],
        required=False,
        widget=_select(),
    )


# Board ----------


class BoardFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("organisation"),
        queryset=Organization.objects.filter(is_handling_unit=True),
        required=False,
        widget=_select(),
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", "—"), *AssignmentStatus.choices],
        required=False,
        widget=_select(),
    )
    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=Category.objects.all(),
        required=False,
        widget=_select(),
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[("", "—"), *ProposalKind.choices],
        required=False,
        widget=_select(),
    )
    term = forms.ModelChoiceField(
        label=_("term"),
        queryset=Term.objects.all(),
        required=False,
        widget=_select(),
    )
    overdue = forms.BooleanField(
        label=_("overdue only"), required=False, widget=CHECKBOX
    )

    def assignment_filter(self, today: datetime.date) -> Q:
        """The filters as one Q on Assignment."""
        data = self.cleaned_data if self.is_valid() else {}
        q = Q()
        if data.get("organization"):
            q &= Q(organization=data["organization"])
        if data.get("status"):
            q &= Q(status=data["status"])
        if data.get("category"):
            q &= Q(proposal__category=data["category"])
        if data.get("kind"):
            q &= Q(proposal__kind=data["kind"])
        if data.get("term"):
            q &= Q(proposal__term=data["term"])
        if data.get("overdue"):
            q &= Q(due_date__lt=today)
        return q


# Paper batch upload ----------

# The spreadsheet's headers (as staff write them) → the service's arguments.
PAPER_COLUMNS = {
    "类型": "kind",
    "标题": "title",
    "内容": "body",
    "领衔代表": "lead_deputy",
    "联名代表": "cosigners",
    "提出时间": "period",
    "提出时间(会议期间/闭会期间)": "period",
    "提出时间（会议期间/闭会期间）": "period",
    "类别": "category",
}
TEMPLATE_HEADERS = [
    "类型",
    "标题",
    "内容",
    "领衔代表",
    "联名代表",
    "提出时间(会议期间/闭会期间)",
    "类别",
]
COLUMN_LABELS = {
    "kind": "类型",
    "title": "标题",
    "body": "内容",
    "lead_deputy": "领衔代表",
    "cosigners": "联名代表",
    "period": "提出时间",
    "meeting": "提出时间",
    "category": "类别",
}
KIND_WORDS = {"议案": ProposalKind.MOTION, "建议": ProposalKind.SUGGESTION}
PERIOD_WORDS = {
    "会议期间": Period.SESSION,
    "大会期间": Period.SESSION,
    "闭会期间": Period.RECESS,
}


def paper_rows(table: list[tuple[int, dict]], *, meeting) -> list[dict]:
    """Turn the spreadsheet's rows into the service's rows (names and words
    into deputies, categories and choices) in three queries. Raises
    ImportRejected with (spreadsheet row, field, message) for every word or
    name it cannot match; blanks are left for the service to report."""
    from congress.exceptions import ImportRejected

    names = []
    for _number, values in table:
        names.append(values.get("lead_deputy", ""))
        names += split_names(values.get("cosigners", ""))
    deputies, unknown = deputies_by_names([name for name in names if name])
    categories = {c.name: c for c in Category.objects.filter(is_active=True)}
    rows, errors = [], []
    for number, values in table:
        row, row_errors = _paper_row(values, deputies, unknown, categories, meeting)
        rows.append(row)
        errors += [(number, field, message) for field, message in row_errors]
    if errors:
        raise ImportRejected(errors)
    return rows


def _choice(value: str, words: dict, field: str, errors: list) -> str:
    if value and value not in words:
        errors.append(
            (
                field,
                gettext("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": NAME_SEPARATOR.join(words)},
            )
        )
    return words.get(value, "")


def _paper_row(values: dict, deputies, unknown, categories, meeting):
    errors: list[tuple[str, str]] = []
    kind = _choice(values.get("kind", ""), KIND_WORDS, "kind", errors)
    period = _choice(values.get("period", ""), PERIOD_WORDS, "period", errors)
    lead_name = values.get("lead_deputy", "")
    cosigner_names = split_names(values.get("cosigners", ""))
    for name in [lead_name, *cosigner_names]:
        if name in unknown:
            field = "lead_deputy" if name == lead_name else "cosigners"
            errors.append((field, unknown[name]))
    category_name = values.get("category", "")
    if category_name and category_name not in categories:
        errors.append(
            (
                "category",
                gettext("There is no category “%(name)s”.") % {"name": category_name},
            )
        )
    row = {
        "lead_deputy": deputies.get(lead_name),
        "cosigners": [deputies[n] for n in cosigner_names if n in deputies],
        "kind": kind,
        "title": values.get("title", ""),
        "body": values.get("body", ""),
        "period": period,
        "meeting": meeting if period == Period.SESSION else None,
        "category": categories.get(category_name),
    }
    return row, errors


# Motions on the agenda ----------


def special_committees():
    return Organization.objects.filter(
        is_active=True, kind=Organization.Kind.SPECIAL_COMMITTEE
    )


class MotionReferForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("special committee"),
        queryset=special_committees(),
        widget=_select(),
        error_messages={"required": _("Choose the special committee.")},
    )
    referred_on = forms.DateField(
        label=_("referred on"), widget=DATE_WIDGET, initial=timezone.localdate
    )


class MotionReportForm(forms.Form):
    report = BoundedTextFormField(
        size="long",
        label=_("deliberation report"),
        help_text=_(
            "The special committee's report on the motion (审议结果报告): its "
            "findings and whether it recommends a resolution or decision."
        ),
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        error_messages={"required": _("Enter the text of the deliberation report.")},
    )
    reported_on = forms.DateField(
        label=_("reported on"), widget=DATE_WIDGET, initial=timezone.localdate
    )


class MotionResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=MotionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose resolution or decision.")},
    )
    title = forms.CharField(
        label=_("title of the outcome"),
        max_length=200,
        widget=_text(placeholder=_("e.g. Resolution on …")),
        error_messages={
            "required": _("Enter the title of the resolution or decision.")
        },
    )
    adopted_on = forms.DateField(
        label=_("adopted on"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    text = BoundedTextFormField(
        size="long",
        label=_("text of the outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )


class AssignmentDetailsForm(forms.Form):
    """The 交办表's people of one assignment."""

    leader_in_charge = forms.ModelChoiceField(
        label=_("leader in charge"),
        queryset=LeaderInCharge.objects.filter(is_active=True),
        required=False,
        widget=_select(),
    )
    handler = forms.CharField(
        label=_("handler"),
        max_length=50,
        required=False,
        widget=_text(),
        help_text=_("Who handles it in the organisation (领办人), with a phone."),
    )
    supervisor = forms.CharField(
        label=_("supervisor"),
        max_length=50,
        required=False,
        widget=_text(),
        help_text=_("Who supervises its handling (督办人)."),
    )
    part = forms.CharField(
        label=_("part handled"),
        max_length=100,
        required=False,
        widget=_text(),
    )

    def __init__(self, *args, split: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a split part (分口办理) names the part it handles.
        if not split:
            del self.fields["part"]


class FollowUpVisitForm(forms.Form):
    """A return visit (回访) to the lead deputy of a closed item."""

    date = forms.DateField(
        label=_("date"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    method = forms.ChoiceField(
        label=_("how"),
        choices=FollowUpVisit.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the deputy was visited.")},
    )
    visitors = forms.CharField(
        label=_("who visited"),
        max_length=200,
        widget=_text(),
        error_messages={"required": _("Name who visited the deputy.")},
    )
    deputy_said = BoundedTextFormField(
        size="short",
        label=_("what the deputy said"),
        help_text=_(
            "How the deputy judges the implementation of what the reply "
            "promised, and what remains to be done."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        error_messages={"required": _("Write what the deputy said.")},
    )
