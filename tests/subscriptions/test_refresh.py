"""A refresh of a followed Meeting Guide list, served from 127.0.0.1 as a TSML site serves it.

Each rule of a subscription, proved against the database: meetings become
listings that remember their key; a 304 or the same bytes change nothing; an
upstream change updates the listing with a new revision; a meeting gone from
two successful refreshes in a row is unpublished and comes back if it
returns; a failed fetch or an answer that is not the list changes nothing;
refused meetings do not hold back the rest; detached and deleted listings
are left alone; and a meeting two lists share is listed once.
"""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import Revision

import pytest

from directory.models import ListingSource, MeetingPage
from subscriptions.detach import detach
from subscriptions.models import Refresh
from subscriptions.refresh import refresh
from tests.factories import MeetingPageFactory, add_location, add_session
from tests.subscriptions.conftest import feed, meeting, snapshot

pytestmark = pytest.mark.django_db

PATH = "/wp-admin/admin-ajax.php?action=meetings"


def run(subscription, **options):
    record = refresh(subscription, trigger=Refresh.Trigger.COMMAND, **options)
    subscription.refresh_from_db()
    return record


def titles(**filters):
    return sorted(MeetingPage.objects.filter(**filters).values_list("title", flat=True))


def page_for(subscription, key):
    return MeetingPage.objects.get(source__upstream=subscription.upstream, source__key=key)


def test_a_first_refresh_lists_every_meeting_with_its_key_and_publisher(publisher, subscribe):
    url = publisher.serve(
        PATH,
        feed(
            meeting("hope", name="Hope Group", feedback_url="https://quokka-aa.example.org/fix/"),
            meeting("dawn", name="Dawn Patrol", day=0, time="06:30", end_time="07:30"),
        ),
        etag='"v1"',
    )
    subscription = subscribe(url, name="Quokka Area Intergroup")
    record = run(subscription)

    assert record.result == Refresh.Result.CHANGED, record.error
    assert record.counts["created"] == 2 and record.counts["refused"] == 0
    assert titles(live=True) == ["Dawn Patrol", "Hope Group"]
    hope = page_for(subscription, "hope")
    source = hope.source
    assert source.upstream.name == "Quokka Area Intergroup"
    assert source.upstream.website == "https://quokka-aa.example.org/"
    assert source.page_url == "https://quokka-aa.example.org/meetings/hope/"
    assert source.feedback_url == "https://quokka-aa.example.org/fix/"
    assert hope.get_parent().slug == "meetings"
    assert hope.slug.startswith("hope-group")
    assert [(s.day, f"{s.start_time:%H:%M}") for s in hope.sessions.all()] == [(2, "19:00")]
    assert subscription.etag == '"v1"' and subscription.entries == 2


