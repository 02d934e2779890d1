from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage


@pytest.mark.django_db
def test_home_page_renders_with_the_crisis_line(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Find meetings and support near you</h1>" in html
    assert 'href="tel:988"' in html
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_crisis_line_is_editable_per_site(client):
    from home.models import CrisisLine

    crisis = CrisisLine.for_site(Site.objects.get(is_default_site=True))
    crisis.number = "1-800-662-4357"
    crisis.save()
    assert 'href="tel:18006624357"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_admin_login_page_renders(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.django_db
def test_anonymous_home_page_sets_no_cookies(client):
    response = client.get("/")
    assert not response.cookies


class TestHomePageType(WagtailPageTestCase):
    def test_home_page_sits_under_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_is_renderable_and_editable(self):
        home = HomePage.objects.get()
        self.assertPageIsRenderable(home)
        self.login()
        self.assertPageIsEditable(home)
        self.assertPageIsPreviewable(home)
