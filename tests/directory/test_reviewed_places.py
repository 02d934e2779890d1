"""Locations and organizations go through review: nothing public changes until a moderator agrees.

A location or an organization shows on every listing that points to it, so
an editor's change to one (a new website, say a phishing address) waits as a
draft in the "Directory review" workflow. Listings, search and the feeds keep
showing the published one until a moderator approves or publishes it; then
the one change event (directory.changes) carries it everywhere.
"""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Workflow
from wagtail.test.utils.form_data import rich_text

import pytest

from directory.changes import Reason, listings_changed
from directory.models import Location, Organization
from feeds.meeting_guide import directory_version
from search.models import SearchDocument
from tests.factories import (
    LocationFactory,
    MeetingPageFactory,
    OrganizationFactory,
    add_location,
    add_session,
    listing_form_data,
)

pytestmark = pytest.mark.django_db

EDITORS = "Directory editors"
MODERATORS = "Directory moderators"
OFFICIAL = "https://quokka-intergroup.example.org/"
PHISHING = "https://quokka-intergroup.example.net/login"


@pytest.fixture
def events():
    sent = []

    def record(sender, ids, reason, **kwargs):
        sent.append((set(ids), reason))

    listings_changed.connect(record)
    yield sent
    listings_changed.disconnect(record)


def user_in(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "eddie", EDITORS)


@pytest.fixture
def moderator(django_user_model):
    return user_in(django_user_model, "mona", MODERATORS)


@pytest.fixture
def meeting(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organization = OrganizationFactory(name="Quokka Intergroup", website=OFFICIAL)
        page = MeetingPageFactory(title="Quokka Serenity Group", organization=organization)
        add_location(page, LocationFactory(name="Quokka Hall"))
        add_session(page, 2, "19:00", "20:00")
        page.save_revision().publish()
    return page


def url(model, action, *args):
    return reverse(f"wagtailsnippets_directory_{model._meta.model_name}:{action}", args=args)


def organization_form(organization, **changes):
    data = {
        "name": organization.name,
        "description": rich_text(""),
        "website": organization.website,
        "phone": organization.phone,
        "email": organization.email,
        "logo": "",
    }
    return {**data, **changes}


def approve(client, obj):
    task_state = obj.current_workflow_state.current_task_state
    return client.post(url(type(obj), "workflow_action", obj.pk, "approve", task_state.pk))


def public_website(client, meeting):
    html = client.get(meeting.url).content.decode()
    return OFFICIAL in html, PHISHING in html


def test_both_are_reviewed_by_the_directory_review_workflow():
    workflow = Workflow.objects.get(name="Directory review")
    assert Location().get_workflow() == workflow
    assert Organization().get_workflow() == workflow


def test_an_editors_change_waits_for_review_and_shows_nowhere(
    client, editor, meeting, events, django_capture_on_commit_callbacks
):
    organization = meeting.organization
    client.get("/meetings.json")
    version = directory_version()
    client.force_login(editor)
    form = client.get(url(Organization, "edit", organization.pk)).content.decode()
    assert 'name="action-submit"' in form
    assert 'name="action-publish"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(Organization, "edit", organization.pk),
            organization_form(organization, website=PHISHING, name="Quokka Help Desk")
            | {"action-submit": "action-submit"},
        )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.website == OFFICIAL
    assert organization.name == "Quokka Intergroup"
    assert organization.has_unpublished_changes
    assert organization.workflow_in_progress
    assert organization.get_latest_revision().as_object().website == PHISHING
    # Nothing public moved: no change event, no new feed, the old search document.
    assert events == []
    assert directory_version() == version
    client.logout()
    assert public_website(client, meeting) == (True, False)
    document = SearchDocument.objects.get(listing_id=meeting.pk).data
    assert document["organization"] == "Quokka Intergroup"


def test_an_editor_cannot_publish_or_approve(client, editor, meeting):
    organization = meeting.organization
    client.force_login(editor)
    client.post(
        url(Organization, "edit", organization.pk),
        organization_form(organization, website=PHISHING) | {"action-publish": "action-publish"},
    )
    organization.refresh_from_db()
    assert organization.website == OFFICIAL
    client.post(
        url(Organization, "edit", organization.pk),
        organization_form(organization, website=PHISHING) | {"action-submit": "action-submit"},
    )
    approve(client, organization)
    organization.refresh_from_db()
    assert organization.website == OFFICIAL
    assert organization.workflow_in_progress


