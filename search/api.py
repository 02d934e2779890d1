"""The JSON API of version 1: search, suggestions, one listing, and its OpenAPI document.

Each answers in the language its `lang` parameter names (en, the default, or
es): the messages about mistakes, the labels of facets, and the addresses of
the listings' pages (the Spanish ones under /es/).
"""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.models import ListingPage
from directory.site_language import address_in
from search.engines import get_engine
from search.models import SearchDocument
from search.openapi import openapi_document
from search.query import DirectoryQuery, parse_lang, parse_query
from search.results import Hit
from search.serializers import hit_json, results_json

MAX_SUGGEST_LENGTH = 200


def _json(body, status=200):
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    # A search can carry where the visitor is; no shared cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


def page_address(request, lang):
    """The full address of a public page (given by its path), in `lang`."""
    return lambda path: request.build_absolute_uri(address_in(path, lang))


def errors(*entries, status=400):
    return _json({"errors": [{"param": p, "message": m} for p, m in entries]}, status=status)


@require_GET
def search(request):
    query, problems = parse_query(request.GET)
    if problems:
        return _json({"errors": problems}, status=400)
    results = get_engine().search(query)
    with translation.override(query.lang):
        return _json(results_json(results, query, page_address(request, query.lang)))


@require_GET
def suggest(request):
    lang, problems = parse_lang(request.GET)
    if problems:
        return _json({"errors": problems}, status=400)
    text = request.GET.get("q", "").strip()
    if len(text) > MAX_SUGGEST_LENGTH:
        with translation.override(lang):
            message = _("Keep the words under %(max)d characters.") % {"max": MAX_SUGGEST_LENGTH}
        return errors(("q", message))
    suggestions = get_engine().suggest(text, limit=10, lang=lang) if text else []
    address = page_address(request, lang)
    return _json(
        {"suggestions": [{"text": s["text"], "url": address(s["url"])} for s in suggestions]}
    )


@require_GET
def listing(request, listing_id):
    lang, problems = parse_lang(request.GET)
    if problems:
        return _json({"errors": problems}, status=400)
    stored = SearchDocument.objects.filter(listing_id=listing_id).first()
    page = ListingPage.objects.in_directory().filter(pk=listing_id).specific().first()
    if stored is None or page is None:
        with translation.override(lang):
            message = _(
                "No published listing has this number. It may have been removed; try a new search."
            )
        return errors(("id", message), status=404)
    body = hit_json(
        Hit(stored.data, None, page.next_start()),
        DirectoryQuery(lang=lang),
        page_address(request, lang),
    )
    body.update(
        {
            "description": page.description,
            "organization": stored.data["organization"] or None,
            "contact": {
                "name": page.contact_name,
                "phone": page.contact_phone,
                "email": page.contact_email,
                "website": page.website,
            },
            "eligibility": page.eligibility,
            "cost": page.cost_description,
            "audiences": page.audiences,
            "needs_verification": page.needs_verification,
        }
    )
    return _json(body)


@require_GET
def openapi(request):
    return _json(openapi_document(request.build_absolute_uri("/api/v1/")))
