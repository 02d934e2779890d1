"""/api/hsds/: the HSDS 3.0 API, every body checked against the published schemas.

The schemas are the copies in tests/feeds/hsds_schemas/ (see its README.md);
the OpenAPI 3.1 schema that checks /api/hsds/openapi.json is the copy in
tests/feeds/openapi_schema/.
"""

import json
import math
import re
import uuid
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from wagtail.models import Page

import pytest
from jsonschema.validators import Draft202012Validator, validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.geocoding import zip_centroid
from feeds import hsds
from feeds.hsds import NAMESPACE
from tests.factories import (
    CategoryFactory,
    ClassPageFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    OrganizationFactory,
    ServicePageFactory,
    add_location,
    add_session,
)

SCHEMAS = Path(__file__).resolve().parent / "hsds_schemas"
OAS_SCHEMA = Path(__file__).resolve().parent / "openapi_schema" / "oas-3.1-schema.json"
BASE = "https://hsds.test/schema/"
# Where the published documents live; the served OpenAPI document refers to them.
PUBLISHED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
DOCUMENT = "https://hsds.test/served/openapi.json"
API = "/api/hsds"
ZOOM = "https://zoom.example.org/j/123456789"

pytestmark = pytest.mark.django_db


# Validation against the published schemas


def _load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


SCHEMA_NAMES = [
    "taxonomy.json",
    "taxonomy_term.json",
    "metadata.json",
    "compiled/service.json",
    "compiled/organization.json",
    "compiled/service_at_location.json",
    "compiled/service_list.json",
    "compiled/organization_list.json",
    "compiled/service_at_location_list.json",
]


@cache
def schema_resources():
    return {name: DRAFT202012.create_resource(_load(name)) for name in SCHEMA_NAMES}


@cache
def registry():
    resources = [(BASE + name, resource) for name, resource in schema_resources().items()]
    # The same files under their published addresses, as the OpenAPI documents name them.
    resources += [(PUBLISHED + name, resource) for name, resource in schema_resources().items()]
    page = _load("openapi.json")["components"]["schemas"]["Page"]
    resources.append((BASE + "page.json", Resource.from_contents(page, DRAFT202012)))
    index = _load("openapi.json")["paths"]["/"]["get"]["responses"]["200"]
    index = index["content"]["application/json"]["schema"]
    resources.append((BASE + "index.json", Resource.from_contents(index, DRAFT202012)))
    return Registry().with_resources(resources)


def page_of(item_schema):
    """A list response as openapi.json describes it: a Page whose contents are items."""
    return {
        "allOf": [{"$ref": BASE + "page.json"}],
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {"contents": {"type": "array", "items": {"$ref": BASE + item_schema}}},
    }


