"""Editors write and submit listings; moderators publish them."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Page, Workflow

import pytest

from directory.models import MeetingPage
from tests.factories import ListingIndexPageFactory, MeetingPageFactory, listing_form_data

pytestmark = pytest.mark.django_db

EDITORS = "Directory editors"
MODERATORS = "Directory moderators"
ZOOM = "https://us02web.zoom.us/j/81234567890"


@pytest.fixture
def section():
    return ListingIndexPageFactory(title="Meetings")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("eddie", "eddie@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mona", "mona@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def as_user(client, user):
    client.force_login(user)
    return client


def meeting_data(title):
    # Online and by appointment, so that this data passes the listing form as it is today
    # (the weekly-session rows are the subject of test_page_types and test_validation).
    return listing_form_data(
        title,
        conference_url=ZOOM,
        by_appointment="on",
        summary="Sponsorship conversations for people new to the program.",
    )


def add_meeting(client, section, title, action=None):
    url = reverse("wagtailadmin_pages:add", args=["directory", "meetingpage", section.pk])
    data = meeting_data(title)
    if action:
        data[action] = action
    return client.post(url, data)


def edit_meeting(client, page, action=None):
    data = meeting_data(page.title)
    if action:
        data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def approve_url(page):
    task_state = page.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])


def submitted_by(client, section, title):
    response = add_meeting(client, section, title, action="action-submit")
    assert response.status_code == 302
    return MeetingPage.objects.get(title=title)


def test_the_migration_created_both_groups():
    assert set(
        Group.objects.filter(name__in=[EDITORS, MODERATORS]).values_list("name", flat=True)
    ) == {EDITORS, MODERATORS}


def test_the_review_workflow_sends_the_whole_site_to_the_moderators():
    workflow = Workflow.objects.get(name="Directory review")
    home = Page.objects.get(depth=2, slug="home")
    assert workflow.active
    assert home.get_workflow() == workflow
    (task,) = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]


def test_an_editor_can_open_the_admin_and_the_add_form(client, editor, section):
    as_user(client, editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    url = reverse("wagtailadmin_pages:add", args=["directory", "meetingpage", section.pk])
    assert client.get(url).status_code == 200


def test_an_editor_saves_a_draft(client, editor, section):
    response = add_meeting(as_user(client, editor), section, "Newcomers Sponsorship")

    page = MeetingPage.objects.get(title="Newcomers Sponsorship")
    assert response.status_code == 302
    assert not page.live
    assert page.revisions.count() == 1
    assert page.get_latest_revision().user == editor
    assert page.owner == editor


def test_an_editor_submits_for_moderation_and_the_review_starts(client, editor, section):
    page = submitted_by(as_user(client, editor), section, "Newcomers Sponsorship")

    state = page.current_workflow_state
    assert state is not None
    assert state.workflow.name == "Directory review"
    assert state.status == state.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert state.current_task_state.task.name == "Directory moderator approval"
    assert not page.live


def test_an_editor_cannot_publish(client, editor, section):
    as_user(client, editor)
    add_meeting(client, section, "Newcomers Sponsorship", action="action-publish")

    page = MeetingPage.objects.get(title="Newcomers Sponsorship")
    assert not page.live
    assert not page.permissions_for_user(editor).can_publish()

    edit_meeting(client, page, action="action-publish")
    page.refresh_from_db()
    assert not page.live


def test_an_editor_cannot_publish_an_existing_listing(editor):
    page = MeetingPageFactory(live=False)

    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_an_editor_cannot_approve_their_own_submission(client, editor, section):
    page = submitted_by(as_user(client, editor), section, "Newcomers Sponsorship")

    client.post(approve_url(page))

    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"


def test_a_moderator_can_publish(moderator):
    page = MeetingPageFactory(live=False)

    assert page.permissions_for_user(moderator).can_publish()


def test_a_moderator_approves_a_submission_and_it_goes_live(client, editor, moderator, section):
    page = submitted_by(as_user(client, editor), section, "Newcomers Sponsorship")
    assert not page.live

    as_user(client, moderator)
    response = client.post(approve_url(page))
    assert response.status_code == 302

    page = MeetingPage.objects.get(pk=page.pk)
    assert page.live
    assert page.current_workflow_state is None
    assert page.workflow_states.get().status == "approved"
    assert client.get(page.url).status_code == 200


def test_a_moderator_publishes_from_the_edit_form(client, editor, moderator, section):
    page = submitted_by(as_user(client, editor), section, "Newcomers Sponsorship")

    response = edit_meeting(as_user(client, moderator), page, action="action-publish")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.get_latest_revision().user == moderator
