from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports import runs
from imports.models import ImportRun
from imports.reading import FileProblem
from imports.sections import named_category, named_section


class Command(BaseCommand):
    help = (
        "Import meetings from a Meeting Guide JSON feed or a CSV file, given as a path or "
        "an http(s) address. Without --apply it only checks: it says how many meetings "
        "would be created, updated and left unchanged, and lists every row it would "
        "refuse with its line and reason. With --apply, and only when no row is refused, "
        "it applies everything in one transaction. Meetings are matched by their feed "
        "slug, so importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file path, or a URL such as https://…/meetings.json")
        parser.add_argument(
            "--apply", action="store_true", help="Apply the import if it checks out."
        )
        parser.add_argument(
            "--section",
            help="Slug or id of the directory section new meetings go under (default: the "
            "section that holds meetings).",
        )
        parser.add_argument("--category", help="Slug or name of a category for every meeting.")
        parser.add_argument("--user", help="Username recorded as having run the import.")

    def handle(self, *args, source, apply, section, category, user, **options):
        section = named_section(section)
        category = named_category(category)
        user = self._user(user)
        try:
            if source.startswith(("http://", "https://")):
                data = runs.fetch(source)
            else:
                path = Path(source)
                if not path.is_file():
                    raise FileProblem(f"There is no file at {source}.")
                data = path.read_bytes()
        except FileProblem as problem:
            raise CommandError(str(problem)) from problem
        run = runs.receive(data, source=source, user=user, section=section, category=category)
        runs.check(run)
        self._report(run)
        if run.status != ImportRun.Status.READY:
            raise CommandError("Nothing was imported: fix the rows above and run it again.")
        if not apply:
            if run.can_apply:
                self.stdout.write("This was a dry run. Add --apply to import it.")
            return
        if not run.can_apply:
            self.stdout.write("Nothing to change.")
            return
        counts = runs.apply(run, user)
        if counts is None:
            run.refresh_from_db()
            self._report(run)
            raise CommandError("Nothing was imported: the data changed since the check.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )

    def _report(self, run):
        if run.error:
            self.stderr.write(run.error)
            return
        summary = run.summary
        self.stdout.write(
            f"{summary.get('rows', 0)} rows: {summary.get('created', 0)} to create, "
            f"{summary.get('updated', 0)} to update, {summary.get('unchanged', 0)} unchanged, "
            f"{summary.get('rejected', 0)} refused."
        )
        for problem in run.problems:
            name = f" “{problem['name']}”" if problem.get("name") else ""
            self.stderr.write(f"{problem['where']}{name}: {problem['reason']}")
        if run.problems_total > len(run.problems):
            self.stderr.write(
                f"… and {run.problems_total - len(run.problems):,} more problems "
                f"({run.problems_total:,} in all); fix these and check again."
            )
        for note in run.notes:
            self.stdout.write(f"Note: {note}")

    def _user(self, value):
        if not value:
            return None
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise CommandError(f"There is no user “{value}”.")
        return user
