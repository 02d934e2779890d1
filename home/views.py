"""/search/ and /happening-now/: the directory's own search pages."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode

from directory.site_language import current_language
from home.results import (
    RADIUS_CHOICES,
    RESULTS_TEMPLATE,
    result_cards,
    results_response,
    search_context,
)
from search.engines import get_engine
from search.query import parse_query


def search_page(request):
    context = search_context(request.GET, request.path)
    status = 400 if context["errors"] else 200
    return results_response(request, RESULTS_TEMPLATE, context, status)


def happening_now(request):
    """Meetings under way now or starting within the hour, near a place if one is given."""
    now = timezone.now()
    place = {k: v for k, v in request.GET.items() if k in ("near", "lat", "lon", "radius")}
    lang = current_language()
    query, errors = parse_query(QueryDict(urlencode({**place, "kind": "meeting"})), lang=lang)
    context = {
        "errors": errors,
        "params": request.GET,
        "path": request.path,
        "radius_choices": RADIUS_CHOICES,
    }
    if not errors:
        cards, seen = [], set()
        for extra in ({"in_progress": "true"}, {"starting_within": "60"}):
            params = QueryDict(
                urlencode(
                    {**place, "kind": "meeting", "page_size": 100, "sort": "soonest", **extra}
                )
            )
            extra_query, _errors = parse_query(params, lang=lang)
            results = get_engine().search(extra_query, now=now)
            for card in result_cards(results, extra_query, now):
                if card["document"]["id"] not in seen:
                    seen.add(card["document"]["id"])
                    card["in_progress"] = "in_progress" in extra
                    cards.append(card)
        context.update({"query": query, "cards": cards, "degraded": results.degraded})
    status = 400 if errors else 200
    return results_response(request, "home/happening_now.html", context, status)
