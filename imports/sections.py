"""Where imported meetings go: the sections that may hold meetings, and the default one.

Which page types hold meetings is the page tree's rule (MeetingPage's
allowed parents), asked of Wagtail rather than named here, so imports need
not know the public site's page types.
"""

import re

from django.core.management.base import CommandError

from wagtail.models import Page

from directory.choices import Kind
from directory.models import Category, ListingPage, MeetingPage
from directory.translations import in_default_locale


def meeting_sections():
    """The live or draft pages that may hold meetings, in tree order."""
    sections = Page.objects.type(*MeetingPage.allowed_parent_page_models())
    return in_default_locale(sections).order_by("path")


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


# What the commands that bring meetings in (import_meetings, feed_subscriptions)
# accept for "where they go", said once.


def named_section(value):
    """The section a command names by id or slug, or the default one when it names none."""
    if not value:
        section = default_section()
        if section is None:
            raise CommandError("There is no directory section yet; create one in the admin.")
        return section
    sections = meeting_sections()
    found = (
        sections.filter(pk=int(value)).first()
        if re.fullmatch(r"[0-9]{1,18}", value)
        else sections.filter(slug=value).first()
    )
    if found is None:
        raise CommandError(f"There is no directory section “{value}”.")
    return found


def named_category(value):
    """The category a command names by slug or name, or None when it names none."""
    if not value:
        return None
    found = (
        Category.objects.in_directory().filter(slug=value).first()
        or Category.objects.in_directory().filter(name__iexact=value).first()
    )
    if found is None:
        raise CommandError(f"There is no category “{value}”.")
    return found
