"""One confirm-a-transition view body for every app.

A transition is POST-only; its GET is a confirm page that spells out the
consequence. `confirm_transition` is the whole view after the access helper:
bound form → service → message → redirect (back where the action started when
`next` is safe), or the confirm page again with the form's errors.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from congress.exceptions import DomainError
from congress.redirects import next_url


def confirm_transition(
    request: HttpRequest,
    *,
    perform: Callable[[dict], Any],
    done: str | Callable[[Any], str],
    back: str,
    template: str,
    form: Form | None = None,
    **context,
) -> HttpResponse:
    """GET (or an invalid form): render `template` with `context`. POST with a
    valid form (or none): `perform(cleaned_data)`; success → `done` (a message,
    or a function of perform's result) and redirect; DomainError → its
    message and redirect. The redirect goes to `next` if safe, else `back`."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = perform(form.cleaned_data if form is not None else {})
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done(result) if callable(done) else done)
        return redirect(next_url(request, back))
    context.setdefault("cancel_url", back)
    context.setdefault("next", next_url(request, context["cancel_url"]))
    return render(request, template, {"form": form, **context})
