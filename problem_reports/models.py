"""What visitors tell us is wrong with a listing, and what staff did about it.

A report holds only what the person typed. Their address, browser and
whereabouts are never stored.
"""

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


class ProblemReport(models.Model):
    class Reason(models.TextChoices):
        WRONG_TIME = "wrong_time", _("Wrong time or day")
        WRONG_PLACE = "wrong_place", _("Wrong address or place")
        CLOSED = "closed", _("The meeting or service has closed")
        BROKEN_CONTACT = "broken_contact", _("Online link or phone doesn't work")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    #: Reports that still need someone to look at them.
    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    DETAILS_MAX_LENGTH = 2000
    CONTACT_MAX_LENGTH = 200

    listing = models.ForeignKey(
        "directory.ListingPage",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="problem_reports",
    )
    reason = models.CharField(_("what is wrong"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=DETAILS_MAX_LENGTH)
    contact = models.CharField(
        _("contact"),
        max_length=CONTACT_MAX_LENGTH,
        blank=True,
        help_text=_("Given only by people who want a reply."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_note = models.TextField(
        _("staff note"),
        blank=True,
        help_text=_("For staff only; never shown on the site."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self):
        return _("%(reason)s: %(details)s") % {
            "reason": self.get_reason_display(),
            "details": Truncator(self.details).chars(60),
        }

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES
