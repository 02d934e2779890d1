"""`GET /healthz`: is the database answering, and which search engine is in use.

For load balancers and monitors: a 503 when the database is down; the search
engine's state is reported but never fails the check, since search falls
back to the database.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.health import search_status


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    body = {"database": database_status(), "search": search_status()}
    return JsonResponse(body, status=200 if body["database"] == "ok" else 503)
