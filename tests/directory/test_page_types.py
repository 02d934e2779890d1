"""Where each page type lives, and that the admin creates, edits, previews and renders it."""

from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase, WagtailTestUtils
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
)

import pytest

from directory.models import (
    ChildcarePage,
    ClassPage,
    ListingPage,
    MeetingPage,
    ServicePage,
    TransportationPage,
)
from home.models import BrowsePage, HomePage, ListingIndexPage
from tests.factories import (
    ChildcarePageFactory,
    ClassPageFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
    listing_form_data,
)

pytestmark = pytest.mark.django_db  # counted as database tests by tests/reporting.py

LISTING_KINDS = {MeetingPage, TransportationPage, ChildcarePage, ClassPage, ServicePage}
ZOOM = "https://us02web.zoom.us/j/81234567890"


# The fields only one kind of listing has (online_url is shared by classes and services).
OWN_FIELDS = {
    MeetingPage: {
        "types",
        "conference_url",
        "conference_url_notes",
        "conference_phone",
        "conference_phone_notes",
        "group_name",
        "group_notes",
        "notes",
    },
    TransportationPage: {
        "service_area",
        "notice_hours",
        "wheelchair_vehicles",
        "booking_instructions",
    },
    ChildcarePage: {
        "min_age_years",
        "max_age_years",
        "licensed",
        "license_number",
        "during_meetings",
    },
    ClassPage: {
        "provider",
        "start_date",
        "end_date",
        "online_url",
        "registration_url",
        "registration_phone",
        "seats",
        "credential",
    },
    ServicePage: {"service_type", "online_url"},
}
SHARED_FIELDS = {
    "title",
    "slug",
    "summary",
    "description",
    "organization",
    "categories",
    "languages",
    "audiences",
    "is_free",
    "cost_description",
    "eligibility",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "last_verified",
    "verified_by",
    "go_live_at",
    "expire_at",
    "listing_locations-TOTAL_FORMS",
}


def browser_form_data(html, form_id="page-edit-form"):
    """What a browser submits from the form, as {name: [values]} for the test client.

    Like querydict_from_html, but a ticked checkbox with no value attribute sends
    "on", as browsers do; and every value of a multi-valued field is kept (the test
    client sends only the last value of each key of a QueryDict).
    """
    data = querydict_from_html(html, form_id=form_id)
    form = WagtailTestUtils.get_soup(html).find("form", attrs={"id": form_id})
    for box in form.find_all("input", type="checkbox", checked=True):
        if "value" not in box.attrs and box.attrs.get("name"):
            data.setlist(box["name"], ["on"])
    return {name: data.getlist(name) for name in data}


def form_field_names(html, form_id="page-edit-form"):
    form = WagtailTestUtils.get_soup(html).find("form", attrs={"id": form_id})
    return {
        element["name"]
        for element in form.find_all(["input", "select", "textarea"])
        if element.get("name")
    }


class TestListingIndexPage(WagtailPageTestCase):
    def test_sits_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(ListingIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, ListingIndexPage)
        self.assertCanNotCreateAt(Page, ListingIndexPage)
        self.assertCanNotCreateAt(ListingIndexPage, ListingIndexPage)

    def test_holds_the_five_listing_kinds(self):
        self.assertAllowedSubpageTypes(ListingIndexPage, LISTING_KINDS)
        for kind in LISTING_KINDS:
            self.assertCanCreateAt(ListingIndexPage, kind)

    def test_home_page_holds_only_sections_and_browse_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {ListingIndexPage, BrowsePage})

    def test_admin_creates_a_section(self):
        home = ensure_site_tree()
        self.login()
        self.assertCanCreate(
            home,
            ListingIndexPage,
            nested_form_data(
                {"title": "Meetings", "intro": rich_text("<p>Meetings near <b>you</b>.</p>")}
            ),
        )
        section = ListingIndexPage.objects.get(title="Meetings")
        self.assertTrue(section.live)
        self.assertEqual(section.get_parent().specific, home)
        self.assertIn("<b>you</b>", section.intro)

    def test_renders_edits_and_previews(self):
        section = ListingIndexPageFactory(title="Rides", intro="<p>Getting there.</p>")
        self.assertPageIsRenderable(section)
        self.assertContains(self.client.get(section.url), "<h1>Rides</h1>", html=True)
        self.assertPageIsEditable(section)
        self.assertPageIsPreviewable(section)


