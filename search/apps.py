from django.apps import AppConfig


class SearchConfig(AppConfig):
    # The label keeps clear of Wagtail's own "wagtailsearch" app.
    name = "search"
    label = "directory_search"
    verbose_name = "Directory search"

    def ready(self):
        from search import subscribers  # noqa: F401
