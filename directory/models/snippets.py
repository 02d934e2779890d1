"""Reference data that listings point to, kept once and edited in one place.

A location or an organization shows on every listing that points to it, so a
change to one is a change to live listings: both go through review like the
listings themselves. An edit is kept as a draft (a revision) and submitted to
the "Directory review" workflow; the row, which is what every listing, search
engine and feed reads, changes only when a moderator publishes it.
"""

import zoneinfo
from decimal import Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from directory.areas import validate_area
from directory.countries import region_timezone
from directory.geocoding import MICRODEGREE, city_centre, zip_centroid
from directory.translations import DirectoryQuerySet, in_default_language
from directory.validators import validate_dialable
from directory.widgets import MapPointWidget


@cache
def timezone_choices():
    zones = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")
    )
    return [(zone, zone.replace("_", " ")) for zone in zones]


class Organization(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """Who runs a listing: a fellowship's group, a nonprofit, the center itself."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link"])
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_dialable])
    email = models.EmailField(_("email"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service_area = models.CharField(
        _("service area"),
        max_length=100,
        blank=True,
        validators=[validate_area],
        help_text=_(
            "City, state and country, for example: Boulder, CO, USA. The meetings feed "
            "gives it for this organization's online meetings that have no location; "
            "leave blank to use the directory's service area."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("service_area"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")

    def __str__(self):
        return self.name


class Location(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """A place where listings happen; one edit shows on every listing held there.

    A location without a street address is an approximate area (a city or a
    neighbourhood), as online meetings often give; it cannot make a listing
    "in person". Every US place has a map point (its own, or its ZIP code's or
    city's centre); a place abroad may have none, and then searches by
    distance do not find it.

    Staff translate a place's name (where it has one in the other language)
    and its notes on getting in and getting there; a visitor reading that
    language sees them (directory.translations.place_words), while the address
    and everything else are always read from the place itself.
    """

    name = models.CharField(_("building or place name"), max_length=200)
    street_address = models.CharField(
        _("street address"),
        max_length=200,
        blank=True,
        help_text=_("Number and street only. Room or floor go in the accessibility notes."),
    )
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(
        _("state"),
        max_length=50,
        blank=True,
        help_text=_(
            "Two letters, e.g. CO; the province in Canada. Elsewhere, as addresses there write it."
        ),
    )
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, _("Latitude must be between -90 and 90.")),
            MaxValueValidator(90, _("Latitude must be between -90 and 90.")),
        ],
        help_text=_(
            "Leave blank to use the centre of the ZIP code, or of the city when there is none."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, _("Longitude must be between -180 and 180.")),
            MaxValueValidator(180, _("Longitude must be between -180 and 180.")),
        ],
    )
    coordinates_approximate = models.BooleanField(
        _("coordinates are approximate"),
        default=False,
        help_text=_(
            "While ticked, the point is the ZIP code's centre and follows it. "
            "Untick when you set the exact point."
        ),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=timezone_choices,
        help_text=_("Leave blank to take the time zone of the ZIP code, city or province."),
    )
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    accessibility_notes = models.TextField(
        _("accessibility and directions inside"),
        blank=True,
        help_text=_("Entrances, ramps, elevators, room number, parking."),
    )
    transit_notes = models.TextField(_("public transit"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel(
                    [FieldPanel("city"), FieldPanel("region"), FieldPanel("postal_code")]
                ),
                FieldPanel("country"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("latitude"),
                FieldPanel("longitude", widget=MapPointWidget),
                FieldPanel("coordinates_approximate"),
                FieldPanel("timezone"),
            ],
            heading=_("Map position and time zone"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("wheelchair_accessible"),
                FieldPanel("accessibility_notes"),
                FieldPanel("transit_notes"),
            ],
            heading=_("Getting there"),
        ),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("street_address"),
        index.SearchField("city"),
        index.FilterField("postal_code"),
    ]

    objects = DirectoryQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name", "city"]
        verbose_name = _("location")

    # wagtail-localize translates every text field unless told: the address is a fact.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in ("street_address", "city", "region", "postal_code", "country")
    ]

    def __str__(self):
        place = ", ".join(part for part in (self.street_address, self.city) if part)
        return f"{self.name} ({place})" if place else self.name

    @property
    def has_street_address(self):
        return bool(self.street_address.strip() and self.city.strip())

    @property
    def one_line_address(self):
        region = " ".join(part for part in (self.region, self.postal_code) if part)
        parts = [self.street_address, self.city, region, self.country]
        return ", ".join(part for part in parts if part)

    def clean(self):
        super().clean()
        self.region = self.region.strip()
        if len(self.region) <= 3:  # a code such as CO or NSW; names keep their case
            self.region = self.region.upper()
        self.country = self.country.strip().upper()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both latitude and longitude, or leave both blank to use the ZIP code.")
            )
        in_us = self.country == "US"
        if self.country in ("US", "CA") and not self.region:
            raise ValidationError(
                {"region": _("Enter the state or province: two letters, e.g. CO.")}
            )
        centroid = zip_centroid(self.postal_code) if in_us and self.postal_code else None
        if self.postal_code and in_us and centroid is None and self.latitude is None:
            raise ValidationError(
                {
                    "postal_code": _(
                        "We don't know the ZIP code “%(code)s”. Check it, or enter "
                        "the coordinates yourself."
                    )
                    % {"code": self.postal_code}
                }
            )
        # Without a ZIP code, a US city's centre stands in.
        centre = city_centre(self.city, self.region) if in_us and centroid is None else None
        known = centroid or centre
        if self.latitude is None or (self.coordinates_approximate and known is not None):
            # An approximate point is the ZIP code's (or city's) centre, so it follows them.
            if known is not None:
                self.latitude = Decimal(known.latitude).quantize(MICRODEGREE)
                self.longitude = Decimal(known.longitude).quantize(MICRODEGREE)
            elif in_us:
                raise ValidationError(
                    {
                        "postal_code": _(
                            "Enter a ZIP code or the coordinates, so searches by "
                            "distance can find this place."
                        )
                    }
                )
            # Outside the US there is no offline data to place it by: it keeps no
            # point, and searches by distance pass it by until one is set.
            self.coordinates_approximate = True
        if not self.timezone:
            self.timezone = (known.timezone if known else "") or region_timezone(
                self.country, self.region
            )
            if not self.timezone:
                raise ValidationError({"timezone": _("Choose the time zone of this place.")})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)


def top_level_choices():
    """The categories a category may belong to (a choice made when the form is built)."""
    return in_default_language() & models.Q(parent__isnull=True)


class Category(TranslatableMixin, models.Model):
    """One node of the two-level taxonomy: a top level (Meetings) or a child (AA).

    Staff translate a category's name and description; its slug, parent and
    order stay those of the category it translates.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to=top_level_choices,
        help_text=_("Leave blank for a top-level category."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    objects = DirectoryQuerySet.as_manager()

    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("parent"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            # A translation keeps its category's slug, so slugs are one per language.
            models.UniqueConstraint(fields=["slug", "locale"], name="category_slug_per_locale")
        ]

    def __str__(self):
        return f"{self.parent.name} → {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        if self.locale_id is None:
            # Made outside the admin (migrations, imports, code): the directory's own.
            self.locale = Locale.get_default()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("Categories have two levels; choose a top-level parent.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {
                        "parent": _(
                            "This category has its own sub-categories, so it must stay "
                            "at the top level."
                        )
                    }
                )
