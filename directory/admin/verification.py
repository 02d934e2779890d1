"""The "Needs verification" report and its one-click "Verified today" action.

The report lists the live listings, of every kind, that were never verified or
were last verified longer ago than Settings → Directory settings allows,
oldest first, filterable by kind, category and age, with Wagtail's own CSV and
XLSX downloads of what it shows.
"""

from collections import OrderedDict

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn, UserColumn
from wagtail.admin.utils import get_admin_base_url, get_valid_next_url_from_request
from wagtail.admin.views.reports import ReportView

import django_filters

from directory.admin.access import ACTIONS, can_keep_listing, listings_for, policy
from directory.choices import Kind
from directory.exports import safe_cell
from directory.models import Category, DirectorySettings, ListingPage
from directory.verification import months_before, needs_verification_q, record_verification

INDEX_URL_NAME = "directory_verification"
RESULTS_URL_NAME = "directory_verification_results"
VERIFY_URL_NAME = "directory_mark_verified"

NEVER = "never"
SIX_MONTHS = "6m"
ONE_YEAR = "1y"
AGE_CHOICES = [
    (NEVER, _("Never verified")),
    (SIX_MONTHS, _("Last verified 6 months ago or more")),
    (ONE_YEAR, _("Last verified a year ago or more")),
]
AGE_MONTHS = {SIX_MONTHS: 6, ONE_YEAR: 12}


def stale_listings(user, today=None):
    """The live listings this user may check that need verifying."""
    return listings_for(user).in_directory().filter(needs_verification_q(today))


class NeedsVerificationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.in_directory().select_related("parent"),
        method="filter_category",
        empty_label=_("Any category"),
        help_text=_("A top-level category includes its sub-categories."),
    )
    age = django_filters.ChoiceFilter(
        label=_("Last verified"),
        choices=AGE_CHOICES,
        method="filter_age",
        empty_label=_("Any"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ListingPage
        fields = []

    def filter_category(self, queryset, name, value):
        tagged = ListingPage.objects.filter(Q(categories=value) | Q(categories__parent=value))
        return queryset.filter(pk__in=tagged.values("pk"))

    def filter_age(self, queryset, name, value):
        if value == NEVER:
            return queryset.filter(last_verified__isnull=True)
        cutoff = months_before(timezone.localdate(), AGE_MONTHS[value])
        return queryset.filter(last_verified__lte=cutoff)


class LastVerifiedColumn(Column):
    cell_template_name = "directory/admin/last_verified_cell.html"


class VerifyColumn(Column):
    """A "Verified today" button per row: a plain form, so it works without JavaScript."""

    cell_template_name = "directory/admin/verify_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context["csrf_token"] = get_token(request)
        context["action_url"] = reverse(VERIFY_URL_NAME, args=[instance.pk])
        context["next_url"] = report_url(request)
        return context


def report_url(request):
    """The report as the user sees it now (filters, sort, page), to come back to."""
    query = request.GET.copy()
    for key in ("_w_filter_fragment", "export"):
        query.pop(key, None)
    url = reverse(INDEX_URL_NAME)
    return f"{url}?{query.urlencode()}" if query else url


def _categories(page):
    return ", ".join(str(category) for category in page.categories.all())


def _user_name(user):
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


class NeedsVerificationReport(ReportView):
    page_title = _("Needs verification")
    header_icon = "calendar-check"
    index_url_name = INDEX_URL_NAME
    index_results_url_name = RESULTS_URL_NAME
    results_template_name = "directory/admin/verification_results.html"
    filterset_class = NeedsVerificationFilterSet
    model = ListingPage
    any_permission_required = ACTIONS
    default_ordering = "last_verified"
    paginate_by = 50

    columns = [
        TitleColumn(
            "title",
            label=_("Listing"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
            sort_key="title",
        ),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("categories", label=_("Categories"), accessor=_categories),
        LastVerifiedColumn(
            "last_verified",
            label=_("Last verified"),
            sort_key="last_verified",
            ascending_title_text=_("Sort with the longest unverified first"),
            descending_title_text=_("Sort with the most recently verified first"),
        ),
        UserColumn("verified_by", label=_("Verified by")),
        VerifyColumn("verify", label=_("Checked it?")),
    ]

    list_export = [
        "title",
        "kind",
        "categories",
        "last_verified",
        "verified_by",
        "url",
        "edit_url",
    ]
    export_headings = {
        "title": _("Listing"),
        "kind": _("Kind"),
        "categories": _("Categories"),
        "last_verified": _("Last verified"),
        "verified_by": _("Verified by"),
        "url": _("Public page"),
        "edit_url": _("Edit in the admin"),
    }

    @cached_property
    def permission_policy(self):
        return policy()

    def get_filename(self):
        return f"needs-verification-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        return stale_listings(self.request.user).select_related("verified_by").with_categories()

    def order_queryset(self, queryset):
        # Never verified first, then the longest ago; Django's default would
        # put the never-verified at one end or the other depending on the database.
        if self.ordering == "-last_verified":
            return queryset.order_by(F("last_verified").desc(nulls_last=True), "title", "pk")
        if self.ordering in ("title", "-title"):
            return queryset.order_by(self.ordering, "pk")
        return queryset.order_by(F("last_verified").asc(nulls_first=True), "title", "pk")

    def get_table_kwargs(self):
        return {
            **super().get_table_kwargs(),
            "caption": _("Listings to check, never verified and longest unverified first"),
        }

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("No listings that need verifying match these filters.")
        return _("Every live listing has been verified recently. Nothing to check.")

    # The CSV and XLSX downloads

    def to_row_dict(self, item):
        admin = get_admin_base_url() or ""
        return OrderedDict(
            [
                ("title", item.title),
                ("kind", str(item.get_kind_display())),
                ("categories", _categories(item)),
                ("last_verified", item.last_verified),
                ("verified_by", _user_name(item.verified_by)),
                ("url", item.get_full_url(self.request) or ""),
                ("edit_url", admin + reverse("wagtailadmin_pages:edit", args=[item.pk])),
            ]
        )

    def write_csv_row(self, writer, row_dict):
        # The same guard against spreadsheet formulas as the listing exports.
        return writer.writerow(
            {
                field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["verification_days"] = DirectorySettings.load().verification_days
        return context


@require_POST
def mark_verified(request, pk):
    """Record that the signed-in user checked the listing today; back to the report."""
    page = get_object_or_404(ListingPage, pk=pk)
    if not can_keep_listing(request.user, page):
        raise PermissionDenied
    back = get_valid_next_url_from_request(request) or reverse(INDEX_URL_NAME)
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        # Locked pages are not changed, as in the page editor; the lock says why.
        messages.error(
            request,
            format_html(
                "{} {}",
                _("“%(title)s” was not marked as verified.") % {"title": page.title},
                lock.get_message(request.user),
            ),
        )
        return redirect(back)
    today = timezone.localdate()
    record_verification(page, request.user, today)
    messages.success(
        request,
        _("“%(title)s” is marked as verified on %(date)s.")
        % {"title": page.title, "date": date_format(today)},
        buttons=[
            messages.button(
                reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Edit the listing")
            )
        ],
    )
    return redirect(back)
