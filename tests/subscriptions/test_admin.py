"""Feed subscriptions in the admin: who may manage them, the list with each one's state, the
status page, "Refresh now" through the worker, the dashboard, and detaching a meeting."""

import html
import re

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from directory.models import MeetingPage
from subscriptions.models import Refresh, Subscription
from subscriptions.refresh import refresh
from tests.directory.admin_pages import EDITORS, MODERATORS, user_in
from tests.subscriptions.conftest import feed, meeting
from tests.worker import run_worker

INDEX = "/admin/feed-subscriptions/"
PATH = "/meetings.json"


def status_url(subscription):
    return f"{INDEX}inspect/{subscription.pk}/"


def text(response):
    """The page's words, without tags or runs of spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.django_db
def test_moderators_manage_subscriptions_and_editors_may_not(client, django_user_model):
    codenames = set(
        Group.objects.get(name=MODERATORS)
        .permissions.filter(content_type__app_label="subscriptions")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "add_subscription",
        "change_subscription",
        "delete_subscription",
        "view_subscription",
    }
    client.force_login(user_in(django_user_model, "mona", MODERATORS))
    assert client.get(INDEX).status_code == 200
    assert "Feed subscriptions" in client.get("/admin/").content.decode()

    client.force_login(user_in(django_user_model, "eddie", EDITORS))
    assert client.get(INDEX).status_code == 302
    assert "Feed subscriptions" not in client.get("/admin/").content.decode()
    assert client.get(f"{INDEX}new/").status_code == 302


@pytest.mark.django_db
def test_the_public_sees_nothing_of_subscriptions(client):
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_moderator_adds_a_subscription_and_reads_its_status(
    client, django_user_model, publisher, section
):
    """The walk-through: the form, the first refresh, the list and the status page."""
    client.force_login(user_in(django_user_model, "mona", MODERATORS))
    url = publisher.serve(
        PATH,
        feed(
            meeting("hope", name="Hope Group"),
            meeting("bad", name="Someday Group", day="Someday"),
        ),
    )
    form = client.get(f"{INDEX}new/").content.decode()
    assert "Put new meetings in" in form and "Meetings" in form

    response = client.post(f"{INDEX}new/", subscription_form(url, section))
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription = Subscription.objects.get()
    assert subscription.country == "US"
    assert subscription.upstream.name == "Quokka Area Intergroup"
    assert "Not refreshed yet" in text(client.get(status_url(subscription)))

    refresh(subscription, trigger=Refresh.Trigger.SCHEDULE)  # as the worker does

    subscription.refresh_from_db()
    status = text(client.get(status_url(subscription)))
    assert "Read" in status
    assert "Created 1" in status and "Refused 1" in status
    assert "Someday Group bad Day “Someday” is not a day of the week." in status
    listing = text(client.get(INDEX))
    assert "Quokka Area Intergroup" in listing
    assert "1 created, 0 updated, 0 unchanged, 0 unpublished, 1 refused" in listing
    assert f"{timezone.localtime(subscription.next_run_at):%-d %b %Y, %H:%M}" in listing
    assert MeetingPage.objects.get().title == "Hope Group"


def subscription_form(url, section):
    return {
        "name": "Quokka Area Intergroup",
        "url": url,
        "format": Subscription.Format.MEETING_GUIDE,
        "section": section.pk,
        "fellowship": "AA",
        "timezone": "America/Denver",
        "country": "us",
        "interval_hours": 24,
        "active": "on",
    }


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_a_new_subscription_at_once(admin_client, publisher, section):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    admin_client.post(f"{INDEX}new/", subscription_form(url, section))

    run_worker()  # the schedule's task, due at once, queues the first refresh and runs it

    subscription = Subscription.objects.get()
    assert subscription.last_refresh.trigger == Refresh.Trigger.SCHEDULE
    assert subscription.last_refresh.counts["created"] == 1
    assert MeetingPage.objects.get().title == "Hope Group"


@pytest.mark.django_db(transaction=True)
def test_refresh_now_queues_a_refresh_that_the_worker_runs(admin_client, publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    subscription = subscribe(url)
    refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    publisher.serve(PATH, feed(meeting("hope", name="Hope Group", time="20:00")))

    response = admin_client.post(f"{INDEX}{subscription.pk}/refresh/", follow=True)
    assert "A refresh of" in text(response) and "is queued" in text(response)
    run_worker()

    subscription.refresh_from_db()
    last = subscription.last_refresh
    assert (last.trigger, last.requested_by.username) == (Refresh.Trigger.STAFF, "admin")
    assert last.counts["updated"] == 1
    history = text(admin_client.get(status_url(subscription)))
    assert "Staff, from the admin (admin)" in history and "Command line" in history


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscription_shows_on_the_dashboard_and_can_take_a_shorter_list(
    admin_client, publisher, subscribe
):
    meetings = [meeting(f"m{n}", name=f"Meeting {n}", day=n % 7) for n in range(12)]
    url = publisher.serve(PATH, feed(*meetings))
    subscription = subscribe(url, name="Quokka Area Intergroup")
    refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    assert "1 feed subscription, refreshing as it should" in text(admin_client.get("/admin/"))

    publisher.serve(PATH, feed(*meetings[:2]))
    refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    dashboard = text(admin_client.get("/admin/"))
    assert "1 feed subscription is failing : Quokka Area Intergroup" in dashboard
    listing = text(admin_client.get(INDEX))
    assert "Failed : The list now has 2 meetings, where it had 12." in listing
    status = admin_client.get(status_url(subscription)).content.decode()
    assert "Refresh and accept the shorter list" in status

    admin_client.post(f"{INDEX}{subscription.pk}/refresh/", {"accept_shrink": "1"})
    run_worker()
    subscription.refresh_from_db()
    assert not subscription.is_failing
    assert subscription.last_refresh.counts["missing"] == 10
    assert "refreshing as it should" in text(admin_client.get("/admin/"))


@pytest.mark.django_db(transaction=True)
def test_staff_detach_a_meeting_from_the_page_editor(admin_client, publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    subscription = subscribe(url, name="Quokka Area Intergroup")
    refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    page = MeetingPage.objects.get()

    editor = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "kept current from the meeting list of Quokka Area Intergroup" in editor
    detach_url = f"{INDEX}detach/{page.pk}/"
    assert detach_url in editor
    question = text(admin_client.get(detach_url))
    assert "Detach “Hope Group” from its list?" in question

    response = admin_client.post(detach_url, follow=True)
    assert "is detached from the list of Quokka Area Intergroup" in text(response)
    page.source.refresh_from_db()
    assert page.source.detached_by.username == "admin"
    editor = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "kept current from the meeting list" not in editor


@pytest.mark.django_db
def test_the_form_catches_a_format_that_does_not_fit_the_address(admin_client, section):
    data = {
        "name": "Piedmont Area",
        "url": "https://bmlt.example.org/main_server/client_interface/json/?switcher=GetFormats",
        "format": Subscription.Format.MEETING_GUIDE,
        "section": section.pk,
        "timezone": "America/New_York",
        "country": "US",
        "interval_hours": 12,
    }
    page = text(admin_client.post(f"{INDEX}new/", data))
    assert "That address is a BMLT server's semantic JSON" in page
    page = text(admin_client.post(f"{INDEX}new/", {**data, "format": Subscription.Format.BMLT}))
    assert "A BMLT address asks for meetings" in page
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_deleting_a_subscription_leaves_its_meetings_to_the_center(
    admin_client, publisher, subscribe
):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")))
    subscription = subscribe(url)
    refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    admin_client.post(f"{INDEX}delete/{subscription.pk}/")
    assert not Subscription.objects.exists()
    page = MeetingPage.objects.get()
    assert page.live and page.source.detached_at is not None
