"""The one family of domain errors. Views turn them into messages, never 500s."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    default_message = _("The action could not be carried out.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class TransitionNotAllowed(DomainError):
    default_message = _("This step is not allowed in the current state.")


class ImportRejected(DomainError):
    """A whole import refused; `errors` lists (row number, field, message)."""

    default_message = _("The file was not imported; nothing was saved.")

    def __init__(self, errors: list[tuple[int, str, str]], message=None):
        self.errors = errors
        super().__init__(message)


class AccountNotManageable(DomainError):
    """Separation of powers: office staff and a privileged account or role."""

    default_message = _(
        "Only the system administrator may change this account or grant this role."
    )
