"""Browse pages: editable sections (Meetings, Rides, For families…) that list through the search."""

from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.choices import Audience, Kind
from directory.fields import ChoiceListField


class BrowsePage(Page):
    """A way into the directory with its own words and a fixed part of the search.

    Visitors refine it with the same form and filters as /search/; the page's
    own filters always apply.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    kinds = ChoiceListField(_("kinds of listing"), item_choices=Kind.choices)
    categories = ParentalManyToManyField(
        "directory.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )
    audiences = ChoiceListField(_("especially for"), item_choices=Audience.choices)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("kinds"), FieldPanel("categories"), FieldPanel("audiences")],
            heading=_("What this page lists"),
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("browse page")

    def preset(self):
        """The page's own filters, as query parameters."""
        preset = {}
        if self.kinds:
            preset["kind"] = list(self.kinds)
        slugs = [category.slug for category in self.categories.all()]
        if slugs:
            preset["category"] = slugs
        if self.audiences:
            preset["audience"] = list(self.audiences)
        return preset

    def serve(self, request, *args, **kwargs):
        from search.views import render_search

        return render_search(request, self, self.preset())
