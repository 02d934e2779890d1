"""A listing, flattened into the one document both search engines read.

Everything time-dependent is derived at query time from `sessions` and
`timezone`, except `occurrences`: concrete start and end instants (UTC epoch
seconds) for the next weeks, which let Elasticsearch filter and sort by
"starting soon" without scripts. They are refreshed by `directory_index sync`.
"""

from datetime import time, timedelta
from functools import lru_cache

from django.utils import timezone, translation
from django.utils.html import strip_tags

from wagtail.models import Site

from directory.choices import Audience, Kind
from directory.meeting_guide import types as meeting_types
from directory.schedules import Session, occurrences
from directory.site_language import content_language, site_languages
from search.text import fold

OCCURRENCE_WEEKS = 4


def time_windows(start):
    """The time-of-day windows a start time falls in; they overlap at the edges."""
    minutes = start.hour * 60 + start.minute
    windows = []
    if 4 * 60 <= minutes < 12 * 60:
        windows.append("morning")
    if 11 * 60 <= minutes < 17 * 60:
        windows.append("midday")
    if 16 * 60 <= minutes < 21 * 60:
        windows.append("evening")
    if minutes >= 20 * 60 or minutes < 5 * 60:
        windows.append("night")
    return windows


def _location(location, names):
    return {
        "name": location.name,
        # {language: name} where staff translated the place's name (directory.translations).
        "names": names.get(location.translation_key, {}),
        "address": location.street_address,
        "city": location.city,
        "region": location.region,
        "postal_code": location.postal_code,
        # None for a place abroad that has no map point yet.
        "lat": float(location.latitude) if location.latitude is not None else None,
        "lon": float(location.longitude) if location.longitude is not None else None,
        "approximate": location.coordinates_approximate or not location.has_street_address,
        "accessible": location.wheelchair_accessible,
    }


def _online(listing):
    url = getattr(listing, "conference_url", "") or getattr(listing, "online_url", "")
    phone = getattr(listing, "conference_phone", "")
    return {"url": url, "phone": phone} if url or phone else None


def _categories(listing):
    categories = list(listing.categories.all())  # prefetched with their parents
    slugs = {c.slug for c in categories} | {c.parent.slug for c in categories if c.parent_id}
    labels = [{"slug": c.slug, "label": c.name} for c in categories]
    return sorted(labels, key=lambda c: c["label"]), sorted(slugs)


def _translated_names(categories, category_names):
    """The listing's category names in the site's other languages, where they differ."""
    words = []
    for names in (category_names or {}).values():
        for category in categories:
            name = names.get(category["slug"])
            if name and name != category["label"] and name not in words:
                words.append(name)
    return words


def _labels(listing, types):
    """Words for what a listing is, in every language of the site, so "women's meeting"
    and "reunión de mujeres" or "class" and "clase" find it by name."""
    audiences = tuple(listing.audiences or ())
    return list(_words_for(type(listing), listing.kind, tuple(types), audiences))


@lru_cache(maxsize=4096)
def _words_for(model, kind, types, audiences):
    # Remembered: a rebuild asks for the same few combinations many thousand times.
    labels = []
    for language in site_languages():
        with translation.override(language):
            labels += [str(Kind(kind).label), str(model._meta.verbose_name)]
            labels += [meeting_types.label(code, language) for code in types]
            labels += [str(Audience(a).label) for a in audiences if a in Audience]
    return tuple(dict.fromkeys(labels))  # once each, in order


def public_path(listing):
    """The listing's path on its site, as Wagtail serves it from the site root.

    Equivalent to Page.get_url() for pages of the default site, without a URL
    reversal per listing (a rebuild builds many thousands).
    """
    for root in Site.get_site_root_paths():
        if listing.url_path.startswith(root.root_path):
            return "/" + listing.url_path[len(root.root_path) :]
    return listing.get_url() or listing.url_path


def _translations(translations):
    """{language: its words} of a listing's live translations (directory.translations)."""
    return {
        page.locale.language_code: {
            "title": page.title,
            "summary": page.summary,
            "description": strip_tags(page.description or "").strip(),
        }
        for page in translations
    }


def document_words(document, language):
    """(title, summary, the language they are in) of a document for a reader of
    `language`: its translation's words where staff wrote one, else its own."""
    translated = document.get("translations", {}).get(language)
    if translated:
        return translated["title"], translated["summary"], language
    return document["title"], document["summary"], content_language(document)


