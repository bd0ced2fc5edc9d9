"""Field-level history through django-pghistory's database triggers."""

import contextlib

import pghistory


def track(*trackers, **kwargs):
    """pghistory.track, naming the event model `<Model>History`.

    pghistory's default name, `<Model>Event`, is taken by the workflows'
    semantic timelines (ProposalEvent, PerformanceRecordEvent, ...).
    """

    def decorate(model):
        name = kwargs.pop("model_name", f"{model.__name__}History")
        return pghistory.track(*trackers, model_name=name, **kwargs)(model)

    return decorate


def history_context(user):
    """Name the acting user on the history rows written inside the block,
    in requests (where the middleware also adds the URL) and outside them."""
    if user is None or user.pk is None:
        return contextlib.nullcontext()
    return pghistory.context(user=user.pk)
