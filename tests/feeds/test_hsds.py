"""/api/hsds/: the HSDS 3.0 API, every body checked against the published schemas.

The schemas are the copies in tests/feeds/hsds_schemas/ (see its README.md).
"""

import json
import uuid
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

import pytest
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from feeds.hsds import NAMESPACE
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    MeetingPageFactory,
    OrganizationFactory,
    ServicePageFactory,
    add_location,
    add_session,
)

SCHEMAS = Path(__file__).resolve().parent / "hsds_schemas"
BASE = "https://hsds.test/schema/"
API = "/api/hsds"
ZOOM = "https://zoom.example.org/j/123456789"

pytestmark = pytest.mark.django_db


# Validation against the published schemas


def _load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@cache
def registry():
    names = [
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
    resources = [(BASE + name, DRAFT202012.create_resource(_load(name))) for name in names]
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


def assert_valid(body, schema):
    if isinstance(schema, str):
        schema = {"$ref": BASE + schema}
    cls = validator_for(_load("compiled/service.json"))
    validator = cls(schema, registry=registry(), format_checker=cls.FORMAT_CHECKER)
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
        ("modified_after", "yesterday"),
        ("taxonomy_term_id", "not-a-term"),
        ("organization_id", str(uuid.uuid4())),
    ],
)
def test_bad_params_answer_400(client, directory, param, value):
    body = get(client, "/services", status=400, **{param: value})
    assert body["errors"][0]["param"] == param


def test_bad_proximity_answers_400(client, directory):
    body = get(client, "/service_at_locations", status=400, proximity="north")
    assert body["errors"][0]["param"] == "proximity"


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
    near = get(client, "/service_at_locations", schema, proximity="39.7547,-104.9733,1")
    assert {item["service"]["name"] for item in near["contents"]} == {
        "Tuesday Night Hope",
        "Closed for repairs",
    }
