"""Staff import in the admin: upload, the background check, the dry run, apply."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from directory.models import MeetingPage
from imports.models import ImportRun
from tests.directory.admin_pages import EDITORS, MODERATORS, user_in
from tests.factories import ListingIndexPageFactory
from tests.imports.conftest import feed, meeting, snapshot
from tests.worker import run_worker

INDEX = "/admin/imports/"


def upload(client, data, section, name="meetings.json"):
    return client.post(
        INDEX, {"file": SimpleUploadedFile(name, data), "section": section.pk}, follow=True
    )


@pytest.mark.django_db
def test_moderators_may_import_and_editors_may_not(client, django_user_model):
    assert Group.objects.get(name=MODERATORS).permissions.filter(codename="add_importrun").exists()
    client.force_login(user_in(django_user_model, "mona", MODERATORS))
    page = client.get(INDEX)
    assert page.status_code == 200
    assert "Upload and check" in page.content.decode()
    assert "Import meetings" in client.get("/admin/").content.decode()

    client.force_login(user_in(django_user_model, "eddie", EDITORS))
    refused = client.get(INDEX, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "do not have permission" in refused.content.decode()
    assert "Import meetings" not in client.get("/admin/").content.decode()
    section = ListingIndexPageFactory()
    assert upload(client, feed(meeting("a")), section).redirect_chain == [("/admin/", 302)]
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_the_public_sees_nothing_of_imports(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.post(f"{INDEX}1/apply/").status_code == 302
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("Name,Day,Time\nCaf\u00e9,2,19:00\n".encode("latin-1"), "not UTF-8 text: line 2"),
        (b"[" + b" " * (50 * 1024 * 1024) + b"]", "The file is larger than 20.0 MB"),
    ],
    ids=["not-utf8", "50-mb"],
)
def test_unreadable_uploads_are_refused_at_once_and_change_nothing(admin_client, data, words):
    section = ListingIndexPageFactory()
    before = snapshot()
    response = upload(admin_client, data, section)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    assert words in response.content.decode()
    assert "Apply this import" not in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_queued_import_says_when_the_worker_seems_to_be_away(admin_client):
    section = ListingIndexPageFactory()
    page = upload(admin_client, feed(meeting("a")), section).content.decode()
    assert "Waiting to be checked" in page
    assert 'http-equiv="refresh"' in page
    ImportRun.objects.update(queued_at=timezone.now() - timedelta(minutes=2))
    run = ImportRun.objects.get()
    assert (
        "db_worker --backend background" in admin_client.get(f"{INDEX}{run.pk}/").content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_is_checked_and_applied_by_the_background_worker(admin_client):
    section = ListingIndexPageFactory(title="Meetings")
    data = feed(meeting("a", name="Hope Group"), meeting("b", name="Sunrise", day=0))
    upload(admin_client, data, section)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.WAITING

    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY
    page = admin_client.get(f"{INDEX}{run.pk}/").content.decode()
    assert "Would be created" in page and "Apply this import" in page
    assert not MeetingPage.objects.exists()

    admin_client.post(f"{INDEX}{run.pk}/apply/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLY_WAITING
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert run.applied_by.username == "admin"
    assert sorted(MeetingPage.objects.values_list("title", flat=True)) == ["Hope Group", "Sunrise"]
    listing = admin_client.get(INDEX).content.decode()
    assert "2 new, 0 updated, 0 unchanged, 0 refused" in listing


@pytest.mark.django_db(transaction=True)
def test_refused_rows_are_listed_and_cannot_be_applied(admin_client):
    section = ListingIndexPageFactory(title="Meetings")
    data = (
        b"Name,Day,Time,Address,City,State,Postal Code\n"
        b"Hope,Tuesday,19:00,2900 Downing St,Denver,CO,80205\n"
        b"Dawn,Someday,06:30,2900 Downing St,Denver,CO,80205\n"
        b",Monday,25:61,2900 Downing St,Denver,CO,80205\n"
    )
    upload(admin_client, data, section, name="sheet.csv")
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    page = admin_client.get(f"{INDEX}{run.pk}/").content.decode()
    assert "line 3" in page and "Day “Someday” is not a day of the week" in page
    assert "line 4" in page and "The meeting has no name." in page and "“25:61”" in page
    assert "Apply this import" not in page
    admin_client.post(f"{INDEX}{run.pk}/apply/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REJECTED
    assert not MeetingPage.objects.exists()
