from directory.models.childcare import ChildcarePage
from directory.models.classes import ClassPage
from directory.models.feed_slugs import FeedEntrySlug, FeedSlug
from directory.models.listings import ListingLocation, ListingPage, ListingSession
from directory.models.meetings import MeetingPage
from directory.models.services import ServicePage
from directory.models.site_settings import DirectorySettings
from directory.models.snippets import Category, Location, Organization
from directory.models.sources import ListingSource, Upstream
from directory.models.transportation import TransportationPage

__all__ = [
    "Category",
    "ChildcarePage",
    "ClassPage",
    "DirectorySettings",
    "FeedEntrySlug",
    "FeedSlug",
    "ListingLocation",
    "ListingPage",
    "ListingSession",
    "ListingSource",
    "Location",
    "MeetingPage",
    "Organization",
    "ServicePage",
    "TransportationPage",
    "Upstream",
]

LISTING_MODELS = (MeetingPage, TransportationPage, ChildcarePage, ClassPage, ServicePage)
