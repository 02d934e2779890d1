"""Search results as the public pages show them, and the mixin for pages that list them.

/search/, the directory sections, the browse pages and the home page's
"starting soon" all take the same query (search.query) to the same engine
(search.engines) and shape the answer for people here: result cards with the
next session in words, filters with counts, removable chips, pages, and what
to try when nothing is found.
"""

from dataclasses import replace

from django.conf import settings
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import Kind
from directory.distance import to_units
from directory.paging import page_count
from directory.schedules import when_text
from directory.site_language import address_in, current_language, other_language, page_url
from directory.translations import category_labels
from search.documents import document_words, place_name
from search.engines import get_engine
from search.query import REPEATABLE, parse_query
from search.serializers import category_names, facet_label, facets_json

RESULTS_TEMPLATE = "home/search_page.html"

RADIUS_CHOICES = (1, 2, 5, 10, 15, 25, 50, 100)
SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "distance": gettext_lazy("Nearest"),
    "soonest": gettext_lazy("Starting soonest"),
    "name": gettext_lazy("Name"),
}


def results_response(request, template, context, status):
    """A results page, which no cache may keep: its address and its text can hold the
    visitor's place (near=, lat/lon, the distances), and a shared cache would keep that."""
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def query_url(path, query, **extra):
    # The page's address already says its language, so links leave `lang` out.
    params = [(name, value) for name, value in query.to_params() if name != "lang"]
    params += [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
    return f"{path}?{urlencode(params)}" if params else path


def chips(path, query, facets):
    """Each active filter, with the address of the same search without it. A filter that
    matched nothing has no facet entry, so its label comes from the same names."""
    entries = {facet: {str(e["value"]): e for e in entries} for facet, entries in facets.items()}
    # Category names are the only labels read from the database (through the cache).
    names = category_names() if query.categories else {}
    found = []
    for param, attribute in REPEATABLE.items():
        for value in getattr(query, attribute):
            entry = entries.get(param, {}).get(str(value))
            found.append(
                {
                    "param": param,
                    "label": entry["label"] if entry else facet_label(param, value, names),
                    "lang": entry.get("lang", "") if entry else facet_lang(param, value),
                    "url": query_url(path, query.without(param, value)),
                }
            )
    for param, label in (
        ("free", _("Free") if query.free else _("With a fee")),
        ("accessible", _("Wheelchair accessible")),
        ("in_progress", _("Happening now")),
        ("starting_within", _("Starting within %(n)s minutes") % {"n": query.starting_within}),
    ):
        value = getattr(query, param)
        if value not in (None, False):
            found.append({"label": label, "url": query_url(path, query.without(param))})
    if query.q:
        found.append(
            {
                "label": _("“%(words)s”") % {"words": query.q},
                "url": query_url(path, query.without("q")),
            }
        )
    if query.point is not None:
        found.append(
            {
                "label": _("Near %(place)s") % {"place": query.point.label},
                "url": query_url(path, query.without("near")),
            }
        )
    return found


def facet_lang(facet, value):
    """The language of a facet entry's label when it is not the page's: a category's
    name is staff's words, in the language being read where they translated it."""
    if facet != "category":
        return ""
    _name, language = category_labels().get(str(value), ("", settings.LANGUAGE_CODE))
    return other_language(language)


def result_cards(results, query, now):
    """What a result card shows of each hit, in the language being read: the kind and
    the next session in its words, the listing's address in its language, and the
    listing's own text marked with its language ("lang") when that is another."""
    language = current_language()
    cards = []
    for hit in results.hits:
        document = hit.document
        distance = None
        if hit.distance_km is not None and query.point is not None:
            distance = round(to_units(hit.distance_km, query.units), 1)
        location = document["locations"][0] if document["locations"] else None
        title, summary, words_language = document_words(document, language)
        place, place_language = None, None
        if location and not location["approximate"]:
            name, place_language = place_name(location, language)
            place = {**location, "name": name}
        cards.append(
            {
                "document": document,
                "url": address_in(document["url"], language),
                "kind_label": Kind(document["kind"]).label,
                "title": title,
                "summary": summary,
                # Its title and summary's language, and its places', when another.
                "lang": other_language(words_language),
                "place_lang": other_language(place_language or document),
                "next": when_text(hit.next_start, now) if hit.next_start else None,
                "distance": distance,
                "place": place,
                "lat": location["lat"] if location else None,
                "lon": location["lon"] if location else None,
            }
        )
    return cards


def pagination(path, query, total):
    pages = page_count(total, query.page_size)
    if pages == 1:
        return None
    window = range(max(1, query.page - 2), min(pages, query.page + 2) + 1)
    return {
        "pages": pages,
        "current": query.page,
        "previous": query_url(path, query, page=query.page - 1) if query.page > 1 else None,
        "next": query_url(path, query, page=query.page + 1) if query.page < pages else None,
        "window": [{"number": n, "url": query_url(path, query, page=n)} for n in window],
    }


def next_steps(path, query):
    """What to try when nothing was found: a wider radius, fewer filters."""
    steps = []
    if query.point is not None and not query.radius_auto:
        wider = replace(query, radius=None, radius_auto=True, page=1)
        steps.append({"label": _("Search further away"), "url": query_url(path, wider)})
    unfiltered = replace(
        query,
        kinds=(),
        categories=(),
        types=(),
        days=(),
        times=(),
        attendance=(),
        free=None,
        languages=(),
        accessible=False,
        audiences=(),
        starting_within=None,
        in_progress=False,
        page=1,
    )
    if unfiltered != query:
        steps.append({"label": _("Clear all filters"), "url": query_url(path, unfiltered)})
    return steps


def search_context(params, path, preset=None):
    """Everything a search results template needs, for /search/ and the browse pages."""
    query, errors = parse_query(params, lang=current_language())
    context = {
        "errors": errors,
        "map_tiles": settings.MAP_TILE_URL,
        "radius_choices": RADIUS_CHOICES,
        "sort_labels": SORT_LABELS,
        "path": path,
        "params": params,
    }
    if errors:
        return context
    preset = preset or {}
    now = timezone.now()
    results = get_engine().search(query, now=now)
    selected = {
        param: {str(v) for v in getattr(query, attribute)}
        for param, attribute in REPEATABLE.items()
    }
    facets = facets_json(results.facets)
    for facet, entries in facets.items():
        for entry in entries:
            entry["selected"] = str(entry["value"]) in selected.get(facet, ())
    for facet, entries in facets.items():
        for entry in entries:
            entry["lang"] = facet_lang(facet, entry["value"])
    cards = result_cards(results, query, now)
    context.update(
        {
            "query": query,
            "results": results,
            "cards": cards,
            "map_points": [
                {
                    "title": c["title"],
                    "url": c["url"],
                    "lat": c["lat"],
                    "lon": c["lon"],
                }
                for c in cards
                if c["lat"] is not None
            ],
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
            "facets": facets,
            "chips": [
                chip for chip in chips(path, query, facets) if chip.get("param") not in preset
            ],
            "pagination": pagination(path, query, results.total),
            "next_steps": next_steps(path, query) if not results.total else [],
            "selected": selected,
        }
    )
    return context


class SearchResultsMixin:
    """For a page that lists part of the directory through the search.

    The page says which part with search_preset() (query parameters that
    always apply, such as {"kind": ["meeting"]}); visitors refine it with the
    same form and filters as /search/, and a mistake in their parameters is a
    400 that names it. A page calls render_results() from serve() or a route.
    """

    def search_preset(self):
        return {}

    def render_results(self, request):
        preset = self.search_preset()
        params = request.GET.copy()
        for name, values in preset.items():
            params.setlist(name, values)
        context = search_context(params, page_url(self, request), preset=preset)
        context.update({"page": self, "self": self, "request": request})
        status = 400 if context["errors"] else 200
        return results_response(request, RESULTS_TEMPLATE, context, status)


def starting_soon(limit=5, minutes=120):
    """Meetings about to start anywhere in the directory, soonest first."""
    now = timezone.now()
    query, _errors = parse_query(
        QueryDict(f"kind=meeting&starting_within={minutes}&page_size={limit}"),
        lang=current_language(),
    )
    return result_cards(get_engine().search(query, now=now), query, now)
