"""Bringing the directory in line with a list that was read: the writing half of a refresh.

The list's entries go through the importer (imports.plan, imports.apply), so
they are checked with the same rules and words as any import and written the
same fast way, each as a new revision. What a subscription adds:

- entries are matched to listings by their key in the list
  (directory.models.ListingSource), not by feed slug;
- an entry staff detached (or whose listing they deleted) is left alone;
- an entry the directory already lists, from another list or the center's
  own, is left out (subscriptions.duplicates);
- refused entries do not stop the others, as they would an import: the list
  is someone else's, and one bad meeting in it must not hold back the rest;
- a listing missing from two successful refreshes in a row is unpublished,
  never deleted, and published again if it comes back.

Everything is written in one transaction and announced as one subscription
change, so search and the feed catch up as it commits.
"""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Page

from directory.changes import Reason, announce
from directory.models import ListingSource, MeetingPage
from imports.apply import Applier
from imports.models import ImportRun
from imports.plan import make_plan
from imports.reading import Source, SourceRow
from subscriptions.duplicates import listed_meetings, meeting_identity
from subscriptions.entries import ListProblem, digest

# After this many successful refreshes in a row without it, a listing is unpublished.
MISSING_REFRESHES = 2
PROBLEMS_KEPT = 500


class RefreshApplier(Applier):
    def slug_base(self, meeting):
        # The page address follows the meeting's name, not the key made for matching.
        return slugify(meeting.name)[:50].strip("-") or "meeting"


def token(upstream, key, name):
    """The slug a list entry is planned under: unique, stable for its key, readable.

    It becomes the meeting's slug in our own feed when that includes followed
    meetings, so it starts with the name; the digest keeps two lists' keys apart.
    """
    start = slugify(name)[:40].strip("-") or "meeting"
    return f"{start}-{digest(upstream.pk, key)[:10]}"


