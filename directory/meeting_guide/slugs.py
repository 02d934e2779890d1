"""The stable slug each meeting has in the format.

Apps key people's favourite meetings on the slug, so it is fixed the first
time a meeting is seen (FeedSlug) and never follows later edits. A meeting
published as several objects (one per distinct time) adds a suffix per time.
"""

from django.utils.text import slugify

from directory.models import FeedSlug

SLUG_LENGTH = 64
# Room kept at the end of a stored slug for a time suffix such as "-1900-2030".
SUFFIX_ROOM = 10


def base_slug(page):
    """ "123-tuesday-night-hope": the page's id, then its slug when first seen."""
    name = slugify(page.slug).replace("_", "-").strip("-")
    slug = f"{page.pk}-{name}" if name else str(page.pk)
    return slug[: SLUG_LENGTH - SUFFIX_ROOM].rstrip("-")


def feed_slugs(pages):
    """{page pk: stored slug}, storing the slugs of pages seen for the first time."""
    known = dict(
        FeedSlug.objects.filter(page_id__in=[page.pk for page in pages]).values_list(
            "page_id", "slug"
        )
    )
    new = [
        FeedSlug(page_id=page.pk, slug=base_slug(page)) for page in pages if page.pk not in known
    ]
    if new:
        FeedSlug.objects.bulk_create(new, ignore_conflicts=True)
        known.update((row.page_id, row.slug) for row in new)
    return known


def remember_slug(page):
    """Fix the slug of a meeting when it is first published."""
    FeedSlug.objects.get_or_create(page_id=page.pk, defaults={"slug": base_slug(page)})
