"""Admin for the ballots engine.

Secrecy: choices (BallotVote) are never listed, not even as running totals
while a ballot is open; watching totals change next to the list of who has
voted would reveal choices. Staff see the fixed result once it is closed.
BallotVote and BallotVoter have no admin of their own.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress import ballots
from congress.admin.history import HistoryAdminMixin
from congress.exceptions import DomainError
from congress.models import Ballot, BallotTally, BallotVoter


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BallotTallyInline(_ReadOnlyInline):
    model = BallotTally
    fields = readonly_fields = ["option", "count"]


class BallotVoterInline(_ReadOnlyInline):
    model = BallotVoter
    fields = readonly_fields = ["user", "present", "voted"]
    ordering = ["user__username"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


# What staff choose when drafting; everything else is written by the services.
DRAFT_FIELDS = ["title", "kind", "body", "mode", "pass_rule", "meeting"]


@admin.register(Ballot)
class BallotAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "body", "status", "passed", "published"]
    list_filter = ["status", "kind", "body", "mode", "published"]
    search_fields = ["title"]
    inlines = [BallotVoterInline, BallotTallyInline]
    actions = ["publish_result"]
    fields = [
        *DRAFT_FIELDS,
        "status",
        "quorum_numerator",
        "quorum_denominator",
        "threshold_percent",
        "electorate_size",
        "present_count",
        "voted_count",
        "opened_at",
        "closed_at",
        "result",
        "passed",
        "published",
    ]

    def get_readonly_fields(self, request, obj=None):
        fixed = [name for name in self.fields if name not in DRAFT_FIELDS]
        if obj is not None and obj.status != Ballot.Status.DRAFT:
            return [*DRAFT_FIELDS, *fixed]
        return fixed

    @admin.display(description=_("members who have voted"))
    def voted_count(self, obj: Ballot) -> int:
        return obj.voters.filter(voted=True).count() if obj.pk else 0

    def save_model(self, request, obj, form, change):
        if change:
            # Only drafts are editable, and their fields are the staff's own.
            super().save_model(request, obj, form, change)
            return
        created = ballots.ballot_create(
            **{name: form.cleaned_data[name] for name in DRAFT_FIELDS},
            user=request.user,
        )
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        # Drafts only, one at a time: no bulk deletion, which checks no status.
        allowed = super().has_delete_permission(request, obj)
        return allowed and obj is not None and obj.status == Ballot.Status.DRAFT

    @admin.action(description=_("Publish the result"), permissions=["change"])
    def publish_result(self, request, queryset):
        done = 0
        for ballot in queryset:
            try:
                ballots.ballot_publish(ballot, user=request.user)
            except DomainError as error:
                self.message_user(request, f"{ballot}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d result published.",
                    "%(count)d results published.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
