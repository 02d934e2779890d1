"""Anyone can tell staff that a listing is wrong; staff see it in the admin."""

import logging
import re
import time

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

import pytest

from problem_reports import guards
from problem_reports.models import ProblemReport
from tests.factories import MeetingPageFactory, add_location, add_session

pytestmark = pytest.mark.django_db

EDITORS = "Directory editors"
ADDRESS = "203.0.113.45"
DETAILS = "The meeting moved to Wednesdays at 6:30 pm, same room."


def published_meeting(**fields):
    meeting = MeetingPageFactory(**fields)
    add_location(meeting)
    add_session(meeting, 2, "19:00", "20:00")
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def listing():
    return published_meeting(title="Tuesday Night Serenity")


def report_url(listing):
    return reverse("reports:report", args=[listing.pk])


def thanks_url(listing):
    return reverse("reports:thanks", args=[listing.pk])


def form_data(listing, **overrides):
    """What a person sends after a while on the form."""
    data = {
        "reason": "wrong_time",
        "details": DETAILS,
        "contact": "",
        "website": "",
        "stamp": guards.make_stamp(listing.pk, now=time.time() - 30),
    }
    data.update(overrides)
    return data


def post(client, listing, address=ADDRESS, **overrides):
    return client.post(report_url(listing), form_data(listing, **overrides), REMOTE_ADDR=address)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The public form


def test_the_form_names_the_listing_and_sets_only_the_csrf_cookie(client, listing):
    response = client.get(report_url(listing))

    html = text(response)
    assert response.status_code == 200
    assert "Tuesday Night Serenity" in html
    assert "<legend>What is wrong?</legend>" in html
    for label in (
        "Wrong time or day",
        "Wrong address or place",
        "The meeting or service has closed",
        "Online link or phone doesn&#x27;t work",
        "Something else",
    ):
        assert label in html
    assert '<label for="id_details">Tell us more</label>' in html
    assert "How can we reach you? (email or phone, only if you want a reply)" in html
    assert f'href="{listing.url}"' in html
    assert set(response.cookies) == {"csrftoken"}
    assert "no-store" in response["Cache-Control"]


def test_the_csrf_cookie_ends_with_the_browser_session(client, listing):
    cookie = client.get(report_url(listing)).cookies["csrftoken"]
    # No Max-Age or Expires: the browser forgets it when it closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["samesite"] == "Lax"


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, listing):
    html = text(client.get(report_url(listing)))

    wrapper = re.search(r'<div class="report-extra" aria-hidden="true">(.*?)</div>', html)
    assert wrapper is not None
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_a_report_is_stored_and_the_visitor_is_thanked(client, listing):
    response = post(client, listing, reason="closed", contact=" sam@example.org ")

    assert response.status_code == 303
    assert response["Location"] == thanks_url(listing)
    assert not response.cookies
    report = ProblemReport.objects.get()
    assert report.listing_id == listing.pk
    assert report.reason == ProblemReport.Reason.CLOSED
    assert report.details == DETAILS
    assert report.contact == "sam@example.org"
    assert report.status == ProblemReport.Status.NEW
    assert report.staff_note == ""
    assert report.handled_by is None
    # Nothing about the visitor is kept.
    assert ADDRESS not in str(list(ProblemReport.objects.values()))

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "staff will check it" in text(thanks)
    assert f'href="{listing.url}"' in text(thanks)
    assert not thanks.cookies


def test_a_report_without_details_is_refused_with_the_error_linked_to_the_field(client, listing):
    response = post(client, listing, details="   ")

    html = text(response)
    assert response.status_code == 400
    assert not ProblemReport.objects.exists()
    assert "Tell us a little about what is wrong." in html
    assert '<a href="#id_details">Tell us a little about what is wrong.</a>' in html
    assert 'id="id_details_error"' in html
    assert 'aria-describedby="id_details_helptext id_details_error"' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error:" in html
    # What they chose is kept.
    assert re.search(r'<input[^>]*value="wrong_time"[^>]*checked', html)


