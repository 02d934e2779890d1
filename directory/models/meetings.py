from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from directory.choices import Kind
from directory.fields import ChoiceListField
from directory.forms import ListingPageForm
from directory.meeting_guide import types as meeting_types
from directory.models.listings import ListingPage, listing_tabs
from directory.validators import validate_dialable, validate_https


class MeetingPage(ListingPage):
    """A mutual-aid meeting (AA, NA, Al-Anon, SMART, …) that meets every week."""

    listing_kind = Kind.MEETING
    online_access_fields = ("conference_url", "conference_phone")
    needs_place = True
    needs_schedule = True

    types = ChoiceListField(
        _("meeting types"),
        item_choices=meeting_types.choices,
        help_text=_("The Meeting Guide type codes that describe this meeting."),
    )
    conference_url = models.URLField(
        _("join link"),
        blank=True,
        validators=[validate_https],
        help_text=_("The direct link to join, starting with https://."),
    )
    conference_url_notes = models.CharField(
        _("join link notes"), max_length=200, blank=True, help_text=_("Meeting ID, password.")
    )
    conference_phone = models.CharField(
        _("dial-in number"),
        max_length=60,
        blank=True,
        validators=[validate_dialable],
        help_text=_("Digits plus + , * # — for example +1 720 555 0199,,12345#"),
    )
    conference_phone_notes = models.CharField(_("dial-in notes"), max_length=200, blank=True)
    group_name = models.CharField(_("group"), max_length=200, blank=True)
    group_notes = models.TextField(_("group notes"), blank=True)
    notes = models.TextField(_("meeting notes"), blank=True)

    translated_words = ListingPage.translated_words + (
        "conference_url_notes",
        "conference_phone_notes",
        "group_notes",
        "notes",
    )

    base_form_class = ListingPageForm

    edit_handler = listing_tabs(
        _("Meeting"),
        about=[
            FieldPanel("types"),
            FieldPanel("notes"),
        ],
        where=[
            MultiFieldPanel(
                [
                    FieldPanel("conference_url"),
                    FieldPanel("conference_url_notes"),
                    FieldPanel("conference_phone"),
                    FieldPanel("conference_phone_notes"),
                ],
                heading=_("Online"),
            ),
            MultiFieldPanel(
                [FieldPanel("group_name"), FieldPanel("group_notes")], heading=_("Group")
            ),
        ],
    )

    template = "directory/listing_page.html"

    class Meta:
        verbose_name = _("meeting")

    @property
    def is_temporarily_closed(self):
        return "TC" in self.types

    @property
    def has_online_access(self):
        return bool(self.conference_url or self.conference_phone)

    def type_labels(self):
        return [(code, meeting_types.label(code)) for code in self.types]

    def kept_custom_types(self):
        """Codes outside the reserved list that this meeting already has, as saved.

        The format allows a feed its own codes (other apps ignore them), and
        imports keep them; staff can remove them but not type in new ones.
        """
        if self.pk is None:
            return []
        saved = MeetingPage.objects.filter(pk=self.pk).values_list("types", flat=True).first()
        return sorted(set(saved or []) - meeting_types.reserved_codes())

    def clean(self):
        super().clean()
        codes = [code.strip() for code in self.types or [] if code.strip()]
        known = meeting_types.reserved_codes() | set(self.kept_custom_types())
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValidationError(
                {
                    "types": _("Unknown meeting type codes: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                }
            )
        self.types = sorted(set(codes))
