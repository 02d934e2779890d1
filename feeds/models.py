"""Who publishes the feeds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from directory.validators import validate_dialable


@register_setting(icon="link-external")
class FeedPublisher(BaseSiteSetting):
    """The "entity" fields of the Meeting Guide feed: who keeps this list."""

    entity = models.CharField(
        _("publisher name"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank to use the site's name."),
    )
    entity_email = models.EmailField(_("publisher email"), blank=True)
    entity_location = models.CharField(
        _("publisher location"),
        max_length=200,
        blank=True,
        help_text=_("Where the publisher is, for example: Denver, Colorado."),
    )
    entity_phone = models.CharField(
        _("publisher phone"), max_length=40, blank=True, validators=[validate_dialable]
    )
    entity_url = models.URLField(_("publisher website"), blank=True)
    include_subscribed = models.BooleanField(
        _("include meetings from followed lists"),
        default=False,
        help_text=_(
            "Off: the feed holds the center's own meetings only, since apps such as Meeting "
            "Guide read the intergroups' and service bodies' lists themselves and would show "
            "their meetings twice. On: it holds every meeting the directory lists."
        ),
    )

    panels = [
        FieldPanel("entity"),
        FieldPanel("entity_email"),
        FieldPanel("entity_location"),
        FieldPanel("entity_phone"),
        FieldPanel("entity_url"),
        FieldPanel("include_subscribed"),
    ]

    class Meta:
        verbose_name = _("meeting feed publisher")