class Sync:
    def __init__(self, subscription, upstream_list, now, *, report=None):
        self.subscription = subscription
        self.upstream = subscription.upstream
        self.list = upstream_list
        self.now = now
        self.report = report or (lambda stage, done=0, total=0: None)
        self.counts = dict.fromkeys(
            (
                "entries",
                "created",
                "updated",
                "unchanged",
                "unpublished",
                "restored",
                "refused",
                "duplicates",
                "detached",
                "missing",
            ),
            0,
        )
        self.problems, self.notes = [], []

    def refuse(self, entry, reason):
        self.counts["refused"] += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append({"key": entry.key, "name": entry.name, "reason": reason})

    def run(self):
        entries = self.list.entries
        self.counts["entries"] = len(entries)
        sources = {source.key: source for source in self.upstream.sources.all()}
        present = set()  # keys in the list: not missing, whatever becomes of them
        rows, pages, by_row = [], {}, {}
        for number, entry in enumerate(entries, start=1):
            present.add(entry.key)
            if entry.problem:
                self.refuse(entry, entry.problem)
                continue
            source = sources.get(entry.key)
            if source is not None and not source.is_attached:
                self.counts["detached"] += 1
                continue
            slug = token(self.upstream, entry.key, entry.name)
            fields = {**entry.fields, "slug": slug}
            row = SourceRow(
                number=number, line=entry.line, fields=fields, format=ImportRun.Format.MEETING_GUIDE
            )
            rows.append(row)
            by_row[row.where] = entry
            if source is not None:
                pages[slug] = source.page_id
        self.report(_("Checking meetings"), 0, len(rows))
        plan = make_plan(
            Source(ImportRun.Format.MEETING_GUIDE, rows),
            category=self.subscription.category,
            pages=pages,
            progress=lambda done, total: self.report(_("Checking meetings"), done, total),
        )
        for problem in plan.problems:
            entry = by_row.get(problem["where"])
            if entry is not None:
                self.refuse(entry, problem["reason"])
        self.notes += [self.named(note, by_row) for note in plan.notes]
        if entries and self.counts["refused"] == len(entries):
            reasons = "; ".join(sorted({problem["reason"] for problem in self.problems})[:3])
            raise ListProblem(
                _(
                    "None of the %(count)s meetings in the list could be read (%(reasons)s). "
                    "Is the format right?"
                )
                % {"count": len(entries), "reasons": reasons}
            )
        entry_of = {}
        for entry in entries:
            if not entry.problem:
                entry_of[token(self.upstream, entry.key, entry.name)] = entry
        rekeyed = self.set_aside_duplicates(plan, entry_of, sources, present)
        if plan.creates and self.subscription.section is None:
            raise ListProblem(
                _("The subscription has no section for new meetings: choose one and refresh again.")
            )
        with transaction.atomic():
            applier = RefreshApplier(
                plan,
                section=self.subscription.section,
                report=self.report,
                reason=Reason.SUBSCRIPTION,
                revise_all=True,
            )
            counts = applier.apply()
            self.counts.update(
                created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"]
            )
            self.record_sources(plan, applier, entry_of, sources, rekeyed)
            self.follow_presence(present)
        return self.counts

    @staticmethod
    def named(note, by_row):
        """A plan note about a row, with the meeting's name where the row's number was."""
        where, _colon, rest = note.partition(": ")
        entry = by_row.get(where)
        return f"“{entry.name}”: {rest}" if entry is not None and rest else note

    def set_aside_duplicates(self, plan, entry_of, sources, present):
        """Leave out new entries the directory already lists; {page id: new key} of this
        list's own listings whose key changed upstream (they are updated, not duplicated)."""
        if not plan.creates:
            return {}
        listed = listed_meetings()
        owners = {
            source.page_id: source
            for source in ListingSource.objects.filter(page_id__in=set(listed.values()))
            .select_related("upstream")
            .exclude(page=None)
        }
        kept, seen, rekeyed = [], set(), {}
        for meeting in plan.creates:
            identity = meeting_identity(meeting)
            page_id = listed.get(identity)
            if identity in seen:
                self.counts["duplicates"] += 1
                continue
            seen.add(identity)
            if page_id is None:
                kept.append(meeting)
                continue
            owner = owners.get(page_id)
            if (
                owner is not None
                and owner.upstream_id == self.upstream.pk
                and owner.is_attached
                and owner.key not in present
            ):
                # The same meeting under a new key: the publisher changed its slug.
                rekeyed[page_id] = entry_of[meeting.slug].key
                plan.updates.append((page_id, meeting))
                continue
            self.counts["duplicates"] += 1
            if owner is not None and owner.is_attached:
                who = owner.upstream.name
            else:
                who = _("the center itself")
            self.notes.append(
                _("“%(name)s” is left out: it is listed already, by %(who)s.")
                % {"name": meeting.name, "who": who}
            )
        plan.creates = kept
        # Places only the left-out meetings would have made are not made.
        wanted = {
            meeting.place.key
            for meeting in plan.creates + [meeting for _pk, meeting in plan.updates]
            if meeting.place is not None
        }
        plan.new_places = {key: place for key, place in plan.new_places.items() if key in wanted}
        return rekeyed

    def record_sources(self, plan, applier, entry_of, sources, rekeyed):
        """Each listing's place in the list: new ones, changed ones, and the addresses shown."""
        now = self.now
        ListingSource.objects.bulk_create(
            [
                ListingSource(
                    page_id=page_id,
                    upstream=self.upstream,
                    key=entry_of[meeting.slug].key,
                    page_url=entry_of[meeting.slug].page_url,
                    feedback_url=entry_of[meeting.slug].feedback_url,
                    updated_at=now,
                    seen_at=now,
                )
                for page_id, meeting in zip(applier.created, plan.creates, strict=True)
            ],
            batch_size=1000,
        )
        for page_id, key in rekeyed.items():
            ListingSource.objects.filter(upstream=self.upstream, page_id=page_id).update(key=key)
            sources[key] = ListingSource.objects.get(upstream=self.upstream, page_id=page_id)
        for offset in range(0, len(applier.updated), 1000):
            ListingSource.objects.filter(
                page_id__in=applier.updated[offset : offset + 1000]
            ).update(updated_at=now)
        # Addresses the publisher gives for a meeting change rarely: only those are written.
        changed = []
        for entry in entry_of.values():
            source = sources.get(entry.key)
            if source is not None and (source.page_url, source.feedback_url) != (
                entry.page_url,
                entry.feedback_url,
            ):
                source.page_url, source.feedback_url = entry.page_url, entry.feedback_url
                changed.append(source)
        ListingSource.objects.bulk_update(changed, ["page_url", "feedback_url"], batch_size=500)

    def follow_presence(self, present):
        """Missing listings counted (and unpublished at the second time); returning ones
        published again."""
        attached = ListingSource.objects.attached().filter(upstream=self.upstream)
        missing = [source for source in attached if source.key not in present]
        back = [source for source in attached if source.key in present and source.removed_at]
        keys = sorted(present)
        for offset in range(0, len(keys), 1000):
            attached.filter(key__in=keys[offset : offset + 1000]).update(
                seen_at=self.now, missing_count=0
            )
        self.counts["missing"] = len(missing)
        gone = count_missing(missing, self.now)
        self.counts["unpublished"] = len(gone)
        restored = restore([source.page_id for source in back])
        self.counts["restored"] = len(restored)
        if back:
            ListingSource.objects.filter(pk__in=[source.pk for source in back]).update(
                removed_at=None
            )
        if gone or restored:
            announce(gone + restored, Reason.SUBSCRIPTION)


def count_missing(missing, now):
    """One more refresh without them; the ids of the listings this unpublishes."""
    gone = []
    for source in missing:
        source.missing_count += 1
        if source.missing_count >= MISSING_REFRESHES and source.removed_at is None:
            gone.append(source)
    for source in missing:
        ListingSource.objects.filter(pk=source.pk).update(missing_count=source.missing_count)
    ids = unpublish([source.page_id for source in gone])
    ListingSource.objects.filter(pk__in=[s.pk for s in gone if s.page_id in ids]).update(
        removed_at=now
    )
    return ids


def unpublish(ids):
    """Take these listings off the site (never delete them); the ids that were live."""
    pages = list(Page.objects.filter(pk__in=ids, live=True))
    if not pages:
        return []
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        live=False, has_unpublished_changes=True, live_revision=None
    )
    for page in pages:
        log(instance=page, action="wagtail.unpublish", user=None)
    return [page.pk for page in pages]


def restore(ids):
    """Publish again listings unpublished as gone from their list; the ids published."""
    pages = list(MeetingPage.objects.filter(pk__in=ids, live=False))
    for page in pages:
        Page.objects.filter(pk=page.pk).update(
            live=True,
            has_unpublished_changes=False,
            live_revision=page.latest_revision_id,
        )
        log(instance=page, action="wagtail.publish", user=None)
    return [page.pk for page in pages]
