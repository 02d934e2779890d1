"""What every listing has, whatever its kind, and where listings live."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from directory import calendar, schedules
from directory.choices import Attendance, Audience, Kind, Language, Weekday
from directory.contact_links import online_access, tel_href
from directory.fields import ChoiceListField
from directory.models.snippets import Category, timezone_choices
from directory.models.sources import ListingSource, attached_source
from directory.schedules import Session, next_start
from directory.site_language import page_url
from directory.translations import (
    TranslatedWords,
    in_default_language,
    in_default_locale,
    is_source,
    place_words,
)
from directory.validators import validate_dialable

# Addresses under a section that the section itself answers (home.ListingIndexPage).
RESERVED_SLUGS = {"print"}


class ListingQuerySet(PageQuerySet):
    def in_directory(self):
        """The live listings the directory holds, each once: the pages in the default
        locale. A translation (directory.translations) gives a listing words in
        another language; it is not a listing of its own."""
        return in_default_locale(self.live())

    def with_locations(self):
        """Prefetch each listing's places in the order staff gave them.

        Every part of the site that shows "the first place" of a listing (search,
        the feeds, the printed schedule, the exports) reads them through here, so
        all of them choose the same one; the pk breaks ties between equal sort
        orders. Locations come through select_related: a nested prefetch would put
        one parameter per location in a single SQL expression, which SQLite
        refuses beyond about a thousand. Their locales come with them: a place's
        words are marked with its language (directory.site_language).
        """
        return self.prefetch_related(
            Prefetch(
                "listing_locations",
                queryset=ListingLocation.objects.select_related("location__locale").order_by(
                    "sort_order", "pk"
                ),
            )
        )

    def own(self):
        """The listings the center keeps itself, not kept current from someone else's list
        (a listing staff detached from its list is the center's again)."""
        return self.exclude(pk__in=ListingSource.objects.attached().values("page_id"))

    def with_categories(self):
        """Prefetch each listing's categories, each with its parent (which includes it)."""
        return self.prefetch_related(
            Prefetch("categories", queryset=Category.objects.select_related("parent"))
        )


ListingManager = PageManager.from_queryset(ListingQuerySet)


class ListingPage(TranslatedWords, RoutablePageMixin, Page):
    """The fields every kind of listing shares.

    Concrete, not abstract, so staff tools and search can treat all kinds as
    one list; only its subclasses can be created. Besides the page itself it
    answers calendar/ with its weekly sessions as an .ics file.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, editable=False)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two plain sentences: what it is and who it is for."),
    )
    description = RichTextField(_("description"), blank=True)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        # A listing shows only what was reviewed: a new organization waits
        # for its publication before listings can name it.
        limit_choices_to={"live": True},
    )
    categories = ParentalManyToManyField(
        "directory.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="listings",
        limit_choices_to=in_default_language,
    )
    contact_name = models.CharField(
        _("contact first name"),
        max_length=60,
        blank=True,
        help_text=_("First name only; last names are never shown."),
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, validators=[validate_dialable]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = ChoiceListField(_("languages"), item_choices=Language.choices)
    audiences = ChoiceListField(_("especially for"), item_choices=Audience.choices)
    is_free = models.BooleanField(_("free"), default=True)
    cost_description = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        help_text=_("For example: $5 a session, sliding scale, or 7th Tradition donations."),
    )
    eligibility = models.TextField(_("who can come"), blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=timezone_choices,
        help_text=_(
            "Leave blank to use the location's. Set it for online listings, "
            "whose times are kept where the group meets."
        ),
    )
    by_appointment = models.BooleanField(
        _("by appointment"),
        default=False,
        help_text=_("Set when there is no weekly schedule and people arrange a time."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ListingManager()

    translated_words = TranslatedWords.translated_words + (
        "summary",
        "description",
        "eligibility",
        "cost_description",
    )

    # Each kind says how a listing can be reached and whether it keeps hours.
    online_access_fields = ()
    needs_place = True
    needs_schedule = False

    is_creatable = False
    parent_page_types = ["home.ListingIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("kind"),
    ]

    # Panels every kind shows; each kind places its own between them.
    about_panels = [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("organization"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
    ]
    where_panels = [InlinePanel("listing_locations", heading=_("Where"), label=_("location"))]
    schedule_panels = [
        FieldPanel("by_appointment"),
        FieldPanel("timezone"),
        InlinePanel("sessions", heading=_("Weekly schedule"), label=_("session")),
    ]
    trust_panels = [
        MultiFieldPanel(
            [
                FieldPanel("languages"),
                FieldPanel("audiences"),
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("cost_description")]),
                FieldPanel("eligibility"),
            ],
            heading=_("Who it is for and what it costs"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("contact_name"),
                        FieldPanel("contact_phone"),
                        FieldPanel("contact_email"),
                    ]
                ),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("last_verified"), FieldPanel("verified_by")])],
            heading=_("Verification"),
        ),
    ]

    class Meta:
        verbose_name = _("listing")

    @classmethod
    def can_create_at(cls, parent):
        """Listings are added to the directory's own sections; a section's translation
        holds only translations of its listings (wagtail-localize makes those)."""
        return super().can_create_at(parent) and is_source(parent)

    # Publishing writes the page and then announces the change (directory.changes),
    # whose subscribers update their copies in the same transaction: one
    # transaction, so the page and its copies commit together or not at all.

    def publish(self, *args, **kwargs):
        with transaction.atomic():
            return super().publish(*args, **kwargs)

    def unpublish(self, *args, **kwargs):
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)

    # Derived facts. They are computed from the data, never stored, so they
    # cannot disagree with it.

    @property
    def locations(self):
        return [link.location for link in self.listing_locations.all() if link.location_id]

    @property
    def in_person_locations(self):
        return [location for location in self.locations if location.has_street_address]

    @property
    def main_location(self):
        """The one place to show where there is room for one (the feeds, the printed
        schedule): the first in-person location, else the first area."""
        return (self.in_person_locations or self.locations or [None])[0]

    @property
    def is_temporarily_closed(self):
        return False

    @property
    def has_online_access(self):
        return False

    @property
    def attendance(self):
        in_person = bool(self.in_person_locations) and not self.is_temporarily_closed
        online = self.has_online_access
        if in_person and online:
            return Attendance.HYBRID
        if online:
            return Attendance.ONLINE
        if in_person:
            return Attendance.IN_PERSON
        return None

    @property
    def timezone_name(self):
        if self.timezone:
            return self.timezone
        for location in self.locations:
            if location.timezone:
                return location.timezone
        return settings.TIME_ZONE

    def schedule(self):
        return [Session(s.day, s.start_time, s.end_time) for s in self.sessions.all()]

    def next_start(self, now=None):
        """When the next session begins, in the listing's own time zone."""
        return next_start(self.schedule(), self.timezone_name, now or timezone.now())

    @property
    def needs_verification(self):
        from directory.models.site_settings import DirectorySettings

        days = DirectorySettings.load().verification_days
        if self.last_verified is None:
            return True
        return self.last_verified < timezone.localdate() - timedelta(days=days)

    # The public page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        schedule = schedules.schedule_rows(self)
        url = page_url(self, request)
        # Each place with the one whose words to show, in the language being read.
        placed = place_words(self.locations)
        context.update(
            next_session=schedules.next_session_text(self),
            schedule=schedule,
            zone_note=schedules.zone_note(self.timezone_name),
            calendar_url=f"{url}{self.reverse_subpage('calendar')}" if schedule and url else "",
            share_url=page_url(self, request, full=True),
            places=[(place, words, directions_url(place)) for place, words in placed],
            # A small map of the places with a street address, drawn only on request.
            map_tiles=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_TILE_ATTRIBUTION,
            map_points=[
                {
                    "title": words.name,
                    "url": directions_url(place),
                    "lat": float(place.latitude),
                    "lon": float(place.longitude),
                }
                for place, words in placed
                if place.has_street_address and place.latitude is not None
            ],
            online=online_access(self),
            # First names only, even if a full name was typed.
            contact_first_name=(self.contact_name.split() or [""])[0],
            contact_phone_href=tel_href(self.contact_phone),
            organization_phone_href=tel_href(getattr(self.organization, "phone", "")),
            registration_phone_href=tel_href(getattr(self, "registration_phone", "")),
            language_names=[
                Language(code).label for code in self.languages if code in Language.values
            ],
            audience_names=[
                Audience(code).label for code in self.audiences if code in Audience.values
            ],
            # Who lists it, when it is kept current from someone else's list.
            source=attached_source(self),
        )
        return context

    @subpage("calendar/", name="calendar")
    def calendar_file(self, request):
        """The weekly sessions as an .ics file; a 404 page for listings without any."""
        return calendar.calendar_response(self, request)

    def save(self, *args, **kwargs):
        self.kind = self.listing_kind
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            # The section answers these addresses itself.
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is taken by the section; choose another.")
                    % {"slug": self.slug}
                }
            )
        self.languages = sorted(set(self.languages or []))
        self.audiences = sorted(set(self.audiences or []))
        for field, choices in (("languages", Language), ("audiences", Audience)):
            unknown = sorted(set(getattr(self, field)) - set(choices.values))
            if unknown:
                raise ValidationError(
                    {field: _("Unknown choices: %(values)s.") % {"values": ", ".join(unknown)}}
                )
        if not self.is_free and not self.cost_description.strip():
            raise ValidationError({"cost_description": _("Say what it costs, or tick “free”.")})


