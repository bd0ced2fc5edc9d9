from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from congress.services import user_sessions_end


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_sessions_of_inactive_user(sender, instance, **kwargs):
    """However an account is deactivated (admin, service), its sessions end."""
    if not instance.is_active:
        user_sessions_end(instance)
