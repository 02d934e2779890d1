"""Every live listing of one kind as a CSV file, from Reports → Export listings."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from directory.admin.access import can_keep_listings, listings_for
from directory.choices import Kind
from directory.exports import filename, model_for, stream_csv

INDEX_URL_NAME = "directory_export"
CSV_URL_NAME = "directory_export_csv"


def counts_by_kind(listings):
    """{kind: how many of `listings`}, with every kind present."""
    counts = dict.fromkeys(Kind.values, 0)
    counts.update(listings.order_by().values_list("kind").annotate(count=Count("pk")))
    return counts


def csv_url(kind):
    return reverse(CSV_URL_NAME, args=[Kind(kind).value])


class ExportListingsView(WagtailAdminTemplateMixin, TemplateView):
    """The kinds, how many live listings each has, and a download link for each."""

    page_title = _("Export listings")
    header_icon = "download"
    template_name = "directory/admin/export_listings.html"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
        {"url": "", "label": _("Export listings")},
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_keep_listings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = counts_by_kind(listings_for(self.request.user).in_directory())
        context["kinds"] = [
            {"label": label, "count": counts[kind], "url": csv_url(kind)}
            for kind, label in Kind.choices
        ]
        return context


@require_safe
def export_csv(request, kind):
    """The CSV file of the live listings of `kind` the user may check, streamed."""
    if kind not in Kind.values:
        raise Http404
    if not can_keep_listings(request.user):
        raise PermissionDenied
    listings = listings_for(request.user, model_for(kind)).in_directory()
    response = StreamingHttpResponse(
        stream_csv(listings, kind, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response
