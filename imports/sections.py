"""Where imported meetings go: the sections that may hold meetings, and the default one.

Which page types hold meetings is the page tree's rule (MeetingPage's
allowed parents), asked of Wagtail rather than named here, so imports need
not know the public site's page types.
"""

from wagtail.models import Page

from directory.choices import Kind
from directory.models import ListingPage, MeetingPage


def meeting_sections():
    """The live or draft pages that may hold meetings, in tree order."""
    return Page.objects.type(*MeetingPage.allowed_parent_page_models()).order_by("path")


def default_section():
    """The section that already holds the most meetings, else one named "meetings"."""
    sections = meeting_sections()
    best, most = None, -1
    for section in sections:
        count = ListingPage.objects.child_of(section).filter(kind=Kind.MEETING).count()
        if count > most:
            best, most = section, count
    if most > 0:
        return best
    return sections.filter(slug="meetings").first() or sections.first()
