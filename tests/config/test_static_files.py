"""Static files as production serves them: collected into a manifest of hashed names.

The rest of the suite uses Django's plain storage, which never reads a
manifest; these tests collect with the production storage itself, so a file
it refuses (a stylesheet or script naming something that is not shipped)
fails here and not on the first deploy.
"""

import json
import re
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

import pytest

from config.settings import base

# The files and their manifest are the same whichever database serves the pages.
pytestmark = pytest.mark.single_run

ROOT = Path(__file__).resolve().parents[2]
# What a browser's developer tools would fetch: a source map named at the end
# of a script or stylesheet, which the manifest storage follows like any URL.
SOURCE_MAP = re.compile(r"[#@]\s*sourceMappingURL=(\S+)")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The production storage, its files collected once for the module: (root, manifest)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=base.STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", "--no-input", verbosity=0)
        yield root, json.loads((root / "staticfiles.json").read_text())["paths"]


def test_collectstatic_builds_the_manifest_production_needs(collected):
    root, manifest = collected
    for name in (
        "css/site.css",
        "css/listing.css",
        "js/search.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "directory/js/location-map.js",
        "wagtailadmin/css/core.css",
    ):
        assert name in manifest, name
        hashed = root / manifest[name]
        assert hashed.is_file()
        # whitenoise serves the compressed copy to browsers that accept it.
        assert hashed.with_name(hashed.name + ".gz").is_file()


@pytest.mark.django_db
def test_pages_name_the_hashed_files_of_the_manifest(collected, client):
    _, manifest = collected
    for path in ("/", "/search/?near=80205", "/admin/login/"):
        response = client.get(path)
        assert response.status_code == 200, path
    home = client.get("/").content.decode()
    assert f'href="/static/{manifest["css/site.css"]}"' in home


def test_no_shipped_file_names_a_source_map_that_is_not_shipped():
    """A vendored file whose source map is missing stops collectstatic (static/vendor/README.md)."""
    folders = [ROOT / "static", *ROOT.glob("*/static")]
    checked = 0
    for folder in folders:
        for path in [*folder.rglob("*.js"), *folder.rglob("*.css")]:
            checked += 1
            for target in SOURCE_MAP.findall(path.read_text(errors="replace")):
                if target.startswith("data:"):
                    continue
                assert (path.parent / target).is_file(), f"{path} names {target}"
    assert checked > 3
