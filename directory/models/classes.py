from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from directory.choices import Kind
from directory.forms import ListingPageForm
from directory.models.listings import ListingPage, listing_tabs
from directory.validators import validate_dialable, validate_https


class ClassPage(ListingPage):
    """A course with dates: job skills, life skills, education."""

    listing_kind = Kind.CLASS
    online_access_fields = ("online_url",)
    needs_place = True
    needs_schedule = True

    provider = models.CharField(_("taught by"), max_length=200, blank=True)
    start_date = models.DateField(_("first class"), null=True, blank=True)
    end_date = models.DateField(_("last class"), null=True, blank=True)
    online_url = models.URLField(
        _("online class link"),
        blank=True,
        validators=[validate_https],
        help_text=_("For classes held online, the link to join."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_phone = models.CharField(
        _("registration phone"), max_length=40, blank=True, validators=[validate_dialable]
    )
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    credential = models.CharField(
        _("certificate or credential"),
        max_length=200,
        blank=True,
        help_text=_("What people receive when they finish, if anything."),
    )

    translated_words = ListingPage.translated_words + ("credential",)

    base_form_class = ListingPageForm
    edit_handler = listing_tabs(
        _("Class"),
        about=[
            FieldPanel("provider"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("seats")]),
            MultiFieldPanel(
                [FieldPanel("registration_url"), FieldPanel("registration_phone")],
                heading=_("Registration"),
            ),
            FieldPanel("credential"),
        ],
        where=[FieldPanel("online_url")],
    )
    template = "directory/listing_page.html"

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    @property
    def has_online_access(self):
        return bool(self.online_url)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last class must not be before the first.")})
