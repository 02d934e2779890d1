"""The directory in the Wagtail admin: its reference data, and the staff tools
that keep listings true (directory/admin/)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.admin import listing_export, verification
from directory.admin.access import can_keep_listings
from directory.admin.dashboard import DirectoryPanel
from directory.admin.verification import NeedsVerificationReport
from directory.models import Category, Location, Organization
from directory.rich_text import PageLinkHandler
from directory.verification import VERIFIED_ACTION


@hooks.register("register_rich_text_features", order=1)
def link_pages_in_the_language_being_read(features):
    # After Wagtail's own (order 0), whose handler this replaces.
    features.register_link_type(PageLinkHandler)


class PublishedChooserViewSet(SnippetChooserViewSet):
    """The listing editor's chooser offers only published locations or organizations:
    a listing shows only what a moderator has reviewed."""

    def get_object_list(self):
        return self.model.objects.filter(live=True)


class PlaceChooserViewSet(PublishedChooserViewSet):
    """Of places, only the directory's own: a translation gives a place its words in
    another language, not a place of its own to hold a listing at."""

    def get_object_list(self):
        return super().get_object_list().in_directory()


class LocationViewSet(SnippetViewSet):
    model = Location
    chooser_viewset_class = PlaceChooserViewSet
    icon = "site"
    list_display = ["name", "street_address", "city", "postal_code", "wheelchair_accessible"]
    list_filter = ["city", "wheelchair_accessible", "coordinates_approximate"]
    search_fields = ["name", "street_address", "city", "postal_code"]


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    chooser_viewset_class = PublishedChooserViewSet
    icon = "group"
    list_display = ["name", "website", "phone"]
    search_fields = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "parent", "slug", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]


class DirectorySnippets(SnippetViewSetGroup):
    items = (LocationViewSet, OrganizationViewSet, CategoryViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory data")
    menu_name = "directory-data"


register_snippet(DirectorySnippets)


def listings_using(instance):
    if isinstance(instance, Location):
        return instance.listing_links.values("page_id").distinct().count()
    if isinstance(instance, Organization):
        return instance.listings.count()
    return 0


@hooks.register("before_unpublish")
def keep_places_in_use_published(request, instance):
    """A location or organization that listings show stays published: unpublishing
    would leave them pointing at something nobody reviewed any more."""
    used = listings_using(instance)
    if not used:
        return None
    messages.error(
        request,
        ngettext(
            "“%(name)s” stays published: %(count)d listing uses it. Move that listing "
            "elsewhere first.",
            "“%(name)s” stays published: %(count)d listings use it. Move those listings "
            "elsewhere first.",
            used,
        )
        % {"name": instance, "count": used},
    )
    return redirect(AdminURLFinder(request.user).get_edit_url(instance))


# Keeping listings true: the verification report, the exports, the dashboard.


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    return [
        path(
            "directory/verification/",
            NeedsVerificationReport.as_view(),
            name=verification.INDEX_URL_NAME,
        ),
        path(
            "directory/verification/results/",
            NeedsVerificationReport.as_view(results_only=True),
            name=verification.RESULTS_URL_NAME,
        ),
        path(
            "directory/verification/<id:pk>/verified/",
            verification.mark_verified,
            name=verification.VERIFY_URL_NAME,
        ),
        path(
            "directory/export/",
            listing_export.ExportListingsView.as_view(),
            name=listing_export.INDEX_URL_NAME,
        ),
        path(
            "directory/export/<str:kind>.csv",
            listing_export.export_csv,
            name=listing_export.CSV_URL_NAME,
        ),
    ]


class ListingKeepersMenuItem(MenuItem):
    """Shown to whoever may check listings (see directory.admin.access)."""

    def is_shown(self, request):
        return can_keep_listings(request.user)


@hooks.register("register_reports_menu_item")
def register_verification_report_menu_item():
    return ListingKeepersMenuItem(
        _("Needs verification"),
        reverse(verification.INDEX_URL_NAME),
        name="needs-verification",
        icon_name="calendar-check",
        order=100,
    )


@hooks.register("register_reports_menu_item")
def register_export_listings_menu_item():
    return ListingKeepersMenuItem(
        _("Export listings"),
        reverse(listing_export.INDEX_URL_NAME),
        name="export-listings",
        icon_name="download",
        order=110,
    )


@hooks.register("construct_homepage_panels")
def add_directory_panel(request, panels):
    panels.append(DirectoryPanel(request))


@hooks.register("register_log_actions")
def register_verification_log_action(actions):
    actions.register_action(VERIFIED_ACTION, _("Mark as verified"), _("Marked as verified"))
