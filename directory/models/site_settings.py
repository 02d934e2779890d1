from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from directory.areas import validate_area


@register_setting(icon="calendar-check")
class DirectorySettings(BaseGenericSetting):
    """How the directory judges its own freshness, and the area it serves."""

    verification_days = models.PositiveSmallIntegerField(
        _("days before a listing needs verifying"),
        default=180,
        help_text=_("Listings not verified for longer than this show up for staff to check."),
    )

    service_area = models.CharField(
        _("service area"),
        max_length=100,
        blank=True,
        validators=[validate_area],
        help_text=_(
            "City, state and country, for example: Denver, CO, USA. Meeting apps list an "
            "online meeting only in a place, so the meetings feed gives this area for "
            "online meetings that have no location and whose organization names no area."
        ),
    )

    panels = [FieldPanel("verification_days"), FieldPanel("service_area")]

    class Meta:
        verbose_name = _("directory settings")
