from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from directory.choices import Kind
from directory.forms import ListingPageForm
from directory.models.listings import ListingPage, listing_tabs


class TransportationPage(ListingPage):
    """Rides to meetings, treatment and appointments."""

    listing_kind = Kind.TRANSPORTATION
    online_access_fields = ()
    needs_place = False
    needs_schedule = False

    service_area = models.TextField(
        _("service area"), help_text=_("Where rides can start and go: cities, ZIP codes, miles.")
    )
    notice_hours = models.PositiveSmallIntegerField(
        _("notice needed (hours)"),
        default=24,
        help_text=_("How long before the ride it must be booked. 0 for same-day."),
    )
    wheelchair_vehicles = models.BooleanField(_("vehicles take wheelchairs"), default=False)
    booking_instructions = models.TextField(_("how to book"), blank=True)

    translated_words = ListingPage.translated_words + ("service_area", "booking_instructions")

    base_form_class = ListingPageForm
    edit_handler = listing_tabs(
        _("Ride"),
        about=[
            FieldPanel("service_area"),
            FieldRowPanel([FieldPanel("notice_hours"), FieldPanel("wheelchair_vehicles")]),
            FieldPanel("booking_instructions"),
        ],
    )
    template = "directory/listing_page.html"

    class Meta:
        verbose_name = _("ride")
