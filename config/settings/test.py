"""The test suite: fast hashing, in-memory mail, a throwaway SQLite file."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
IMPORTS_ROOT = VAR_DIR / "test-imports"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run the search sync themselves; the worker's schedule would make them
# depend on how long they take.
SEARCH_SYNC_INTERVAL = 0
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "test-directory")
# A test machine busy with a browser and several servers can take longer than a
# second to answer; tests about slowness set their own timeout.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "10"))
# Serve static files straight from the apps, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file-backed SQLite test database lets the live server's thread see exactly
# what the test committed, as a separate process would.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-directory.sqlite3")}  # noqa: F405

# Django's test client signs in without a request, which django-axes refuses;
# tests of the login lockout switch it on (tests/config/test_login_lockout.py).
AXES_ENABLED = False
# The tests serve upstream meeting lists from 127.0.0.1.
FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES = True
