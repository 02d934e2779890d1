"""`GET /healthz`: is the database answering, and which search engine is in use."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from elasticsearch import ApiError, TransportError

from .connection import elasticsearch_configured, get_client


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def search_status():
    if not elasticsearch_configured():
        return {"engine": "database", "status": "ok"}
    try:
        health = get_client().cluster.health()
        nodes = get_client().nodes.info(node_id="_local", metric="_none")
    except (ApiError, TransportError):
        # The site keeps answering from the database; say so, without details
        # that could leak the cluster's address.
        return {"engine": "elasticsearch", "status": "unavailable", "fallback": "database"}
    versions = sorted({node["version"] for node in nodes["nodes"].values()})
    status = "ok" if health["status"] in ("green", "yellow") else "degraded"
    return {"engine": "elasticsearch", "status": status, "version": ", ".join(versions)}


@never_cache
@require_GET
def healthz(request):
    body = {"database": database_status(), "search": search_status()}
    return JsonResponse(body, status=200 if body["database"] == "ok" else 503)
