"""The public site's pages: the home page, the directory's sections and browse pages.

Each lists part of the directory through the search (home.results), so every
way in shows listings with the same cards, filters and words.
"""

from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.choices import Audience, Kind
from directory.fields import ChoiceListField
from directory.models import ListingPage, MeetingPage
from directory.site_language import page_url
from directory.translations import TranslatedWords, in_default_language, source_of
from home.printable import schedule_response
from home.results import RADIUS_CHOICES, SearchResultsMixin, starting_soon


class HomePage(TranslatedWords, Page):
    """The site's front door: one search box and the ways into the directory.

    There is one home page per language: the directory's own, and its
    translations (wagtail-localize), which hold their words.
    """

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two under the heading, in plain, kind words."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    translated_words = TranslatedWords.translated_words + ("intro",)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.ListingIndexPage", "home.BrowsePage"]
    # Staff add the one home page; its translations come from wagtail-localize.
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Every language's addresses lead to the directory's own pages.

        Wagtail routes /es/… from the Spanish home page, whose tree holds only
        what staff have translated. The directory's pages are served in every
        language instead (directory.translations), so a translated home page
        hands its addresses to the page it translates.
        """
        source = source_of(self)
        if source is not None and source.pk != self.pk:
            return source.specific.route(request, path_components)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The sections and browse pages staff mark "Show in menus", in tree order.
        context["ways_in"] = self.get_children().live().in_menu().select_related("locale")
        context["starting_soon"] = starting_soon(limit=5)
        context["radius_choices"] = RADIUS_CHOICES
        return context


class ListingIndexPage(TranslatedWords, SearchResultsMixin, RoutablePageMixin, Page):
    """A section of the directory (Meetings, Rides, …) that holds listings.

    It lists the kinds of listing it holds through the search, and answers
    print/ with its meetings as a printable weekly schedule.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    translated_words = TranslatedWords.translated_words + ("intro",)
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "directory.MeetingPage",
        "directory.TransportationPage",
        "directory.ChildcarePage",
        "directory.ClassPage",
        "directory.ServicePage",
    ]

    class Meta:
        verbose_name = _("directory section")

    def search_preset(self):
        kinds = sorted(
            set(ListingPage.objects.child_of(self).live().values_list("kind", flat=True))
        )
        return {"kind": kinds} if kinds else {}

    @subpage("", name="index")
    def index_route(self, request):
        return self.render_results(request)

    @subpage("print/", name="print")
    def print_schedule(self, request):
        """The section's meetings by day and time, laid out for paper."""
        return schedule_response(self, request)

    def printable_schedule_url(self):
        """The address of the printable schedule in the language being read, or "" when
        the section holds no meetings."""
        url = page_url(self)
        if not url or not MeetingPage.objects.child_of(self).live().public().exists():
            return ""
        return f"{url}{self.reverse_subpage('print')}"


class BrowsePage(TranslatedWords, SearchResultsMixin, Page):
    """A way into the directory with its own words and a fixed part of the search.

    Visitors refine it with the same form and filters as /search/; the page's
    own filters always apply.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    kinds = ChoiceListField(_("kinds of listing"), item_choices=Kind.choices)
    categories = ParentalManyToManyField(
        "directory.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    audiences = ChoiceListField(_("especially for"), item_choices=Audience.choices)
    translated_words = TranslatedWords.translated_words + ("intro",)

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

    def search_preset(self):
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
        return self.render_results(request)
