"""The JSON API: the contract's shape, its errors, and no 500 for any input."""

from urllib.parse import quote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.openapi import openapi_document
from tests.search.test_query import PARAMS as SEARCH_PARAMS

pytestmark = pytest.mark.django_db


def schema(path, status="200"):
    document = openapi_document("http://testserver/api/v1/")
    operation = document["paths"][path]["get"]
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_search_answer_follows_the_published_schema(client, search_corpus):
    response = client.get("/api/v1/search", {"near": "80205", "radius": "10", "kind": "meeting"})
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, schema("/search"))
    assert body["engine"] == "database"
    assert body["origin"] == {"lat": 39.759, "lon": -104.9661, "label": "80205"}
    assert body["radius"] == {"value": 10.0, "units": "mi"}
    assert body["total"] == len(body["results"]) > 0
    assert {result["kind"] for result in body["results"]} == {"meeting"}
    assert all(result["url"].startswith("http://testserver/") for result in body["results"])
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_the_api_answers_from_elasticsearch_when_configured(
    client, search_corpus, settings, corpus_index, elasticsearch_url
):
    params = {"near": "80205", "radius": "10", "sort": "name"}
    from_database = client.get("/api/v1/search", params).json()
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = corpus_index
    from_elasticsearch = client.get("/api/v1/search", params).json()
    assert (from_elasticsearch["engine"], from_elasticsearch["degraded"]) == (
        "elasticsearch",
        False,
    )
    jsonschema.validate(from_elasticsearch, schema("/search"))
    for body in (from_database, from_elasticsearch):
        del body["engine"]
        for result in body["results"]:
            del result["next_start"]  # "now" moves on between the two calls
    assert from_elasticsearch == from_database


def test_facets_carry_labels_and_counts(client, search_corpus):
    body = client.get("/api/v1/search", {"day": "2"}).json()
    days = {entry["value"]: entry for entry in body["facets"]["day"]}
    assert days[2]["label"] == "Tuesday"
    kinds = {entry["value"]: entry["label"] for entry in body["facets"]["kind"]}
    assert kinds["meeting"] == "Meeting"
    types = {entry["value"]: entry["label"] for entry in body["facets"]["type"]}
    assert types["O"] == "Open"


def test_errors_name_each_parameter_in_plain_words(client):
    response = client.get(
        "/api/v1/search", {"lat": "91", "lon": "-105", "page_size": "500", "day": "funday"}
    )
    assert response.status_code == 400
    body = response.json()
    jsonschema.validate(body, schema("/search", "400"))
    assert {error["param"] for error in body["errors"]} == {"lat", "page_size", "day"}
    assert {"param": "lat", "message": "Latitude must be between -90 and 90."} in body["errors"]


def test_an_unknown_place_says_it_was_not_found(client):
    body = client.get("/api/v1/search", {"near": "Atlantis, ZZ"}).json()
    assert body["errors"][0]["param"] == "near"
    assert "couldn't find" in body["errors"][0]["message"]


def test_suggest_returns_at_most_ten_titles(client, search_corpus):
    body = client.get("/api/v1/suggest", {"q": "sat"}).json()
    jsonschema.validate(body, schema("/suggest"))
    assert [s["text"] for s in body["suggestions"]] == ["Saturday Late Night Recovery"]
    assert client.get("/api/v1/suggest", {"q": "x" * 201}).status_code == 400
    assert client.get("/api/v1/suggest").json() == {"suggestions": []}


def test_one_listing_with_its_details(client, search_corpus):
    care = search_corpus["care"]
    response = client.get(f"/api/v1/listings/{care.pk}")
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, schema("/listings/{id}"))
    assert body["title"] == "Little Steps Childcare"
    assert body["cost"] == "$5 a session"
    assert set(body) >= {"description", "contact", "eligibility", "organization"}


@pytest.mark.parametrize(
    "number", ["9223372036854775807", "9223372036854775808", "99999999999999999999", "9" * 300]
)
def test_an_id_past_any_row_is_not_found(client, number):
    response = client.get(f"/api/v1/listings/{number}")
    assert response.status_code == 404


