"""`manage.py makemessages -l es`: the catalogue in locale/ updated from the project's own
code and templates (`make messages` runs it, then compiles the result)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Not the virtualenv, local data, tests or tools: they hold no words the site shows.
    IGNORED = [".venv", "var", "tests", "es", "bench", "node_modules", "*/node_modules"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *self.IGNORED]
        # File names without line numbers, so an edit elsewhere in a file leaves the
        # catalogue alone; strings no longer used leave it.
        options["add_location"] = options["add_location"] or "file"
        options["no_obsolete"] = True
        return super().handle(*args, **options)