def assert_valid(body, schema, extra=()):
    """`extra`: more (uri, Resource) pairs for the registry, such as a served document."""
    if isinstance(schema, str):
        schema = {"$ref": BASE + schema}
    cls = validator_for(_load("compiled/service.json"))
    known = registry().with_resources(extra) if extra else registry()
    validator = cls(schema, registry=known, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def assert_links_and_times(value):
    """What FORMAT_CHECKER leaves out here (no uri or date-time checker is installed)."""
    if isinstance(value, list):
        for item in value:
            assert_links_and_times(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "website", "openapi_url", "profile"):
                assert item.startswith(("http://", "https://")), (key, item)
            elif key == "last_modified":
                assert datetime.fromisoformat(item).tzinfo is not None, item
            else:
                assert_links_and_times(item)


def get(client, path, schema=None, status=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert "Set-Cookie" not in response
    assert not response.cookies
    body = response.json()
    if status == 200 and schema is not None:
        assert_valid(body, schema)
        assert_links_and_times(body)
    elif status != 200:
        assert body["errors"] and body["errors"][0]["message"]
    return body


def services(client, **params):
    return get(client, "/services", page_of("compiled/service_list.json"), **params)


def service(client, service_id):
    return get(client, f"/services/{service_id}", "compiled/service.json")


def sid(name):
    return str(uuid.uuid5(NAMESPACE, name))


# Data


@pytest.fixture
def directory():
    org = OrganizationFactory(name="Five Points Recovery")
    other_org = OrganizationFactory(name="Aurora Family Services")
    meetings = CategoryFactory(name="Test meetings")
    aa = CategoryFactory(name="Test AA", parent=meetings)
    coaching = CategoryFactory(name="Test coaching")

    hall = LocationFactory(name="Whittier Hall", latitude=39.7547, longitude=-104.9733)
    in_person = MeetingPageFactory(
        title="Tuesday Night Hope",
        organization=org,
        types=["O", "D"],
        contact_phone="303-555-0100",
        contact_email="hope@example.org",
        languages=["en", "es"],
    )
    in_person.categories.set([aa])
    add_location(in_person, hall)
    add_session(in_person, 1, "19:00", "20:00")
    add_session(in_person, 2, "19:00", "20:00")
    add_session(in_person, 6, "10:00")
    in_person.save_revision().publish()

    online = MeetingPageFactory(
        title="Online Serenity",
        organization=org,
        types=["O", "BE"],
        conference_url=ZOOM,
        conference_phone="+1 720 555 0199,,12345#",
        timezone="America/Denver",
    )
    add_session(online, 3, "12:00", "13:00")
    online.save_revision().publish()

    closed = MeetingPageFactory(title="Closed for repairs", types=["TC"], organization=org)
    add_location(closed, hall)
    add_session(closed, 4, "18:00", "19:00")
    closed.save_revision().publish()

    coach = ServicePageFactory(
        title="Peer coaching",
        organization=other_org,
        is_free=False,
        cost_description="Sliding scale, $0 to $20",
        last_verified=timezone.localdate(),
    )
    coach.categories.set([coaching])
    add_location(
        coach,
        LocationFactory(name="Aurora office", street_address="1 Main St", postal_code="80010"),
    )
    coach.save_revision().publish()

    draft = MeetingPageFactory(title="Draft meeting", live=False)
    return {
        "org": org,
        "other_org": other_org,
        "meetings": meetings,
        "aa": aa,
        "coaching": coaching,
        "hall": hall,
        "in_person": in_person,
        "online": online,
        "closed": closed,
        "coach": coach,
        "draft": draft,
    }


# Tests


def test_the_validation_itself_catches_mistakes():
    good = {"id": sid("service:1"), "name": "A meeting", "status": "active"}
    assert_valid(good, "compiled/service.json")
    for bad in (
        {"id": "not-a-uuid", "name": "A meeting", "status": "active"},
        {"id": sid("service:1"), "name": "A meeting", "status": "open"},
        {"id": sid("service:1"), "name": "A meeting"},
        good | {"schedules": [{"id": sid("schedule:1"), "freq": "DAILY"}]},
        good | {"email": "not an address"},
    ):
        with pytest.raises(AssertionError):
            assert_valid(bad, "compiled/service.json")
    with pytest.raises(AssertionError):
        assert_valid({"contents": [good]}, page_of("compiled/service_list.json"))
    with pytest.raises(AssertionError):
        assert_valid({"id": sid("t:1"), "name": "T"}, "taxonomy_term.json")


def test_index(client):
    body = get(client, "/", "index.json")
    assert body["version"] == "3.0"
    assert body["profile"] == "https://openreferral.org"
    assert body["openapi_url"].startswith("http") and body["openapi_url"].endswith(
        "/api/hsds/openapi.json"
    )


def test_services_page_lists_published_only(client, directory):
    body = services(client)
    names = {item["name"] for item in body["contents"]}
    assert names == {"Tuesday Night Hope", "Online Serenity", "Closed for repairs", "Peer coaching"}
    assert "Draft meeting" not in names
    assert body["total_items"] == 4 and body["size"] == 4
    assert body["page_number"] == 1 and body["total_pages"] == 1
    assert body["first_page"] and body["last_page"] and not body["empty"]
    draft_id = sid(f"service:{directory['draft'].pk}")
    get(client, f"/services/{draft_id}", status=404)


def test_pagination(client, directory):
    first = services(client, per_page=3)
    assert first["total_items"] == 4 and first["total_pages"] == 2 and first["size"] == 3
    assert first["first_page"] and not first["last_page"]
    second = services(client, per_page=3, page=2)
    assert second["size"] == 1 and second["last_page"] and not second["first_page"]
    ids = [item["id"] for item in first["contents"] + second["contents"]]
    assert len(set(ids)) == 4
    beyond = services(client, per_page=3, page=5)
    assert beyond["empty"] and beyond["contents"] == []


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("page", "0"),
        ("page", "x"),
        ("per_page", "0"),
        ("per_page", "101"),
        # Digits other than ASCII ones: "²" and "٣" pass str.isdigit().
        ("per_page", "\u00b2"),
        ("page", "\u0663"),
        ("per_page", "1_0"),
        ("modified_after", "yesterday"),
        # Valid times with no UTC year to hold them.
        ("modified_after", "0001-01-01T00:00:00+23:59"),
        ("modified_after", "9999-12-31T23:59:59-23:59"),
        ("taxonomy_term_id", "not-a-term"),
        ("organization_id", str(uuid.uuid4())),
    ],
)
def test_bad_params_answer_400(client, directory, param, value):
    body = get(client, "/services", status=400, **{param: value})
    assert body["errors"][0]["param"] == param


@pytest.mark.parametrize("proximity", ["north", "\u0661\u0662", "1_000", "1e5", "nan", "inf"])
def test_bad_proximity_answers_400(client, directory, proximity):
    body = get(client, "/service_at_locations", status=400, postcode="80205", proximity=proximity)
    assert body["errors"][0]["param"] == "proximity"
    assert "metres" in body["errors"][0]["message"]


def test_a_postcode_in_other_digits_is_not_a_zip_code(client, directory):
    body = get(
        client,
        "/service_at_locations",
        status=400,
        postcode="\u0668\u0660\u0662\u0660\u0665",
        proximity="1000",
    )
    assert body["errors"][0]["param"] == "postcode"


def test_unknown_ids_answer_404(client, directory):
    get(client, f"/services/{uuid.uuid4()}", status=404)
    get(client, "/services/nonsense", status=404)
    get(client, f"/organizations/{uuid.uuid4()}", status=404)


