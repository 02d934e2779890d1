"""The directory's panel on the admin dashboard: what there is, and what needs attention.

Each figure is shown only to those who can act on it: the listings and the
ones needing verification to whoever may check listings, open problem
reports to whoever may see the inbox, search updates waiting for a retry to
whoever may open Settings → Search index. Someone who may see none of them
gets no panel.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from wagtail.admin.ui.components import Component

from directory.admin import listing_export, verification
from directory.admin.access import can_keep_listings, listings_for
from directory.admin.listing_export import counts_by_kind
from directory.choices import Kind
from reports.wagtail_hooks import open_reports_summary
from search.admin_views import PERMISSION as SEARCH_INDEX_PERMISSION
from search.models import PendingIndexUpdate


def _listing_figures(user):
    live = listings_for(user).live()
    published = counts_by_kind(live)
    stale = counts_by_kind(verification.stale_listings(user))
    report_url = reverse(verification.INDEX_URL_NAME)
    return {
        "kinds": [
            {
                "label": label,
                "published": published[kind],
                "stale": stale[kind],
                "stale_url": f"{report_url}?{urlencode({'kind': kind})}",
                "csv_url": listing_export.csv_url(kind),
            }
            for kind, label in Kind.choices
        ],
        "published_total": sum(published.values()),
        "stale_total": sum(stale.values()),
        "report_url": report_url,
        "export_url": reverse(listing_export.INDEX_URL_NAME),
    }


def _search_figures(user):
    if not user.has_perm(SEARCH_INDEX_PERMISSION):
        return None
    return {
        "pending": PendingIndexUpdate.objects.count(),
        "url": reverse("search_index_admin"),
    }


class DirectoryPanel(Component):
    name = "directory_overview"
    template_name = "directory/admin/dashboard_panel.html"
    # Above Wagtail's own panels (moderation, recent edits, locked pages).
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        context = {
            "listings": _listing_figures(user) if can_keep_listings(user) else None,
            "open_reports": open_reports_summary(user),
            "search_index": _search_figures(user),
        }
        context["is_shown"] = any(value is not None for value in context.values())
        return context

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["is_shown"]:
            return ""
        return render_to_string(self.template_name, context, request=self.request)
