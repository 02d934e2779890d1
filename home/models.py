from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front door: one search box and the ways into the directory."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two under the heading, in plain, kind words."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["directory.ListingIndexPage", "directory_search.BrowsePage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from search.views import RADIUS_CHOICES, starting_soon

        context = super().get_context(request, *args, **kwargs)
        # The sections and browse pages staff mark "Show in menus", in tree order.
        context["ways_in"] = self.get_children().live().in_menu()
        context["starting_soon"] = starting_soon(limit=5)
        context["radius_choices"] = RADIUS_CHOICES
        return context


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
        digits = "".join(ch for ch in self.number if ch.isdigit() or ch == "+")
        return f"tel:{digits}"
