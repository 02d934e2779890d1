"""Wrong admin passwords are slowed down (django-axes), counted in the shared cache."""

from django.core.cache import caches

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-and-correct-password"


@pytest.fixture
def lockout(settings):
    # The rest of the suite signs in with Django's test client, which axes refuses.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return settings


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("mona", "mona@example.org", PASSWORD)


def sign_in(client, password, username="mona", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_the_sixth_wrong_password_in_a_row_is_refused_even_when_right(client, lockout, staff):
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "Your username and password didn" in response.content.decode()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    again = sign_in(client, PASSWORD)
    assert again.status_code == 429
    html = again.content.decode()
    assert "Too many wrong passwords" in html
    assert "paused for 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in_and_starts_the_count_again(
    client, lockout, staff
):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_another_username_or_another_address_is_not_locked_out(
    client, lockout, staff, django_user_model
):
    django_user_model.objects.create_superuser("eddie", "eddie@example.org", PASSWORD)
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429
    # Locking a username on its own would let anyone lock staff out.
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="eddie").status_code == 302


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, lockout, staff):
    lockout.REPORT_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        sign_in(client, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429
    # Everyone else behind the same proxy can still sign in.
    assert (
        sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 302
    )


def test_the_count_lives_in_the_shared_cache(client, lockout, staff, redis_caches):
    for _ in range(5):
        sign_in(client, "wrong")
    # Another worker: its own connection to the same Redis.
    caches["default"].close()
    assert sign_in(client, PASSWORD).status_code == 429
    caches["default"].clear()
    assert sign_in(client, PASSWORD).status_code == 302