class TestListingPageIsNotCreatable(WagtailPageTestCase):
    def test_the_shared_base_cannot_be_created_anywhere(self):
        self.assertFalse(ListingPage.is_creatable)
        self.assertCanNotCreateAt(ListingIndexPage, ListingPage)
        self.assertCanNotCreateAt(HomePage, ListingPage)
        self.assertNotIn(ListingPage, ListingIndexPage.creatable_subpage_models())
        self.assertFalse(ListingPage.can_create_at(ListingIndexPageFactory()))

    def test_the_admin_offers_only_the_five_kinds(self):
        section = ListingIndexPageFactory()
        self.login()
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[section.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for kind in LISTING_KINDS:
            add_url = reverse(
                "wagtailadmin_pages:add", args=["directory", kind._meta.model_name, section.pk]
            )
            self.assertIn(add_url, html)
        self.assertNotIn("/add/directory/listingpage/", html)


class ListingKindChecks:
    """Checks every listing kind must pass; subclasses name the kind."""

    model = None
    factory = None

    def create_data(self, title):
        raise NotImplementedError

    def check_created(self, page):
        """Kind-specific fields that must have been saved from the form."""

    def make_listing(self):
        """A published listing as staff would have it: a place and a weekly session."""
        page = self.factory(title=f"{self.model._meta.verbose_name} to look at")
        add_location(page, LocationFactory(name="Whittier Community Hall"))
        add_session(page, 2, "19:00", "20:00")
        return page

    def setUp(self):
        super().setUp()
        self.section = ListingIndexPageFactory(title="Directory")
        self.hall = LocationFactory(
            name="Whittier Community Hall", street_address="2900 Downing St"
        )

    # Where it lives

    def test_lives_only_in_a_directory_section(self):
        self.assertAllowedParentPageTypes(self.model, {ListingIndexPage})
        self.assertCanCreateAt(ListingIndexPage, self.model)
        self.assertCanNotCreateAt(HomePage, self.model)
        self.assertCanNotCreateAt(Page, self.model)

    def test_has_no_children(self):
        self.assertAllowedSubpageTypes(self.model, set())
        for kind in LISTING_KINDS | {ListingIndexPage}:
            self.assertCanNotCreateAt(self.model, kind)

    # The admin

    def test_admin_creates_and_publishes_it(self):
        self.login()
        title = f"New {self.model._meta.verbose_name}"
        self.assertCanCreate(self.section, self.model, self.create_data(title))
        page = self.model.objects.get(title=title)
        self.assertTrue(page.live)
        self.assertEqual(page.kind, self.model.listing_kind)
        self.assertEqual(page.get_parent().specific, self.section)
        self.check_created(page)

    def test_add_form_shows_only_its_own_fields(self):
        self.login()
        response = self.client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=["directory", self.model._meta.model_name, self.section.pk],
            )
        )
        self.assertEqual(response.status_code, 200)
        names = form_field_names(response.content.decode())
        others = set().union(*(own for kind, own in OWN_FIELDS.items() if kind is not self.model))
        self.assertLessEqual(OWN_FIELDS[self.model] | SHARED_FIELDS, names)
        self.assertEqual(names & (others - OWN_FIELDS[self.model]), set())

    def test_edit_form_class_has_only_its_own_fields(self):
        fields = set(self.model.get_edit_handler().get_form_class().base_fields)
        others = set().union(*(own for kind, own in OWN_FIELDS.items() if kind is not self.model))
        self.assertLessEqual(OWN_FIELDS[self.model], fields)
        self.assertEqual(fields & (others - OWN_FIELDS[self.model]), set())

    def test_renders(self):
        page = self.make_listing()
        self.assertPageIsRenderable(page)
        response = self.client.get(page.url)
        self.assertContains(response, f'<h1 id="listing-title">{page.title}</h1>', html=True)
        self.assertContains(response, "Whittier Community Hall")

    def test_is_editable(self):
        page = self.make_listing()
        user = self.login()
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = browser_form_data(self.client.get(edit_url).content.decode())

        # Saving the form as it came is accepted, as a person pressing "Publish" expects.
        response = self.client.post(edit_url, {**data, "action-publish": "action-publish"})
        self.assertRedirects(response, reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.live_revision, page.latest_revision)
        self.assertEqual(page.live_revision.user, user)

        self.assertPageIsEditable(page, post_data=data)

    def test_is_previewable(self):
        page = self.make_listing()
        self.login()
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
        self.assertPageIsPreviewable(page, post_data=browser_form_data(html.decode()))


