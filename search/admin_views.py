"""The admin's view of the search index: its health, and a button to rebuild it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from elasticsearch import ApiError, TransportError

from search import es_index
from search.connection import elasticsearch_configured, get_client
from search.models import PendingIndexUpdate, SearchDocument
from search.tasks import rebuild_search_index

PERMISSION = "directory_search.change_synonym"


def index_status():
    from directory.models import ListingPage

    status = {
        "published": ListingPage.objects.in_directory().count(),
        "documents": SearchDocument.objects.count(),
        "pending": PendingIndexUpdate.objects.count(),
        "engine": "elasticsearch" if elasticsearch_configured() else "database",
        "index": None,
        "indexed": None,
        "reachable": None,
    }
    if elasticsearch_configured():
        try:
            status["index"] = es_index.current_index()
            if status["index"]:
                status["indexed"] = get_client().count(index=es_index.alias_name())["count"]
            status["reachable"] = True
        except (ApiError, TransportError):
            status["reachable"] = False
    return status


def search_index(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        rebuild_search_index.enqueue()
        messages.success(
            request,
            _(
                "The search index will be rebuilt in the background with the current "
                "synonyms; searches keep answering meanwhile."
            ),
        )
        return redirect("search_index_admin")
    return TemplateResponse(
        request,
        "search/admin/search_index.html",
        {
            "status": index_status(),
            "page_title": _("Search index"),
        },
    )
