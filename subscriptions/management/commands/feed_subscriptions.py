from django.core.management.base import BaseCommand, CommandError

from imports.sections import named_category, named_section
from subscriptions import refresh, schedule
from subscriptions.forms import SubscriptionForm
from subscriptions.models import Refresh, Subscription

FORMATS = {"meeting-guide": Subscription.Format.MEETING_GUIDE, "bmlt": Subscription.Format.BMLT}


class Command(BaseCommand):
    help = (
        "Follow the meeting lists others publish (Meeting Guide feeds, BMLT servers) and keep "
        "their meetings current in the directory. `add` subscribes to a list, `refresh` reads "
        "lists now (all when none is named; it exits non-zero when a fetch or check failed), "
        "`list` shows every subscription with its last result."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Subscribe to a list; the worker reads it soon.")
        add.add_argument("url", help="The list's address, e.g. https://…/meetings.json")
        add.add_argument("--name", required=True, help="Who publishes it: “Listed by …”.")
        add.add_argument("--format", choices=sorted(FORMATS), default="meeting-guide")
        add.add_argument("--section", help="Slug or id of the section new meetings go in.")
        add.add_argument("--category", help="Slug or name of a category for every meeting.")
        add.add_argument("--fellowship", default="", help="For staff, e.g. AA or NA.")
        add.add_argument(
            "--timezone", help="For meetings the list gives none (default: the site's)."
        )
        add.add_argument(
            "--every",
            type=int,
            choices=Subscription.Interval.values,
            default=Subscription.Interval.TWICE_DAILY,
            help="Hours between refreshes.",
        )
        add.add_argument("--refresh", action="store_true", help="Read it now, not in the worker.")
        run = actions.add_parser("refresh", help="Read lists now (all when none is named).")
        run.add_argument("names", nargs="*", help="Names of subscriptions to refresh.")
        run.add_argument("--due", action="store_true", help="Only the ones due (for cron).")
        run.add_argument(
            "--force", action="store_true", help="Read and check every meeting even if unchanged."
        )
        run.add_argument(
            "--accept-shorter",
            action="store_true",
            help="Take a list far shorter than at its last read.",
        )
        actions.add_parser("list", help="Every subscription with its last result.")

    def handle(self, *args, action, **options):
        return getattr(self, f"handle_{action}")(**options)

    # add

    def handle_add(
        self, *, url, name, format, section, category, fellowship, timezone, every, **options
    ):
        data = {
            "name": name,
            "url": url,
            "format": FORMATS[format],
            "section": named_section(section).pk,
            "category": getattr(named_category(category), "pk", None),
            "fellowship": fellowship,
            "timezone": timezone or Subscription._meta.get_field("timezone").get_default(),
            "country": "US",
            "interval_hours": every,
            "active": True,
        }
        form = SubscriptionForm(data=data, instance=Subscription())
        if not form.is_valid():
            raise CommandError(
                "\n".join(
                    f"{field}: {message}" if field != "__all__" else message
                    for field, messages in form.errors.items()
                    for message in messages
                )
            )
        subscription = form.save()
        self.stdout.write(self.style.SUCCESS(f"Subscribed to “{subscription.name}” ({url})."))
        if options["refresh"]:
            self._refresh([subscription], force=False, accept_shrink=False)
        else:
            self.stdout.write("The background worker reads it within a minute.")

    # refresh

    def handle_refresh(self, *, names, due, force, accept_shorter, **options):
        if due:
            subscriptions = list(schedule.due())
        elif names:
            subscriptions = []
            for name in names:
                found = Subscription.objects.filter(name__iexact=name).first()
                if found is None:
                    raise CommandError(f"There is no subscription “{name}”.")
                subscriptions.append(found)
        else:
            subscriptions = list(Subscription.objects.filter(active=True))
        if not subscriptions:
            self.stdout.write("Nothing to refresh.")
            return
        self._refresh(subscriptions, force=force, accept_shrink=accept_shorter)

    def _refresh(self, subscriptions, *, force, accept_shrink):
        failed = []
        for subscription in subscriptions:
            record = refresh.refresh(
                subscription,
                trigger=Refresh.Trigger.COMMAND,
                force=force,
                accept_shrink=accept_shrink,
            )
            if record is None:
                self.stdout.write(f"{subscription.name}: being refreshed elsewhere right now.")
                continue
            self._report(subscription, record)
            if record.failed:
                failed.append(subscription.name)
        schedule.ensure_scheduled()
        if failed:
            raise CommandError(f"Refresh failed for: {', '.join(failed)}.")

    def _report(self, subscription, record):
        if record.failed:
            self.stderr.write(f"{subscription.name}: FAILED: {record.error}")
            return
        counts = record.counts
        if record.result == Refresh.Result.UNCHANGED:
            self.stdout.write(
                f"{subscription.name}: no change upstream ({counts.get('entries', 0)} meetings)"
                + (f", {counts['unpublished']} unpublished" if counts.get("unpublished") else "")
                + "."
            )
            return
        self.stdout.write(
            f"{subscription.name}: {counts['entries']} meetings: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['unpublished']} unpublished, {counts['restored']} back, "
            f"{counts['duplicates']} listed already, {counts['detached']} detached, "
            f"{counts['refused']} refused."
        )
        for problem in record.problems:
            name = f" “{problem['name']}”" if problem.get("name") else ""
            self.stderr.write(f"  refused{name} ({problem['key']}): {problem['reason']}")
        for note in record.notes:
            self.stdout.write(f"  note: {note}")

    # list

    def handle_list(self, **options):
        subscriptions = Subscription.objects.select_related("last_refresh")
        if not subscriptions:
            self.stdout.write("No subscriptions yet: add one with `feed_subscriptions add`.")
            return
        for subscription in subscriptions:
            last = subscription.last_refresh
            if last is None:
                result = "not read yet"
            elif last.failed:
                result = f"FAILED {last.started_at:%Y-%m-%d %H:%M}: {last.error}"
            else:
                result = f"{last.get_result_display()} {last.started_at:%Y-%m-%d %H:%M}"
            state = "active" if subscription.active else "paused"
            next_run = (
                f"{subscription.next_run_at:%Y-%m-%d %H:%M}" if subscription.next_run_at else "—"
            )
            self.stdout.write(
                f"{subscription.name} [{subscription.get_format_display()}, {state}] "
                f"{subscription.url}\n  last: {result}; {subscription.entries} meetings; "
                f"next: {next_run}"
            )

    # lookups
