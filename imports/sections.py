"""Where imported meetings go when nobody says."""

from directory.choices import Kind
from directory.models import ListingIndexPage, ListingPage


def default_section():
    """The section that already holds the most meetings, else one named "meetings"."""
    sections = ListingIndexPage.objects.order_by("path")
    best, most = None, -1
    for section in sections:
        count = ListingPage.objects.child_of(section).filter(kind=Kind.MEETING).count()
        if count > most:
            best, most = section, count
    if most > 0:
        return best
    return sections.filter(slug="meetings").first() or sections.first()
