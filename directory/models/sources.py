"""Where a listing comes from when the directory follows someone else's meeting list.

AA intergroups publish Meeting Guide feeds, NA service bodies run BMLT
servers; the directory can follow such a list (the subscriptions app fetches
it) rather than have staff retype it. Who publishes a listing, and its place
in their list, belongs to the listing itself: its page says who lists it,
problem reports say where a correction must be made, and the open-data feed
leaves these meetings to their publisher. So it lives here, beside the
listings, and the app that fetches the lists writes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Upstream(models.Model):
    """Someone else's published list of meetings that the directory follows."""

    name = models.CharField(
        _("publisher"), max_length=200, help_text=_("Shown on its meetings: “Listed by …”.")
    )
    website = models.URLField(_("publisher's website"), max_length=500, blank=True)
    feed_url = models.URLField(_("list address"), max_length=500)
    checked_at = models.DateTimeField(
        _("last read"),
        null=True,
        blank=True,
        help_text=_("The last time the whole list was read successfully."),
    )

    class Meta:
        verbose_name = _("meeting list followed")
        verbose_name_plural = _("meeting lists followed")

    def __str__(self):
        return self.name


class ListingSourceQuerySet(models.QuerySet):
    def attached(self):
        """Sources still followed: their listing is kept current from the list."""
        return self.filter(detached_at__isnull=True, page__isnull=False)


class ListingSource(models.Model):
    """One listing's place in an upstream list, and how it stands there.

    `page` is cleared, not the row deleted, when staff delete the listing:
    the key stays known, so the next refresh does not bring it back.
    """

    page = models.OneToOneField(
        "directory.ListingPage",
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source",
    )
    upstream = models.ForeignKey(
        Upstream, verbose_name=_("list"), on_delete=models.CASCADE, related_name="sources"
    )
    key = models.CharField(
        _("key in the list"),
        max_length=500,
        help_text=_("What identifies the meeting in its list, e.g. its slug or BMLT id."),
    )
    page_url = models.URLField(_("its page on the publisher's site"), max_length=500, blank=True)
    feedback_url = models.URLField(
        _("where the publisher takes corrections"), max_length=500, blank=True
    )
    updated_at = models.DateTimeField(_("last changed from the list"))
    seen_at = models.DateTimeField(_("last seen in the list"))
    missing_count = models.PositiveSmallIntegerField(
        _("refreshes missed"),
        default=0,
        help_text=_("Successful refreshes in a row whose list did not have it."),
    )
    removed_at = models.DateTimeField(
        _("unpublished as gone from the list"),
        null=True,
        blank=True,
        help_text=_("Set when it left the list; it is published again if it comes back."),
    )
    detached_at = models.DateTimeField(_("detached"), null=True, blank=True)
    detached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("detached by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ListingSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing source")
        constraints = [
            models.UniqueConstraint(fields=["upstream", "key"], name="one_listing_per_key"),
        ]

    def __str__(self):
        return f"{self.upstream}: {self.key}"

    @property
    def is_attached(self):
        return self.detached_at is None and self.page_id is not None

    @property
    def checked_at(self):
        """When the list last confirmed this listing: the list's last read while it was in it."""
        if self.missing_count == 0 and self.upstream.checked_at:
            return max(self.upstream.checked_at, self.seen_at)
        return self.seen_at

    @property
    def correction_url(self):
        """Where a correction should go: the publisher's own form, else the meeting's page,
        else their site."""
        return self.feedback_url or self.page_url or self.upstream.website


def attached_source(page):
    """The source a listing is kept current from, or None (the center keeps it itself)."""
    return (
        ListingSource.objects.attached().select_related("upstream").filter(page_id=page.pk).first()
    )
