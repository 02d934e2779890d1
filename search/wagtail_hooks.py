from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.admin.dashboard import ITEMS_HOOK as DASHBOARD_ITEMS_HOOK
from search.admin_views import PERMISSION, search_index
from search.models import PendingIndexUpdate, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False
    list_display = ["terms", "language"]
    list_filter = ["language"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_search_index_url():
    return [path("search-index/", search_index, name="search_index_admin")]


class SearchIndexMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_search_index_menu_item():
    return SearchIndexMenuItem(
        _("Search index"), reverse("search_index_admin"), icon_name="search", order=900
    )


@hooks.register(DASHBOARD_ITEMS_HOOK, order=20)
def pending_updates_item(request):
    """Search updates waiting for a retry, on the directory's dashboard panel, for whoever
    may open Settings → Search index."""
    if not request.user.has_perm(PERMISSION):
        return ""
    context = {"pending": PendingIndexUpdate.objects.count(), "url": reverse("search_index_admin")}
    return render_to_string("search/admin/dashboard_item.html", context, request=request)