def suggestion(document, language):
    """What a suggestion offers of a document to a reader of `language`: its title in
    that language where staff translated it, and where it is."""
    translated = document.get("translations", {}).get(language)
    title = translated["title"] if translated else document["title"]
    return {"text": title, "url": document["url"], "id": document["id"]}


def place_name(location, language):
    """(name, the language it is in, or None for the document's own) of a document's
    place for a reader of `language`: its translation's where staff made one."""
    translated = location.get("names", {}).get(language)
    return (translated, language) if translated else (location["name"], None)


def build_document(listing, now=None, translations=(), category_names=None, place_names=None):
    """The search document of one live listing (a specific ListingPage subclass).

    `translations` are its live translations into the site's other languages,
    `category_names` ({language: {slug: name}}) the categories' names in them and
    `place_names` ({place's translation_key: {language: name}}) its places', so a
    search in another language finds the listing by its own words there too and
    shows them.
    """
    now = now or timezone.now()
    schedule = listing.schedule()
    zone = listing.timezone_name
    locations = [_location(location, place_names or {}) for location in listing.locations]
    categories, category_slugs = _categories(listing)
    types = sorted(getattr(listing, "types", []) or [])
    windows = sorted({w for session in schedule for w in time_windows(session.start)})
    if listing.by_appointment:
        windows.append("appointment")
    horizon = now + timedelta(weeks=OCCURRENCE_WEEKS)
    upcoming = [
        {"start": int(start.timestamp()), "end": int(end.timestamp())}
        for start, end in occurrences(
            schedule, zone, now, days_back=1, days_ahead=OCCURRENCE_WEEKS * 7
        )
        if end > now - timedelta(days=1)
    ]
    organization = listing.organization.name if listing.organization_id else ""
    accessible = any(loc["accessible"] for loc in locations if not loc["approximate"]) or (
        "X" in types
    )
    attendance = listing.attendance
    return {
        "id": listing.pk,
        "url": public_path(listing),
        "title": listing.title,
        "kind": listing.kind,
        "kind_label": str(Kind(listing.kind).label),
        "labels": _labels(listing, types) + _translated_names(categories, category_names),
        "summary": listing.summary,
        "description": strip_tags(listing.description or "").strip(),
        "translations": _translations(translations),
        "organization": organization,
        "categories": categories,
        "category_slugs": category_slugs,
        "types": types,
        "attendance": attendance.value if attendance else None,
        "locations": locations,
        "online": _online(listing),
        "schedule": [
            {
                "day": s.day,
                "start": s.start.strftime("%H:%M"),
                "end": s.end.strftime("%H:%M") if s.end else None,
            }
            for s in schedule
        ],
        "days": sorted({s.day for s in schedule}),
        "times": windows,
        "by_appointment": listing.by_appointment,
        "timezone": zone,
        "occurrences": upcoming,
        "occurrences_until": int(horizon.timestamp()),
        "free": listing.is_free,
        "cost": listing.cost_description,
        "languages": sorted(listing.languages or []),
        "audiences": sorted(listing.audiences or []),
        "accessible": accessible,
        "last_verified": listing.last_verified.isoformat() if listing.last_verified else None,
    }


def title_text(document):
    """A document's titles in every language, which suggestions and title matches read."""
    titles = [t["title"] for t in document.get("translations", {}).values()]
    return " ".join([document["title"], *titles])


def place_text(location):
    """The words a search finds a document's place by: its names in every language,
    its street, city and postcode."""
    names = [location["name"], *location.get("names", {}).values()]
    return [*names, location["address"], location["city"], location["postal_code"]]


def document_text(document):
    """Everything the database engine matches a query against: the fields the
    Elasticsearch engine searches (its TEXT_FIELDS), folded."""
    parts = [
        document["title"],
        document["summary"],
        document["description"],
        document["organization"],
        document["kind_label"],
    ]
    for translated in document.get("translations", {}).values():
        parts += [translated["title"], translated["summary"], translated["description"]]
    parts += [c["label"] for c in document["categories"]] + document["category_slugs"]
    parts += document["labels"]
    for location in document["locations"]:
        parts += place_text(location)
    return fold(" ".join(part for part in parts if part))


def document_sessions(document):
    """The weekly sessions of a stored document, back as Session tuples."""
    return [
        Session(
            s["day"],
            time.fromisoformat(s["start"]),
            time.fromisoformat(s["end"]) if s["end"] else None,
        )
        for s in document["schedule"]
    ]
