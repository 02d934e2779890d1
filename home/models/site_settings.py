"""Site-wide settings the public pages show."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="help")
class CrisisLine(BaseSiteSetting):
    """The crisis line shown on every page; staff change it without a deploy."""

    label = models.CharField(
        _("label"),
        max_length=120,
        default=_("In crisis? Call or text"),
    )
    number = models.CharField(_("number"), max_length=30, default="988")
    details = models.CharField(
        _("details"),
        max_length=200,
        blank=True,
        default=_("Free and confidential, 24 hours a day."),
    )

    panels = [FieldPanel("label"), FieldPanel("number"), FieldPanel("details")]

    class Meta:
        verbose_name = _("crisis line")

    @property
    def tel_href(self):
        digits = "".join(ch for ch in self.number if ch in "+0123456789")
        return f"tel:{digits}"
