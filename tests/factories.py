"""Test data builders, in one place, mirroring the models."""

from wagtail.models import Locale, Page, Site

from home.models import HomePage


def ensure_site_tree():
    """The root page, the home page and the default site, as migrations make them.

    Transactional tests (the live server's) flush every table afterwards, so
    they rebuild what the data migrations would have left.
    """
    home = HomePage.objects.first()
    if home is not None:
        return home
    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(
        instance=HomePage(title="Find meetings and support near you", slug="home", locale=locale)
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "Recovery Resource Directory",
        },
    )
    return home
