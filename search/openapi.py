"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from directory.choices import Attendance, Audience, Kind

SEARCH_PARAMETERS = [
    (
        "q",
        "string",
        "Words to match in name, summary, description, organization, location "
        "and categories; typo-tolerant, with synonyms. At most 200 characters.",
        False,
    ),
    ("lat", "number", "Latitude of the searcher's point, with lon.", False),
    ("lon", "number", "Longitude of the searcher's point, with lat.", False),
    (
        "near",
        "string",
        "A US ZIP code (80205) or “City, ST” (Denver, CO), resolved offline. "
        "Not together with lat/lon.",
        False,
    ),
    (
        "radius",
        "string",
        "Distance from the point, in (0, 500], or `auto` to widen until "
        "min_results listings are inside. Default 25.",
        False,
    ),
    ("units", "string", "`mi` (default) or `km`, for radius and distances.", False),
    (
        "min_results",
        "integer",
        "With radius=auto: how many listings to reach (1–100, default 10).",
        False,
    ),
    ("kind", "string", "Kinds of listing: " + ", ".join(Kind.values) + ".", True),
    ("category", "string", "Category slugs; a top-level slug includes its children.", True),
    ("type", "string", "Meeting Guide type codes; all must match.", True),
    ("day", "string", "Days with a session: 0–6 (0 is Sunday) or sun…sat.", True),
    ("time", "string", "Start time windows: morning, midday, evening, night, appointment.", True),
    ("attendance", "string", "How people attend: " + ", ".join(Attendance.values) + ".", True),
    ("free", "boolean", "Free (true) or with a fee (false).", False),
    ("language", "string", "ISO 639-1 language codes.", True),
    ("accessible", "boolean", "true: wheelchair accessible only.", False),
    ("audience", "string", "Especially for: " + ", ".join(Audience.values) + ".", True),
    (
        "starting_within",
        "integer",
        "The next session starts within this many minutes (1–1440).",
        False,
    ),
    ("in_progress", "boolean", "true: a session is under way now.", False),
    (
        "sort",
        "string",
        "relevance, distance, soonest or name. Default: relevance with q, "
        "else distance with a point, else soonest.",
        False,
    ),
    ("page", "integer", "Page number, from 1.", False),
    ("page_size", "integer", "Results per page, 1–100 (default 20).", False),
]
LANG_PARAMETER = (
    "lang",
    "string",
    "The language of the answer: messages about mistakes, facet labels and the "
    "addresses of listings' pages (Spanish ones under /es/). `en` (default) or `es`.",
    False,
)

ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["param", "message"],
                "properties": {"param": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}

LOCATION = {
    "type": ["object", "null"],
    "properties": {
        "name": {"type": "string"},
        "address": {"type": "string"},
        "city": {"type": "string"},
        "region": {"type": "string"},
        "postal_code": {"type": "string"},
        "lat": {"type": "number"},
        "lon": {"type": "number"},
        "approximate": {"type": "boolean"},
    },
}

RESULT = {
    "type": "object",
    "required": [
        "id",
        "url",
        "title",
        "kind",
        "summary",
        "categories",
        "types",
        "attendance",
        "distance",
        "location",
        "online",
        "schedule",
        "timezone",
        "next_start",
        "free",
        "languages",
        "accessible",
        "last_verified",
    ],
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "kind": {"type": "string", "enum": list(Kind.values)},
        "summary": {"type": "string"},
        "categories": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"slug": {"type": "string"}, "label": {"type": "string"}},
            },
        },
        "types": {"type": "array", "items": {"type": "string"}},
        "attendance": {"type": ["string", "null"], "enum": [*Attendance.values, None]},
        "distance": {
            "type": ["number", "null"],
            "description": "To the nearest location, in the query's units.",
        },
        "location": LOCATION,
        "online": {
            "type": ["object", "null"],
            "properties": {"url": {"type": "string"}, "phone": {"type": "string"}},
        },
        "schedule": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "day": {"type": "integer", "minimum": 0, "maximum": 6},
                    "start": {"type": "string"},
                    "end": {"type": ["string", "null"]},
                },
            },
        },
        "by_appointment": {"type": "boolean"},
        "timezone": {"type": "string"},
        "next_start": {"type": ["string", "null"], "format": "date-time"},
        "free": {"type": "boolean"},
        "languages": {"type": "array", "items": {"type": "string"}},
        "accessible": {"type": "boolean"},
        "last_verified": {"type": ["string", "null"], "format": "date"},
    },
}

FACET = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"value": {}, "label": {"type": "string"}, "count": {"type": "integer"}},
    },
}


def _parameter(name, kind, description, repeatable):
    schema = {"type": kind}
    if repeatable:
        schema = {"type": "array", "items": {"type": kind}}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        "explode": True,
    }


def openapi_document(base_url):
    bad_request = {
        "description": "An invalid value; each entry names the parameter.",
        "content": {"application/json": {"schema": ERRORS}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Recovery resource directory API",
            "version": "1",
            "description": "Search the directory of meetings, rides, childcare, classes and "
            "support. No key needed; nothing about the caller is stored.",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search listings by words, place, filters and time.",
                    "parameters": [_parameter(*p) for p in [*SEARCH_PARAMETERS, LANG_PARAMETER]],
                    "responses": {
                        "200": {
                            "description": "A page of results with facet counts.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": [
                                            "engine",
                                            "degraded",
                                            "total",
                                            "page",
                                            "page_size",
                                            "pages",
                                            "origin",
                                            "radius",
                                            "results",
                                            "facets",
                                        ],
                                        "properties": {
                                            "engine": {
                                                "type": "string",
                                                "enum": ["elasticsearch", "database"],
                                            },
                                            "degraded": {"type": "boolean"},
                                            "total": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "pages": {"type": "integer"},
                                            "origin": {"type": ["object", "null"]},
                                            "radius": {"type": ["object", "null"]},
                                            "results": {"type": "array", "items": RESULT},
                                            "facets": {
                                                "type": "object",
                                                "additionalProperties": FACET,
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": bad_request,
                    },
                }
            },
            "/suggest": {
                "get": {
                    "operationId": "suggest",
                    "summary": "Type-ahead: up to 10 listing titles starting with the words "
                    "(with `lang`, the titles staff translated into it too, shown in it).",
                    "parameters": [
                        _parameter("q", "string", "What has been typed so far.", False),
                        _parameter(*LANG_PARAMETER),
                    ],
                    "responses": {
                        "200": {
                            "description": "Suggestions.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "suggestions": {
                                                "type": "array",
                                                "maxItems": 10,
                                                "items": {
                                                    "type": "object",
                                                    "properties": {
                                                        "text": {"type": "string"},
                                                        "url": {"type": "string"},
                                                    },
                                                },
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "400": bad_request,
                    },
                }
            },
            "/listings/{id}": {
                "get": {
                    "operationId": "listing",
                    "summary": "One published listing with its full details.",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        _parameter(*LANG_PARAMETER),
                    ],
                    "responses": {
                        "200": {
                            "description": "The listing.",
                            "content": {"application/json": {"schema": RESULT}},
                        },
                        "400": bad_request,
                        "404": {
                            "description": "No published listing has this id.",
                            "content": {"application/json": {"schema": ERRORS}},
                        },
                    },
                }
            },
        },
    }
