"""Field-level history through django-pghistory's database triggers."""

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
