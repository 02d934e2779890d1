"""One import of a meeting list: the file, its dry run, and what applying it did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imports.storage import imports_storage


def upload_path(run, filename):
    """A folder a month; the storage makes the name unique within it."""
    return timezone.now().strftime("%Y/%m/") + filename


class ImportRun(models.Model):
    """An uploaded file (or fetched URL), checked first and applied only on request.

    The file is kept (under IMPORTS_ROOT, imports.storage) so the check and
    the apply read exactly the same rows, and so staff can see later what was
    imported, by whom and when. A run row never holds the file itself: lists
    of runs stay small however big the files.
    """

    # Stored problems; a file of 200,000 broken rows would otherwise make a
    # run (and its page) of tens of megabytes. `problems_total` counts them all.
    MAX_STORED_PROBLEMS = 500

    class Format(models.TextChoices):
        MEETING_GUIDE = "meeting_guide", _("Meeting Guide JSON")
        CSV = "csv", _("Spreadsheet (CSV)")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        READY = "ready", _("Checked: ready to apply")
        REJECTED = "rejected", _("Checked: has rows to fix")
        APPLY_WAITING = "apply_waiting", _("Waiting to be applied")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    BUSY = (Status.WAITING, Status.CHECKING, Status.APPLY_WAITING, Status.APPLYING)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("file or address"), max_length=500)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, blank=True)
    section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("section for new meetings"),
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
    upload = models.FileField(
        _("file"), storage=imports_storage, upload_to=upload_path, max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # {"created": n, "updated": n, "unchanged": n, "rejected": n}
    summary = models.JSONField(default=dict, blank=True)
    # [{"where": "line 12", "name": "...", "reason": "..."}], the first MAX_STORED_PROBLEMS
    problems = models.JSONField(default=list, blank=True)
    problems_total = models.PositiveIntegerField(default=0)
    # Plain sentences about what was kept with a change, e.g. own type codes.
    notes = models.JSONField(default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("meeting import")

    def __str__(self):
        return f"{self.source} ({self.get_status_display()})"

    @property
    def is_busy(self):
        return self.status in self.BUSY

    @property
    def can_apply(self):
        """Checked, nothing refused, and something to change."""
        return self.status == self.Status.READY and bool(
            self.summary.get("created") or self.summary.get("updated")
        )

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0

    def report(self, stage, done=0, total=0):
        """Record progress where the admin page can read it."""
        self.stage, self.done, self.total = stage, done, total
        ImportRun.objects.filter(pk=self.pk).update(stage=stage, done=done, total=total)
