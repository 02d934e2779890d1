from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from directory.choices import Kind
from directory.forms import ListingPageForm
from directory.models.listings import ListingPage, listing_tabs
from directory.validators import validate_https


class ServicePage(ListingPage):
    """Peer coaching, family programs and other support, often by appointment."""

    class ServiceType(models.TextChoices):
        PEER_COACHING = "peer_coaching", _("Peer recovery coaching")
        FAMILY_PROGRAM = "family_program", _("Family program")
        FAMILY_COACHING = "family_coaching", _("One-to-family coaching")
        OTHER = "other", _("Other support")

    listing_kind = Kind.SERVICE
    online_access_fields = ("online_url",)
    needs_place = False
    needs_schedule = True

    service_type = models.CharField(
        _("type of support"),
        max_length=30,
        choices=ServiceType.choices,
        default=ServiceType.PEER_COACHING,
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        validators=[validate_https],
        help_text=_("For support offered online or by video call."),
    )

    base_form_class = ListingPageForm
    edit_handler = listing_tabs(
        _("Support"),
        about=[FieldPanel("service_type")],
        where=[FieldPanel("online_url")],
    )
    template = "directory/listing_page.html"

    class Meta:
        verbose_name = _("support service")

    @property
    def has_online_access(self):
        return bool(self.online_url)
