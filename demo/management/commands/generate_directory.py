import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.bulk import BulkError, delete_generated, generated_section, insert_batch
from demo.quiet import quiet_logging
from demo.synthetic import build_batch


class Command(BaseCommand):
    help = (
        "Add made-up listings spread over US ZIP codes, for testing the directory at "
        "scale. They go under a 'Generated listings' section (/generated/), published, "
        "with their own locations, sessions and categories. Rows are inserted in bulk, "
        "so there are no page revisions and no search documents: run "
        "'manage.py directory_index rebuild' afterwards to make them searchable. The same "
        "--count and --seed always give the same listings. Each run adds another batch "
        "after the ones already there; --replace first deletes every generated listing "
        "(with its search documents) and the locations only they used."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=1000, help="How many listings to add (default 1000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed for the made-up content (default 1)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete all previously generated listings before adding the new ones.",
        )

    def handle(self, *args, count, seed, replace, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        try:
            with quiet_logging(options["verbosity"] < 2), transaction.atomic():
                section = generated_section()
                if replace:
                    clearing = time.monotonic()
                    deleted = delete_generated(section)
                    self.stdout.write(
                        f"Deleted {deleted:,} generated listings in "
                        f"{time.monotonic() - clearing:.1f} s."
                    )
                started = time.monotonic()
                batch = build_batch(count, seed, timezone.localdate())
                built = time.monotonic()
                rows = insert_batch(section, batch)
        except BulkError as error:
            raise CommandError(str(error)) from error
        finished = time.monotonic()
        seconds = max(finished - started, 1e-6)
        self.stdout.write(
            f"Added {count:,} listings ({len(batch.locations):,} locations) under "
            f"{section.get_url()} with seed {seed}: {rows:,} rows in {seconds:.1f} s "
            f"(building {built - started:.1f} s, writing {finished - built:.1f} s)."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{count / seconds:,.0f} listings a second, {rows / seconds:,.0f} rows a second."
            )
        )
        self.stdout.write(
            "Search does not know about them yet: run 'manage.py directory_index rebuild'."
        )