def test_ids_are_stable(client, directory):
    page = directory["in_person"]
    first = service(client, sid(f"service:{page.pk}"))
    again = service(client, sid(f"service:{page.pk}"))
    page.title = "Tuesday Night Hope Group"
    page.save_revision().publish()
    after = service(client, sid(f"service:{page.pk}"))
    assert first == again
    assert after["name"] == "Tuesday Night Hope Group"

    def ids(body):
        return (
            body["id"],
            body["organization"]["id"],
            [s["id"] for s in body["schedules"]],
            [s["id"] for s in body["service_at_locations"]],
            [s["location"]["id"] for s in body["service_at_locations"]],
            [a["id"] for a in body["attributes"]],
        )

    assert ids(first) == ids(after)


def test_full_in_person_service(client, directory):
    page = directory["in_person"]
    body = service(client, sid(f"service:{page.pk}"))
    assert body["status"] == "active"
    assert body["url"].startswith("http") and body["url"].endswith(page.url)
    assert body["email"] == "hope@example.org"
    assert body["organization"]["name"] == "Five Points Recovery"
    assert body["organization_id"] == body["organization"]["id"]
    assert [p["number"] for p in body["phones"]] == ["303-555-0100"]
    schedules = {s["byday"]: s for s in body["schedules"]}
    assert schedules["MO,TU"]["freq"] == "WEEKLY"
    assert schedules["MO,TU"]["opens_at"] == "19:00"
    assert schedules["MO,TU"]["closes_at"] == "20:00"
    assert schedules["MO,TU"]["description"]
    assert schedules["SA"]["opens_at"] == "10:00" and "closes_at" not in schedules["SA"]
    (sal,) = body["service_at_locations"]
    location = sal["location"]
    assert location["location_type"] == "physical"
    assert location["latitude"] == pytest.approx(39.7547)
    assert location["longitude"] == pytest.approx(-104.9733)
    (address,) = location["addresses"]
    assert address["address_1"] == "2900 Downing St"
    assert address["city"] == "Denver" and address["state_province"] == "CO"
    assert address["postal_code"] == "80205" and address["country"] == "US"
    assert address["address_type"] == "physical"
    assert {(lang["code"], lang["name"]) for lang in body["languages"]} == {
        ("en", "English"),
        ("es", "Spanish"),
    }
    (cost,) = body["cost_options"]
    assert cost["option"] == "Free" and cost["amount"] == 0
    terms = {a["taxonomy_term"]["name"]: a["taxonomy_term"] for a in body["attributes"]}
    assert terms["Test AA"]["taxonomy"] == "categories"
    assert terms["Test AA"]["id"] == sid(f"taxonomy_term:{directory['aa'].pk}")
    types = {a["value"] for a in body["attributes"] if "value" in a}
    assert types == {"O", "D"}


def test_online_meeting_has_a_virtual_location(client, directory):
    page = directory["online"]
    body = service(client, sid(f"service:{page.pk}"))
    locations = [sal["location"] for sal in body["service_at_locations"]]
    assert [loc["location_type"] for loc in locations] == ["virtual"]
    assert locations[0]["url"] == ZOOM
    assert locations[0]["id"] == sid(f"virtual-location:{page.pk}")
    assert "America/Denver" in body["schedules"][0]["description"]
    assert body["schedules"][0]["byday"] == "WE"
    assert any(p["number"] == "+17205550199,,12345#" for p in body["phones"])


def test_temporarily_closed_and_costs(client, directory):
    closed = service(client, sid(f"service:{directory['closed'].pk}"))
    assert closed["status"] == "temporarily closed"
    coach = service(client, sid(f"service:{directory['coach'].pk}"))
    (cost,) = coach["cost_options"]
    assert cost["amount_description"] == "Sliding scale, $0 to $20"
    assert "amount" not in cost
    assert coach["assured_date"] == timezone.localdate().isoformat()
    assert coach["fees_description"] == "Sliding scale, $0 to $20"


def test_filters(client, directory):
    def names(**params):
        return {item["name"] for item in services(client, **params)["contents"]}

    assert names(search="hope") == {"Tuesday Night Hope"}
    assert names(search="PEER COACH") == {"Peer coaching"}
    assert names(organization_id=sid(f"organization:{directory['other_org'].pk}")) == {
        "Peer coaching"
    }
    assert names(taxonomy_term_id=sid(f"taxonomy_term:{directory['aa'].pk}")) == {
        "Tuesday Night Hope"
    }
    # A parent category takes in its children's listings.
    assert names(taxonomy_term_id=sid(f"taxonomy_term:{directory['meetings'].pk}")) == {
        "Tuesday Night Hope"
    }
    assert names(taxonomy_term_id=sid("taxonomy_term:meeting-guide-types:BE")) == {
        "Online Serenity"
    }
    later = timezone.now() + timedelta(minutes=1)
    assert names(modified_after=later.isoformat()) == set()
    earlier = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(names(modified_after=earlier)) == 4


def test_organizations(client, directory):
    body = get(client, "/organizations", page_of("compiled/organization_list.json"))
    assert {org["name"] for org in body["contents"]} == {
        "Five Points Recovery",
        "Aurora Family Services",
    }
    org_id = sid(f"organization:{directory['org'].pk}")
    org = get(client, f"/organizations/{org_id}", "compiled/organization.json")
    assert org["name"] == "Five Points Recovery"
    assert org["phones"][0]["number"] == "303-555-0142"


