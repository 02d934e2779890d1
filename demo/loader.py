"""Writes the demo directory into the database; loading it again changes nothing.

Everything is matched on something stable (page slugs, organization names,
place names, image titles), so a second load finds what the first made and
only touches what differs.
"""

import io
import random
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from demo.meetings import build_meeting_specs
from demo.photos import place_photo
from demo.places import ORGANIZATIONS, PLACES, PUBLISHER, SERVICE_AREA
from demo.programs import (
    build_childcare_specs,
    build_class_specs,
    build_ride_specs,
    build_service_specs,
)
from demo.specs import assign_slugs, assign_verification, reachability_problems
from demo.translating import spanish_listings, their_places, translate_demo
from directory.models import (
    Category,
    DirectorySettings,
    ListingLocation,
    ListingSession,
    Location,
    Organization,
)
from directory.translations import in_default_locale
from feeds.models import FeedPublisher
from home.models import BrowsePage, HomePage, ListingIndexPage
from home.site_address import SiteAddressError, set_site_address

# Fixed, so every load (on any machine) builds the same directory.
SEED = 80205
PHOTO_COLLECTION = "Location photos"

SECTIONS = (
    (
        "meetings",
        "Meetings",
        "<p>Mutual-aid meetings across the Denver metro: in person, online or both. "
        "Newcomers are always welcome.</p>",
    ),
    (
        "rides",
        "Rides",
        "<p>Free and low-cost rides to meetings, treatment and appointments, often "
        "from volunteers in recovery.</p>",
    ),
    (
        "childcare",
        "Childcare",
        "<p>Care for children while parents and caregivers go to meetings, classes "
        "and appointments.</p>",
    ),
    (
        "classes",
        "Classes",
        "<p>Free classes in job skills, life skills, education and computers for "
        "people in recovery and their families.</p>",
    ),
    (
        "support",
        "Support",
        "<p>Peer recovery coaching, family programs and practical help, in person, "
        "by phone or online.</p>",
    ),
)


class DemoError(Exception):
    """The demo cannot be loaded; the message says what to do."""


@dataclass
class Report:
    listings: Counter = field(default_factory=Counter)  # created / updated / unchanged
    kinds: Counter = field(default_factory=Counter)
    organizations: int = 0
    locations: int = 0
    photos_created: int = 0
    sections: int = 0
    translated: int = 0  # pages translated into Spanish by this load
    site_address: str = ""


def build_specs(today):
    """Every demo listing, in a fixed order, from the fixed seed."""
    rng = random.Random(SEED)  # noqa: S311 - demo content, not secrets
    specs = [
        *build_meeting_specs(rng),
        *build_ride_specs(rng),
        *build_childcare_specs(rng),
        *build_class_specs(rng, today),
        *build_service_specs(rng),
    ]
    assign_slugs(specs)
    assign_verification(specs, rng, today)
    for spec in specs:
        problems = reachability_problems(spec)
        if problems:
            raise DemoError(f"The demo listing “{spec.title}” {'; '.join(problems)}.")
    return specs


@transaction.atomic
def load_demo(today=None, base_url=None):
    """Load the demo; `base_url` (default: BASE_URL) becomes the site's public address."""
    today = today or timezone.localdate()
    report = Report()
    home = in_default_locale(HomePage.objects.filter(slug="home")).first()
    if home is None:
        raise DemoError("There is no home page yet. Run `manage.py migrate` first.")
    try:
        site = set_site_address(base_url or settings.WAGTAILADMIN_BASE_URL)
    except SiteAddressError as error:
        raise DemoError(str(error)) from error
    report.site_address = site.root_url
    _publisher(site)
    _sync(DirectorySettings.load(), {"service_area": SERVICE_AREA})
    sections = {slug: _section(home, slug, title, intro) for slug, title, intro in SECTIONS}
    report.sections = len(sections)
    families = _families_page(home)

    organizations = {org.name: _organization(org) for org in ORGANIZATIONS}
    report.organizations = len(organizations)
    collection = _photo_collection()
    locations = {}
    for place in PLACES:
        locations[place.key], made_photo = _location(place, collection)
        report.photos_created += made_photo
    report.locations = len(locations)

    categories = {category.slug: category for category in Category.objects.in_directory()}
    listings = []
    for spec in build_specs(today):
        missing = sorted(set(spec.categories) - set(categories))
        if missing:
            raise DemoError(
                f"The categories {', '.join(missing)} are missing. Run `manage.py migrate`, "
                "which adds them."
            )
        outcome, page = _listing(sections[spec.section], spec, organizations, locations, categories)
        listings.append(page)
        report.listings[outcome] += 1
        report.kinds[str(spec.model.listing_kind.label)] += 1
    spanish = spanish_listings(listings)
    report.translated = translate_demo(
        [home, *sections.values(), families, *spanish], their_places(spanish)
    )
    return report


def _sync(instance, values):
    """Set `values`, check the model's rules and save, but only when something differs."""
    changed = instance.pk is None
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        instance.full_clean()
        instance.save()
    return changed


