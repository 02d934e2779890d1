"""The staff inbox for problem reports, and the open ones' count for the dashboard."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from directory.admin.dashboard import ITEMS_HOOK as DASHBOARD_ITEMS_HOOK
from problem_reports.models import ProblemReport

OPEN = "open"


class ProblemReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open (new or in progress)")), *ProblemReport.Status.choices],
        method="filter_status",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ProblemReport
        fields = ["status", "reason"]

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=ProblemReport.OPEN_STATUSES)
        return queryset.filter(status=value)


class ListingColumn(Column):
    """The listing, linked to its editor and, when live, to its public page."""

    cell_template_name = "problem_reports/admin/listing_cell.html"


class ListingPanel(FieldPanel):
    """The listing a report is about, read-only, with the same two links."""

    read_only_output_template_name = "problem_reports/admin/listing_read_only.html"

    def __init__(self, field_name="listing", **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)


class ProblemReportAdminForm(WagtailAdminModelForm):
    """Staff set the status and a note; whoever does so last is recorded."""

    def save(self, commit=True):
        if self.has_changed() and self.for_user is not None:
            self.instance.handled_by = self.for_user
        return super().save(commit=commit)


class ProblemReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("listing__source__upstream")


class ProblemReportViewSet(ModelViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = _("Problem reports")
    menu_name = "problem-reports"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "problem-reports"

    index_view_class = ProblemReportIndexView
    ordering = ["-created_at", "-pk"]
    list_display = [
        "reason",
        ListingColumn("listing", label=_("Listing")),
        "status",
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
    ]
    filterset_class = ProblemReportFilterSet
    search_fields = ["details", "listing__title", "staff_note"]
    list_per_page = 50

    # Reports come only from the public form; staff read them and act on them.
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "listing",
        "reason",
        "details",
        "contact",
        "created_at",
        "status",
        "staff_note",
        "handled_by",
        "updated_at",
    ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    ListingPanel(),
                    FieldPanel("reason", read_only=True),
                    FieldPanel("details", read_only=True),
                    FieldPanel("contact", read_only=True),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("The report"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("staff_note"),
                    FieldPanel("handled_by", read_only=True),
                ],
                heading=_("What staff did"),
            ),
        ],
        base_form_class=ProblemReportAdminForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        # No "add" button: a report is made on the public site, about a listing.
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]


problem_report_viewset = ProblemReportViewSet("problem_reports")


@hooks.register("register_admin_viewset")
def register_problem_report_viewset():
    return problem_report_viewset


@hooks.register(DASHBOARD_ITEMS_HOOK, order=10)
def open_reports_item(request):
    """The open reports' count, linked to the inbox, on the directory's dashboard panel;
    nothing for whoever may not see the inbox."""
    if not problem_report_viewset.permission_policy.user_has_any_permission(
        request.user, ["view", "change"]
    ):
        return ""
    context = {
        "open_count": ProblemReport.objects.filter(status__in=ProblemReport.OPEN_STATUSES).count(),
        "inbox_url": reverse(problem_report_viewset.get_url_name("index")) + f"?status={OPEN}",
    }
    return render_to_string("problem_reports/admin/summary_item.html", context, request=request)
