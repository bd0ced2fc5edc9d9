"""Forms of the deputy's pages: drafting with co-signers, rating, urging."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.models import Meeting
from congress.text import BoundedTextFormField
from congress.uploads import validate_upload
from congress.validators import is_ascii_number
from deputies.models import Deputy, Level, MandateStatus
from proposals.models import (
    Category,
    Period,
    ProposalKind,
    Satisfaction,
    Signer,
    SignerStatus,
)
from proposals.session_window import open_sessions

MAX_ATTACHMENTS = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleDocumentField(forms.FileField):
    """Several documents from one input, each checked by its content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        single = super().clean
        files = [f for f in (single(f, initial) for f in files) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                gettext("Attach at most %(max)s files.") % {"max": MAX_ATTACHMENTS},
                code="too_many_files",
            )
        errors = []
        for uploaded in files:
            try:
                validate_upload(uploaded, use="document")
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files


class DeputyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Deputy) -> str:
        # The employer tells two deputies of the same name apart.
        return f"{obj.name}（{obj.employer_and_post}）"


def session_meetings() -> QuerySet:
    """Sessions of the people's congress in the current term that are open
    today: a closed session takes no more items (proposals.session_window)."""
    return open_sessions(
        Meeting.objects.filter(
            kind=Meeting.Kind.CONGRESS_SESSION, term__is_current=True
        ).select_related("term"),
        today=timezone.localdate(),
    )


def cosigner_candidates(*, lead: Deputy, proposal=None) -> QuerySet:
    """Serving county deputies of the current term with a login, other than
    the lead and those already invited or confirmed on this item."""
    deputies = (
        Deputy.objects.filter(
            mandates__term__is_current=True,
            mandates__level=Level.COUNTY,
            mandates__status=MandateStatus.SERVING,
            user__is_active=True,
        )
        .exclude(pk=lead.pk)
        .distinct()
        .order_by("name", "pk")
    )
    if proposal is not None:
        taken = Signer.objects.filter(proposal=proposal).exclude(
            status=SignerStatus.DECLINED
        )
        deputies = deputies.exclude(pk__in=taken.values("deputy_id"))
    return deputies


class _BootstrapMixin:
    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def add_error(self, field, error):
        super().add_error(field, error)
        # Bootstrap shows the messages of fields marked invalid.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (
                        widget.attrs.get("class", "") + " is-invalid"
                    )


class ProposalForm(_BootstrapMixin, forms.Form):
    """A deputy drafts a suggestion, or a motion during a session, and
    invites co-signers. `find` narrows the co-signer list by name; the
    deputies already chosen stay in it so the choice survives the search."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=ProposalKind.choices,
        initial=ProposalKind.SUGGESTION,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    period = forms.ChoiceField(
        label=_("submitted"),
        choices=Period.choices,
        initial=Period.RECESS,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    meeting = forms.ModelChoiceField(
        label=_("session"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Only for items submitted during a session."),
    )
    title = forms.CharField(label=_("title"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("Let the office classify it"),
    )
    body = BoundedTextFormField(
        size="long", label=_("content"), widget=forms.Textarea(attrs={"rows": 10})
    )
    attachments = MultipleDocumentField(
        label=_("attachments"),
        required=False,
        help_text=_("PDF, Word, Excel or photos; at most 10 files."),
    )
    find = forms.CharField(
        label=_("Find deputies by name"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    cosigners = DeputyChoiceField(
        label=_("Invite co-signers"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Each deputy you invite confirms or declines in their own workspace."
        ),
    )

    def __init__(self, *args, lead: Deputy, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = session_meetings()
        source = self.data if self.is_bound else self.initial
        text = (source.get("find") or "").strip()
        chosen = _ids(
            source.getlist("cosigners")
            if hasattr(source, "getlist")
            else source.get("cosigners") or []
        )
        candidates = cosigner_candidates(lead=lead, proposal=proposal)
        if text:
            candidates = candidates.filter(Q(name__icontains=text) | Q(pk__in=chosen))
        self.fields["cosigners"].queryset = candidates
        self._style()

    def proposal_values(self) -> dict:
        data = self.cleaned_data
        session = data["period"] == Period.SESSION
        return {
            "kind": data["kind"],
            "title": data["title"],
            "body": data["body"],
            "period": data["period"],
            "meeting": data["meeting"] if session else None,
            "category": data["category"],
        }


def _ids(values) -> list[int]:
    return [int(value) for value in values if is_ascii_number(value)]


class RatingForm(_BootstrapMixin, forms.Form):
    """Attitude and result, each 满意/基本满意/不满意, and a comment."""

    attitude = forms.ChoiceField(
        label=_("attitude of handling"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    result = forms.ChoiceField(
        label=_("result of handling"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    comment = BoundedTextFormField(
        size="short",
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def rating_initial(query) -> dict:
    """Values a one-tap link may carry (?attitude=…&result=…), if valid."""
    return {
        name: query[name]
        for name in ("attitude", "result")
        if query.get(name) in Satisfaction.values
    }


class UrgeForm(_BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("Optional: what you are waiting for")}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class SubmitForm(_BootstrapMixin, forms.Form):
    """Submitting: with invited co-signers who have not confirmed, the lead
    must agree that they are dropped (they can no longer confirm)."""

    drop_unconfirmed = forms.BooleanField(
        label=_("Submit without the co-signers who have not confirmed"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, pending: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drop_unconfirmed"].required = bool(pending)
        self.fields["drop_unconfirmed"].error_messages["required"] = _(
            "Tick the box to submit without them, or wait until they answer."
        )
        self._style()


class WithdrawForm(_BootstrapMixin, forms.Form):
    reason = BoundedTextFormField(
        size="short",
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
