"""Meeting lists the directory follows, and what each refresh of one did."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Upstream
from directory.models.snippets import timezone_choices


def site_time_zone():
    return settings.TIME_ZONE


class Subscription(models.Model):
    """Someone else's meeting list, read on a schedule and kept current in the directory.

    The list's meetings become listings under `section` (in `category`), each
    remembering its key in the list (directory.models.ListingSource), so the
    next refresh updates the same listing, and a meeting the list drops is
    unpublished, never deleted. Who publishes it is kept in the directory
    (`upstream`), where the listings' pages and the feeds read it.
    """

    class Format(models.TextChoices):
        MEETING_GUIDE = "meeting_guide", _("Meeting Guide JSON (also BMLT's client_interface/tsml)")
        BMLT = "bmlt", _("BMLT semantic JSON (client_interface/json)")

    class Interval(models.IntegerChoices):
        HOURLY = 1, _("Every hour")
        THREE_HOURS = 3, _("Every 3 hours")
        SIX_HOURS = 6, _("Every 6 hours")
        TWICE_DAILY = 12, _("Twice a day")
        DAILY = 24, _("Once a day")
        WEEKLY = 168, _("Once a week")

    name = models.CharField(
        _("publisher"),
        max_length=200,
        unique=True,
        help_text=_(
            "Who publishes the list, as visitors should read it on each meeting: "
            "“Listed by the Denver Area Central Committee”."
        ),
    )
    url = models.URLField(
        _("address of the list"),
        max_length=500,
        help_text=_(
            "The feed itself, e.g. https://example.org/wp-admin/admin-ajax.php?action=meetings "
            "or https://bmlt.example.org/main_server/client_interface/json/"
            "?switcher=GetSearchResults&services=6"
        ),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.MEETING_GUIDE
    )
    section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("put new meetings in"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("category for every meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fellowship = models.CharField(
        _("fellowship"),
        max_length=60,
        blank=True,
        help_text=_("For staff, e.g. AA, NA or Al-Anon."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=timezone_choices,
        default=site_time_zone,
        help_text=_("For meetings the list gives no time zone (BMLT servers often give none)."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        default="US",
        help_text=_("Two letters, for addresses the list gives no country."),
    )
    interval_hours = models.PositiveSmallIntegerField(
        _("refresh"), choices=Interval.choices, default=Interval.TWICE_DAILY
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to stop refreshing it for now.")
    )
    upstream = models.OneToOneField(
        Upstream, on_delete=models.PROTECT, editable=False, related_name="subscription"
    )

    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # How the list stood at the last successful read (subscriptions.refresh).
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    # Of the body read and of the settings that shaped what was made of it.
    digest = models.CharField(max_length=64, blank=True, editable=False)
    entries = models.PositiveIntegerField(_("meetings in the list"), default=0, editable=False)
    next_run_at = models.DateTimeField(_("next refresh"), null=True, blank=True, editable=False)
    running_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Staff asked for a refresh that has not started yet.
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_refresh = models.ForeignKey(
        "Refresh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed subscription")
        verbose_name_plural = _("feed subscriptions")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """The list's publisher in the directory follows the subscription's name and address."""
        if self.upstream_id is None:
            self.upstream = Upstream.objects.create(name=self.name, feed_url=self.url)
        elif (self.upstream.name, self.upstream.feed_url) != (self.name, self.url):
            Upstream.objects.filter(pk=self.upstream_id).update(name=self.name, feed_url=self.url)
            self.upstream.name, self.upstream.feed_url = self.name, self.url
        if self.next_run_at is None and self.active:
            self.next_run_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def interval(self):
        return timedelta(hours=self.interval_hours)

    @property
    def is_failing(self):
        return self.failing_since is not None


class Refresh(models.Model):
    """One refresh of a subscription: what was fetched, and what it changed."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        STAFF = "staff", _("Staff, from the admin")
        COMMAND = "command", _("Command line")

    class Result(models.TextChoices):
        RUNNING = "running", _("Refreshing")
        CHANGED = "changed", _("Read")
        UNCHANGED = "unchanged", _("No change upstream")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="refreshes"
    )
    trigger = models.CharField(_("started by"), max_length=20, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    # Failed because the list came back far shorter than before; staff may accept it.
    shrunk = models.BooleanField(default=False)
    # {"entries", "created", "updated", "unchanged", "unpublished", "restored",
    #  "refused", "duplicates", "detached", "missing"}
    counts = models.JSONField(default=dict, blank=True)
    # [{"key", "name", "reason"}]: the list's entries that were refused, and why.
    problems = models.JSONField(default=list, blank=True)
    # Plain sentences: what was kept with a change, duplicates left out, …
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("refresh")
        verbose_name_plural = _("refreshes")

    def __str__(self):
        return f"{self.subscription} {self.started_at:%Y-%m-%d %H:%M} ({self.result})"

    @property
    def failed(self):
        return self.result == self.Result.FAILED
