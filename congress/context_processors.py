from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_PORTAL_NAME = _("County People's Congress Standing Committee")


def portal_name():
    return settings.PORTAL_NAME or DEFAULT_PORTAL_NAME


def portal(request):
    from congress.workspaces import public_links

    return {"portal_name": portal_name(), "public_links": public_links()}
