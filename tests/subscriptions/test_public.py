"""What the public and staff see of a followed meeting: who lists it, where corrections go,
which feed carries it, and that search finds it."""

import json
from datetime import UTC, datetime

from django.test import TestCase

import pytest

from directory.models import MeetingPage, Upstream
from feeds.models import FeedPublisher
from problem_reports.models import ProblemReport
from subscriptions.detach import detach
from subscriptions.models import Refresh
from subscriptions.refresh import refresh
from tests.factories import MeetingPageFactory, add_location, add_session
from tests.languages import english_left
from tests.subscriptions.conftest import feed, meeting

pytestmark = pytest.mark.django_db

PATH = "/meetings.json?from=quokka"


@pytest.fixture
def followed(publisher, subscribe):
    """One meeting kept current from the Quokka Area Intergroup's list, read on 3 December."""
    url = publisher.serve(
        PATH,
        feed(
            meeting(
                "hope",
                name="Hope Group",
                feedback_url="https://quokka-aa.example.org/meeting-update/?meeting=hope",
            )
        ),
    )
    subscription = subscribe(url, name="Quokka Area Intergroup")
    with TestCase.captureOnCommitCallbacks(execute=True):
        refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    read_on = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    Upstream.objects.filter(pk=subscription.upstream_id).update(checked_at=read_on)
    subscription.upstream.sources.update(seen_at=read_on)
    return MeetingPage.objects.get(title="Hope Group")


def test_the_listing_page_says_who_lists_it_and_when_it_was_updated(client, followed):
    page = client.get(followed.url).content.decode()
    assert (
        'Listed by <a href="https://quokka-aa.example.org/">Quokka Area Intergroup</a>, '
        "updated from their meeting list on December 3, 2026."
    ) in page
    assert (
        '<a href="https://quokka-aa.example.org/meetings/hope/">This meeting on their site</a>'
        in page
    )

    detach(followed)
    assert "Listed by" not in client.get(followed.url).content.decode()


def test_in_spanish_the_listing_and_the_report_form_say_who_lists_it_in_spanish(client, followed):
    page = client.get(f"/es{followed.url}").content.decode()
    assert (
        'Publicada por <a href="https://quokka-aa.example.org/">Quokka Area Intergroup</a>, '
        "actualizada desde su lista de reuniones el 3 de diciembre de 2026."
    ) in page
    assert (
        '<a href="https://quokka-aa.example.org/meetings/hope/">Esta reunión en su sitio</a>'
        in page
    )
    assert english_left(page) == []

    form = client.get(f"/es/report/{followed.pk}/").content.decode()
    assert "Esta reunión la publica Quokka Area Intergroup" in form
    assert "También puede avisar directamente a Quokka Area Intergroup." in form
    assert english_left(form) == []


def test_the_center_s_own_listings_say_nothing_of_a_list(client):
    own = MeetingPageFactory(title="Own Group")
    add_location(own)
    add_session(own, 1, "18:00")
    own.save_revision().publish()
    assert "Listed by" not in client.get(own.url).content.decode()


def test_a_problem_report_says_where_the_correction_must_be_made(client, admin_client, followed):
    form = client.get(f"/report/{followed.pk}/").content.decode()
    assert "This meeting is listed by Quokka Area Intergroup" in form
    assert (
        'href="https://quokka-aa.example.org/meeting-update/?meeting=hope">'
        "You can also tell Quokka Area Intergroup directly." in form
    )

    report = ProblemReport.objects.create(
        listing=followed, reason=ProblemReport.Reason.WRONG_TIME, details="It starts at 7:30."
    )
    inbox = admin_client.get("/admin/problem-reports/").content.decode()
    assert "Correct it in the list of Quokka Area Intergroup" in inbox
    edit = admin_client.get(f"/admin/problem-reports/edit/{report.pk}/").content.decode()
    assert "This meeting comes from the meeting list of Quokka Area Intergroup" in edit
    assert "https://quokka-aa.example.org/meeting-update/?meeting=hope" in edit


def feed_names(client):
    return sorted(entry["name"] for entry in json.loads(client.get("/meetings.json").content))


def test_our_feed_carries_the_center_s_own_meetings_unless_told_otherwise(client, followed):
    own = MeetingPageFactory(title="Own Group")
    add_location(own)
    add_session(own, 1, "18:00")
    own.save_revision().publish()
    assert feed_names(client) == ["Own Group"]

    FeedPublisher.objects.update_or_create(
        site=followed.get_site(), defaults={"include_subscribed": True}
    )
    assert feed_names(client) == ["Hope Group", "Own Group"]

    FeedPublisher.objects.filter(site=followed.get_site()).update(include_subscribed=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        detach(followed)  # kept by hand now: the center's own
    assert feed_names(client) == ["Hope Group", "Own Group"]


def search_titles(client, words, engine):
    body = client.get("/api/v1/search", {"q": words}).json()
    assert body["engine"] == engine and not body["degraded"]
    return sorted(hit["title"] for hit in body["results"])


def test_both_search_engines_follow_refreshes(
    live_index, es_client, elasticsearch_url, publisher, subscribe, client
):
    group, dawn = meeting("n", name="Numbat Group"), meeting("d", name="Numbat Dawn", day=0)
    url = publisher.serve(PATH, feed(group, dawn), etag='"v1"')
    subscription = subscribe(url)

    def refresh_now():
        with TestCase.captureOnCommitCallbacks(execute=True):
            refresh(subscription, trigger=Refresh.Trigger.COMMAND)
        es_client.indices.refresh(index=f"{live_index.ELASTICSEARCH_INDEX_PREFIX}-*")

    def found():
        live_index.ELASTICSEARCH_URL = elasticsearch_url
        on_cluster = search_titles(client, "numbat", "elasticsearch")
        live_index.ELASTICSEARCH_URL = ""
        in_database = search_titles(client, "numbat", "database")
        live_index.ELASTICSEARCH_URL = elasticsearch_url
        assert on_cluster == in_database
        return on_cluster

    refresh_now()
    assert found() == ["Numbat Dawn", "Numbat Group"]

    publisher.serve(PATH, feed(group), etag='"v2"')
    refresh_now()
    assert found() == ["Numbat Dawn", "Numbat Group"]  # missing once
    refresh_now()  # a 304: missing a second time
    assert found() == ["Numbat Group"]
