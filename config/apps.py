from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project's own wiring: its system checks."""

    name = "config"
    label = "site_config"

    def ready(self):
        from config import checks  # noqa: F401 - registers the checks