def test_a_missing_reason_links_to_the_first_choice(client, listing):
    response = post(client, listing, reason="")

    html = text(response)
    assert response.status_code == 400
    assert '<a href="#id_reason_0">Choose what is wrong.</a>' in html
    assert '<fieldset aria-describedby="id_reason_error">' in html
    assert not ProblemReport.objects.exists()


def test_contact_must_look_like_an_email_or_a_phone(client, listing):
    assert post(client, listing, contact="call me").status_code == 400
    assert post(client, listing, contact="(303) 555-0142").status_code == 303
    assert ProblemReport.objects.get().contact == "(303) 555-0142"


def test_details_longer_than_2000_characters_are_refused(client, listing):
    response = post(client, listing, details="x" * 2001)

    assert response.status_code == 400
    assert "2,000 characters or fewer" in text(response)
    assert not ProblemReport.objects.exists()


# Spam


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client, listing):
    response = post(client, listing, website="https://spam.example/")

    assert response.status_code == 303
    assert response["Location"] == thanks_url(listing)
    assert not ProblemReport.objects.exists()


def test_a_post_faster_than_a_person_can_type_stores_nothing(client, listing):
    stamp = re.search(r'name="stamp" value="([^"]+)"', text(client.get(report_url(listing))))

    response = post(client, listing, stamp=stamp.group(1))

    assert response.status_code == 303
    assert response["Location"] == thanks_url(listing)
    assert not ProblemReport.objects.exists()


def test_the_minimum_time_is_a_setting(client, listing, settings):
    settings.REPORT_MIN_SECONDS = 0
    stamp = re.search(r'name="stamp" value="([^"]+)"', text(client.get(report_url(listing))))

    post(client, listing, stamp=stamp.group(1))

    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize(
    "stamp",
    [
        pytest.param(lambda listing: guards.make_stamp(listing.pk)[:-3] + "abc", id="tampered"),
        pytest.param(lambda listing: "", id="missing"),
        pytest.param(lambda listing: guards.make_stamp(listing.pk + 1000), id="other-listing"),
        pytest.param(
            lambda listing: guards.make_stamp(listing.pk, now=time.time() - 3 * 86400),
            id="days-old",
        ),
    ],
)
def test_a_stamp_that_cannot_be_trusted_asks_to_try_again(client, listing, stamp):
    sent = stamp(listing)
    response = post(client, listing, stamp=sent)

    html = text(response)
    assert response.status_code == 400
    assert not ProblemReport.objects.exists()
    assert "please check them and send the form again" in html
    # A fresh stamp lets them send it again.
    fresh = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    assert fresh != sent
    assert guards.seconds_since_stamp(fresh, listing.pk) < 60
    # What they wrote is kept.
    assert DETAILS in html


