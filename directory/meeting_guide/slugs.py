"""The stable slugs meetings have in the format.

Apps key people's favourite meetings on the slug, so none may change once
published. A meeting has its own slug (FeedSlug), fixed the first time it is
seen and never following later edits, and the format has one object per
weekly session, each with a slug of its own (FeedEntrySlug), fixed the first
time the feed shows that session:

- the meeting's first session takes the meeting's own slug;
- each further session takes that slug with its day number added (0 is
  Sunday), "12-lunch-bunch-2" for a Tuesday, and its start time as well when
  that is taken ("12-lunch-bunch-2-1930"), then a counter;
- a new session takes over the slug of a session the meeting no longer has,
  one on the same day first: a session moved to another time or day keeps
  its slug;
- a slug is never given to another meeting, even after its session is gone.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from directory.models import FeedEntrySlug, FeedSlug

SLUG_LENGTH = 64
# Room kept at the end of a meeting's slug for a session's suffix such as "-2-1930".
SUFFIX_ROOM = 10
# Concurrent builds may take the same new slug; the loser tries again this often.
ATTEMPTS = 3


def base_slug(page):
    """ "123-tuesday-night-hope": the page's id, then its slug when first seen."""
    name = slugify(page.slug).replace("_", "-").strip("-")
    slug = f"{page.pk}-{name}" if name else str(page.pk)
    return slug[: SLUG_LENGTH - SUFFIX_ROOM].rstrip("-")


def with_suffix(slug, suffix):
    """`slug` + `suffix`, the slug shortened so that both fit in SLUG_LENGTH."""
    return slug[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix


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


def session_slots(page):
    """The page's weekly sessions as (day, start time), each once, in week order."""
    return sorted({(row.day, row.start_time) for row in page.sessions.all()})


def session_slugs(pages, bases=None):
    """{page pk: {(day, start): slug}} for every session of these pages.

    Sessions seen for the first time get their slug here (see the module's
    rule); `pages` must have their sessions at hand (prefetched). `bases` is
    feed_slugs(pages), when the caller has it already.
    """
    bases = bases if bases is not None else feed_slugs(pages)
    wanted = {page.pk: session_slots(page) for page in pages}
    for attempt in range(ATTEMPTS + 1):
        stored = _stored(bases)
        missing = {pk: slots for pk, slots in wanted.items() if set(slots) - set(stored[pk])}
        if not missing:
            break
        if attempt == ATTEMPTS:
            raise RuntimeError("Sessions kept losing their new feed slugs to other builds.")
        _assign(missing, stored, bases)
    return {pk: {slot: stored[pk][slot][1] for slot in slots} for pk, slots in wanted.items()}


def _stored(bases):
    """{page pk: {(day, start): (row pk, slug)}} for these pages, from the database."""
    stored = defaultdict(dict)
    ids = list(bases)
    for offset in range(0, len(ids), 1000):
        rows = FeedEntrySlug.objects.filter(page_id__in=ids[offset : offset + 1000])
        for pk, page_id, day, start, slug in rows.values_list(
            "pk", "page_id", "day", "start_time", "slug"
        ):
            stored[page_id][(day, start)] = (pk, slug)
    return stored


def _assign(missing, stored, bases):
    taken = set(FeedSlug.objects.values_list("slug", flat=True))
    taken.update(FeedEntrySlug.objects.values_list("slug", flat=True))
    moves, new = [], []
    for pk, slots in missing.items():
        rows = stored[pk]
        retired = sorted(slot for slot in rows if slot not in set(slots))
        for day, start in slots:
            if (day, start) in rows:
                continue
            # A session the meeting no longer has hands its slug on, same day first.
            reused = next((slot for slot in retired if slot[0] == day), None)
            reused = reused or (retired[0] if retired else None)
            if reused is not None:
                retired.remove(reused)
                row_pk, slug = rows.pop(reused)
                rows[(day, start)] = (row_pk, slug)
                moves.append((row_pk, day, start))
                continue
            slug = _new_slug(bases[pk], day, start, rows, taken)
            taken.add(slug)
            rows[(day, start)] = (None, slug)
            new.append(FeedEntrySlug(page_id=pk, day=day, start_time=start, slug=slug))
    for row_pk, day, start in moves:
        try:
            with transaction.atomic():
                FeedEntrySlug.objects.filter(pk=row_pk).update(day=day, start_time=start)
        except IntegrityError:
            pass  # another build gave that session a slug first; the next attempt reads it
    # A slug another build took meanwhile is skipped here and assigned again.
    FeedEntrySlug.objects.bulk_create(new, ignore_conflicts=True)


def _new_slug(base, day, start, rows, taken):
    if base not in {slug for _pk, slug in rows.values()}:
        return base  # the meeting's first session
    candidates = [with_suffix(base, f"-{day}"), with_suffix(base, f"-{day}-{start:%H%M}")]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while (candidate := with_suffix(base, f"-{day}-{start:%H%M}-{number}")) in taken:
        number += 1
    return candidate