def test_approval_publishes_it_and_the_change_reaches_every_listing(
    client, editor, moderator, meeting, events, django_capture_on_commit_callbacks
):
    organization = meeting.organization
    client.force_login(editor)
    client.post(
        url(Organization, "edit", organization.pk),
        organization_form(organization, name="Quokka Help Desk")
        | {"action-submit": "action-submit"},
    )
    client.get("/meetings.json")
    version = directory_version()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, organization)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Quokka Help Desk"
    assert organization.live and not organization.has_unpublished_changes
    assert [reason for _, reason in events] == [Reason.ORGANIZATION]
    assert meeting.pk in events[0][0]
    assert directory_version() > version
    document = SearchDocument.objects.get(listing_id=meeting.pk).data
    assert document["organization"] == "Quokka Help Desk"


def test_a_location_draft_changes_nothing_until_a_moderator_publishes_it(
    client, editor, moderator, meeting, events, django_capture_on_commit_callbacks
):
    location = meeting.locations[0]
    location.name = "Quokka Annex"
    with django_capture_on_commit_callbacks(execute=True):
        location.save_revision(user=editor)
    assert events == []
    assert Location.objects.get(pk=location.pk).name == "Quokka Hall"
    assert "Quokka Hall" in client.get(meeting.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        location.get_latest_revision().publish(user=moderator)
    assert Location.objects.get(pk=location.pk).name == "Quokka Annex"
    assert [reason for _, reason in events] == [Reason.LOCATION]
    assert "Quokka Annex" in client.get(meeting.url).content.decode()
    document = SearchDocument.objects.get(listing_id=meeting.pk).data
    assert document["locations"][0]["name"] == "Quokka Annex"


def test_a_new_location_is_a_draft_no_listing_can_use_before_it_is_published(
    client, editor, moderator, meeting
):
    client.force_login(editor)
    response = client.post(
        url(Location, "add"),
        {
            "name": "Quokka Garage",
            "street_address": "2855 Welton St",
            "city": "Denver",
            "region": "CO",
            "postal_code": "80205",
            "country": "US",
            "latitude": "",
            "longitude": "",
            "timezone": "",
            "accessibility_notes": "",
            "transit_notes": "",
            "photo": "",
            "action-submit": "action-submit",
        },
    )
    assert response.status_code == 302
    garage = Location.objects.get(name="Quokka Garage")
    assert not garage.live
    # The listing editor's chooser leaves it out, and the form refuses it.
    choices = client.get(reverse("wagtailsnippetchoosers_directory_location:choose"))
    assert "Quokka Garage" not in choices.content.decode()
    assert "Quokka Hall" in choices.content.decode()
    data = listing_form_data(
        meeting.title, locations=[garage], sessions=[(2, "19:00", "20:00")], summary="Weekly."
    )
    page_response = client.post(reverse("wagtailadmin_pages:edit", args=[meeting.pk]), data)
    assert page_response.status_code == 200
    assert "Select a valid choice" in page_response.content.decode()
    assert not meeting.listing_locations.filter(location=garage).exists()
    # Once a moderator approves it, listings can use it.
    client.force_login(moderator)
    approve(client, garage)
    garage.refresh_from_db()
    assert garage.live
    choices = client.get(reverse("wagtailsnippetchoosers_directory_location:choose"))
    assert "Quokka Garage" in choices.content.decode()


def test_a_place_in_use_stays_published(client, moderator, meeting):
    location = meeting.locations[0]
    client.force_login(moderator)
    response = client.post(url(Location, "unpublish", location.pk), follow=True)
    location.refresh_from_db()
    assert location.live
    assert "stays published: 1 listing uses it" in response.content.decode()
    client.post(url(Organization, "unpublish", meeting.organization.pk))
    assert Organization.objects.get(pk=meeting.organization.pk).live
    unused = LocationFactory(name="Quokka Shed")
    client.post(url(Location, "unpublish", unused.pk))
    unused.refresh_from_db()
    assert not unused.live
