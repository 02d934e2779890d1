"""The admin's import pages: upload, watch the check, read the dry run, apply."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports import runs
from imports.forms import ImportForm
from imports.models import ImportRun
from imports.sections import default_section
from imports.tasks import apply_import, check_import

PERMISSION = "imports.add_importrun"
# After this long in the queue the page suggests the worker may be down.
WORKER_HINT_AFTER = timedelta(seconds=30)


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def index(request):
    _require(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = runs.receive(
                # One byte past the limit is enough to refuse a file as too big.
                upload.read(settings.IMPORT_MAX_BYTES + 1),
                source=upload.name,
                user=request.user,
                section=form.cleaned_data["section"],
                category=form.cleaned_data["category"],
            )
            if run.status == ImportRun.Status.WAITING:
                ImportRun.objects.filter(pk=run.pk).update(queued_at=timezone.now())
                check_import.enqueue(run.pk)
            return redirect("imports:run", run.pk)
    else:
        form = ImportForm(initial={"section": default_section()})
    return TemplateResponse(
        request,
        "imports/admin/index.html",
        {
            "form": form,
            # The list shows counts only: each run's problems (up to 500) stay unread.
            "recent": ImportRun.objects.select_related("created_by", "applied_by").defer(
                "problems", "notes", "error"
            )[:20],
            "page_title": _("Import meetings"),
        },
    )


def run_detail(request, pk):
    _require(request)
    run = get_object_or_404(ImportRun.objects.select_related("section", "category"), pk=pk)
    waiting = run.status in (ImportRun.Status.WAITING, ImportRun.Status.APPLY_WAITING)
    return TemplateResponse(
        request,
        "imports/admin/run.html",
        {
            "run": run,
            "page_title": _("Import of %(source)s") % {"source": run.source},
            "worker_hint": waiting
            and run.queued_at is not None
            and timezone.now() - run.queued_at > WORKER_HINT_AFTER,
        },
    )


@require_POST
def apply(request, pk):
    _require(request)
    run = get_object_or_404(ImportRun, pk=pk)
    if not run.can_apply:
        messages.error(request, _("Only a checked import with no refused rows can be applied."))
        return redirect("imports:run", run.pk)
    run.status, run.queued_at = ImportRun.Status.APPLY_WAITING, timezone.now()
    run.save(update_fields=["status", "queued_at"])
    apply_import.enqueue(run.pk, request.user.pk)
    return redirect("imports:run", run.pk)
