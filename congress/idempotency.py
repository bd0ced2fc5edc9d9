"""Create forms that make one record however often they are sent.

A create form carries a one-time token (`{% form_token %}`, from
congress.templatetags.portal). The view is wrapped in `@idempotent_post`: the
POST claims the token inside the view's transaction, so of two taps (or four
parallel posts) of the same form one creates the record and the others are
sent to where the first went, with a notice. A POST whose form had errors
gives its token back, so the corrected form can be sent again. A POST without
a token (an old page, a script) behaves as before.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from congress.models import FormSubmission

FIELD = "form_token"


def new_form_token() -> str:
    return str(uuid.uuid4())


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def idempotent_post(view):
    """Decorates a create view (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _token(request) if request.method == "POST" else None
        if token is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(
                        token=token, user=request.user
                    )
            except IntegrityError:
                return _already_sent(request, token)
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303):
                claim.location = response["Location"][:500]
                claim.save(update_fields=["location"])
            else:
                claim.delete()  # not done (form errors): the token may be used again
        return response

    return wrapper


def _already_sent(request, token):
    first = FormSubmission.objects.filter(token=token, user=request.user).first()
    messages.info(request, _("This form was already sent; it was saved once."))
    return redirect(first.location if first and first.location else request.path)


def form_submissions_prune(*, now=None) -> int:
    """Delete claimed tokens a day old (a double tap comes within seconds);
    run daily by congress.tasks.prune_counters. Returns how many."""
    import datetime

    from django.utils import timezone

    now = now or timezone.now()
    deleted, _by_model = FormSubmission.objects.filter(
        created_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    return deleted
