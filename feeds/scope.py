"""Which listings the open-data feeds publish: live, public, and on the asking site."""

from directory.models import ListingPage


def published(site, model=ListingPage):
    """The published, public pages of `model` under the site (all sites when None)."""
    pages = model.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages
