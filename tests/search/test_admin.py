"""Staff edit synonyms and rebuild the index from the admin."""

import uuid

from django.contrib.auth.models import Group
from django.http import QueryDict

import pytest

from search import es_index
from search.engines import get_engine
from search.models import Synonym
from search.query import parse_query
from tests.factories import LocationFactory, MeetingPageFactory, add_location, add_session
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_index(search_settings, es_client):
    search_settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
    yield search_settings
    es_client.indices.delete(index=f"{search_settings.ELASTICSEARCH_INDEX_PREFIX}-*")


def found(words, lang="en"):
    query, errors = parse_query(QueryDict(f"q={words}&lang={lang}"))
    assert errors == []
    results = get_engine().search(query)
    assert (results.engine, results.degraded) == ("elasticsearch", False)
    return [hit.document["title"] for hit in results.hits]


@pytest.mark.django_db(transaction=True)
def test_a_synonym_applies_after_a_rebuild_started_in_the_admin(
    own_index, admin_client, es_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingPageFactory(title="Serenity Fellowship")
        add_location(meeting, LocationFactory())
        add_session(meeting, 2, "19:00", "20:00")
        meeting.save_revision().publish()
    es_client.indices.refresh(index=es_index.alias_name())
    assert found("fellowship") == ["Serenity Fellowship"]
    assert found("sangha") == []
    assert found("hermandad", lang="es") == []

    for language, terms in (("en", "fellowship, sangha"), ("es", "hermandad, fellowship")):
        response = admin_client.post(
            "/admin/snippets/directory_search/synonym/add/",
            {"language": language, "terms": terms},
        )
        assert response.status_code == 302
        assert Synonym.objects.filter(language=language, terms=terms).exists()
    assert found("sangha") == []  # not until the index is rebuilt

    page = admin_client.get("/admin/search-index/")
    assert page.status_code == 200
    assert "Rebuild the search index" in page.content.decode()
    before = es_index.current_index()
    response = admin_client.post("/admin/search-index/")
    assert response.status_code == 302
    assert es_index.current_index() == before  # queued for the background worker
    run_worker()
    assert es_index.current_index() != before
    assert found("sangha") == ["Serenity Fellowship"]
    # Each language's words apply to searches in that language only.
    assert found("hermandad", lang="es") == ["Serenity Fellowship"]
    assert found("hermandad") == []
    assert found("sangha", lang="es") == []


def test_only_people_who_may_edit_synonyms_see_the_index_page(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Directory editors"))
    client.force_login(editor)
    refused = client.get("/admin/search-index/")
    # Wagtail turns a refusal into a return to the dashboard with a message.
    assert (refused.status_code, refused.url) == (302, "/admin/")
    moderator = django_user_model.objects.create_user("moderator", password="x")
    moderator.groups.add(Group.objects.get(name="Directory moderators"))
    client.force_login(moderator)
    assert client.get("/admin/search-index/").status_code == 200
