from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.site_address import SiteAddressError, set_site_address


class Command(BaseCommand):
    help = (
        "Put the site's public address (BASE_URL, or --base-url) on its Site record, which "
        "full links are built from: the meetings feed's url and feedback_url, share links. "
        "Run it once after deploying, and again when the address changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="For example https://meetings.example.org (default: BASE_URL).",
        )

    def handle(self, *args, base_url, **options):
        try:
            site = set_site_address(base_url)
        except SiteAddressError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"The site's address is {site.root_url}.")
