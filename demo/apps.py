from django.apps import AppConfig


class DemoConfig(AppConfig):
    """A fictional center's directory and synthetic listings, for trying and measuring the site.

    It writes through every layer (the home page, sections, browse pages,
    listings), so it sits above them all.
    """

    name = "demo"
    verbose_name = "Demo data"
