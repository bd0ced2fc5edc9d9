"""Who sees which proposal and assignment (one place per model)."""

from django.db.models import Q, QuerySet

from congress.models import Organization
from congress.roles import Role

STAFF_ROLES = (Role.OFFICE, Role.LEADER, Role.VIEWER)
ORGANIZATION_ROLES = (Role.ORG_LIAISON, Role.ORG_HEAD)


def organizations_acting_for(user) -> list[int]:
    """The organisation the user acts for, and for the government office (the
    hub) also every government department it coordinates."""
    if not user.organization_id or not user.has_role(*ORGANIZATION_ROLES):
        return []
    ids = [user.organization_id]
    if user.organization.kind == Organization.Kind.GOVERNMENT_OFFICE:
        ids += list(
            Organization.objects.filter(
                kind=Organization.Kind.GOVERNMENT_DEPARTMENT
            ).values_list("pk", flat=True)
        )
    return ids


def proposals_visible_to(user, proposals: QuerySet) -> QuerySet:
    """Staff and leaders: all; an organisation: what is assigned to it (the
    hub: to any government department); a deputy: their own, co-signed, and
    published replies; supervising leaders: their key suggestions."""
    if not user.is_authenticated or not user.is_active:
        return proposals.none()
    if user.has_role(*STAFF_ROLES):
        return proposals
    visible = Q(pk__in=[])
    if organizations := organizations_acting_for(user):
        visible |= Q(
            assignments__organization_id__in=organizations,
        ) & ~Q(status__in=["draft", "submitted", "returned", "withdrawn", "registered"])
    if user.has_role(Role.DEPUTY):
        visible |= (
            Q(lead_deputy__user=user)
            | Q(signers__deputy__user=user)
            | Q(published=True, confidential=False)
        )
    visible |= Q(supervising_leaders=user)
    return proposals.filter(pk__in=proposals.filter(visible).values("pk"))
