"""Reports → Needs verification: the listings staff should check, and "Verified today"."""

import csv
import io
import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from directory.admin.verification import ONE_YEAR, SIX_MONTHS
from directory.models import DirectorySettings, ListingPage
from directory.verification import VERIFIED_ACTION, months_before
from tests.directory.admin_pages import EDITORS, MODERATORS, admin_only_user, user_in
from tests.factories import (
    CategoryFactory,
    MeetingPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
)

pytestmark = pytest.mark.django_db

REPORT = "directory_verification"


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def published(factory=MeetingPageFactory, **fields):
    """A live listing with a published revision, as the admin leaves it."""
    page = factory(**fields)
    page.save_revision().publish()
    return ListingPage.objects.get(pk=page.pk).specific


def verify_url(page):
    return reverse("directory_mark_verified", args=[page.pk])


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "eddie", EDITORS)


@pytest.fixture
def moderator(django_user_model):
    return user_in(django_user_model, "mona", MODERATORS)


def report(client, **params):
    response = client.get(reverse(REPORT), params)
    assert response.status_code == 200
    return response


def listed(response):
    return [page.title for page in response.context["object_list"]]


# What the report lists


def test_it_lists_live_listings_never_or_long_ago_verified_oldest_first(client, editor):
    published(title="Long ago", last_verified=days_ago(400))
    published(title="Never", last_verified=None)
    published(title="A while ago", last_verified=days_ago(200))
    published(title="Checked last week", last_verified=days_ago(7))
    MeetingPageFactory(title="Unpublished draft", last_verified=None, live=False)
    client.force_login(editor)

    response = report(client)

    assert listed(response) == ["Never", "Long ago", "A while ago"]
    html = response.content.decode()
    assert "Checked last week" not in html
    assert "Unpublished draft" not in html


def test_it_lists_every_kind(client, editor):
    published(MeetingPageFactory, title="Old meeting", last_verified=None)
    published(TransportationPageFactory, title="Old ride", last_verified=None)
    published(ServicePageFactory, title="Old coaching", last_verified=None)
    client.force_login(editor)

    assert sorted(listed(report(client))) == ["Old coaching", "Old meeting", "Old ride"]


def test_it_follows_the_verification_days_setting(client, editor):
    published(title="Six weeks ago", last_verified=days_ago(42))
    client.force_login(editor)
    assert listed(report(client)) == []

    settings = DirectorySettings.load()
    settings.verification_days = 30
    settings.save()

    assert listed(report(client)) == ["Six weeks ago"]


def test_the_boundary_matches_the_listing_page(client, editor):
    days = DirectorySettings.load().verification_days
    on_time = published(title="Exactly due", last_verified=days_ago(days))
    late = published(title="One day late", last_verified=days_ago(days + 1))
    client.force_login(editor)

    assert listed(report(client)) == ["One day late"]
    assert late.needs_verification
    assert not on_time.needs_verification


def test_it_can_be_sorted_newest_first(client, editor):
    published(title="Never", last_verified=None)
    published(title="Long ago", last_verified=days_ago(400))
    published(title="A while ago", last_verified=days_ago(200))
    client.force_login(editor)

    response = report(client, ordering="-last_verified")

    assert listed(response) == ["A while ago", "Long ago", "Never"]


# Filters


def test_filter_by_kind(client, editor):
    published(MeetingPageFactory, title="Old meeting", last_verified=None)
    published(TransportationPageFactory, title="Old ride", last_verified=None)
    client.force_login(editor)

    assert listed(report(client, kind="transportation")) == ["Old ride"]
    assert listed(report(client, kind="meeting")) == ["Old meeting"]


def test_filter_by_category_includes_its_sub_categories(client, editor):
    meetings = CategoryFactory(name="Meetings")
    aa = CategoryFactory(name="AA", parent=meetings)
    rides = CategoryFactory(name="Rides")
    published(title="Tagged AA", last_verified=None, categories=[aa])
    published(title="Tagged Meetings", last_verified=None, categories=[meetings])
    published(
        TransportationPageFactory, title="Tagged Rides", last_verified=None, categories=[rides]
    )
    client.force_login(editor)

    assert listed(report(client, category=meetings.pk)) == ["Tagged AA", "Tagged Meetings"]
    assert listed(report(client, category=aa.pk)) == ["Tagged AA"]
    assert listed(report(client, category=rides.pk)) == ["Tagged Rides"]


