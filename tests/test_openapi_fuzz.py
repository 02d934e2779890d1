"""Both OpenAPI documents, fuzzed: whatever a client sends, the answer is never a 5xx.

Schemathesis reads the documents the site serves at /api/v1/openapi.json and
/api/hsds/openapi.json (built here as those views build them, since the HSDS
one names the site, which needs the database) and sends every operation
valid and invalid values (wrong
types, out-of-range numbers, NUL characters, unknown parameters) through
Django's whole WSGI stack, middleware included, over a small directory.
Bounded to FUZZ_EXAMPLES cases an operation (40 unless the environment says
more) so it runs in a few minutes; CI runs it once.
"""

import copy
import os

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from feeds.hsds_views import _openapi_document as hsds_document
from search.openapi import openapi_document as search_document
from tests.home import pages

pytestmark = pytest.mark.single_run

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))


def on_this_site(document, base):
    """The document with its server as the site would name it, calling the site itself."""
    document = copy.deepcopy(document)
    document["servers"] = [{"url": base}]
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


SEARCH_API = on_this_site(search_document("/api/v1/"), "/api/v1")
HSDS_API = on_this_site(hsds_document(), "/api/hsds")

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def directory(db):
    """Listings for the ids and searches to find, some of them.

    The WSGI handler closes the database connection after each request; in a
    test's transaction it must not, as Django's own test client arranges.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield pages.build()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@SEARCH_API.parametrize()
@FUZZ
def test_the_search_api_never_answers_5xx(case, directory):
    case.call_and_validate(checks=[not_a_server_error])


@HSDS_API.parametrize()
@FUZZ
def test_the_hsds_api_never_answers_5xx(case, directory):
    case.call_and_validate(checks=[not_a_server_error])
