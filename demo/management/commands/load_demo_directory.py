from django.core.management.base import BaseCommand, CommandError

from demo.loader import SECTIONS, DemoError, load_demo
from demo.quiet import quiet_logging
from directory.models import LISTING_MODELS
from home.models import ListingIndexPage


class Command(BaseCommand):
    help = (
        "Load a made-up directory for one recovery community center in the Denver metro: "
        "five sections, over 200 published listings, shared locations with photos and "
        "organizations. Safe to run again: it updates what it made and never duplicates it. "
        "The site's address (its Site record, which feeds build their links from) is set "
        "from BASE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="The site's public address (default: the BASE_URL setting), "
            "such as https://meetings.example.org.",
        )

    def handle(self, *args, base_url=None, **options):
        try:
            with quiet_logging(options["verbosity"] < 2):
                report = load_demo(base_url=base_url)
        except DemoError as error:
            raise CommandError(str(error)) from error

        listings = report.listings
        self.stdout.write(
            f"Listings: {sum(listings.values())} "
            f"({listings['created']} new, {listings['updated']} updated, "
            f"{listings['unchanged']} already up to date)"
        )
        for kind, count in sorted(report.kinds.items()):
            self.stdout.write(f"  {kind}: {count}")
        self.stdout.write(
            f"Sections: {report.sections}  Organizations: {report.organizations}  "
            f"Locations: {report.locations} ({report.photos_created} new photos) "
            f"Translated into Spanish by this load: {report.translated}"
        )
        self.stdout.write(f"Site address (from BASE_URL): {report.site_address}")
        self.stdout.write(self._demo_totals())
        self.stdout.write(self.style.SUCCESS("The demo directory is ready."))

    def _demo_totals(self):
        # Counted from the database, so they include anything staff added to the
        # demo sections.
        pages = [
            page
            for section in ListingIndexPage.objects.filter(slug__in=[s[0] for s in SECTIONS])
            for model in LISTING_MODELS
            for page in model.objects.child_of(section).in_directory().with_locations()
        ]
        online = sum(page.attendance == "online" for page in pages)
        hybrid = sum(page.attendance == "hybrid" for page in pages)
        overdue = sum(page.needs_verification for page in pages)
        return (
            f"Demo sections: {len(pages)} published listings, {online} online only, "
            f"{hybrid} in person and online, {overdue} due for verification."
        )