def test_the_sixth_report_within_the_hour_is_refused_kindly(client, listing, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        assert post(client, listing).status_code == 303

    response = post(client, listing, details="One more thing about the parking.")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    html = text(response)
    assert "Please try again in an hour" in html
    assert "One more thing about the parking." in html  # shown back, so it is not lost
    assert ProblemReport.objects.count() == 5
    # Someone else can still report.
    assert post(client, listing, address="198.51.100.7").status_code == 303
    assert ProblemReport.objects.count() == 6
    # The address is kept only as a keyed hash, in the cache, and never logged.
    keys = list(cache._cache)
    assert keys
    assert not any(ADDRESS in key for key in keys)
    assert any(guards.rate_limit_key(ADDRESS) in key for key in keys)
    assert ADDRESS not in guards.rate_limit_key(ADDRESS)
    assert re.fullmatch(r"reports:rate:[0-9a-f]{64}", guards.rate_limit_key(ADDRESS))
    assert ADDRESS not in caplog.text


def test_the_rate_limit_key_depends_on_the_secret_key(settings):
    key = guards.rate_limit_key(ADDRESS)
    settings.SECRET_KEY = "another-secret-key"
    assert guards.rate_limit_key(ADDRESS) != key


def test_the_honeypot_and_too_fast_posts_count_towards_the_limit(client, listing, settings):
    settings.REPORT_RATE_LIMIT = 2
    post(client, listing, website="spam")
    post(client, listing, stamp=guards.make_stamp(listing.pk))

    assert post(client, listing).status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, listing, settings):
    settings.REPORT_TRUSTED_PROXIES = 1
    settings.REPORT_RATE_LIMIT = 1

    def from_proxy(forwarded_for):
        return client.post(
            report_url(listing),
            form_data(listing),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    assert from_proxy(f"{ADDRESS}").status_code == 303
    # Whatever a client puts in front of the proxy's entry is not trusted.
    assert from_proxy(f"1.2.3.4, {ADDRESS}").status_code == 429
    assert from_proxy("198.51.100.7").status_code == 303


# Listings that are not there


def test_an_unpublished_listing_cannot_be_reported(client):
    draft = MeetingPageFactory(title="Not Yet Open", live=False)

    assert client.get(reverse("reports:report", args=[draft.pk])).status_code == 404
    assert client.post(reverse("reports:report", args=[draft.pk]), {}).status_code == 404
    assert client.get(reverse("reports:thanks", args=[draft.pk])).status_code == 404


def test_an_unpublished_listing_refuses_posts(client, listing):
    listing.unpublish()

    assert post(client, listing).status_code == 404
    assert not ProblemReport.objects.exists()


def test_an_unknown_listing_is_not_found(client, listing):
    assert client.get("/report/999999/").status_code == 404
    # Past the largest id a row can have: no query is made, so nothing overflows.
    for number in ("9223372036854775808", "99999999999999999999", "9" * 200):
        assert client.get(f"/report/{number}/").status_code == 404
        assert client.post(f"/report/{number}/", form_data(listing)).status_code == 404
        assert client.get(f"/report/{number}/thanks/").status_code == 404
    assert client.get("/report/\u0663/").status_code == 404
    # A page that is not a listing is not one either.
    home = listing.get_parent().get_parent()
    assert client.get(f"/report/{home.pk}/").status_code == 404


# The staff inbox


@pytest.fixture
def report(listing):
    return ProblemReport.objects.create(
        listing=listing,
        reason=ProblemReport.Reason.WRONG_PLACE,
        details="The hall is being renovated; the group meets in the church basement.",
        contact="303-555-0199",
    )


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("eddie", "eddie@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


INBOX = "problem_reports:index"


def test_a_superuser_sees_the_report_in_the_inbox(admin_client, report, listing):
    response = admin_client.get(reverse(INBOX))

    html = text(response)
    assert response.status_code == 200
    assert "Wrong address or place" in html
    assert "Tuesday Night Serenity" in html
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[listing.pk])}"' in html
    assert f'href="{listing.url}"' in html
    assert reverse("problem_reports:edit", args=[report.pk]) in html
    assert reverse("problem_reports:index") + "new/" not in html


def test_the_inbox_lists_newest_first_and_filters(admin_client, report, listing):
    older = ProblemReport.objects.create(
        listing=listing, reason=ProblemReport.Reason.OTHER, details="An old one."
    )
    ProblemReport.objects.filter(pk=older.pk).update(
        created_at=report.created_at.replace(year=2020), status=ProblemReport.Status.RESOLVED
    )

    def edit(report):
        return f'href="{reverse("problem_reports:edit", args=[report.pk])}"'

    html = text(admin_client.get(reverse(INBOX)))
    assert html.index(edit(report)) < html.index(edit(older))

    def listed(query):
        html = text(admin_client.get(reverse(INBOX) + query))
        return [r.reason for r in (report, older) if edit(r) in html]

    assert listed("?status=open") == ["wrong_place"]
    assert listed("?status=resolved") == ["other"]
    assert listed("?status=new") == ["wrong_place"]
    assert listed("?reason=other") == ["other"]
    assert listed("?reason=wrong_place&status=open") == ["wrong_place"]


