"""Report a problem with a listing: the form, the thank-you page, the limit page.

No account, no cookie but the CSRF one the form needs, and nothing about the
visitor is kept: not their address, browser or whereabouts.
"""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from directory.models import ListingPage
from directory.models.sources import attached_source
from directory.site_language import page_url
from problem_reports import guards
from problem_reports.forms import ProblemReportForm
from problem_reports.models import ProblemReport


def _listing(listing_id):
    """A listing anyone can see; drafts, unpublished and private listings are not found."""
    return get_object_or_404(ListingPage.objects.in_directory().public(), pk=listing_id)


def _thank_you(listing):
    # 303: the browser fetches the thank-you page with GET, so reloading it
    # never sends the report twice.
    response = redirect("reports:thanks", listing_id=listing.pk)
    response.status_code = 303
    return response


def _context(request, listing, **extra):
    return {
        "listing": listing,
        "listing_url": page_url(listing, request),
        # Kept current from someone else's list: corrections must be made there.
        "source": attached_source(listing),
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, listing_id):
    listing = _listing(listing_id)

    if request.method == "GET":
        form = ProblemReportForm(listing_id=listing.pk)
        context = _context(request, listing, form=form, stamp=guards.make_stamp(listing.pk))
        return TemplateResponse(request, "problem_reports/report_form.html", context)

    if guards.is_over_limit(request):
        # Show back what they wrote, so that it is not lost.
        details = request.POST.get("details", "")[: ProblemReport.DETAILS_MAX_LENGTH * 2]
        response = TemplateResponse(
            request,
            "problem_reports/too_many.html",
            _context(request, listing, details=details),
            status=429,
        )
        response["Retry-After"] = str(guards.rate_window())
        return response

    form = ProblemReportForm(request.POST, listing_id=listing.pk)
    if form.is_honeypot_filled:
        # Only a bot fills the hidden field; let it believe it got through.
        guards.count_report(request)
        return _thank_you(listing)

    if not form.is_valid():
        # Keep a good stamp, so the time already spent on the form still counts.
        stamp = request.POST.get("stamp") if "stamp" not in form.errors else None
        context = _context(
            request,
            listing,
            form=form,
            stamp=stamp or guards.make_stamp(listing.pk),
            error_summary=form.error_summary(),
        )
        return TemplateResponse(request, "problem_reports/report_form.html", context, status=400)

    guards.count_report(request)
    if form.cleaned_data["stamp"] < guards.min_seconds():
        # Faster than anyone can read and type: a bot. Pretend, and keep nothing.
        return _thank_you(listing)
    form.save(listing)
    return _thank_you(listing)


@require_GET
def thanks(request, listing_id):
    listing = _listing(listing_id)
    return TemplateResponse(request, "problem_reports/thanks.html", _context(request, listing))
