"""Test data builders, in one place, mirroring the models."""

import importlib
from datetime import time
from decimal import Decimal

from django.utils.text import slugify

from wagtail.models import Collection, Locale, Page, Site

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from directory.models import (
    Category,
    ChildcarePage,
    ClassPage,
    ListingLocation,
    ListingSession,
    Location,
    MeetingPage,
    Organization,
    ServicePage,
    TransportationPage,
)
from home.models import HomePage, ListingIndexPage
from subscriptions.models import Subscription


def ensure_seed_categories():
    """The categories the data migration adds, back after a transactional test's flush."""
    from django.apps import apps

    seeding = importlib.import_module("directory.migrations.0002_seed_categories")
    seeding.seed(apps, None)


def ensure_site_tree():
    """The root page, the home page, the default site and the root collection, as
    migrations make them.

    Transactional tests (the live server's) flush every table afterwards, so
    they rebuild what the data migrations would have left.
    """
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is not None:
        return home
    locale, _ = Locale.objects.get_or_create(language_code="en")
    Locale.objects.get_or_create(language_code="es")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(
        instance=HomePage(title="Find meetings and support near you", slug="home", locale=locale)
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "Recovery Resource Directory",
        },
    )
    return home


# Reference data (snippets)


class OrganizationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Five Points Recovery Group {n}")
    website = "https://example.org/"
    phone = "303-555-0142"
    email = factory.Sequence(lambda n: f"group{n}@example.org")

    class Meta:
        model = Organization


class LocationFactory(DjangoModelFactory):
    """A real Denver address; coordinates and time zone come from the ZIP as the admin's do.

    The model's own clean() runs before saving, so a location built here is one
    the admin would have accepted. Pass latitude and longitude to place it
    exactly, or `street_address=""` for an approximate area.
    """

    name = factory.Sequence(lambda n: f"Whittier Community Hall {n}")
    street_address = "2900 Downing St"
    city = "Denver"
    region = "CO"
    postal_code = "80205"
    country = "US"

    class Meta:
        model = Location

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for field in ("latitude", "longitude"):
            if isinstance(kwargs.get(field), float):
                # As typed into the form; a float's binary digits would fail decimal_places.
                kwargs[field] = Decimal(str(kwargs[field]))
        location = model_class(*args, **kwargs)
        location.full_clean()
        location.save()
        return location


class CategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Test category {n}")
    slug = factory.Sequence(lambda n: f"test-category-{n}")
    parent = None
    sort_order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = Category


class SubscriptionFactory(DjangoModelFactory):
    """A followed Meeting Guide list; give `url` (the test's publisher) and `section`."""

    name = factory.Sequence(lambda n: f"Quokka Area Intergroup {n}")
    format = Subscription.Format.MEETING_GUIDE
    timezone = "America/Denver"

    class Meta:
        model = Subscription


# Pages


class ListingIndexPageFactory(wagtail_factories.PageFactory):
    """A directory section under the home page."""

    title = factory.Sequence(lambda n: f"Directory section {n}")
    parent = factory.LazyFunction(ensure_site_tree)

    class Meta:
        model = ListingIndexPage


class ListingPageFactory(wagtail_factories.PageFactory):
    """What every kind shares. Pages are saved through Page.save, so clean() runs."""

    parent = factory.SubFactory(ListingIndexPageFactory)
    summary = "A weekly gathering for anyone who wants to stop drinking."
    is_free = True
    languages = factory.LazyFunction(lambda: ["en"])

    class Meta:
        abstract = True


class MeetingPageFactory(ListingPageFactory):
    title = factory.Sequence(lambda n: f"Five Points Serenity Group {n}")
    types = factory.LazyFunction(lambda: ["O"])

    class Meta:
        model = MeetingPage


class TransportationPageFactory(ListingPageFactory):
    title = factory.Sequence(lambda n: f"Rides to meetings {n}")
    summary = "Free rides to meetings and appointments in Denver."
    service_area = "Denver and Aurora, within 10 miles of Five Points."
    notice_hours = 24

    class Meta:
        model = TransportationPage


class ChildcarePageFactory(ListingPageFactory):
    title = factory.Sequence(lambda n: f"Childcare during meetings {n}")
    summary = "Children are cared for on site while their parent is at a meeting."
    min_age_years = 2
    max_age_years = 10
    during_meetings = True

    class Meta:
        model = ChildcarePage


class ClassPageFactory(ListingPageFactory):
    title = factory.Sequence(lambda n: f"Resume writing {n}")
    summary = "Write a resume that explains a gap in work history."
    provider = "Denver Workforce Center"
    seats = 12

    class Meta:
        model = ClassPage


class ServicePageFactory(ListingPageFactory):
    title = factory.Sequence(lambda n: f"Peer recovery coaching {n}")
    summary = "One-to-one support from a coach with lived experience."
    service_type = ServicePage.ServiceType.PEER_COACHING
    by_appointment = True

    class Meta:
        model = ServicePage


LISTING_FACTORIES = {
    MeetingPage: MeetingPageFactory,
    TransportationPage: TransportationPageFactory,
    ChildcarePage: ChildcarePageFactory,
    ClassPage: ClassPageFactory,
    ServicePage: ServicePageFactory,
}


# Inline rows


def add_session(page, day, start, end=None):
    """Add a weekly session (day 0 is Sunday); `start`/`end` are times or "HH:MM" strings."""
    if isinstance(start, str):
        start = time.fromisoformat(start)
    if isinstance(end, str):
        end = time.fromisoformat(end)
    session = ListingSession(page=page, day=day, start_time=start, end_time=end)
    session.full_clean(exclude=["page"])
    session.save()
    return session


def add_location(page, location=None, **location_fields):
    """Hold the listing at `location`, or at a new one built from `location_fields`."""
    if location is None:
        location = LocationFactory(**location_fields)
    ListingLocation.objects.create(page=page, location=location)
    return location


# Admin form data


def listing_form_data(title, locations=(), sessions=(), **fields):
    """POST data for a listing's admin form, as the browser sends it.

    `locations` are Location objects; `sessions` are (day, start, end) with
    times as "HH:MM" (end may be ""). Checkboxes are sent only when ticked, so
    `is_free` is ticked here, as the model's default is; pass `is_free=None` to
    leave it unticked. Lists (ticked checkboxes) are sent as repeated values.
    """
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "listing_locations": inline_formset([{"location": str(loc.pk)} for loc in locations]),
            "sessions": inline_formset(
                [
                    {"day": str(day), "start_time": start, "end_time": end}
                    for day, start, end in sessions
                ]
            ),
        }
    )
    data.update(
        {
            "title": title,
            "slug": slugify(title),
            "summary": "A weekly gathering for anyone who wants to stop drinking.",
            "is_free": "on",
        }
    )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}
