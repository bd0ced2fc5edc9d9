from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from congress.services import user_sessions_end
from congress.sessions import session_stamp_login

# Sent after the commit that closes a ballot, with `ballot`: the apps whose
# object the ballot is about move their own workflow (CONVENTIONS: ballots).
ballot_closed = Signal()


@receiver(user_logged_in)
def stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_stamp_login(request)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_sessions_of_inactive_user(sender, instance, **kwargs):
    """However an account is deactivated (admin, service), its sessions end."""
    if not instance.is_active:
        user_sessions_end(instance)
