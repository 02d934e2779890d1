"""The page for a server error, in the language of the address that failed."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """Like Django's own, with the request in the template for the link to the other
    language, and still without context processors: they may read the database,
    which may be why this page is shown."""
    return HttpResponseServerError(loader.get_template("500.html").render({"request": request}))
