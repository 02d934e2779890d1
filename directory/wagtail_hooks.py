from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.models import Category, Location, Organization


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "street_address", "city", "postal_code", "wheelchair_accessible"]
    list_filter = ["city", "wheelchair_accessible", "coordinates_approximate"]
    search_fields = ["name", "street_address", "city", "postal_code"]


class OrganizationViewSet(SnippetViewSet):
    model = Organization
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
