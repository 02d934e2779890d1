from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="calendar-check")
class DirectorySettings(BaseGenericSetting):
    """How the directory judges its own freshness."""

    verification_days = models.PositiveSmallIntegerField(
        _("days before a listing needs verifying"),
        default=180,
        help_text=_("Listings not verified for longer than this show up for staff to check."),
    )

    panels = [FieldPanel("verification_days")]

    class Meta:
        verbose_name = _("directory settings")
