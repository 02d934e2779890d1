"""`manage.py feed_subscriptions add|refresh|list`."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from directory.models import MeetingPage
from subscriptions.models import Refresh, Subscription
from tests.factories import CategoryFactory
from tests.subscriptions.conftest import feed, meeting, upstream_file

pytestmark = pytest.mark.django_db

PATH = "/meetings.json"


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("feed_subscriptions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_add_subscribes_and_refresh_reads_it(publisher, section):
    category = CategoryFactory(name="Quokka Fellowship", slug="quokka-fellowship")
    url = publisher.serve(
        PATH, feed(meeting("hope", name="Hope Group"), meeting("bad", day="Someday"))
    )
    out, _err = command(
        "add",
        url,
        "--name",
        "Quokka Area Intergroup",
        "--section",
        "meetings",
        "--category",
        "quokka-fellowship",
    )
    assert "Subscribed to “Quokka Area Intergroup”" in out
    subscription = Subscription.objects.get()
    assert (subscription.section_id, subscription.category) == (section.pk, category)
    assert subscription.format == Subscription.Format.MEETING_GUIDE

    out, err = command("refresh")
    assert "Quokka Area Intergroup: 2 meetings: 1 created, 0 updated" in out
    assert "1 refused" in out
    assert "refused “Meeting bad” (bad): Day “Someday” is not a day of the week" in err
    assert MeetingPage.objects.get().categories.get() == category

    out, _err = command("refresh", "quokka area intergroup")
    assert "no change upstream (2 meetings)" in out


def test_add_a_bmlt_server_and_read_it_at_once(publisher, section):
    search = "/main_server/client_interface/json/?switcher=GetSearchResults&services=6"
    url = publisher.serve(search, upstream_file("bmlt_semantic.json"))
    publisher.serve(
        "/main_server/client_interface/json/?switcher=GetFormats",
        upstream_file("bmlt_formats.json"),
    )
    out, _err = command(
        "add",
        url,
        "--name",
        "Piedmont Area of NA",
        "--format",
        "bmlt",
        "--timezone",
        "America/New_York",
        "--refresh",
    )
    assert "Piedmont Area of NA: 30 meetings: 30 created" in out
    assert Subscription.objects.get().format == Subscription.Format.BMLT


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--section", "nowhere"], "There is no directory section “nowhere”."),
        (["--category", "nothing"], "There is no category “nothing”."),
        (["--format", "bmlt"], "A BMLT address asks for meetings"),
    ],
)
def test_add_refuses_what_it_cannot_use(section, args, words):
    with pytest.raises(CommandError, match=words):
        command("add", "https://example.org/meetings.json", "--name", "Quokka", *args)
    assert not Subscription.objects.exists()


def test_refresh_exits_non_zero_when_a_fetch_or_check_failed(publisher, subscribe):
    good = subscribe(publisher.serve("/good.json", feed(meeting("a"))), name="Good List")
    subscribe(publisher.serve("/down.json", b"", status=503), name="Down List")
    subscribe(publisher.serve("/html.json", b"<html>Maintenance</html>"), name="Page List")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="Refresh failed for: Down List, Page List."):
        call_command("feed_subscriptions", "refresh", stdout=out, stderr=err)
    assert "Good List: 1 meetings: 1 created" in out.getvalue()
    assert "Down List: FAILED:" in err.getvalue() and "503" in err.getvalue()
    assert "Page List: FAILED:" in err.getvalue() and "a web page (HTML)" in err.getvalue()
    assert good.refreshes.get().result == Refresh.Result.CHANGED

    with pytest.raises(CommandError, match="There is no subscription “Missing”"):
        command("refresh", "Missing")


def test_list_shows_every_subscription_with_its_last_result(publisher, subscribe):
    assert "No subscriptions yet" in command("list")[0]
    subscribe(publisher.serve("/a.json", feed(meeting("a"))), name="Read List")
    subscribe(publisher.serve("/b.json", b"[", status=200), name="Broken List", active=False)
    with pytest.raises(CommandError):
        command("refresh", "Read List", "Broken List")
    out, _err = command("list")
    assert "Read List [Meeting Guide JSON" in out and "active" in out
    assert "last: Read " in out and "1 meetings" in out
    assert "Broken List" in out and "paused" in out and "FAILED" in out and "ends too soon" in out
