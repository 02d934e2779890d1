"""Fetching a followed list: conditional, bounded in time and size, and only from the
public internet unless the site allows its own network."""

import socket

import pytest

from subscriptions import fetching
from subscriptions.fetching import FetchProblem, address_allowed, fetch

# Nothing here touches the database.
pytestmark = pytest.mark.single_run

LIST = b'[{"slug": "hope", "name": "Hope Group"}]'


def test_validators_go_with_the_request_and_a_304_is_reported(publisher):
    url = publisher.serve(
        "/meetings.json", LIST, etag='"v7"', last_modified="Tue, 01 Dec 2026 10:00:00 GMT"
    )
    first = fetch(url)
    assert (first.status, first.body, first.etag) == (200, LIST, '"v7"')
    assert first.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert "If-None-Match" not in publisher.requests_to("/meetings.json")[0]

    again = fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    sent = publisher.requests_to("/meetings.json")[1]
    assert sent["If-None-Match"] == '"v7"'
    assert sent["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_a_gzipped_answer_is_read(publisher):
    assert fetch(publisher.serve("/z.json", LIST, gzip=True)).body == LIST


def test_one_deadline_covers_the_whole_answer(publisher, settings):
    settings.FEED_SUBSCRIPTIONS_TIMEOUT = 1
    # Each kilobyte arrives in good time, but the whole takes four seconds.
    url = publisher.serve("/slow.json", b"[" + b" " * 8 * 1024 + b"]", delay_per_chunk=0.5)
    with pytest.raises(FetchProblem, match="did not answer in full within 1 seconds"):
        fetch(url)


@pytest.mark.parametrize(
    "options",
    [
        {"body": b"[" + b" " * 3000 + b"]"},
        {"body": b"[" + b" " * 3000 + b"]", "gzip": True},  # small on the wire, big unpacked
        {"body": b"[]", "length": 10_000_000},  # a size it claims up front
    ],
    ids=["plain", "gzip", "claimed"],
)
def test_an_answer_past_the_size_limit_is_refused(publisher, settings, options):
    settings.FEED_SUBSCRIPTIONS_MAX_BYTES = 2000
    url = publisher.serve("/big.json", **options)
    with pytest.raises(FetchProblem, match="more than 2,000 bytes"):
        fetch(url)


def test_redirects_are_followed_within_one_scheme_only(publisher):
    target = publisher.serve("/new.json", LIST)
    publisher.redirect("/old.json", "/new.json", status=301)
    assert fetch(publisher.url("/old.json")).body == LIST

    publisher.redirect("/moved.json", target.replace("http://", "https://"))
    with pytest.raises(FetchProblem, match="another scheme"):
        fetch(publisher.url("/moved.json"))

    publisher.redirect("/loop.json", "/loop.json")
    with pytest.raises(FetchProblem, match="redirects more than 5 times"):
        fetch(publisher.url("/loop.json"))


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/meetings.json", "file:///etc/passwd", "https://user:secret@example.org/"],
)
def test_only_plain_web_addresses_are_read(url):
    with pytest.raises(FetchProblem):
        fetch(url)


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # the cloud metadata service
        ("fe80::1", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address checked, not bound
        ("224.0.0.1", False),
        ("::ffff:127.0.0.1", False),
    ],
)
def test_only_public_addresses_are_allowed_by_default(settings, address, allowed):
    settings.FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES = False
    assert address_allowed(address) is allowed


def test_a_name_that_leads_to_the_local_network_is_refused(publisher, settings):
    settings.FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES = False
    publisher.serve("/meetings.json", LIST)
    for url in (
        publisher.url("/meetings.json"),
        publisher.url("/meetings.json").replace("127.0.0.1", "localhost"),
    ):
        with pytest.raises(FetchProblem, match="private or local network"):
            fetch(url)
    assert not publisher.requests


def test_the_host_is_resolved_once_and_the_checked_address_is_the_one_used(publisher, monkeypatch):
    """No DNS-rebinding gap: a second answer for the name is never asked for, let alone used."""
    answers = iter(["127.0.0.1", "192.0.2.1"])  # the second would lead nowhere
    asked = []
    real = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host != "lists.quokka-aa.example.org":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", resolver)
    publisher.serve("/meetings.json", LIST)
    url = f"http://lists.quokka-aa.example.org:{publisher.port}/meetings.json"
    assert fetch(url).body == LIST
    assert asked == ["lists.quokka-aa.example.org"]
    assert publisher.requests[0][1]["Host"] == f"lists.quokka-aa.example.org:{publisher.port}"


def test_errors_say_what_went_wrong(publisher):
    with pytest.raises(FetchProblem, match="answered “404"):
        fetch(publisher.url("/nothing-here.json"))
    with pytest.raises(FetchProblem, match="cannot be found"):
        fetch("http://no-such-host.invalid/meetings.json")
