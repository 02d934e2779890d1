from home.models.pages import BrowsePage, HomePage, ListingIndexPage
from home.models.site_settings import CrisisLine

__all__ = ["BrowsePage", "CrisisLine", "HomePage", "ListingIndexPage"]
