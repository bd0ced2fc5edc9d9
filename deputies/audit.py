"""The showings of unmasked ID numbers, as a source of the audit trail that
the audit administrator reads (congress.audit)."""

from django.utils.translation import gettext_lazy as _

from congress.audit import AuditRow, Filters, register_audit_source, user_label
from deputies.models import Deputy, IdNumberDisclosure


def _rows(filters: Filters):
    disclosures = IdNumberDisclosure.objects.filter(**filters.time_range("created_at"))
    if filters.actor is not None:
        disclosures = disclosures.filter(user=filters.actor)
    return disclosures.select_related("user").order_by("-created_at", "-pk")


def _present(disclosures: list) -> list[AuditRow]:
    ids = {pk for disclosure in disclosures for pk in disclosure.deputy_ids}
    names = dict(Deputy.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        AuditRow(
            time=disclosure.created_at,
            actor=user_label(disclosure.user),
            action=str(disclosure.get_channel_display()),
            subject="、".join(
                names.get(pk, f"#{pk}") for pk in disclosure.deputy_ids[:20]
            )
            + ("…" if len(disclosure.deputy_ids) > 20 else ""),
            detail=disclosure.path,
        )
        for disclosure in disclosures
    ]


def register() -> None:
    register_audit_source(
        "id_views",
        _("Showings of full ID numbers"),
        rows=_rows,
        present=_present,
        order=25,
    )
