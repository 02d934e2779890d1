"""The admin's feed subscriptions: the list with each one's last fetch, result, counts and
next run; a status page per subscription with its refused meetings and history; "Refresh
now"; and detaching a meeting from its list.

Directory moderators and superusers manage subscriptions (the model's
permissions, given to moderators by a data migration).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from directory.models import ListingPage, ListingSource
from directory.models.sources import attached_source
from subscriptions import schedule
from subscriptions.detach import detach
from subscriptions.forms import SubscriptionForm
from subscriptions.models import Refresh, Subscription
from subscriptions.tasks import refresh_subscription

CHANGE = "subscriptions.change_subscription"
VIEW = "subscriptions.view_subscription"
# After this long in the queue the status page suggests the worker may be down.
WORKER_HINT_AFTER = timedelta(seconds=30)
HISTORY_SHOWN = 20


class CellColumn(Column):
    """A column drawn by its own template, which gets the subscription as `instance`."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = f"subscriptions/admin/cells/{template}.html"


class SubscriptionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("last_refresh")

    def get(self, request, *args, **kwargs):
        # Mend the schedule whenever staff look: it costs a query or two.
        schedule.ensure_scheduled()
        return super().get(request, *args, **kwargs)


class SubscriptionStatusView(generic.InspectView):
    template_name = "subscriptions/admin/status.html"

    def get_page_title(self):
        return self.object.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subscription = self.object
        sources = ListingSource.objects.filter(upstream=subscription.upstream)
        waiting = subscription.requested_at
        context.update(
            subscription=subscription,
            last=subscription.last_refresh,
            history=subscription.refreshes.all()[:HISTORY_SHOWN],
            listings={
                "followed": sources.attached().count(),
                "live": sources.attached().filter(page__live=True).count(),
                "detached": sources.filter(detached_at__isnull=False).count(),
            },
            can_refresh=self.request.user.has_perm(CHANGE),
            refresh_url=reverse("subscriptions:refresh", args=[subscription.pk]),
            worker_hint=waiting is not None and timezone.now() - waiting > WORKER_HINT_AFTER,
            shrunk=bool(subscription.last_refresh and subscription.last_refresh.shrunk),
        )
        return context


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "rotate"
    menu_label = gettext_lazy("Feed subscriptions")
    menu_name = "feed-subscriptions"
    menu_order = 261
    add_to_admin_menu = True
    url_prefix = "feed-subscriptions"

    index_view_class = SubscriptionIndexView
    inspect_view_class = SubscriptionStatusView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    search_fields = ["name", "url", "fellowship"]
    list_display = [
        CellColumn("name", "name", label=gettext_lazy("Subscription"), sort_key="name"),
        "fellowship",
        CellColumn("last_fetch", "last_fetch", label=gettext_lazy("Last fetch")),
        CellColumn("result", "result", label=gettext_lazy("Result")),
        CellColumn("counts", "counts", label=gettext_lazy("Meetings")),
        CellColumn(
            "next_run_at", "next_run", label=gettext_lazy("Next run"), sort_key="next_run_at"
        ),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("url"), FieldPanel("format")],
                heading=gettext_lazy("The list"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("section"),
                    FieldPanel("category"),
                    FieldPanel("fellowship"),
                    FieldRowPanel([FieldPanel("timezone"), FieldPanel("country")]),
                ],
                heading=gettext_lazy("Its meetings"),
            ),
            MultiFieldPanel(
                [FieldPanel("interval_hours"), FieldPanel("active")],
                heading=gettext_lazy("Refreshing"),
            ),
        ],
        base_form_class=SubscriptionForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/refresh/", refresh_now, name="refresh"),
            path("detach/<int:page_id>/", detach_listing, name="detach"),
        ]


subscription_viewset = SubscriptionViewSet("subscriptions")


def _require(request, permission=CHANGE):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_POST
def refresh_now(request, pk):
    """Queue a refresh for the background worker; its status page shows how it went."""
    _require(request)
    subscription = get_object_or_404(Subscription, pk=pk)
    accept_shrink = request.POST.get("accept_shrink") == "1"
    Subscription.objects.filter(pk=pk).update(requested_at=timezone.now())
    refresh_subscription.enqueue(
        subscription.pk, Refresh.Trigger.STAFF, request.user.pk, accept_shrink
    )
    messages.success(
        request,
        _("A refresh of “%(name)s” is queued; this page shows the result when it is done.")
        % {"name": subscription.name},
    )
    return redirect(subscription_viewset.get_url_name("inspect"), subscription.pk)


def detach_listing(request, page_id):
    """Staff take a meeting off its list to keep it by hand: a question, then the change."""
    _require(request)
    page = get_object_or_404(ListingPage, pk=page_id).specific
    source = attached_source(page)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if source is None:
        messages.info(request, _("“%(title)s” is not on a followed list.") % {"title": page.title})
        return redirect(edit_url)
    if request.method == "POST":
        detach(page, request.user)
        messages.success(
            request,
            _(
                "“%(title)s” is detached from the list of %(name)s: edit it here, and "
                "refreshes will leave it alone."
            )
            % {"title": page.title, "name": source.upstream.name},
        )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "subscriptions/admin/detach.html",
        {"page": page, "source": source, "edit_url": edit_url, "page_title": _("Detach")},
    )