def test_filter_by_age(client, editor):
    published(title="Never", last_verified=None)
    published(title="Over a year", last_verified=days_ago(400))
    published(title="Over six months", last_verified=days_ago(250))
    client.force_login(editor)

    assert listed(report(client, age="never")) == ["Never"]
    assert listed(report(client, age=SIX_MONTHS)) == ["Over a year", "Over six months"]
    assert listed(report(client, age=ONE_YEAR)) == ["Over a year"]


def test_filters_combine(client, editor):
    published(MeetingPageFactory, title="Old meeting", last_verified=days_ago(400))
    published(MeetingPageFactory, title="Unverified meeting", last_verified=None)
    published(TransportationPageFactory, title="Old ride", last_verified=days_ago(400))
    client.force_login(editor)

    assert listed(report(client, kind="meeting", age=ONE_YEAR)) == ["Old meeting"]


def test_months_before_keeps_the_day_or_takes_the_months_last():
    day = timezone.localdate().replace(year=2025, month=8, day=31)

    assert months_before(day, 6) == day.replace(month=2, day=28)
    assert months_before(day, 12) == day.replace(year=2024)
    assert months_before(day.replace(month=1, day=15), 1) == day.replace(
        year=2024, month=12, day=15
    )


# "Verified today"


def test_verified_today_records_who_and_when_and_the_listing_leaves_the_report(client, editor):
    page = published(title="Tuesday Night Serenity", last_verified=None)
    revisions_before = page.revisions.count()
    client.force_login(editor)

    response = client.post(verify_url(page), {"next": reverse(REPORT) + "?kind=meeting"})

    assert response.status_code == 302
    assert response["Location"] == reverse(REPORT) + "?kind=meeting"
    page.refresh_from_db()
    assert page.last_verified == timezone.localdate()
    assert page.verified_by == editor
    assert page.revisions.count() == revisions_before
    assert "Tuesday Night Serenity" not in listed(report(client))
    entry = PageLogEntry.objects.get(page=page, action=VERIFIED_ACTION)
    assert entry.user == editor


def test_the_next_publish_keeps_the_verification(client, editor, moderator):
    page = published(title="Tuesday Night Serenity", last_verified=days_ago(300))
    client.force_login(editor)

    client.post(verify_url(page))

    page = ListingPage.objects.get(pk=page.pk).specific
    editing = page.get_latest_revision_as_object()
    assert editing.last_verified == timezone.localdate()
    assert editing.verified_by_id == editor.pk
    # A moderator publishes again later: the date stays.
    page.get_latest_revision().publish(user=moderator)
    page.refresh_from_db()
    assert page.last_verified == timezone.localdate()
    assert page.verified_by == editor


def test_a_pending_draft_is_neither_published_nor_lost(client, editor):
    page = published(title="Tuesday Night Serenity", last_verified=None)
    page.title = "Tuesday Night Serenity (moved to room 2)"
    page.save_revision(user=editor)
    client.force_login(editor)

    client.post(verify_url(page))

    live = ListingPage.objects.get(pk=page.pk).specific
    assert live.title == "Tuesday Night Serenity"
    assert live.has_unpublished_changes
    assert live.last_verified == timezone.localdate()
    draft = live.get_latest_revision_as_object()
    assert draft.title == "Tuesday Night Serenity (moved to room 2)"
    assert draft.last_verified == timezone.localdate()

    live.get_latest_revision().publish()
    live.refresh_from_db()
    assert live.title == "Tuesday Night Serenity (moved to room 2)"
    assert live.last_verified == timezone.localdate()


