"""Places a visitor types resolve, offline, to the point the search is centred on."""

import dataclasses
from statistics import fmean

import pytest
import zipcodes

from directory import geocoding
from search.places import Origin, resolve_place


def zip_point(code):
    """What the zipcodes package itself says about a ZIP code."""
    (row,) = zipcodes.matching(code)
    return Origin(lat=float(row["lat"]), lon=float(row["long"]), label=code)


def city_centroid(city, state):
    """The average of a city's active standard ZIP codes, worked out here independently of
    search.places: the ZIP code's city or one of its acceptable city names must match."""
    rows = [
        row
        for row in zipcodes.filter_by(state=state, zip_code_type="STANDARD", active=True)
        if city.lower() in {name.lower() for name in [row["city"], *row["acceptable_cities"]]}
    ]
    assert len(rows) > 1, "the comparison needs a city with several ZIP codes to average"
    return fmean(float(row["lat"]) for row in rows), fmean(float(row["long"]) for row in rows)


@pytest.mark.parametrize("code", ["80205", "10001", "94110", "60614"])
def test_a_zip_code_is_its_centroid(code):
    assert resolve_place(code) == zip_point(code)


@pytest.mark.parametrize("text", ["80205-1234", "  80205  ", "80205-0000"])
def test_zip_plus_four_and_spaces_use_the_five_digit_zip(text):
    assert resolve_place(text) == zip_point("80205")


@pytest.mark.parametrize(
    "text",
    ["00000", "99999", "8020", "802051", "80205-12", "80205 1234", "802O5", "８０２０５"],
)
def test_an_unknown_or_malformed_zip_code_is_no_place(text):
    assert resolve_place(text) is None


def test_a_city_is_the_average_of_its_standard_zip_codes():
    lat, lon = city_centroid("Denver", "CO")

    place = resolve_place("Denver, CO")

    assert place.label == "Denver, CO"
    assert place.lat == pytest.approx(lat, abs=1e-9)
    assert place.lon == pytest.approx(lon, abs=1e-9)


@pytest.mark.parametrize(
    "text",
    ["denver, co", "DENVER,CO", "  Denver ,   co  ", "Denver, CO, USA", "denver, co,usa"],
)
def test_a_city_is_found_whatever_the_case_and_spacing(text):
    assert resolve_place(text) == resolve_place("Denver, CO")


def test_a_city_named_only_as_an_acceptable_name_is_found():
    rows = [
        row
        for row in zipcodes.filter_by(state="PR", zip_code_type="STANDARD", active=True)
        if "Ramey" in row["acceptable_cities"]
    ]

    place = resolve_place("Ramey, PR")

    assert place.label == "Ramey, PR"
    assert (place.lat, place.lon) == pytest.approx(
        (fmean(float(row["lat"]) for row in rows), fmean(float(row["long"]) for row in rows))
    )


def test_the_same_city_name_in_another_state_is_another_place():
    denver_pa = resolve_place("Denver, PA")

    assert denver_pa == Origin(
        lat=zip_point("17517").lat, lon=zip_point("17517").lon, label="Denver, PA"
    )
    assert denver_pa != resolve_place("Denver, CO")


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("St. Louis, MO", "Saint Louis, MO"),
        ("St Louis, MO", "Saint Louis, MO"),
        ("Cañon City, CO", "Canon City, CO"),
        ("Coeur d'Alene, ID", "Coeur D Alene, ID"),
        ("Winston-Salem, NC", "Winston Salem, NC"),
    ],
)
def test_punctuation_accents_and_abbreviations_do_not_matter(typed, label):
    place = resolve_place(typed)

    assert place is not None
    assert place == resolve_place(label)
    assert place.label == label


def test_a_town_with_only_po_box_zip_codes_is_not_found():
    """Church Rock, NM has one active ZIP code, a PO box one, and only standard ones count."""
    assert [row["zip_code_type"] for row in zipcodes.filter_by(city="Church Rock")] == ["PO BOX"]

    assert resolve_place("Church Rock, NM") is None


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Atlantis, ZZ",
        "Denver, ZZ",
        "Denver",
        "Denver CO",
        "Denver, Colorado",
        "Denver, CO, Canada",
        ", CO",
        "Denver" * 20 + ", CO",
        "x" * 10_000,
    ],
)
def test_anything_else_is_no_place(text):
    assert resolve_place(text) is None


def test_the_tables_are_built_once_in_a_child_process(monkeypatch):
    """The package's records (some 45 MB) never stay in the process that looks up."""
    children, asked = [], []
    run = geocoding.subprocess.run
    filter_by = zipcodes.filter_by

    def counting_run(*args, **kwargs):
        children.append(args[0])
        return run(*args, **kwargs)

    monkeypatch.setattr(geocoding.subprocess, "run", counting_run)
    monkeypatch.setattr(
        zipcodes, "filter_by", lambda *a, **k: asked.append(k) or filter_by(*a, **k)
    )
    geocoding._tables.cache_clear()
    try:
        first = resolve_place("Denver, CO")
        second = resolve_place("Boulder, CO")
        third = resolve_place("Santa Fe, NM")
        fourth = resolve_place("80205")
    finally:
        geocoding._tables.cache_clear()

    assert (first.label, second.label, third.label) == ("Denver, CO", "Boulder, CO", "Santa Fe, NM")
    assert fourth.lat == pytest.approx(39.759)
    assert len(children) == 1
    assert children[0][1:] == ["-m", "directory.postal_tables"]
    assert asked == []


def test_a_place_cannot_be_changed():
    place = resolve_place("80205")

    with pytest.raises(dataclasses.FrozenInstanceError):
        place.lat = 0.0