class TestMeetingPage(ListingKindChecks, WagtailPageTestCase):
    model = MeetingPage
    factory = MeetingPageFactory

    def create_data(self, title):
        return listing_form_data(
            title,
            locations=[self.hall],
            sessions=[(2, "19:00", "20:00"), (6, "10:00", "")],
            description=rich_text("<p>Bring a friend.</p>"),
            types=["D", "O"],
            languages=["en", "es"],
            conference_url=ZOOM,
            conference_phone="+1 720 555 0199,,12345#",
            group_name="Five Points Group",
        )

    def check_created(self, page):
        self.assertEqual(page.types, ["D", "O"])
        self.assertEqual(page.languages, ["en", "es"])
        self.assertEqual(page.conference_url, ZOOM)
        self.assertEqual(page.locations, [self.hall])
        self.assertEqual(page.sessions.count(), 2)

    def test_edit_form_shows_the_saved_meeting_types_ticked(self):
        page = MeetingPageFactory(types=["D", "O"], languages=["es"])
        self.login()
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
        data = browser_form_data(html.decode())
        self.assertEqual(sorted(data.get("types", [])), ["D", "O"])
        self.assertEqual(data.get("languages"), ["es"])

    def test_saving_the_edit_form_unchanged_keeps_types_and_languages(self):
        # Online and by appointment, so the form is valid whatever the formsets hold.
        page = MeetingPageFactory(
            types=["D", "O"], languages=["es"], conference_url=ZOOM, by_appointment=True
        )
        self.login()
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = browser_form_data(self.client.get(edit_url).content.decode())
        data["action-publish"] = "action-publish"
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.types, ["D", "O"])
        self.assertEqual(page.languages, ["es"])


class TestTransportationPage(ListingKindChecks, WagtailPageTestCase):
    model = TransportationPage
    factory = TransportationPageFactory

    def create_data(self, title):
        return listing_form_data(
            title,
            service_area="Denver and Aurora, within 10 miles of Five Points.",
            notice_hours="48",
            wheelchair_vehicles="on",
            booking_instructions="Call by noon the day before.",
            contact_phone="988",
        )

    def check_created(self, page):
        self.assertEqual(page.notice_hours, 48)
        self.assertTrue(page.wheelchair_vehicles)
        self.assertEqual(page.service_area, "Denver and Aurora, within 10 miles of Five Points.")
        self.assertEqual(page.locations, [])
        self.assertFalse(page.sessions.exists())


class TestChildcarePage(ListingKindChecks, WagtailPageTestCase):
    model = ChildcarePage
    factory = ChildcarePageFactory

    def create_data(self, title):
        return listing_form_data(
            title,
            locations=[self.hall],
            sessions=[(2, "18:45", "20:15")],
            min_age_years="1",
            max_age_years="8",
            licensed="on",
            license_number="CO-123456",
            during_meetings="on",
        )

    def check_created(self, page):
        self.assertEqual((page.min_age_years, page.max_age_years), (1, 8))
        self.assertTrue(page.licensed)
        self.assertTrue(page.during_meetings)
        self.assertEqual(page.locations, [self.hall])