def test_the_button_in_the_report_posts_with_its_csrf_token(editor):
    page = published(title="Tuesday Night Serenity", last_verified=None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    html = client.get(reverse(REPORT)).content.decode()

    form = re.search(
        rf'<form method="post" action="{re.escape(verify_url(page))}">(.*?)</form>', html, re.S
    )
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    assert "Verified today" in form.group(1)

    assert client.post(verify_url(page)).status_code == 403
    page.refresh_from_db()
    assert page.last_verified is None

    response = client.post(verify_url(page), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.last_verified == timezone.localdate()


def test_the_action_only_answers_post(client, editor):
    page = published(last_verified=None)
    client.force_login(editor)

    assert client.get(verify_url(page)).status_code == 405
    page.refresh_from_db()
    assert page.last_verified is None


def test_an_outside_next_address_is_ignored(client, editor):
    page = published(last_verified=None)
    client.force_login(editor)

    response = client.post(verify_url(page), {"next": "https://example.com/"})

    assert response["Location"] == reverse(REPORT)


def test_a_listing_locked_by_someone_else_is_left_alone(client, editor, moderator):
    page = published(title="Locked one", last_verified=None)
    ListingPage.objects.filter(pk=page.pk).update(
        locked=True, locked_by=moderator, locked_at=timezone.now()
    )
    client.force_login(editor)

    response = client.post(verify_url(page), follow=True)

    page.refresh_from_db()
    assert page.last_verified is None
    assert "was not marked as verified" in response.content.decode()


# Who may use it


def test_a_moderator_sees_the_report_and_can_verify(client, moderator):
    page = published(title="Tuesday Night Serenity", last_verified=None)
    client.force_login(moderator)

    assert listed(report(client)) == ["Tuesday Night Serenity"]
    client.post(verify_url(page))
    page.refresh_from_db()
    assert page.verified_by == moderator


def test_a_superuser_sees_the_report(admin_client):
    published(title="Tuesday Night Serenity", last_verified=None)

    assert listed(report(admin_client)) == ["Tuesday Night Serenity"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    page = published(last_verified=None)
    login = reverse("wagtailadmin_login")

    for response in (client.get(reverse(REPORT)), client.post(verify_url(page))):
        assert response.status_code == 302
        assert response["Location"].startswith(login)
    page.refresh_from_db()
    assert page.last_verified is None


def test_a_signed_in_user_who_is_not_staff_is_sent_to_sign_in(client, django_user_model):
    page = published(last_verified=None)
    client.force_login(user_in(django_user_model, "pat"))
    login = reverse("wagtailadmin_login")

    for response in (client.get(reverse(REPORT)), client.post(verify_url(page))):
        assert response.status_code == 302
        assert response["Location"].startswith(login)
    page.refresh_from_db()
    assert page.last_verified is None


def test_admin_access_alone_is_not_enough(client, django_user_model):
    page = published(last_verified=None)
    client.force_login(admin_only_user(django_user_model))
    home = reverse("wagtailadmin_home")

    for response in (client.get(reverse(REPORT)), client.post(verify_url(page))):
        assert response.status_code == 302
        assert response["Location"] == home
    page.refresh_from_db()
    assert page.last_verified is None


def test_the_reports_menu_offers_it_to_staff_who_may_use_it(client, editor, django_user_model):
    url = reverse(REPORT)
    client.force_login(editor)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(admin_only_user(django_user_model))
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


# The report's own download


def test_the_csv_download_has_the_rows_of_the_report(client, editor):
    published(title='=HYPERLINK("https://example.com")', last_verified=None)
    published(title="Long ago", last_verified=days_ago(400))
    published(title="Checked last week", last_verified=days_ago(7))
    client.force_login(editor)

    response = client.get(reverse(REPORT), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Listing",
        "Kind",
        "Categories",
        "Last verified",
        "Verified by",
        "Public page",
        "Edit in the admin",
    ]
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("https://example.com")', "Long ago"]
    assert rows[2][3] == days_ago(400).isoformat()
    assert rows[1][3] == ""
    assert all(row[1] == "Meeting" for row in rows[1:])


def test_the_xlsx_download_has_the_same_rows(client, editor):
    from openpyxl import load_workbook

    published(title="Never", last_verified=None)
    published(title="Long ago", last_verified=days_ago(400))
    client.force_login(editor)

    response = client.get(reverse(REPORT), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Listing"
    assert [row[0] for row in rows[1:]] == ["Never", "Long ago"]


def test_the_csv_download_follows_the_filters(client, editor):
    published(MeetingPageFactory, title="Old meeting", last_verified=None)
    published(TransportationPageFactory, title="Old ride", last_verified=None)
    client.force_login(editor)

    response = client.get(reverse(REPORT), {"export": "csv", "kind": "transportation"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[0] for row in rows[1:]] == ["Old ride"]
