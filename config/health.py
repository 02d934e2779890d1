"""`GET /healthz`: are the database and the cache answering, and which search engine is in use.

For load balancers and monitors: a 503 when the database or the shared cache
(Redis in production) is down, since no page can be served without them; the
search engine's state is reported but never fails the check, since search
falls back to the database.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redis.exceptions import RedisError

from search.health import search_status


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def cache_status():
    try:
        cache.get("healthz")
    except RedisError:
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    body = {"database": database_status(), "cache": cache_status(), "search": search_status()}
    healthy = body["database"] == "ok" and body["cache"] == "ok"
    return JsonResponse(body, status=200 if healthy else 503)
