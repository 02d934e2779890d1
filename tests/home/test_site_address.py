"""The site's public address on its Site record: every full link is built from it."""

from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest

from tests.factories import ensure_site_tree

pytestmark = pytest.mark.django_db


def set_address(base_url=None):
    output = StringIO()
    options = {"base_url": base_url} if base_url else {}
    call_command("set_site_address", stdout=output, **options)
    return output.getvalue()


def test_base_url_becomes_the_sites_address(settings):
    ensure_site_tree()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    # The command's default is read when it is called, as BASE_URL is set then.
    assert "http://127.0.0.1:8123" in set_address(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")


def test_an_https_address_on_the_standard_port():
    ensure_site_tree()
    set_address("https://meetings.example.org/")
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://meetings.example.org"


@pytest.mark.parametrize(
    ("base_url", "words"),
    [
        ("meetings.example.org", "not a web address"),
        ("ftp://meetings.example.org", "not a web address"),
        ("http://meetings.example.org:port", "not a web address"),
        ("https://meetings.example.org:8443", "standard port"),
    ],
)
def test_an_address_the_site_cannot_have_is_refused_in_words(base_url, words):
    ensure_site_tree()
    before = Site.objects.get(is_default_site=True).root_url
    with pytest.raises(CommandError, match=words):
        set_address(base_url)
    assert Site.objects.get(is_default_site=True).root_url == before
