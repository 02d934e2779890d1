"""The life of an ImportRun: received, checked (the dry run), applied.

The admin and `manage.py import_meetings` both go through here; the admin
runs the check and the apply as background tasks (imports.tasks).
"""

import logging
import urllib.error
import urllib.request
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.apply import Applier
from imports.models import ImportRun
from imports.plan import make_plan
from imports.reading import FileProblem, decode, read_text

logger = logging.getLogger(__name__)
FETCH_TIMEOUT = 30


def file_name(source):
    """The name to keep a file under: its own, or the last part of the address it came from."""
    path = urlsplit(source).path if "://" in source else source
    return PurePosixPath(path.replace("\\", "/")).name or "meetings"


def receive(data, *, source, user=None, section=None, category=None):
    """A new run keeping the file; refused at once if the file cannot be read."""
    run = ImportRun(created_by=user, source=source[:500], section=section, category=category)
    try:
        decode(data)
    except FileProblem as problem:
        run.status = ImportRun.Status.REJECTED
        run.error = str(problem)
    else:
        run.upload.save(file_name(source), ContentFile(data), save=False)
    run.save()
    return run


def read_upload(run):
    with run.upload.open("rb") as upload:
        return upload.read()


def fetch(url):
    """The bytes at an http(s) address, at most IMPORT_MAX_BYTES (one more to tell)."""
    if not url.startswith(("https://", "http://")):
        raise FileProblem(_("Give a file path or an address starting with https://."))
    request = urllib.request.Request(url, headers={"Accept": "application/json, text/csv"})  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            return response.read(settings.IMPORT_MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FileProblem(
            _("Could not fetch %(url)s: %(reason)s.") % {"url": url, "reason": reason}
        ) from error


def _plan(run):
    source = read_text(decode(read_upload(run)))
    run.format = source.format
    return make_plan(
        source,
        category=run.category,
        progress=lambda done, total: run.report(_("Checking rows"), done, total),
    )


def check(run):
    """The dry run: what applying would do, and every row that stops it. Returns the plan."""
    if run.status == ImportRun.Status.REJECTED and run.error:
        return None
    run.status = ImportRun.Status.CHECKING
    run.save(update_fields=["status"])
    try:
        plan = _plan(run)
    except FileProblem as problem:
        run.status, run.error = ImportRun.Status.REJECTED, str(problem)
        run.checked_at = timezone.now()
        run.save()
        return None
    run.summary, run.notes = plan.summary, plan.notes
    run.problems = plan.problems[: ImportRun.MAX_STORED_PROBLEMS]
    run.problems_total = len(plan.problems)
    run.status = ImportRun.Status.READY if not plan.problems else ImportRun.Status.REJECTED
    run.checked_at = timezone.now()
    run.stage, run.done, run.total = "", 0, 0
    run.save()
    return plan


def apply(run, user=None):
    """Check again against today's data, then apply it all or nothing. Returns the counts."""
    plan = check(run)
    if plan is None or plan.problems:
        return None
    run.status = ImportRun.Status.APPLYING
    run.save(update_fields=["status"])
    counts = Applier(plan, section=run.section, user=user, report=run.report).apply()
    run.summary = {**plan.summary, **counts}
    run.status = ImportRun.Status.APPLIED
    run.applied_at, run.applied_by = timezone.now(), user
    run.stage, run.done, run.total = "", 0, 0
    run.save()
    return counts


def fail(run, error):
    logger.exception("Import %s failed", run.pk)
    run.status = ImportRun.Status.FAILED
    run.error = _(
        "The import stopped because of an error (%(error)s). Nothing it was writing was "
        "kept; try again, and tell whoever runs the site if it happens again."
    ) % {"error": type(error).__name__}
    run.save()
