"""The benchmarks' data: `count` generated listings with `seed`, made once and reused."""

import io

from django.core.management import call_command


def ensure_listings(count, seed):
    """Migrate the database named by the settings and fill it with the generated listings,
    unless a run before left exactly that many there."""
    from directory.models import ListingPage

    call_command("migrate", verbosity=0)
    generated = ListingPage.objects.filter(url_path__contains="/generated/").count()
    if generated != count:
        print(f"Generating {count:,} listings (seed {seed}) …", flush=True)
        call_command(
            "generate_directory", count=count, seed=seed, replace=True, stdout=io.StringIO()
        )
        print(f"  done ({ListingPage.objects.live().count():,} live listings)", flush=True)