def test_an_unpublished_listing_is_not_found(client, search_corpus):
    response = client.get(f"/api/v1/listings/{search_corpus['draft'].pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["param"] == "id"


def test_openapi_document_is_served(client):
    body = client.get("/api/v1/openapi.json").json()
    assert body["openapi"].startswith("3.1")
    names = {p["name"] for p in body["paths"]["/search"]["get"]["parameters"]}
    assert names == set(SEARCH_PARAMS)
    for path in ("/suggest", "/listings/{id}"):
        assert "lang" in {p["name"] for p in body["paths"][path]["get"]["parameters"]}


# The language of the answer's words: `lang`.


def test_mistakes_are_explained_in_the_language_lang_names(client, search_corpus):
    params = {"near": "Atlantis, ZZ", "day": "funday", "page": "0"}
    english = client.get("/api/v1/search", params).json()["errors"]
    spanish = client.get("/api/v1/search", {**params, "lang": "es"}).json()["errors"]
    assert [e["param"] for e in spanish] == [e["param"] for e in english] == ["near", "day", "page"]
    assert english[0]["message"] == (
        "We couldn't find the place “Atlantis, ZZ”. Try a ZIP code like 80205 or a city "
        "and state like “Denver, CO”."
    )
    assert [e["message"] for e in spanish] == [
        "No encontramos el lugar «Atlantis, ZZ». Pruebe con un código postal como 80205 o "
        "una ciudad y un estado como «Denver, CO».",
        "«funday» no es un día. Use 0–6 (0 es domingo) o sun, mon, tue, wed, thu, fri, sat.",
        "La página debe ser un número entero del 1 al 10000.",
    ]


def test_a_language_the_site_does_not_speak_is_a_400_that_names_lang(client, search_corpus):
    for path in (
        "/api/v1/search",
        "/api/v1/suggest",
        f"/api/v1/listings/{search_corpus['care'].pk}",
    ):
        response = client.get(path, {"lang": "fr"})
        assert response.status_code == 400, path
        assert response.json()["errors"] == [
            {
                "param": "lang",
                "message": "The language (lang) must be en (English) or es (Spanish).",
            }
        ]


def test_facet_labels_follow_lang(client, search_corpus):
    body = client.get("/api/v1/search", {"day": "2", "lang": "es"}).json()
    days = {entry["value"]: entry["label"] for entry in body["facets"]["day"]}
    assert days[2] == "Martes"
    kinds = {entry["value"]: entry["label"] for entry in body["facets"]["kind"]}
    assert kinds["meeting"] == "Reunión"
    types = {entry["value"]: entry["label"] for entry in body["facets"]["type"]}
    assert types["O"] == "Abierta"
    english = client.get("/api/v1/search", {"day": "2"}).json()
    assert {e["value"]: e["label"] for e in english["facets"]["type"]}["O"] == "Open"


def test_words_are_read_in_the_language_lang_names(client, search_corpus):
    spanish = client.get("/api/v1/search", {"q": "reunión de mujeres", "lang": "es"}).json()
    assert [hit["title"] for hit in spanish["results"]] == ["Women in Recovery Online"]
    page = client.get("/es/search/", {"q": "reunión de mujeres"}).content.decode()
    assert "Women in Recovery Online" in page
    assert client.get("/api/v1/search", {"q": "niños"}).json()["total"] == 0


def test_listing_addresses_follow_lang(client, search_corpus):
    english = client.get("/api/v1/search", {"kind": "childcare"}).json()["results"]
    spanish = client.get("/api/v1/search", {"kind": "childcare", "lang": "es"}).json()["results"]
    assert [r["url"].replace("http://testserver/", "http://testserver/es/") for r in english] == [
        r["url"] for r in spanish
    ]
    care = search_corpus["care"].pk
    one = client.get(f"/api/v1/listings/{care}", {"lang": "es"}).json()
    assert one["url"].startswith("http://testserver/es/")
    word = spanish[0]["title"].split()[0]
    suggestions = client.get("/api/v1/suggest", {"q": word, "lang": "es"}).json()["suggestions"]
    assert suggestions and all(s["url"].startswith("http://testserver/es/") for s in suggestions)


def test_suggest_and_listing_speak_lang_too(client, search_corpus):
    long = client.get("/api/v1/suggest", {"q": "x" * 201, "lang": "es"}).json()
    assert long["errors"] == [{"param": "q", "message": "Use menos de 200 caracteres."}]
    missing = client.get(f"/api/v1/listings/{search_corpus['draft'].pk}", {"lang": "es"})
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["message"].startswith("Ninguna ficha publicada")


values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "auto",
            "true",
            "false",
            "mi",
            "km",
            "tue",
            "O",
            "meeting",
            "80205",
            "Denver, CO",
            "",
            " ",
            "%00",
            "0x10",
            "1e309",
            "-0",
            "∞",
        ]
    ),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(SEARCH_PARAMS + ["unknown"]), values), max_size=6))
def test_no_input_makes_a_500(client, pairs):
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in pairs)
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["errors"] and all(e["param"] and e["message"] for e in body["errors"])
    else:
        assert body["total"] >= 0
