"""Forms of the handling organisation's pages (proposals.views.org)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.roles import Role
from congress.text import BoundedTextFormField
from congress.uploads import PDF, validate_upload
from proposals.models import (
    AssignmentStatus,
    Contact,
    ImplementationStatus,
    ReplyCategory,
)

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, and `is-invalid` on fields in error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and "class" in self.fields[name].widget.attrs:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs["class"]:
                    widget.attrs["class"] += " is-invalid"


class AssignmentFilterForm(forms.Form):
    """The list's filters, read from the query string; all optional."""

    NEEDS_ACCEPT = "accept"
    NEEDS_REPLY = "reply"
    NEEDS_SIGN = "sign"
    NEEDS_MINE = "mine"

    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All")), *AssignmentStatus.choices],
    )
    needs = forms.ChoiceField(label=_("Needs my action"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("All")), (self.NEEDS_MINE, _("Anything that needs me"))]
        if user.has_role(Role.ORG_LIAISON):
            choices += [
                (self.NEEDS_ACCEPT, _("To accept")),
                (self.NEEDS_REPLY, _("To reply")),
            ]
        if user.has_role(Role.ORG_HEAD):
            choices.append((self.NEEDS_SIGN, _("Replies awaiting my signature")))
        self.fields["needs"].choices = choices
        for name in ("status", "needs"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"


class ContestForm(BootstrapForm):
    reason = BoundedTextFormField(
        size="short",
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the matter is not for your organisation, and which "
            "organisation should handle it if you know."
        ),
    )


class ReturnDraftForm(BootstrapForm):
    comment = BoundedTextFormField(
        size="short",
        label=_("comments for the drafter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should change before you sign it."),
        error_messages={"required": _("Say what should change in the draft.")},
    )


class ExtensionForm(BootstrapForm):
    requested_due = forms.DateField(label=_("requested due date"), **DATE_WIDGET)
    reason = BoundedTextFormField(
        size="short", label=_("reason"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ContactForm(BootstrapForm):
    method = forms.ChoiceField(label=_("how"), choices=Contact.Method.choices)
    date = forms.DateField(label=_("date"), **DATE_WIDGET)
    participants = forms.CharField(
        label=_("who took part"),
        max_length=200,
        help_text=_("The deputy and the people of your organisation who took part."),
    )
    notes = BoundedTextFormField(
        size="short",
        label=_("notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(
                gettext("A contact cannot be recorded for a future date."),
                code="future_date",
            )
        return date


class ReplyForm(BootstrapForm):
    """The reply letter (答复函), or a co-handling organisation's opinion."""

    text = BoundedTextFormField(
        size="long", label=_("reply"), widget=forms.Textarea(attrs={"rows": 10})
    )
    reference_number = forms.CharField(
        label=_("reference number"),
        max_length=50,
        help_text=_("The letter's reference number, e.g. 县交〔2026〕12号."),
    )
    category = forms.ChoiceField(
        label=_("result category"),
        choices=ReplyCategory.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    promised_date = forms.DateField(
        label=_("promised completion"),
        required=False,
        help_text=_("For category B: when the matter will be solved."),
        **DATE_WIDGET,
    )
    signer = forms.CharField(
        label=_("signed by"),
        max_length=50,
        help_text=_("The head of the organisation who signs the letter (签发人)."),
    )
    contact = forms.CharField(label=_("contact person and phone"), max_length=100)
    copies_to = forms.CharField(label=_("copies to"), max_length=200, required=False)
    attachment = forms.FileField(
        label=_("signed letter (PDF)"),
        required=False,
        help_text=_("The scanned letter with the signature and seal, as a PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("category") == ReplyCategory.B and not cleaned.get(
            "promised_date"
        ):
            self.add_error(
                "promised_date",
                ValidationError(
                    gettext("A category B reply needs the promised completion date."),
                    code="promised_date_required",
                ),
            )
        return cleaned

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and validate_upload(upload, use="document") != PDF:
            raise ValidationError(
                gettext("Attach the signed letter as a PDF file."), code="not_pdf"
            )
        return upload

    def reply_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "text",
                "reference_number",
                "category",
                "promised_date",
                "signer",
                "contact",
                "copies_to",
                "attachment",
            )
        }


class ImplementationForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("implementation"), choices=ImplementationStatus.choices
    )
    note = BoundedTextFormField(
        size="long",
        label=_("implementation evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, with dates and documents."),
    )
    amount = forms.DecimalField(
        label=_("outcome amount"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    unit = forms.CharField(
        label=_("outcome unit"),
        max_length=20,
        required=False,
        help_text=_("E.g. 万元 (money invested), 公里 (road built)."),
    )