def test_taxonomies_and_terms(client, directory):
    body = get(client, "/taxonomies", page_of("taxonomy.json"))
    assert {t["id"] for t in body["contents"]} == {
        sid("taxonomy:categories"),
        sid("taxonomy:meeting-guide-types"),
    }
    terms = get(client, "/taxonomy_terms", page_of("taxonomy_term.json"), per_page=100)
    by_id = {t["id"]: t for t in terms["contents"]}
    aa = by_id[sid(f"taxonomy_term:{directory['aa'].pk}")]
    assert aa["parent_id"] == sid(f"taxonomy_term:{directory['meetings'].pk}")
    assert terms["total_items"] > 3


def test_service_at_locations(client, directory):
    schema = page_of("compiled/service_at_location_list.json")
    body = get(client, "/service_at_locations", schema)
    types = sorted(item["location"]["location_type"] for item in body["contents"])
    assert types == ["physical", "physical", "physical", "virtual"]
    aurora = get(client, "/service_at_locations", schema, postcode="80010")
    assert [item["service"]["name"] for item in aurora["contents"]] == ["Peer coaching"]
    # Metres from the centre of the postcode (the hall is about 750 m from 80205's).
    near = get(client, "/service_at_locations", schema, postcode="80205", proximity="1000")
    assert {item["service"]["name"] for item in near["contents"]} == {
        "Tuesday Night Hope",
        "Closed for repairs",
    }


# The endpoints and parameters added from the published OpenAPI document


