from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages

from directory.admin.dashboard import ITEMS_HOOK as DASHBOARD_ITEMS_HOOK
from directory.models.sources import attached_source
from subscriptions.admin_views import CHANGE, VIEW, subscription_viewset
from subscriptions.models import Subscription


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return subscription_viewset


@hooks.register(DASHBOARD_ITEMS_HOOK, order=30)
def failing_subscriptions_item(request):
    """Subscriptions whose last refresh failed, on the directory's dashboard panel, for
    whoever may see the subscriptions."""
    if not request.user.has_perm(VIEW):
        return ""
    subscriptions = Subscription.objects.select_related("last_refresh")
    if not subscriptions.exists():
        return ""
    failing = [subscription for subscription in subscriptions if subscription.is_failing]
    context = {
        "failing": failing,
        "total": len(subscriptions),
        "index_url": reverse(subscription_viewset.get_url_name("index")),
        "status_url_name": subscription_viewset.get_url_name("inspect"),
    }
    return render_to_string("subscriptions/admin/dashboard_item.html", context, request=request)


@hooks.register("before_edit_page")
def warn_before_editing_a_followed_listing(request, page):
    """Edits of a listing kept current from a list last only until the list changes it."""
    if request.method != "GET":
        return None
    source = attached_source(page)
    if source is None:
        return None
    text = _(
        "This meeting is kept current from the meeting list of %(name)s: the next refresh "
        "replaces edits made here whenever their list changes it. Have it corrected there, "
        "or detach it from the list to keep it by hand."
    ) % {"name": source.upstream.name}
    buttons = []
    if request.user.has_perm(CHANGE):
        buttons.append(
            messages.button(
                reverse(subscription_viewset.get_url_name("detach"), args=[page.pk]),
                _("Detach from the list"),
            )
        )
    messages.warning(request, text, buttons=buttons)
    return None
