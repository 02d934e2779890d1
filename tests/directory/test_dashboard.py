"""The directory's panel on the admin dashboard."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from directory.choices import Kind
from directory.models import ListingPage
from problem_reports.models import ProblemReport
from search.models import PendingIndexUpdate
from tests.directory.admin_pages import EDITORS, MODERATORS, admin_only_user, tables, user_in
from tests.factories import (
    ChildcarePageFactory,
    MeetingPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
)

pytestmark = pytest.mark.django_db

TABLE = "Published listings by kind"


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def directory():
    """Live and unpublished listings of several kinds, some due for verifying."""
    MeetingPageFactory(last_verified=None)
    MeetingPageFactory(last_verified=days_ago(400))
    MeetingPageFactory(last_verified=days_ago(3))
    MeetingPageFactory(last_verified=None, live=False)
    TransportationPageFactory(last_verified=days_ago(10))
    ServicePageFactory(last_verified=None)
    ChildcarePageFactory(last_verified=None, live=False)


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def leading_number(cell):
    return int(re.match(r"[\d,]+", cell).group(0).replace(",", ""))


def figures(html):
    """{kind label: (published, need verifying)} from the panel's table, and the totals row."""
    rows = tables(html)[TABLE]
    return {row[0]: (leading_number(row[1]), leading_number(row[2])) for row in rows[1:]}


def expected():
    """The same figures, straight from the database."""
    live = ListingPage.objects.live()
    result = {}
    for kind, label in Kind.choices:
        of_kind = [page for page in live.filter(kind=kind)]
        result[str(label)] = (len(of_kind), sum(page.needs_verification for page in of_kind))
    result["All kinds"] = (
        sum(published for published, _ in result.values()),
        sum(stale for _, stale in result.values()),
    )
    return result


def test_the_figures_match_the_data(admin_client, directory):
    got = figures(dashboard(admin_client))

    assert got == expected()
    assert got["Meeting"] == (3, 2)
    assert got["All kinds"] == (5, 3)


def test_the_figures_follow_changes(admin_client, directory):
    before = figures(dashboard(admin_client))
    ListingPage.objects.filter(kind=Kind.MEETING, last_verified__isnull=True).update(
        last_verified=timezone.localdate()
    )

    after = figures(dashboard(admin_client))

    assert after == expected()
    assert after["Meeting"][1] == before["Meeting"][1] - 1


def test_the_links_lead_to_the_report_the_inbox_and_the_search_index(admin_client, directory):
    html = dashboard(admin_client)
    report = reverse("directory_verification")

    assert f'href="{report}"' in html
    assert f'href="{report}?kind=meeting"' in html
    assert f'href="{reverse("search_index_admin")}"' in html
    assert f'href="{reverse("directory_export_csv", args=["meeting"])}"' in html
    stale = sum(page.needs_verification for page in ListingPage.objects.live())
    assert f"{stale} listings need verifying" in html


def test_open_problem_reports_are_counted_once(admin_client):
    listing = MeetingPageFactory()
    for status in (
        ProblemReport.Status.NEW,
        ProblemReport.Status.IN_PROGRESS,
        ProblemReport.Status.RESOLVED,
    ):
        ProblemReport.objects.create(listing=listing, reason="other", details="x", status=status)
    open_count = ProblemReport.objects.filter(status__in=ProblemReport.OPEN_STATUSES).count()

    html = dashboard(admin_client)

    assert html.count("open problem report") == 1
    assert f"{open_count} open problem reports" in html


def test_the_stale_figure_is_the_reports_count(client, django_user_model, directory):
    client.force_login(user_in(django_user_model, "eddie", EDITORS))

    stale_total = figures(dashboard(client))["All kinds"][1]
    report = client.get(reverse("directory_verification"))

    assert stale_total == report.context["paginator"].count


def test_pending_search_updates_are_counted(admin_client):
    for listing_id in (101, 102):
        PendingIndexUpdate.objects.create(listing_id=listing_id, action="index")

    html = dashboard(admin_client)

    assert f"{PendingIndexUpdate.objects.count()} search index updates waiting" in html


def test_an_editor_sees_listings_and_reports_but_not_the_search_index(
    client, django_user_model, directory
):
    client.force_login(user_in(django_user_model, "eddie", EDITORS))

    html = dashboard(client)

    assert figures(html) == expected()
    assert "open problem reports" in html
    assert "search index update" not in html


def test_a_moderator_also_sees_the_search_index(client, django_user_model):
    PendingIndexUpdate.objects.create(listing_id=7, action="delete")
    client.force_login(user_in(django_user_model, "mona", MODERATORS))

    html = dashboard(client)

    assert "1 search index update waiting to be retried" in html
    assert f'href="{reverse("search_index_admin")}"' in html


def test_someone_who_may_see_none_of_it_gets_no_panel(client, django_user_model, directory):
    client.force_login(admin_only_user(django_user_model))

    html = dashboard(client)

    assert 'id="directory-overview' not in html
    assert TABLE not in tables(html)
