from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from directory.choices import Kind
from directory.forms import ListingPageForm
from directory.models.listings import ListingPage, listing_tabs


class ChildcarePage(ListingPage):
    """Care for children while a parent goes to a meeting, class or appointment."""

    listing_kind = Kind.CHILDCARE
    online_access_fields = ()
    needs_place = True
    needs_schedule = True

    min_age_years = models.PositiveSmallIntegerField(_("youngest age (years)"), default=0)
    max_age_years = models.PositiveSmallIntegerField(_("oldest age (years)"), default=12)
    licensed = models.BooleanField(_("state licensed"), default=False)
    license_number = models.CharField(_("license number"), max_length=60, blank=True)
    during_meetings = models.BooleanField(
        _("offered during meetings or classes"),
        default=False,
        help_text=_("Children are cared for on site while their parent attends."),
    )

    base_form_class = ListingPageForm
    edit_handler = listing_tabs(
        _("Childcare"),
        about=[
            FieldRowPanel([FieldPanel("min_age_years"), FieldPanel("max_age_years")]),
            FieldRowPanel([FieldPanel("licensed"), FieldPanel("license_number")]),
            FieldPanel("during_meetings"),
        ],
    )
    template = "directory/listing_page.html"

    class Meta:
        verbose_name = _("childcare")

    def clean(self):
        super().clean()
        if self.max_age_years < self.min_age_years:
            raise ValidationError(
                {"max_age_years": _("The oldest age must not be below the youngest.")}
            )
