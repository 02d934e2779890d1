from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    """Meeting lists others publish (Meeting Guide feeds, BMLT servers), followed and kept
    current in the directory."""

    name = "subscriptions"
    verbose_name = _("Feed subscriptions")

    def ready(self):
        from subscriptions import signals  # noqa: F401  (the schedule follows saved subscriptions)
