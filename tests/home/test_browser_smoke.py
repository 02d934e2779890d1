"""The home page and the admin sign-in, in a real browser."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_in_chromium(page, site):
    page.goto(site.url + "/")
    assert page.locator("h1").inner_text() == "Find meetings and support near you"
    assert page.get_by_role("link", name="988").get_attribute("href") == "tel:988"
    assert page.context.cookies() == []


def test_admin_sign_in_in_chromium(page, site, django_user_model):
    django_user_model.objects.create_superuser("staff", "staff@example.org", "correct horse 42")
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("correct horse 42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site.url + "/admin/")
    assert "Dashboard" in page.title()