def test_a_304_and_the_same_bytes_change_nothing(publisher, subscribe):
    body = feed(meeting("hope", name="Hope Group"), meeting("dawn", name="Dawn Patrol"))
    url = publisher.serve(PATH, body, etag='"v1"', last_modified="Tue, 01 Dec 2026 10:00:00 GMT")
    subscription = subscribe(url)
    run(subscription)
    before = snapshot()

    not_modified = run(subscription)
    asked = publisher.requests_to(PATH)[-1]
    assert asked["If-None-Match"] == '"v1"'
    assert asked["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert not_modified.result == Refresh.Result.UNCHANGED
    assert snapshot() == before

    # A server that ignores the validators sends the whole list again: the same bytes.
    publisher.serve(PATH, body, etag='"v1"', conditional=False)
    same = run(subscription)
    assert same.result == Refresh.Result.UNCHANGED
    assert snapshot() == before


def test_an_upstream_change_updates_the_same_listing_with_a_new_revision(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")), etag='"v1"')
    subscription = subscribe(url)
    run(subscription)
    hope = page_for(subscription, "hope")
    first_update = hope.source.updated_at

    publisher.serve(
        PATH, feed(meeting("hope", name="Hope Group", time="18:30", end_time=None)), etag='"v2"'
    )
    record = run(subscription)

    assert record.counts["updated"] == 1 and record.counts["created"] == 0
    hope = page_for(subscription, "hope")
    assert [(s.day, f"{s.start_time:%H:%M}", s.end_time) for s in hope.sessions.all()] == [
        (2, "18:30", None)
    ]
    # Each upstream change is a new revision: the page's history shows what changed, when.
    [revision] = Revision.page_revisions.filter(object_id=str(hope.pk))
    assert revision.content["sessions"][0]["start_time"] == "18:30:00"
    assert hope.live_revision == revision
    assert hope.source.updated_at > first_update
    assert MeetingPage.objects.count() == 1


def test_a_meeting_gone_from_two_refreshes_is_unpublished_and_returns_if_it_reappears(
    publisher, subscribe
):
    hope, dawn = meeting("hope", name="Hope Group"), meeting("dawn", name="Dawn Patrol", day=0)
    url = publisher.serve(PATH, feed(hope, dawn), etag='"v1"')
    subscription = subscribe(url)
    run(subscription)

    publisher.serve(PATH, feed(hope), etag='"v2"')
    first = run(subscription)
    assert first.counts["missing"] == 1 and first.counts["unpublished"] == 0
    assert titles(live=True) == ["Dawn Patrol", "Hope Group"]  # once may be a slip upstream
    assert page_for(subscription, "dawn").source.missing_count == 1

    # The list has not changed since (a 304): the meeting is still gone, a second time.
    second = run(subscription)
    assert second.result == Refresh.Result.UNCHANGED
    assert second.counts["unpublished"] == 1
    assert titles(live=True) == ["Hope Group"]
    dawn_page = page_for(subscription, "dawn")
    assert dawn_page.source.removed_at is not None  # unpublished, never deleted

    publisher.serve(PATH, feed(hope, dawn), etag='"v3"')
    back = run(subscription)
    assert back.counts["restored"] == 1
    assert titles(live=True) == ["Dawn Patrol", "Hope Group"]
    source = page_for(subscription, "dawn").source
    assert (source.missing_count, source.removed_at) == (0, None)
    assert MeetingPage.objects.count() == 2


def test_a_meeting_staff_unpublished_is_not_published_again(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")), etag='"v1"')
    subscription = subscribe(url)
    run(subscription)
    page_for(subscription, "hope").unpublish()
    publisher.serve(PATH, feed(meeting("hope", name="Hope Group", notes="New notes")))
    record = run(subscription)
    assert record.counts["restored"] == 0
    assert titles(live=True) == []


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ({"body": b"", "status": 503}, "answered “503"),
        (
            {"body": b"<!doctype html><h1>Down for maintenance</h1>", "content_type": "text/html"},
            "a web page (HTML), not a meeting list",
        ),
        ({"body": b'[{"slug": "hope", "name": "Hope Gr'}, "ends too soon"),
        ({"body": b"[]"}, "came back empty, where it had 12 meetings"),
        ({"body": b'{"error": "database offline"}'}, "a JSON object, not a list of meetings"),
        (
            {"body": feed(*(meeting(f"m{n}") for n in range(3)))},
            "now has 3 meetings, where it had 12",
        ),
        (
            {"body": feed(*({"slug": f"m{n}", "title": "?"} for n in range(12)))},
            "None of the 12 meetings in the list could be read",
        ),
    ],
    ids=["503", "html", "truncated", "empty", "object", "shrunk", "not-meetings"],
)
def test_a_failed_fetch_or_an_answer_that_is_not_the_list_changes_nothing(
    publisher, subscribe, answer, words
):
    meetings = [meeting(f"m{n}", name=f"Meeting {n}", day=n % 7) for n in range(12)]
    url = publisher.serve(PATH, feed(*meetings))
    subscription = subscribe(url)
    run(subscription)
    before = snapshot()

    publisher.serve(PATH, **answer)
    record = run(subscription)

    assert record.result == Refresh.Result.FAILED
    assert words in record.error
    assert snapshot() == before
    assert subscription.is_failing
    assert subscription.entries == 12  # the last good read still counts
    # It is tried again within the hour, not at its usual interval.
    assert subscription.next_run_at - timezone.now() <= timedelta(hours=1)


def test_a_much_shorter_list_is_taken_when_staff_accept_it(publisher, subscribe):
    meetings = [meeting(f"m{n}", name=f"Meeting {n}", day=n % 7) for n in range(12)]
    url = publisher.serve(PATH, feed(*meetings))
    subscription = subscribe(url)
    run(subscription)
    publisher.serve(PATH, feed(*meetings[:3]))
    refused = run(subscription)
    assert refused.shrunk

    accepted = run(subscription, accept_shrink=True)
    assert accepted.result == Refresh.Result.CHANGED
    assert accepted.counts["missing"] == 9
    assert not subscription.is_failing


def test_refused_meetings_are_counted_with_reasons_and_hold_back_nothing(publisher, subscribe):
    url = publisher.serve(
        PATH,
        feed(
            meeting("hope", name="Hope Group"),
            meeting("bad-day", name="Someday Group", day="Someday"),
            meeting(
                "no-way-in",
                name="Nowhere Group",
                location=None,
                address=None,
                city=None,
                state=None,
                postal_code=None,
            ),
        ),
    )
    subscription = subscribe(url)
    record = run(subscription)

    assert record.result == Refresh.Result.CHANGED
    assert record.counts["created"] == 1 and record.counts["refused"] == 2
    reasons = {problem["key"]: problem["reason"] for problem in record.problems}
    assert "Day “Someday” is not a day of the week" in reasons["bad-day"]
    assert "join link or dial-in number" in reasons["no-way-in"]
    assert titles() == ["Hope Group"]


def test_a_detached_meeting_is_left_alone(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    subscription = subscribe(url)
    run(subscription)
    page = page_for(subscription, "hope")
    assert detach(page)
    page.title = "Hope Group (kept by the center)"
    page.save_revision().publish()

    publisher.serve(PATH, feed(meeting("hope", name="Hope Group", time="21:00")))
    record = run(subscription)
    assert record.counts["detached"] == 1 and record.counts["updated"] == 0
    page.refresh_from_db()
    assert page.title == "Hope Group (kept by the center)"
    assert [f"{s.start_time:%H:%M}" for s in page.sessions.all()] == ["19:00"]

    # Gone from the list: a detached meeting is the center's, and stays published.
    publisher.serve(PATH, feed(meeting("other", name="Other Group")))
    run(subscription, accept_shrink=True)
    run(subscription)
    assert MeetingPage.objects.get(pk=page.pk).live


def test_a_listing_staff_deleted_does_not_come_back(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    subscription = subscribe(url)
    run(subscription)
    page_for(subscription, "hope").delete()
    publisher.serve(PATH, feed(meeting("hope", name="Hope Group", notes="Changed upstream")))
    record = run(subscription)
    assert record.counts["created"] == 0
    assert titles() == []
    assert ListingSource.objects.get(key="hope").page is None


def test_a_slug_changed_upstream_keeps_the_same_listing(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    subscription = subscribe(url)
    run(subscription)
    page = page_for(subscription, "hope")

    publisher.serve(PATH, feed(meeting("hope-group-tuesday", name="Hope Group")))
    record = run(subscription)
    assert record.counts["created"] == 0 and record.counts["missing"] == 0
    assert page_for(subscription, "hope-group-tuesday").pk == page.pk
    assert MeetingPage.objects.count() == 1


def test_two_lists_with_the_same_meeting_make_one_listing(publisher, subscribe):
    shared = {"name": "Hope Group", "day": 2, "time": "19:00", "address": "2900 Downing St"}
    first = subscribe(publisher.serve("/a.json", feed(meeting("hope", **shared))), name="Area A")
    second = subscribe(
        publisher.serve(
            "/b.json",
            feed(
                # The same meeting as another publisher writes it.
                meeting("101", **{**shared, "name": "HOPE GROUP", "location": "Whittier Hall"}),
                meeting("102", name="Only In B", day=4),
            ),
        ),
        name="Area B",
    )
    run(first)
    record = run(second)

    assert record.counts["duplicates"] == 1 and record.counts["created"] == 1
    assert any("listed already, by Area A" in note for note in record.notes)
    assert titles() == ["Hope Group", "Only In B"]

    # Nor does the center's own listing of a meeting get a copy.
    own = MeetingPageFactory(title="Serenity Sunday")
    add_location(own)
    add_session(own, 0, "10:00")
    own.save_revision().publish()
    third = subscribe(
        publisher.serve(
            "/c.json",
            feed(meeting("s", name="Serenity Sunday", day=0, time="10:00", end_time=None)),
        ),
        name="Area C",
    )
    record = run(third)
    assert record.counts["duplicates"] == 1 and record.counts["created"] == 0
    assert any("by the center itself" in note for note in record.notes)


def test_entries_without_a_time_zone_take_the_subscriptions(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group", timezone=None)))
    subscription = subscribe(url, timezone="America/Chicago")
    run(subscription)
    assert page_for(subscription, "hope").timezone_name == "America/Chicago"


def test_a_refresh_already_running_is_not_started_twice(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope")))
    subscription = subscribe(url)
    subscription.running_since = timezone.now()
    subscription.save()
    assert refresh(subscription, trigger=Refresh.Trigger.COMMAND) is None
    assert not publisher.requests
