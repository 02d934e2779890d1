"""Who publishes the feeds, and the slugs apps know each meeting by."""

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

    panels = [
        FieldPanel("entity"),
        FieldPanel("entity_email"),
        FieldPanel("entity_location"),
        FieldPanel("entity_phone"),
        FieldPanel("entity_url"),
    ]

    class Meta:
        verbose_name = _("meeting feed publisher")


class FeedSlug(models.Model):
    """The slug a meeting has in the feed, fixed the first time the meeting is seen.

    Apps keep people's favourite meetings by this slug, so it never follows
    later edits of the page's title or slug. It starts with the page's id,
    which makes it unique.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    slug = models.CharField(_("feed slug"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("feed slug")

    def __str__(self):
        return self.slug
