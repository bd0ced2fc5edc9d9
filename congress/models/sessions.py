from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class Session(AbstractBaseSession):
    """A database session that knows its user, so ending a user's sessions is
    one DELETE (when an account is deactivated or its password reset)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, db_index=True
    )

    @classmethod
    def get_session_store_class(cls):
        from congress.sessions import SessionStore

        return SessionStore
