from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Open data feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from feeds import subscribers  # noqa: F401  (connects the receivers)
