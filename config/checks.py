"""System checks of how the site is deployed.

A check rather than an error at settings import, so that steps which need
no cache (collectstatic on a build machine) still run, while `manage.py
check`, migrate and every gunicorn worker (config/wsgi.py) refuse.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.caches)
def shared_cache(app_configs, **kwargs):
    if getattr(settings, "SHARED_CACHE_REQUIRED", False) and not settings.REDIS_URL:
        # Every worker would keep its own feed builds, rate limits and locks.
        return [
            Error(
                "Set REDIS_URL in the environment for production (e.g. redis://127.0.0.1:6379/0).",
                id="config.E001",
            )
        ]
    return []
