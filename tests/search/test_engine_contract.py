"""The search contract, run against both engines on real servers.

Every test here runs twice: on the database engine and on Elasticsearch.
The corpus is in tests/search/corpus.py; "now" is frozen at corpus.NOW.
"""

import math
from datetime import timedelta

from django.http import QueryDict

import pytest

from search.engines.database import DatabaseEngine
from search.query import parse_query
from tests.search import corpus

pytestmark = pytest.mark.django_db


def query(params):
    parsed, errors = parse_query(QueryDict(params))
    assert errors == [], errors
    return parsed


def run(engine, params, now=corpus.NOW):
    return engine.search(query(params), now=now)


def slugs(results, listings):
    by_id = {page.pk: key for key, page in listings.items()}
    return [by_id[hit.document["id"]] for hit in results.hits]


def law_of_cosines_km(lat1, lon1, lat2, lon2):
    """An independent great-circle distance (spherical law of cosines)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    cos_angle = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0087714 * math.acos(max(-1.0, min(1.0, cos_angle)))


def test_only_published_listings_are_found(engine, search_corpus):
    found = set(slugs(run(engine, "page_size=100"), search_corpus))
    assert found == set(search_corpus) - {"draft"}


def test_kind_filter(engine, search_corpus):
    results = run(engine, "kind=childcare&kind=class&sort=name")
    assert slugs(results, search_corpus) == ["care", "resume"]


def test_top_level_category_includes_its_children(engine, search_corpus):
    found = set(slugs(run(engine, "category=meetings&page_size=100"), search_corpus))
    assert found == {
        "tue_evening_aa",
        "sat_late_na",
        "sun_morning_aa",
        "women_online",
        "hybrid_spanish",
        "closed_tc",
        "boulder_smart",
        "ny_aa",
        "phoenix_na",
        "al_anon",
        "youth_multi",
    }
    assert set(slugs(run(engine, "category=na"), search_corpus)) == {"sat_late_na", "phoenix_na"}


def test_all_type_codes_must_match(engine, search_corpus):
    assert set(slugs(run(engine, "type=O&type=X"), search_corpus)) == {
        "tue_evening_aa",
        "hybrid_spanish",
        "phoenix_na",
    }
    assert slugs(run(engine, "type=W,O"), search_corpus) == ["women_online"]


def test_days_combine_with_or(engine, search_corpus):
    found = set(slugs(run(engine, "day=sun&day=1"), search_corpus))
    assert found == {"sun_morning_aa", "ny_aa", "women_online", "resume"}


def test_time_of_day_windows(engine, search_corpus):
    night = set(slugs(run(engine, "time=night&page_size=100"), search_corpus))
    assert night == {"sat_late_na", "ny_aa", "phoenix_na", "youth_multi"}
    evening = set(slugs(run(engine, "time=evening&page_size=100"), search_corpus))
    assert evening == {
        "tue_evening_aa",
        "hybrid_spanish",
        "closed_tc",
        "boulder_smart",
        "youth_multi",
        "care",
    }
    by_appointment = set(slugs(run(engine, "time=appointment"), search_corpus))
    assert by_appointment == {"rides", "coaching"}


def test_attendance_is_derived_from_the_data(engine, search_corpus):
    online = set(slugs(run(engine, "attendance=online&page_size=100"), search_corpus))
    # A temporarily closed (TC) room makes a hybrid meeting online only.
    assert online == {"women_online", "closed_tc", "coaching"}
    hybrid = set(slugs(run(engine, "attendance=hybrid"), search_corpus))
    assert hybrid == {"hybrid_spanish"}


def test_free_language_accessible_and_audience(engine, search_corpus):
    assert slugs(run(engine, "free=false"), search_corpus) == ["care"]
    assert set(slugs(run(engine, "language=es"), search_corpus)) == {"hybrid_spanish", "coaching"}
    accessible = set(slugs(run(engine, "accessible=true&page_size=100"), search_corpus))
    assert {"tue_evening_aa", "phoenix_na", "sun_morning_aa"} <= accessible
    assert "sat_late_na" not in accessible
    families = set(slugs(run(engine, "audience=families"), search_corpus))
    assert families == {"al_anon", "care", "coaching"}


def test_in_progress_across_midnight(engine, search_corpus):
    # 00:10 Sunday in Denver: the Saturday 23:30 meeting there is under way,
    # and so is New York's Sunday 02:05 (it is 02:10 there). Phoenix keeps
    # Denver's winter time, so its Saturday 23:00–23:55 meeting has ended.
    found = set(slugs(run(engine, "in_progress=true"), search_corpus))
    assert found == {"sat_late_na", "ny_aa"}


def test_starting_within_uses_each_listings_own_time_zone(engine, search_corpus):
    # 00:10 in Denver is 02:10 in New York: the Chelsea 02:05 meeting has
    # already begun, so it does not count as starting soon.
    assert slugs(run(engine, "starting_within=120"), search_corpus) == []
    # Within 9 hours: New York's is a week away; Aurora's Sunday 07:00 is in.
    assert slugs(run(engine, "starting_within=540"), search_corpus) == ["sun_morning_aa"]
    later = corpus.NOW + timedelta(hours=1, minutes=50)  # 04:00 in New York
    assert slugs(run(engine, "starting_within=60", now=later), search_corpus) == []


def test_soonest_sort_puts_the_next_session_first(engine, search_corpus):
    results = run(engine, "page_size=100")
    starts = [hit.next_start for hit in results.hits]
    dated = [start for start in starts if start is not None]
    assert dated == sorted(dated)
    assert all(start >= corpus.NOW for start in dated)
    assert starts.index(None) == len(dated)  # listings without a schedule come last
    assert slugs(results, search_corpus)[0] == "sun_morning_aa"


def test_radius_and_distances_match_an_independent_computation(engine, search_corpus):
    origin = corpus.PLACES["five_points"][5:]
    for units, factor in (("mi", 1.609344), ("km", 1.0)):
        results = run(
            engine, f"lat={origin[0]}&lon={origin[1]}&radius=20&units={units}&page_size=100"
        )
        assert results.hits
        for hit in results.hits:
            expected = min(
                law_of_cosines_km(origin[0], origin[1], loc["lat"], loc["lon"])
                for loc in hit.document["locations"]
            )
            assert hit.distance_km == pytest.approx(expected, rel=1e-3)
            assert hit.distance_km <= 20 * factor
    found = set(
        slugs(
            run(engine, f"lat={origin[0]}&lon={origin[1]}&radius=20&units=km&page_size=100"),
            search_corpus,
        )
    )
    assert "boulder_smart" not in found  # about 40 km away
    assert "tue_evening_aa" in found


def test_distance_sort_is_monotonic(engine, search_corpus):
    results = run(engine, "near=80205&radius=500&sort=distance&page_size=100")
    distances = [hit.distance_km for hit in results.hits]
    assert distances == sorted(distances)
    assert results.total == len(distances) > 5


def test_auto_radius_reaches_at_least_min_results(engine, search_corpus):
    results = run(engine, "near=80205&radius=auto&min_results=6&page_size=100")
    assert results.total >= 6
    assert results.radius_value in (1, 2, 5, 10, 15, 25, 50, 100, 250, 500)
    smaller = run(engine, "near=80205&radius=auto&min_results=1")
    assert smaller.radius_value <= results.radius_value


def test_each_facet_ignores_its_own_selection(engine, search_corpus):
    everything = run(engine, "page_size=100")
    tuesday = run(engine, "day=2&page_size=100")
    assert tuesday.facets["day"] == everything.facets["day"]
    assert tuesday.facets["kind"] == {"meeting": 2, "childcare": 1}
    both = run(engine, "day=2&kind=meeting")
    assert both.facets["day"][6] == 3  # Saturday meetings, whatever the day filter says
    assert both.facets["kind"] == {"meeting": 2, "childcare": 1}


def test_words_match_every_field_and_forgive_a_typo(engine, search_corpus):
    assert slugs(run(engine, "q=desert+light"), search_corpus) == ["phoenix_na"]
    assert "boulder_smart" in slugs(run(engine, "q=boulder"), search_corpus)  # its place
    # Nothing has "tusday" or "hpoe": the search is tried again forgiving typos.
    assert slugs(run(engine, "q=tusday+night+hpoe"), search_corpus)[0] == "tue_evening_aa"
    assert run(engine, "q=zzzqqq").total == 0


# Searches made in Spanish (lang=es): Spanish words, plurals and little words, and
# the Spanish synonyms staff start with (search/migrations/0009), over listings
# written in English whose kind, types and audiences are in the index in Spanish.
SPANISH_SEARCHES = {
    "reunión de mujeres": {"women_online"},
    "reuniones para mujeres": {"women_online"},
    "cuidado infantil": {"care"},
    "niños": {"care"},  # a synonym of "cuidado infantil"
    "transporte": {"rides"},
    "reunión en español": {"hybrid_spanish"},
    "gente joven": {"youth_multi"},
    "esperansa": {"hybrid_spanish"},  # a typo, forgiven
}


@pytest.mark.parametrize("words, expected", SPANISH_SEARCHES.items())
def test_words_in_spanish(engine, search_corpus, words, expected):
    results = run(engine, f"lang=es&q={words}&page_size=100")
    assert set(slugs(results, search_corpus)) == expected


def test_spanish_plurals_and_accents_meet_their_singulars(engine, search_corpus):
    open_meetings = set(slugs(run(engine, "type=O&page_size=100"), search_corpus))
    for words in ("reuniones abiertas", "reunion abierta", "REUNIÓN ABIERTA"):
        assert set(slugs(run(engine, f"lang=es&q={words}&page_size=100"), search_corpus)) == (
            open_meetings
        ), words


def test_spanish_synonyms_apply_to_searches_in_spanish_only(engine, search_corpus):
    assert slugs(run(engine, "lang=es&q=niños"), search_corpus) == ["care"]
    assert run(engine, "q=niños").total == 0
    # and the English ones to searches in English.
    assert slugs(run(engine, "q=babysitting"), search_corpus) == ["care"]
    assert run(engine, "lang=es&q=babysitting").total == 0


def test_suggestions_start_at_any_word_of_a_title(engine, search_corpus):
    titles = {suggestion["text"] for suggestion in engine.suggest("hope")}
    assert titles == {"Tuesday Night Hope", "Family Hope Al-Anon"}
    assert [s["text"] for s in engine.suggest("night ho")] == ["Tuesday Night Hope"]


def test_pages_cover_every_result_once(engine, search_corpus):
    total = run(engine, "page_size=100").total
    seen = []
    for page in range(1, math.ceil(total / 4) + 1):
        seen += [hit.document["id"] for hit in run(engine, f"page_size=4&page={page}").hits]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    "params",
    [
        "page_size=100",
        "kind=meeting&page_size=100",
        "category=meetings&type=O&page_size=100",
        "day=2&day=6&time=evening&time=night&page_size=100",
        "attendance=online&attendance=hybrid",
        "near=80205&radius=10&page_size=100",
        "near=Denver, CO&radius=auto&min_results=4",
        "lat=40.7440&lon=-74.0021&radius=500&units=km&sort=distance",
        "free=true&language=en&audience=families",
        "accessible=true&sort=name",
        "in_progress=true",
        "starting_within=600&near=80206",
        "kind=meeting&day=0&sort=name&page=2&page_size=3",
        # Pages of searches narrowed by words or a place (taken with the counts).
        "q=meeting&near=80205&radius=500&sort=name&page=2&page_size=2",
        "near=80205&radius=500&sort=distance&page=2&page_size=3",
        "starting_within=1440&sort=name&page=2&page_size=2",
        "lang=es&q=reunión de mujeres&sort=name",
        "lang=es&q=reuniones abiertas&sort=name&page_size=100",
        "lang=es&q=niños&near=80205&radius=25&sort=distance",
        "lang=es&q=reunión en español&kind=meeting&sort=name",
        "lang=es&q=transporte&sort=name",
        "lang=es&q=esperansa&sort=name",
    ],
)
def test_both_engines_give_the_same_answer(
    params, search_corpus, settings, corpus_index, elasticsearch_url
):
    from tests.search.conftest import _StrictElasticsearch

    database = DatabaseEngine().search(query(params), now=corpus.NOW)
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = corpus_index
    elastic = _StrictElasticsearch().search(query(params), now=corpus.NOW)
    assert elastic.ids == database.ids
    assert elastic.total == database.total
    assert elastic.facets == {
        facet: {value: n for value, n in counts.items() if n}
        for facet, counts in database.facets.items()
    }
    assert elastic.radius_value == database.radius_value
    for mine, theirs in zip(database.hits, elastic.hits, strict=True):
        if mine.distance_km is None:
            assert theirs.distance_km is None
        else:
            assert theirs.distance_km == pytest.approx(mine.distance_km, rel=1e-3)