def test_a_directory_editor_sees_the_report_and_changes_its_status(client, editor, report):
    client.force_login(editor)

    assert "Wrong address or place" in text(client.get(reverse(INBOX)))
    edit_url = reverse("problem_reports:edit", args=[report.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert "church basement" in text(page)

    response = client.post(
        edit_url, {"status": "in_progress", "staff_note": "Called the group secretary."}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProblemReport.Status.IN_PROGRESS
    assert report.staff_note == "Called the group secretary."
    assert report.handled_by == editor
    # What the visitor wrote cannot be changed.
    assert report.details.startswith("The hall is being renovated")
    assert report.contact == "303-555-0199"


def test_staff_cannot_add_reports_in_the_admin(admin_client):
    assert admin_client.get(reverse(INBOX) + "new/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, report):
    response = client.get(reverse(INBOX))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_signed_in_user_without_the_permission_is_refused(client, django_user_model, report):
    user = django_user_model.objects.create_user("pat", "pat@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name="Directory moderators"))
    client.force_login(user)
    assert client.get(reverse(INBOX)).status_code == 200

    user.groups.clear()
    user.user_permissions.add(
        *Group.objects.get(name=EDITORS).permissions.exclude(
            content_type__app_label="problem_reports"
        )
    )
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(reverse(INBOX)).status_code == 302


def test_the_dashboard_counts_open_reports(admin_client, report, listing):
    ProblemReport.objects.create(
        listing=listing,
        reason=ProblemReport.Reason.WRONG_TIME,
        details="Starts at 7.",
        status=ProblemReport.Status.IN_PROGRESS,
    )
    ProblemReport.objects.create(
        listing=listing,
        reason=ProblemReport.Reason.OTHER,
        details="Done.",
        status=ProblemReport.Status.RESOLVED,
    )

    html = text(admin_client.get(reverse("wagtailadmin_home")))

    assert "2 open problem reports" in html
    assert f'href="{reverse(INBOX)}?status=open"' in html


def test_the_dashboard_count_is_hidden_from_users_who_cannot_see_reports(
    client, django_user_model, report
):
    user = django_user_model.objects.create_user("pat", "pat@example.org", "x" * 12)
    user.user_permissions.add(
        *Group.objects.get(name=EDITORS).permissions.filter(codename="access_admin")
    )
    client.force_login(user)

    assert "open problem report" not in text(client.get(reverse("wagtailadmin_home")))


# In a real browser, without JavaScript


@pytest.mark.django_db(transaction=True)
def test_reporting_a_problem_in_a_browser_without_javascript(browser, site, settings):
    settings.REPORT_MIN_SECONDS = 1
    listing = published_meeting(title="Sunrise Serenity")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(site.url + reverse("reports:report", args=[listing.pk]))
        assert "Sunrise Serenity" in page.locator("main").inner_text()
        assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]

        # Forgetting the details shows the error, linked to the field.
        page.get_by_label("Wrong address or place").check()
        page.get_by_role("button", name="Send report").click()
        summary = page.locator(".error-summary")
        assert "Tell us a little about what is wrong." in summary.inner_text()
        summary.get_by_role("link", name="Tell us a little about what is wrong.").click()
        assert page.url.endswith("#id_details")

        page.get_by_label("Tell us more").fill("The group meets at the library now.")
        page.wait_for_timeout(1200)
        page.get_by_role("button", name="Send report").click()

        page.wait_for_url(site.url + reverse("reports:thanks", args=[listing.pk]))
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your report"
        assert (
            page.get_by_role("link", name="Back to Sunrise Serenity").get_attribute("href")
            == listing.url
        )
        assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]
    finally:
        context.close()

    report = ProblemReport.objects.get()
    assert report.reason == ProblemReport.Reason.WRONG_PLACE
    assert report.details == "The group meets at the library now."
