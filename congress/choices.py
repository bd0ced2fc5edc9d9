"""Choices several apps share, so that one thing has one name everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Satisfaction(models.TextChoices):
    """The three-grade rating of 满意度测评 (handling replies, voters' ratings)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
