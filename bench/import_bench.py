"""Import benchmark: a Meeting Guide feed of about 10,000 meetings into an empty site.

    python bench/import_bench.py --count 16700 --seed 7
    python bench/import_bench.py --target postgres://user:pass@127.0.0.1:5432/empty_db

Builds a source site with `generate_directory` (16,700 listings with seed 7
hold 10,036 meetings), exports its /meetings.json, then imports that file into
a second, empty database the way the admin does: the dry run, then the apply
(which checks again, writes everything in one transaction and updates both
search engines). A second import of the same file shows the "nothing to
change" path, and a third with every meeting renamed and moved the update
path. Run through `make bench`; prints its figures, asserts nothing.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def manage(database, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "false"}
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def export_feed(database, path):
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "import sys\n"
        "body = Client().get('/meetings.json').content\n"
        "open(sys.argv[1], 'wb').write(body)\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
    }
    subprocess.run([PYTHON, "-c", script, str(path)], cwd=ROOT, env=env, check=True)  # noqa: S603


def generated_feed(count, seed):
    """The Meeting Guide feed of `count` generated listings (seed `seed`), made once
    under var/bench/ and reused: the file the import and subscription benchmarks read."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    source_db = folder / f"import-source-{count}-{seed}.sqlite3"
    feed = folder / f"import-feed-{count}-{seed}.json"
    if not feed.exists():
        source_db.unlink(missing_ok=True)
        manage(source_db, "migrate", "--no-input")
        manage(source_db, "generate_directory", "--count", str(count), "--seed", str(seed))
        export_feed(source_db, feed)
    return feed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=16700)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--target",
        default="",
        help="DATABASE_URL of an empty database to import into (default: a new SQLite file)",
    )
    options = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    feed = generated_feed(options.count, options.seed)

    if options.target:
        # An empty database made for the purpose, e.g. on PostgreSQL.
        os.environ["DATABASE_URL"] = options.target
    else:
        target_db = folder / "import-target.sqlite3"
        target_db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{target_db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from directory.models import MeetingPage
    from home.models import HomePage, ListingIndexPage
    from imports import runs
    from search.connection import elasticsearch_configured

    call_command("migrate", "--no-input", verbosity=0)
    section = ListingIndexPage(title="Meetings", slug="meetings")
    HomePage.objects.get().add_child(instance=section)
    data = feed.read_bytes()

    started = time.monotonic()
    run = runs.receive(data, source=feed.name, section=section)
    runs.check(run)
    checked = time.monotonic()
    stages = {}
    report = run.report

    def timed(stage, done=0, total=0):
        stages.setdefault(stage, time.monotonic())
        report(stage, done, total)

    run.report = timed
    counts = runs.apply(run)
    applied = time.monotonic()

    again = runs.receive(data, source=feed.name, section=section)
    runs.check(again)
    rechecked = time.monotonic()

    # Every meeting renamed and moved half an hour: the update path.
    entries = json.loads(data)
    for entry in entries:
        entry["name"] = f"{entry['name']} (changed)"
        entry["time"] = "18:30"
        entry.pop("end_time", None)
    changed = runs.receive(json.dumps(entries).encode(), source="changed.json", section=section)
    runs.check(changed)
    updates = runs.apply(changed)
    updated = time.monotonic()

    engine = "Elasticsearch and database" if elasticsearch_configured() else "database"
    writing_at = stages.get("Writing the changes", checked)
    search_at = stages.get("Updating search", applied)
    admin_at = stages.get("Updating the admin's page search", applied)
    print(f"Feed: {feed.stat().st_size / 1e6:.2f} MB, {run.summary['rows']:,} meetings")
    print(f"Dry run (read, check every row, match):   {checked - started:6.1f} s")
    print(f"Apply, total:                             {applied - checked:6.1f} s")
    print(f"  checked again:                          {writing_at - checked:6.1f} s")
    print(f"  written in one transaction:             {search_at - writing_at:6.1f} s")
    print(f"  search documents ({engine}): {admin_at - search_at:6.1f} s")
    print(f"  the admin's page search:                {applied - admin_at:6.1f} s")
    print(f"Upload to applied (dry run + apply):      {applied - started:6.1f} s  (target < 60 s)")
    print(f"Result: {counts}; {MeetingPage.objects.live().count():,} live meetings")
    print(f"Second import of the same file: {again.summary} in {rechecked - applied:.1f} s")
    print(
        f"Every meeting changed (dry run + apply): {updates} in {updated - rechecked:.1f} s"
        "  (target < 60 s)"
    )


if __name__ == "__main__":
    main()