class TestClassPage(ListingKindChecks, WagtailPageTestCase):
    model = ClassPage
    factory = ClassPageFactory

    def create_data(self, title):
        return listing_form_data(
            title,
            locations=[self.hall],
            sessions=[(4, "13:00", "15:00")],
            provider="Denver Workforce Center",
            start_date="2025-09-04",
            end_date="2025-10-23",
            registration_url="https://example.org/register",
            seats="15",
            credential="Certificate of completion",
        )

    def check_created(self, page):
        self.assertEqual(page.start_date.isoformat(), "2025-09-04")
        self.assertEqual(page.seats, 15)
        self.assertEqual(page.credential, "Certificate of completion")
        self.assertEqual(page.locations, [self.hall])


class TestServicePage(ListingKindChecks, WagtailPageTestCase):
    model = ServicePage
    factory = ServicePageFactory

    def create_data(self, title):
        return listing_form_data(
            title,
            service_type="family_program",
            by_appointment="on",
            online_url="https://example.org/family-video",
        )

    def check_created(self, page):
        self.assertEqual(page.service_type, ServicePage.ServiceType.FAMILY_PROGRAM)
        self.assertTrue(page.by_appointment)
        self.assertEqual(page.online_url, "https://example.org/family-video")

    def make_listing(self):
        # Support by appointment at the center: a place, no weekly sessions.
        page = self.factory(title="Family coaching to look at")
        add_location(page, LocationFactory(name="Whittier Community Hall"))
        return page


class TestRevisionsAndScheduledPublishing(WagtailPageTestCase):
    """Shown with rides, which the admin saves whatever the formsets hold."""

    def setUp(self):
        super().setUp()
        self.section = ListingIndexPageFactory(title="Rides")
        self.user = self.login()

    def ride_data(self, title, **fields):
        ride = {"service_area": "Denver, within 10 miles of Five Points.", "notice_hours": "24"}
        return listing_form_data(title, **{**ride, **fields})

    def test_saving_a_draft_creates_a_revision_and_does_not_publish(self):
        add_url = reverse(
            "wagtailadmin_pages:add", args=["directory", "transportationpage", self.section.pk]
        )
        response = self.client.post(add_url, self.ride_data("Draft Rides"))
        page = TransportationPage.objects.get(title="Draft Rides")
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertFalse(page.live)
        self.assertEqual(page.revisions.count(), 1)

        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.client.post(edit_url, self.ride_data("Draft Rides", notice_hours="2"))
        page.refresh_from_db()
        self.assertEqual(page.revisions.count(), 2)
        self.assertFalse(page.live)
        self.assertEqual(page.get_latest_revision_as_object().notice_hours, 2)
        self.assertEqual(self.client.get("/rides/draft-rides/").status_code, 404)

    def test_a_draft_of_a_live_listing_leaves_the_public_page_alone(self):
        page = TransportationPageFactory(title="Airport Rides", parent=self.section)
        page.save_revision(user=self.user).publish(user=self.user)

        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(edit_url, self.ride_data("Airport Shuttle"))
        self.assertEqual(response.status_code, 302)

        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(page.revisions.count(), 2)
        self.assertEqual(page.get_latest_revision_as_object().title, "Airport Shuttle")
        public = self.client.get(page.url)
        self.assertContains(public, '<h1 id="listing-title">Airport Rides</h1>', html=True)
        self.assertNotContains(public, "Airport Shuttle")

    def test_publishing_with_a_future_go_live_waits_until_then(self):
        page = TransportationPageFactory(title="Weekend Rides", live=False)
        page.save_revision(user=self.user)
        go_live = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
        data = self.ride_data(
            "Weekend Rides", go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")
        )
        data["action-publish"] = "action-publish"
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)

        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.scheduled_revision.approved_go_live_at, go_live)
        self.assertEqual(self.client.get("/rides/weekend-rides/").status_code, 404)

        # Just after the go-live time, the scheduler publishes it.
        with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=1)):
            call_command("publish_scheduled")
        page = TransportationPage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertIsNone(page.scheduled_revision)
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_the_scheduler_does_nothing_before_go_live(self):
        page = TransportationPageFactory(title="Later Rides", live=False)
        page.go_live_at = timezone.now() + timedelta(days=2)
        page.save_revision(user=self.user).publish(user=self.user)
        page.refresh_from_db()
        self.assertFalse(page.live)

        call_command("publish_scheduled")
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertIsNotNone(page.scheduled_revision)
