from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from django.urls import register_converter

        from directory import changes  # noqa: F401  (turns every write path into one event)
        from directory.url_converters import RowIdConverter

        register_converter(RowIdConverter, "id")
