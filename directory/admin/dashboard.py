"""The directory's panel on the admin dashboard: what there is, and what needs attention.

Each figure is shown only to those who can act on it: the listings and the
ones needing verification to whoever may check listings; the other apps add
their own lines (open problem reports, search updates waiting for a retry)
through the "directory_dashboard_items" hook, each deciding who sees it.
Someone who may see none of them gets no panel.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.ui.components import Component

from directory.admin import listing_export, verification
from directory.admin.access import can_keep_listings, listings_for
from directory.admin.listing_export import counts_by_kind
from directory.choices import Kind

#: Functions (request) -> HTML of one <li> for the panel's list, or "" to show nothing.
ITEMS_HOOK = "directory_dashboard_items"


def _listing_figures(user):
    live = listings_for(user).in_directory()
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


class DirectoryPanel(Component):
    name = "directory_overview"
    template_name = "directory/admin/dashboard_panel.html"
    # Above Wagtail's own panels (moderation, recent edits, locked pages).
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        items = [item(self.request) for item in hooks.get_hooks(ITEMS_HOOK)]
        context = {
            "listings": _listing_figures(user) if can_keep_listings(user) else None,
            "items": [item for item in items if item],
        }
        context["is_shown"] = bool(context["listings"] or context["items"])
        return context

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["is_shown"]:
            return ""
        return render_to_string(self.template_name, context, request=self.request)