def _section(home, slug, title, intro):
    page = home.get_children().filter(slug=slug).specific().first()
    if page is not None and not isinstance(page, ListingIndexPage):
        raise DemoError(f"The page /{slug}/ exists but is not a directory section; rename it.")
    if page is None:
        page = ListingIndexPage(title=title, slug=slug, intro=intro, show_in_menus=True)
        home.add_child(instance=page)
    elif (page.title, page.intro, page.live, page.show_in_menus) == (title, intro, True, True):
        return page
    page.title, page.intro, page.show_in_menus = title, intro, True
    page.save_revision().publish()
    return page


FAMILIES_INTRO = (
    "<p>Support for parents, partners, grandparents and friends of someone who drinks or "
    "uses drugs: family groups, Al-Anon and Nar-Anon, coaching and childcare.</p>"
)


def _families_page(home):
    """The "For families" way in: listings for families, whatever their kind."""
    page = home.get_children().filter(slug="for-families").specific().first()
    if page is None:
        page = BrowsePage(
            title="For families",
            slug="for-families",
            intro=FAMILIES_INTRO,
            audiences=["families"],
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _organization(org):
    instance = Organization.objects.filter(name=org.name).first() or Organization(name=org.name)
    _sync(
        instance,
        {
            "description": f"<p>{org.description}</p>",
            "website": org.website,
            "phone": org.phone,
            "email": org.email,
            "service_area": org.service_area,
        },
    )
    return instance


def _publisher(site):
    """The feed's publisher: the center, as the Meeting Guide app shows it."""
    instance = FeedPublisher.objects.filter(site=site).first() or FeedPublisher(site=site)
    _sync(instance, PUBLISHER)


def _photo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PHOTO_COLLECTION).first()
    return existing or root.add_child(name=PHOTO_COLLECTION)


def _photo(place, collection):
    """The place's drawn photo, made once and found again by its title."""
    image_model = get_image_model()
    image = image_model.objects.filter(collection=collection, title=place.name).first()
    if image is not None:
        return image, False
    png = place_photo(place.name, place.style)
    image = image_model(
        title=place.name,
        description=f"A drawing of {place.name}",
        collection=collection,
        file=ImageFile(io.BytesIO(png), name=f"{place.key}.png"),
        file_size=len(png),
        file_hash=hash_filelike(io.BytesIO(png)),
    )
    image.save()
    return image, True


def _location(place, collection):
    instance = Location.objects.in_directory().filter(
        name=place.name, city=place.city
    ).first() or Location(name=place.name, city=place.city)
    if instance.postal_code != place.postal_code:
        # A new ZIP code means new coordinates and time zone; clean() fills them in.
        instance.latitude = instance.longitude = None
        instance.timezone = ""
    photo, made = (instance.photo, False) if instance.photo_id else _photo(place, collection)
    _sync(
        instance,
        {
            "street_address": place.street_address,
            "region": "CO",
            "postal_code": place.postal_code,
            "country": "US",
            "wheelchair_accessible": place.wheelchair_accessible,
            "accessibility_notes": place.accessibility_notes,
            "transit_notes": place.transit_notes,
            "photo": photo,
        },
    )
    return instance, made


def _listing(section, spec, organizations, locations, categories):
    """Create, update or leave one listing page; says which it did."""
    model = spec.model
    values = dict(spec.fields, title=spec.title, organization=organizations[spec.organization])
    sessions = sorted(spec.sessions, key=lambda s: (s[0], s[1]))
    location_ids = [locations[key].pk for key in spec.locations]
    category_ids = sorted(categories[slug].pk for slug in spec.categories)

    page = model.objects.child_of(section).filter(slug=spec.slug).first()
    if page is not None and _matches(page, values, sessions, location_ids, category_ids):
        return "unchanged", page
    created = page is None
    if created:
        page = model(slug=spec.slug)
    for name, value in values.items():
        setattr(page, name, value)
    page.sessions = [
        ListingSession(day=day, start_time=start, end_time=end) for day, start, end in sessions
    ]
    page.listing_locations = [ListingLocation(location_id=pk) for pk in location_ids]
    page.categories = [categories[slug] for slug in spec.categories]
    try:
        for session in page.sessions.all():
            session.full_clean(exclude=["page"])
        if created:
            section.add_child(instance=page)  # saving runs the model's full_clean()
        page.save_revision().publish()
    except ValidationError as error:
        raise DemoError(f"The demo listing “{spec.title}” is not valid: {error}") from error
    return ("created" if created else "updated"), page


def _matches(page, values, sessions, location_ids, category_ids):
    if not page.live or page.has_unpublished_changes:
        return False
    if any(getattr(page, name) != value for name, value in values.items()):
        return False
    current_sessions = sorted(
        ((s.day, s.start_time, s.end_time) for s in page.sessions.all()),
        key=lambda s: (s[0], s[1]),
    )
    return (
        current_sessions == sessions
        and [link.location_id for link in page.listing_locations.all()] == location_ids
        and sorted(page.categories.values_list("pk", flat=True)) == category_ids
    )
