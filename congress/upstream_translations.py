"""Messages of Django and django-import-export that our catalogue translates
in their place: missing from their zh_Hans catalogues (new in Django 6), or
wrong there ("某些行验数据证失败"). The catalogue in LOCALE_PATHS wins over
the packages' own; listing the msgids here keeps makemessages from dropping
them as obsolete."""

from django.utils.translation import gettext_noop

UPSTREAM_MESSAGES = [
    # django.db.models.fields.BLANK_CHOICE_LABEL: every optional select.
    gettext_noop("- Select an option -"),
    # admin/date_hierarchy.html
    gettext_noop("Filter by %(field_name)s"),
    # import_export/import.html and its messages
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have "
        "chosen the correct format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or "
        "data for import."
    ),
    gettext_noop("Resource"),
    gettext_noop("Select all"),
    gettext_noop("Value could not be parsed."),
]