def ndjson(client, path, **params):
    response = client.get(API + path, {"format": "ndjson", **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Access-Control-Allow-Origin"] == "*"
    text = b"".join(response.streaming_content).decode()
    assert text.endswith("\n") or text == ""
    return [json.loads(line) for line in text.splitlines()]


def test_the_index_names_the_served_description(client):
    body = get(client, "/", "index.json")
    response = client.get(body["openapi_url"])
    assert response.status_code == 200
    assert response.json()["openapi"] == "3.1.0"


def served_document(client):
    response = client.get(API + "/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_the_openapi_document_is_valid_openapi_3_1(client):
    document = served_document(client)
    oas = json.loads(OAS_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft202012Validator(oas)
    errors = list(validator.iter_errors(document))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    # The check itself catches a broken document.
    broken = json.loads(json.dumps(document))
    del broken["components"]["parameters"]["page"]["in"]
    assert not validator.is_valid(broken)
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for parameter in document["components"]["parameters"].values():
        Draft202012Validator.check_schema(parameter["schema"])
    assert document["info"]["license"]["identifier"] == "CC-BY-SA-4.0"
    assert "Open Referral" in document["info"]["description"]


def test_the_openapi_document_names_our_server_and_site(client):
    document = served_document(client)
    assert document["servers"] == [
        {"url": "http://testserver/api/hsds", "description": "This site."}
    ]
    assert document["info"]["title"].startswith("Recovery Resource Directory")
    other = client.get(API + "/openapi.json", headers={"host": "localhost"}).json()
    assert other["servers"][0]["url"] == "http://localhost/api/hsds"


def served_paths():
    """The API's routes as OpenAPI paths: "/services/{id}" for "api/hsds/services/<str:...>"."""
    paths = set()
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", [pattern]):
            if isinstance(inner, URLPattern):
                route = str(inner.pattern)
                if route.startswith("api/hsds/"):
                    paths.add("/" + re.sub(r"<[^>]+>", "{id}", route[len("api/hsds/") :]))
    return paths


def test_the_openapi_document_describes_exactly_the_routes(client):
    document = served_document(client)
    assert set(document["paths"]) == served_paths()
    # Every endpoint of the published document is served.
    published = set(_load("openapi.json")["paths"])
    assert published <= served_paths()
    for path, item in document["paths"].items():
        assert set(item) <= {"get", "parameters"}, path


def example_path(path, directory):
    ids = {
        "/services/{id}": sid(f"service:{directory['in_person'].pk}"),
        "/organizations/{id}": sid(f"organization:{directory['org'].pk}"),
        "/taxonomies/{id}": sid("taxonomy:categories"),
        "/taxonomy_terms/{id}": sid(f"taxonomy_term:{directory['aa'].pk}"),
        "/service_at_locations/{id}": sid(
            f"service_at_location:{directory['in_person'].pk}:{directory['hall'].pk}"
        ),
    }
    return path.replace("{id}", ids[path]) if path in ids else path


def response_schema(path, status="200", media="application/json"):
    pointer = "/".join(
        part.replace("~", "~0").replace("/", "~1")
        for part in ("paths", path, "get", "responses", status, "content", media, "schema")
    )
    return {"$ref": DOCUMENT + "#/" + quote(pointer, safe="/~")}


def test_every_answer_is_as_the_served_document_describes(client, directory):
    document = served_document(client)
    extra = [(DOCUMENT, Resource.from_contents(document, DRAFT202012))]
    answered = 0
    for path, item in document["paths"].items():
        if path == "/openapi.json":
            continue
        body = get(client, example_path(path, directory))
        assert_valid(body, response_schema(path), extra)
        answered += 1
        if "404" in item["get"]["responses"]:
            missing = path.replace("{id}", str(uuid.uuid4()))
            errors = get(client, missing, status=404)
            assert_valid(errors, {"$ref": DOCUMENT + "#/components/schemas/Errors"}, extra)
    assert answered == len(document["paths"]) - 1
    # The check itself catches an answer the document does not describe.
    with pytest.raises(AssertionError):
        assert_valid(
            {"total_items": 1, "contents": [{"id": "x"}]}, response_schema("/services"), extra
        )
    with pytest.raises(AssertionError):
        assert_valid({"errors": []}, {"$ref": DOCUMENT + "#/components/schemas/Errors"}, extra)


def invalid_value(parameter):
    """A value the parameter's schema forbids; None for free text."""
    schema = parameter["schema"]
    if schema.get("type") == "boolean":
        return "maybe"
    if schema.get("type") == "integer":
        return "0" if schema.get("minimum") == 1 else "x"
    if schema.get("type") == "number":
        return "north"
    if schema.get("enum"):
        return "xml"
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date-time":
        return "yesterday"
    return None


def test_every_documented_parameter_is_read(client, directory):
    """A documented parameter the API ignored would take any value; each must refuse a bad one."""
    document = served_document(client)
    components = document["components"]["parameters"]
    checked = 0
    for path, item in document["paths"].items():
        for parameter in item["get"].get("parameters", []):
            if "$ref" in parameter:
                parameter = components[parameter["$ref"].rsplit("/", 1)[1]] | parameter
            value = invalid_value(parameter)
            if value is None:
                continue
            params = {parameter["name"]: value}
            if parameter["name"] == "proximity":
                params["postcode"] = "80205"
            body = get(client, example_path(path, directory), status=400, **params)
            assert body["errors"][0]["param"] == parameter["name"], (path, params, body)
            checked += 1
    assert checked >= 30


def test_taxonomy_by_id(client, directory):
    listed = get(client, "/taxonomies", page_of("taxonomy.json"))["contents"]
    for item in listed:
        assert get(client, f"/taxonomies/{item['id']}", "taxonomy.json") == item
    assert get(client, f"/taxonomies/{listed[0]['id'].upper()}", "taxonomy.json") == listed[0]
    get(client, f"/taxonomies/{uuid.uuid4()}", status=404)
    get(client, "/taxonomies/categories", status=404)


def test_taxonomy_term_by_id(client, directory):
    terms = get(client, "/taxonomy_terms", page_of("taxonomy_term.json"), per_page=100)
    for term in terms["contents"]:
        assert get(client, f"/taxonomy_terms/{term['id']}", "taxonomy_term.json") == term
    aa_id = sid(f"taxonomy_term:{directory['aa'].pk}")
    aa = get(client, f"/taxonomy_terms/{aa_id}")
    assert aa["name"] == "Test AA" and aa["taxonomy"] == "categories"
    beginners = get(client, f"/taxonomy_terms/{sid('taxonomy_term:meeting-guide-types:BE')}")
    assert beginners["code"] == "BE" and beginners["taxonomy_id"] == sid(
        "taxonomy:meeting-guide-types"
    )
    get(client, f"/taxonomy_terms/{uuid.uuid4()}", status=404)
    get(client, "/taxonomy_terms/BE", status=404)


def test_service_at_location_by_id(client, directory):
    listed = get(client, "/service_at_locations", page_of("compiled/service_at_location_list.json"))
    assert listed["total_items"] == 4
    for item in listed["contents"]:
        one = get(
            client, f"/service_at_locations/{item['id']}", "compiled/service_at_location.json"
        )
        assert one["id"] == item["id"]
        assert one["location"] == item["location"]
        assert one["service"]["id"] == item["service_id"] == item["service"]["id"]
        full = service(client, item["service_id"])
        assert one["service"] == {
            key: value for key, value in full.items() if key != "service_at_locations"
        }
        assert item["id"] in {sal["id"] for sal in full["service_at_locations"]}
    online = directory["online"]
    one = get(
        client,
        f"/service_at_locations/{sid(f'service_at_location:{online.pk}:online')}",
        "compiled/service_at_location.json",
    )
    assert one["location"]["location_type"] == "virtual" and one["location"]["url"] == ZOOM
    assert [s["byday"] for s in one["service"]["schedules"]] == ["WE"]
    # Ids that could exist but do not: no join link, a draft, an unknown id.
    in_person = directory["in_person"].pk
    get(
        client,
        f"/service_at_locations/{sid(f'service_at_location:{in_person}:online')}",
        status=404,
    )
    draft = directory["draft"].pk
    get(client, f"/service_at_locations/{sid(f'service_at_location:{draft}:online')}", status=404)
    get(client, f"/service_at_locations/{uuid.uuid4()}", status=404)
    get(client, "/service_at_locations/nonsense", status=404)


def test_services_full(client, directory):
    body = get(client, "/services", page_of("compiled/service.json"), full="true")
    assert body["total_items"] == 4
    assert_valid(body, page_of("compiled/service_list.json"))
    for item in body["contents"]:
        assert item == service(client, item["id"])
    plain = services(client, full="false")
    assert [item["id"] for item in plain["contents"]] == [item["id"] for item in body["contents"]]
    assert all("schedules" not in item for item in plain["contents"])


def test_services_minimal(client, directory):
    body = services(client, minimal="true")
    assert body["total_items"] == 4 and body["size"] == 4 and body["total_pages"] == 1
    for item in body["contents"]:
        assert set(item) == {"id", "name", "status", "last_modified"}
    full = {item["id"]: item for item in services(client)["contents"]}
    for item in body["contents"]:
        assert item["last_modified"] == full[item["id"]]["last_modified"]
        assert item["name"] == full[item["id"]]["name"]
    paged = services(client, minimal="true", per_page=3)
    assert paged["size"] == 3 and paged["total_pages"] == 2
    assert services(client, minimal="true", per_page=500)["size"] == 4
    body = get(client, "/services", status=400, full="true", minimal="true")
    assert body["errors"][0]["param"] == "minimal"


def test_organizations_full(client, directory):
    body = get(client, "/organizations", page_of("compiled/organization.json"), full="true")
    assert_valid(body, page_of("compiled/organization_list.json"))
    by_name = {org["name"]: org for org in body["contents"]}
    five_points = by_name["Five Points Recovery"]
    assert {s["name"] for s in five_points["services"]} == {
        "Tuesday Night Hope",
        "Online Serenity",
        "Closed for repairs",
    }
    assert all("schedules" not in s for s in five_points["services"])
    assert five_points["phones"][0]["number"] == "303-555-0142"
    assert [s["name"] for s in by_name["Aurora Family Services"]["services"]] == ["Peer coaching"]
    one = get(client, f"/organizations/{five_points['id']}", "compiled/organization.json")
    assert one == five_points

    nested = get(
        client, "/organizations", page_of("compiled/organization.json"), full_service="true"
    )
    services_of = {s["name"]: s for org in nested["contents"] for s in org["services"]}
    hope = service(client, sid(f"service:{directory['in_person'].pk}"))
    assert services_of["Tuesday Night Hope"] == hope
    org_id = sid(f"organization:{directory['org'].pk}")
    one = get(client, f"/organizations/{org_id}", "compiled/organization.json", full_service="true")
    assert {s["name"]: s for s in one["services"]}["Tuesday Night Hope"] == hope

    paged = get(
        client,
        "/organizations",
        page_of("compiled/organization.json"),
        full="true",
        per_page=1,
        page=2,
    )
    assert paged["size"] == 1 and paged["contents"][0]["services"]


def test_organization_search(client, directory):
    body = get(
        client, "/organizations", page_of("compiled/organization_list.json"), search="aurora"
    )
    assert [org["name"] for org in body["contents"]] == ["Aurora Family Services"]


def test_service_at_locations_full(client, directory):
    schema = page_of("compiled/service_at_location.json")
    body = get(client, "/service_at_locations", schema, full="true")
    assert_valid(body, page_of("compiled/service_at_location_list.json"))
    assert body["total_items"] == 4
    for item in body["contents"]:
        one = get(
            client, f"/service_at_locations/{item['id']}", "compiled/service_at_location.json"
        )
        assert item == one
        assert "schedules" in item["service"] or item["service"]["name"] == "Peer coaching"


def test_taxonomy_id_filter(client, directory):
    def names(**params):
        return {item["name"] for item in services(client, **params)["contents"]}

    assert names(taxonomy_id=sid("taxonomy:categories")) == {"Tuesday Night Hope", "Peer coaching"}
    assert names(taxonomy_id=sid("taxonomy:meeting-guide-types")) == {
        "Tuesday Night Hope",
        "Online Serenity",
        "Closed for repairs",
    }
    body = get(client, "/services", status=400, taxonomy_id=str(uuid.uuid4()))
    assert body["errors"][0]["param"] == "taxonomy_id"
    places = get(
        client,
        "/service_at_locations",
        page_of("compiled/service_at_location_list.json"),
        taxonomy_id=sid("taxonomy:categories"),
    )
    assert {item["service"]["name"] for item in places["contents"]} == {
        "Tuesday Night Hope",
        "Peer coaching",
    }


def test_taxonomy_term_filters(client, directory):
    def terms(**params):
        body = get(client, "/taxonomy_terms", page_of("taxonomy_term.json"), per_page=100, **params)
        return body["contents"]

    categories = terms(taxonomy_id=sid("taxonomy:categories"))
    assert categories and {t["taxonomy"] for t in categories} == {"categories"}
    types = terms(taxonomy_id=sid("taxonomy:meeting-guide-types"))
    assert types and {t["taxonomy"] for t in types} == {"meeting-guide-types"}
    everything = get(client, "/taxonomy_terms", page_of("taxonomy_term.json"))["total_items"]
    assert len(categories) + len(types) == everything
    children = terms(parent_id=sid(f"taxonomy_term:{directory['meetings'].pk}"))
    assert [t["name"] for t in children] == ["Test AA"]
    top = terms(top_only="true")
    assert top and all("parent_id" not in t for t in top)
    assert "Test AA" not in {t["name"] for t in top} and "Test meetings" in {t["name"] for t in top}
    assert "Test AA" in {t["name"] for t in terms(search="test aa")}
    assert {
        t["code"] for t in terms(search="BE", taxonomy_id=sid("taxonomy:meeting-guide-types"))
    } >= {"BE"}
    body = get(client, "/taxonomy_terms", status=400, parent_id=str(uuid.uuid4()))
    assert body["errors"][0]["param"] == "parent_id"


def test_taxonomy_search(client, directory):
    body = get(client, "/taxonomies", page_of("taxonomy.json"), search="meeting guide")
    assert [t["id"] for t in body["contents"]] == [sid("taxonomy:meeting-guide-types")]


def test_modified_after_includes_the_moment_itself(client, directory):
    published = dict(
        Page.objects.filter(
            pk__in=[directory[key].pk for key in ("in_person", "online", "closed", "coach")]
        ).values_list("pk", "last_published_at")
    )
    moment = published.pop(directory["coach"].pk)
    assert all(earlier < moment for earlier in published.values())
    body = services(client, modified_after=moment.isoformat())
    assert [item["name"] for item in body["contents"]] == ["Peer coaching"]


def test_ndjson_gives_every_result_without_pages(client, directory):
    lines = ndjson(client, "/services", per_page=1)
    assert len(lines) == 4
    for line in lines:
        assert_valid(line, "compiled/service_list.json")
    full = ndjson(client, "/services", full="true")
    for line in full:
        assert_valid(line, "compiled/service.json")
    assert [line["id"] for line in full] == [line["id"] for line in lines]
    for path, schema in (
        ("/organizations", "compiled/organization_list.json"),
        ("/taxonomies", "taxonomy.json"),
        ("/taxonomy_terms", "taxonomy_term.json"),
        ("/service_at_locations", "compiled/service_at_location_list.json"),
    ):
        lines = ndjson(client, path)
        assert lines
        for line in lines:
            assert_valid(line, schema)
    nested = ndjson(client, "/organizations", full="true")
    for line in nested:
        assert_valid(line, "compiled/organization.json")
        assert line["services"]
    body = get(client, "/services", status=400, format="xml")
    assert body["errors"][0]["param"] == "format"


# proximity and postcode, as the published openapi.json defines them


def metres_between(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def test_proximity_is_metres_from_the_postcode_centre(client, directory):
    schema = page_of("compiled/service_at_location_list.json")
    centre = zip_centroid("80205")
    hall = directory["hall"]
    to_hall = metres_between(
        float(centre.latitude), float(centre.longitude), float(hall.latitude), float(hall.longitude)
    )
    assert 100 < to_hall < 5_000

    def names(metres):
        body = get(client, "/service_at_locations", schema, postcode="80205", proximity=metres)
        for item in body["contents"]:
            assert item["location"]["location_type"] == "physical"
        return {item["service"]["name"] for item in body["contents"]}

    assert names(f"{to_hall + 50:.0f}") == {"Tuesday Night Hope", "Closed for repairs"}
    assert names(f"{to_hall - 50:.0f}") == set()
    # Far enough for Aurora: a place with another postcode counts by its distance.
    assert names("20000") == {"Tuesday Night Hope", "Closed for repairs", "Peer coaching"}


def test_postcode_alone_keeps_the_places_with_that_postcode(client, directory):
    schema = page_of("compiled/service_at_location_list.json")
    for postcode in ("80010", "80010-1234", " 80010 "):
        body = get(client, "/service_at_locations", schema, postcode=postcode)
        assert [item["service"]["name"] for item in body["contents"]] == ["Peer coaching"]
    assert get(client, "/service_at_locations", schema, postcode="99999")["empty"]


@pytest.mark.parametrize(
    ("params", "param", "words"),
    [
        ({"proximity": "39.75,-104.98,5", "postcode": "80205"}, "proximity", "metres"),
        ({"proximity": "0", "postcode": "80205"}, "proximity", "greater than 0"),
        ({"proximity": "-5", "postcode": "80205"}, "proximity", "greater than 0"),
        ({"proximity": "nan", "postcode": "80205"}, "proximity", "metres"),
        ({"proximity": "inf", "postcode": "80205"}, "proximity", "metres"),
        ({"proximity": "5000"}, "postcode", "give postcode"),
        ({"proximity": "5000", "postcode": "00000"}, "postcode", "not known"),
        ({"proximity": "5000", "postcode": "north"}, "postcode", "not known"),
    ],
)
def test_bad_proximity_says_what_to_send(client, directory, params, param, words):
    body = get(client, "/service_at_locations", status=400, **params)
    (error,) = body["errors"]
    assert error["param"] == param
    assert words in error["message"]
    if param == "proximity" or words == "give postcode":
        assert "postcode=80205&proximity=5000" in error["message"]


def test_a_postcode_we_list_places_under_has_a_centre(client, directory):
    """Not a US ZIP code, but the place we list there has a point."""
    from tests.factories import LocationFactory, ServicePageFactory, add_location

    abroad = LocationFactory(
        name="Bristol drop-in",
        street_address="1 Coronation Rd",
        city="Bristol",
        region="EN",
        postal_code="BS3 4AQ",
        country="GB",
        timezone="Europe/London",
        latitude=51.4435,
        longitude=-2.6012,
    )
    page = ServicePageFactory(title="Bristol drop-in")
    add_location(page, abroad)
    page.save_revision().publish()
    body = get(
        client,
        "/service_at_locations",
        page_of("compiled/service_at_location_list.json"),
        postcode="bs3 4aq",
        proximity="500",
    )
    assert [item["service"]["name"] for item in body["contents"]] == ["Bristol drop-in"]


# /service_at_locations loads only the listings of the page it shows


def make_listings(count, section):
    """`count` published listings under `section`, three kinds in turn, and their places.

    A meeting at two places that can also be joined online, a class held online
    only, and a meeting at one place with a dial-in number but no join link
    (so no online place). The places are [(listing pk, place key)], in the
    order the API lists them: by listing, locations first, then online.
    """
    pages, places = [], []
    for _ in range(count):
        kind = section.get_children().count() % 3
        if kind == 0:
            page = MeetingPageFactory(parent=section, conference_url=ZOOM)
            keys = [add_location(page).pk, add_location(page).pk, "online"]
        elif kind == 1:
            page = ClassPageFactory(parent=section, online_url="https://classes.example.org/j/1")
            keys = ["online"]
        else:
            page = MeetingPageFactory(parent=section, conference_phone="+1 720 555 0199")
            keys = [add_location(page).pk]
        page.save_revision().publish()
        pages.append(page)
        places += [(page.pk, str(key)) for key in keys]
    return pages, places


def place_ids(places):
    return [sid(f"service_at_location:{pk}:{key}") for pk, key in places]


def counted(client, **params):
    """The body of /service_at_locations and the number of queries that made it."""
    client.get(API + "/service_at_locations", params)  # Fills the caches a first request fills.
    with CaptureQueriesContext(connection) as captured:
        body = get(
            client, "/service_at_locations", page_of(SAL_SCHEMAS[params.get("full")]), **params
        )
    return body, len(captured)


SAL_SCHEMAS = {
    None: "compiled/service_at_location_list.json",
    "true": "compiled/service_at_location.json",
}


@pytest.mark.parametrize(
    "params",
    [{}, {"full": "true"}, {"postcode": "80205"}, {"postcode": "80205", "proximity": "5000"}],
)
def test_service_at_locations_come_from_as_many_queries_for_3_listings_as_for_30(client, params):
    def kept(places):
        if params.get("postcode"):
            # Every location is in 80205, at its centre; online places have no postcode.
            return [place for place in places if place[1] != "online"]
        return places

    section = ListingIndexPageFactory()
    _, places = make_listings(3, section)
    few, few_queries = counted(client, per_page=100, **params)
    assert [item["id"] for item in few["contents"]] == place_ids(kept(places))

    _, more = make_listings(27, section)
    places += more
    many, many_queries = counted(client, per_page=100, **params)
    assert [item["id"] for item in many["contents"]] == place_ids(kept(places))
    assert many["total_items"] == len(kept(places)) > few["total_items"]
    assert many_queries == few_queries


def test_the_second_page_of_service_at_locations_holds_its_own_places_only(client, monkeypatch):
    pages, places = make_listings(30, ListingIndexPageFactory())
    built = []
    location_entries = hsds.location_entries

    def spy(page):
        built.append(page.pk)
        return location_entries(page)

    monkeypatch.setattr(hsds, "location_entries", spy)
    schema = page_of("compiled/service_at_location_list.json")
    body = get(client, "/service_at_locations", schema, per_page=7, page=2)

    shown = places[7:14]
    assert [item["id"] for item in body["contents"]] == place_ids(shown)
    assert [item["service_id"] for item in body["contents"]] == [
        sid(f"service:{pk}") for pk, _ in shown
    ]
    assert body["total_items"] == len(places) == 50
    assert body["total_pages"] == math.ceil(50 / 7) == 8
    assert body["page_number"] == 2 and body["size"] == 7
    assert not body["first_page"] and not body["last_page"]
    # Only the listings of this page were built.
    assert set(built) == {pk for pk, _ in shown}
    assert len(set(built)) < len(pages)

    full = get(
        client,
        "/service_at_locations",
        page_of(SAL_SCHEMAS["true"]),
        per_page=7,
        page=2,
        full="true",
    )
    assert [item["id"] for item in full["contents"]] == place_ids(shown)
    last = get(client, "/service_at_locations", schema, per_page=7, page=8)
    assert [item["id"] for item in last["contents"]] == place_ids(places[49:])
    assert last["last_page"] and last["size"] == 1
    lines = ndjson(client, "/service_at_locations")
    assert [line["id"] for line in lines] == place_ids(places)


def test_places_gone_after_they_were_counted_leave_the_page(client, monkeypatch):
    pages, places = make_listings(6, ListingIndexPageFactory())
    unpublished, moved = pages[0], pages[2]
    place_entries = hsds.place_entries

    def then_change(*args):
        entries = place_entries(*args)
        unpublished.unpublish()
        moved.listing_locations.all().delete()
        return entries

    monkeypatch.setattr(hsds, "place_entries", then_change)
    schema = page_of("compiled/service_at_location_list.json")
    body = get(client, "/service_at_locations", schema)

    left = [place for place in places if place[0] not in (unpublished.pk, moved.pk)]
    assert [item["id"] for item in body["contents"]] == place_ids(left)
    assert body["total_items"] == len(left) == len(places) - 4
