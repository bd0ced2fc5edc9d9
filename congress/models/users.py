import pghistory
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.roles import Role
from congress.validators import validate_mobile


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role) -> "UserQuerySet":
        return self.filter(groups__name=role.value, is_active=True)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


@pghistory.track(
    exclude=["password", "last_login"],
    model_name="UserEvent",
)
class User(AbstractUser):
    """A person who logs in. Roles are groups; scope comes from the links below."""

    real_name = models.CharField(_("real name"), max_length=50)
    mobile = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[validate_mobile]
    )
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("For handling-organisation users: the organisation they act for."),
    )
    working_body = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("working committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        limit_choices_to={"kind__in": ["working_body", "general_office"]},
        help_text=_("For office staff: the working body whose data they handle."),
    )
    division = models.ForeignKey(
        "congress.Division",
        verbose_name=_("administrative division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("For township or sub-district officers: their division."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when a temporary password was issued."),
    )
    # Kept by congress.second_factor, so that deciding whether a session needs
    # a second factor costs no query on each request.
    second_factor_enrolled = models.BooleanField(
        _("uses a second factor"), default=False, editable=False
    )
    # Who issued the last temporary password, and when: the history keeps
    # every issue (the password itself is never recorded).
    password_reset_by = models.ForeignKey(
        "self",
        verbose_name=_("temporary password issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    password_reset_at = models.DateTimeField(
        _("temporary password issued at"), null=True, blank=True
    )

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["real_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.real_name or self.username

    def get_full_name(self) -> str:
        return self.real_name

    def get_short_name(self) -> str:
        return self.real_name

    @property
    def roles(self) -> list[Role]:
        """The user's roles in a stable order; cached per instance."""
        if not hasattr(self, "_roles"):
            names = {group.name for group in self.groups.all()}
            self._roles = [role for role in Role if role.value in names]
        return self._roles

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and any(role in self.roles for role in roles)

    @property
    def can_use_admin(self) -> bool:
        """Office staff work in the admin by their role; is_staff is not synced."""
        return self.is_active and (self.is_staff or self.has_role(Role.OFFICE))


UserGroupEvent = pghistory.create_event_model(
    User.groups.through,
    pghistory.InsertEvent("group.add"),
    pghistory.DeleteEvent("group.remove"),
    obj_field=pghistory.ObjForeignKey(related_name="+"),
    model_name="UserGroupEvent",
    app_label="congress",
    abstract=False,
)


class LoginCode(models.Model):
    """A one-time code sent by text message to log in with a mobile number.

    Requests for numbers without an account are recorded too (no user, nothing
    sent), so that the rate limits and the answers are the same either way.
    Only an HMAC of the code is stored.
    """

    mobile = models.CharField(_("mobile number"), max_length=11)
    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE
    )
    code_hash = models.CharField(max_length=64)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("login code")
        verbose_name_plural = _("login codes")
        indexes = [
            models.Index(fields=["mobile", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.mobile[:3]}****{self.mobile[-4:]}"
