import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# A worker without the shared cache would keep its own feed builds, rate limits
# and sign-in lockouts: refuse to serve, as `manage.py check` does.
_errors = [error for error in checks.run_checks(tags=[checks.Tags.caches]) if error.is_serious()]
if _errors:
    raise ImproperlyConfigured("\n".join(str(error) for error in _errors))
