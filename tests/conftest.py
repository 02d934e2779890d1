import os

import pytest

pytest_plugins = [
    "tests.fixtures.elasticsearch",
    "tests.fixtures.redis",
    "tests.fixtures.browser",
    "tests.reporting",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files from one test never leak into another or into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORTS_ROOT = tmp_path / "imports"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site roots and permissions; no test may see another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _database_search_by_default(settings):
    """Tests search the database unless they ask for the cluster (search_settings)."""
    from search.breaker import breaker

    settings.ELASTICSEARCH_URL = ""
    breaker.reset()


def running_in_ci():
    return os.environ.get("CI", "").lower() not in ("", "0", "false")
