from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedSlug(models.Model):
    """The slug a meeting has in the Meeting Guide format, fixed the first time it is seen.

    Apps keep people's favourite meetings by this slug, so it never follows
    later edits of the page's title or slug. It starts with the page's id,
    which makes it unique; an imported meeting keeps the slug its feed gave it.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    slug = models.CharField(_("feed slug"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("feed slug")

    def __str__(self):
        return self.slug


class FeedEntrySlug(models.Model):
    """The slug of one weekly session of a meeting in the format, fixed when first published.

    The format has one object per day and time, each with its own slug, and
    apps keep favourites by it. Keeping each session's slug here means adding,
    removing or moving one session never changes another's; a row outlives its
    session, so the slug is never given to a different meeting
    (directory.meeting_guide.slugs has the rule).
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.PositiveSmallIntegerField(_("day"))
    start_time = models.TimeField(_("starts"))
    slug = models.CharField(_("feed slug"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("feed entry slug")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day", "start_time"], name="one_feed_slug_per_session"
            )
        ]

    def __str__(self):
        return self.slug
