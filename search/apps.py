from django.apps import AppConfig


class SearchConfig(AppConfig):
    # The label keeps clear of Wagtail's own "wagtailsearch" app.
    name = "search"
    label = "directory_search"
    verbose_name = "Directory search"

    def ready(self):
        from django.db.models.signals import post_migrate

        from search import subscribers  # noqa: F401
        from search.tasks import start_schedule

        post_migrate.connect(start_schedule, sender=self)