def directions_url(location):
    """A plain link to OpenStreetMap's directions to a street address; nothing is loaded here."""
    if not location.has_street_address or location.latitude is None:
        return ""
    return f"https://www.openstreetmap.org/directions?to={location.latitude},{location.longitude}"


def place_choices():
    """The places a listing may be held at: published ones (as for organizations) of
    the directory's own, not a translation of one (directory.models.snippets)."""
    return in_default_language() & models.Q(live=True)


class ListingLocation(Orderable):
    """A place a listing happens; most have one, some rotate between a few."""

    page = ParentalKey(ListingPage, on_delete=models.CASCADE, related_name="listing_locations")
    location = models.ForeignKey(
        "directory.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="listing_links",
        limit_choices_to=place_choices,
    )

    panels = [FieldPanel("location")]

    class Meta(Orderable.Meta):
        verbose_name = _("location")


class ListingSession(Orderable):
    """One weekly slot: a day with a start time and, usually, an end time."""

    page = ParentalKey(ListingPage, on_delete=models.CASCADE, related_name="sessions")
    day = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(
        _("ends"),
        null=True,
        blank=True,
        help_text=_("Leave blank if it varies; an hour is assumed."),
    )

    panels = [FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")])]

    class Meta(Orderable.Meta):
        verbose_name = _("session")

    def clean(self):
        super().clean()
        if (
            self.end_time is not None
            and self.start_time is not None
            and self.end_time <= self.start_time
        ):
            raise ValidationError({"end_time": _("The end time must be after the start time.")})


def listing_tabs(heading, about, where=(), when=None):
    """The editing form of one kind: the shared panels with the kind's own in place.

    Every kind gets the same tabs in the same order, so staff find things where
    they expect them whichever kind they edit.
    """
    from wagtail.admin.panels import ObjectList, TabbedInterface

    return TabbedInterface(
        [
            ObjectList(
                Page.content_panels + ListingPage.about_panels + list(about), heading=heading
            ),
            ObjectList(ListingPage.where_panels + list(where), heading=_("Where")),
            ObjectList(
                when if when is not None else ListingPage.schedule_panels, heading=_("When")
            ),
            ObjectList(ListingPage.trust_panels, heading=_("Who and contact")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
