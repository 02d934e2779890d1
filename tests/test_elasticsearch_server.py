"""Proof that the suite's Elasticsearch is the real server, not a stand-in."""

import uuid

import pytest

from tests.fixtures.elasticsearch import CLUSTER_NODES

# The server itself, not the site: nothing here touches the database.
pytestmark = [pytest.mark.elasticsearch, pytest.mark.single_run]


@pytest.fixture
def geo_index(es_client):
    name = f"test-geo-{uuid.uuid4().hex[:8]}"
    es_client.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0},
        mappings={"properties": {"name": {"type": "keyword"}, "point": {"type": "geo_point"}}},
    )
    yield name
    es_client.indices.delete(index=name)


def test_server_is_elasticsearch_8(es_client):
    nodes = es_client.nodes.info(node_id="_local", metric="_none")["nodes"]
    versions = {node["version"] for node in nodes.values()}
    assert all(version.startswith("8.") for version in versions), versions


def test_geo_distance_sort_puts_the_nearer_document_first(es_client, geo_index):
    # Downtown Denver, and Boulder about 40 km to the north-west.
    es_client.index(
        index=geo_index,
        id="boulder",
        document={"name": "boulder", "point": {"lat": 40.0150, "lon": -105.2705}},
    )
    es_client.index(
        index=geo_index,
        id="denver",
        document={"name": "denver", "point": {"lat": 39.7392, "lon": -104.9903}},
    )
    es_client.indices.refresh(index=geo_index)

    origin = {"lat": 39.7555, "lon": -104.9613}  # ZIP 80205
    result = es_client.search(
        index=geo_index,
        sort=[{"_geo_distance": {"point": origin, "order": "asc", "unit": "km"}}],
    )
    hits = result["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == ["denver", "boulder"]
    denver_km, boulder_km = (hit["sort"][0] for hit in hits)
    assert 2 < denver_km < 4
    assert 35 < boulder_km < 45


def test_geo_distance_filter_keeps_only_documents_in_range(es_client, geo_index):
    es_client.index(
        index=geo_index,
        id="denver",
        document={"name": "denver", "point": {"lat": 39.7392, "lon": -104.9903}},
    )
    es_client.index(
        index=geo_index,
        id="boulder",
        document={"name": "boulder", "point": {"lat": 40.0150, "lon": -105.2705}},
    )
    es_client.indices.refresh(index=geo_index)

    result = es_client.search(
        index=geo_index,
        query={"geo_distance": {"distance": "10km", "point": {"lat": 39.7555, "lon": -104.9613}}},
    )
    assert [hit["_id"] for hit in result["hits"]["hits"]] == ["denver"]


@pytest.fixture
def text_index(es_client):
    name = f"test-text-{uuid.uuid4().hex[:8]}"
    es_client.indices.create(
        index=name,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": {
                "filter": {
                    "synonyms": {
                        "type": "synonym_graph",
                        "synonyms": ["aa, alcoholics anonymous", "childcare, babysitting"],
                    },
                    "english_stem": {"type": "stemmer", "language": "english"},
                    "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
                },
                "analyzer": {
                    "text": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "english_stem"],
                    },
                    "text_search": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "synonyms", "english_stem"],
                    },
                    "prefix": {"tokenizer": "standard", "filter": ["lowercase", "prefixes"]},
                },
            },
        },
        mappings={
            "properties": {
                "title": {
                    "type": "text",
                    "analyzer": "text",
                    "search_analyzer": "text_search",
                    "fields": {
                        "prefix": {
                            "type": "text",
                            "analyzer": "prefix",
                            "search_analyzer": "standard",
                        }
                    },
                },
            }
        },
    )
    for doc_id, title in [
        ("aa", "Alcoholics Anonymous Tuesday Night Hope"),
        ("kids", "Babysitting during family meetings"),
        ("na", "Narcotics Anonymous Just for Today"),
    ]:
        es_client.index(index=name, id=doc_id, document={"title": title})
    es_client.indices.refresh(index=name)
    yield name
    es_client.indices.delete(index=name)


def _ids(es_client, index, query):
    return [hit["_id"] for hit in es_client.search(index=index, query=query)["hits"]["hits"]]


def test_synonyms_map_abbreviations_and_plain_words(es_client, text_index):
    assert _ids(es_client, text_index, {"match": {"title": "AA"}}) == ["aa"]
    assert _ids(es_client, text_index, {"match": {"title": "childcare"}}) == ["kids"]


def test_fuzzy_matching_forgives_typos(es_client, text_index):
    query = {
        "match": {"title": {"query": "alcholics anonymus", "fuzziness": "AUTO", "operator": "and"}}
    }
    assert _ids(es_client, text_index, query) == ["aa"]


def test_prefixes_find_words_as_they_are_typed(es_client, text_index):
    assert _ids(es_client, text_index, {"match": {"title.prefix": "narc"}}) == ["na"]


def _tokens(es_client, index, analyzer, text):
    result = es_client.indices.analyze(index=index, analyzer=analyzer, text=text)
    return [token["token"] for token in result["tokens"]]


@pytest.fixture
def spanish_index(es_client):
    name = f"test-spanish-{uuid.uuid4().hex[:8]}"
    es_client.indices.create(
        index=name,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": {
                "filter": {
                    "spanish_stop": {"type": "stop", "stopwords": "_spanish_"},
                    "spanish_light": {"type": "stemmer", "language": "light_spanish"},
                    "spanish_snowball": {"type": "stemmer", "language": "spanish"},
                    "english_stem": {"type": "stemmer", "language": "english"},
                },
                "analyzer": {
                    "es_light": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "spanish_stop", "spanish_light"],
                    },
                    "es_snowball": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "spanish_stop", "spanish_snowball"],
                    },
                    "es_keep_reuniones": {"type": "spanish", "stem_exclusion": ["reuniones"]},
                    "en": {"tokenizer": "standard", "filter": ["lowercase", "english_stem"]},
                },
            },
        },
        mappings={
            "properties": {
                "title": {"type": "text", "analyzer": "es_light"},
                "title_builtin": {"type": "text", "analyzer": "spanish"},
            }
        },
    )
    yield name
    es_client.indices.delete(index=name)


def test_spanish_stopwords_go_and_plurals_meet_their_singulars(es_client, spanish_index):
    assert _tokens(es_client, spanish_index, "es_light", "Reuniones de mujeres") == [
        "reunion",
        "mujer",
    ]
    text = "Los grupos de apoyo para las familias"
    assert _tokens(es_client, spanish_index, "es_light", text) == ["grup", "apoy", "famili"]
    for singular, plural in [
        ("reunión", "reuniones"),
        ("mujer", "mujeres"),
        ("familia", "familias"),
        ("grupo", "grupos"),
    ]:
        assert _tokens(es_client, spanish_index, "es_light", singular) == _tokens(
            es_client, spanish_index, "es_light", plural
        ), (singular, plural)


def test_light_spanish_leaves_words_under_five_letters_alone(es_client, spanish_index):
    # Lucene's SpanishLightStemmer does not touch words shorter than five
    # letters, so "niño" keeps its "o" while "niños" loses "os".
    assert _tokens(es_client, spanish_index, "es_light", "niños niño niñas niña") == [
        "nin",
        "nino",
        "nin",
        "nina",
    ]


def test_snowball_spanish_joins_nino_and_ninos_but_splits_mujer(es_client, spanish_index):
    # The Snowball stemmer is more aggressive: every form of "niño" meets, but
    # it reads the "-er" of "mujer" as a verb ending.
    assert _tokens(es_client, spanish_index, "es_snowball", "niños niño niñas niña") == ["nin"] * 4
    assert _tokens(es_client, spanish_index, "es_snowball", "Reuniones de mujeres mujer") == [
        "reunion",
        "mujer",
        "muj",
    ]


def test_builtin_spanish_analyzer(es_client, spanish_index):
    # Lucene's SpanishAnalyzer: stopwords and the light stemmer, no asciifolding.
    assert _tokens(es_client, spanish_index, "spanish", "Reuniones de mujeres niños") == [
        "reunion",
        "mujer",
        "niñ",
    ]
    assert _tokens(es_client, spanish_index, "es_keep_reuniones", "Reuniones de mujeres") == [
        "reuniones",
        "mujer",
    ]


def test_spanish_search_finds_the_singular_from_the_plural(es_client, spanish_index):
    es_client.index(
        index=spanish_index,
        id="mujeres",
        document={"title": "Reunión de mujeres", "title_builtin": "Reunión de mujeres"},
    )
    es_client.index(
        index=spanish_index,
        id="familias",
        document={"title": "Grupo de familias", "title_builtin": "Grupo de familias"},
    )
    es_client.indices.refresh(index=spanish_index)
    for field in ("title", "title_builtin"):
        query = {"match": {field: {"query": "reuniones de la mujer", "operator": "and"}}}
        assert _ids(es_client, spanish_index, query) == ["mujeres"], field


def test_english_stemming_is_unchanged(es_client, spanish_index):
    assert _tokens(es_client, spanish_index, "en", "meetings running families") == [
        "meet",
        "run",
        "famili",
    ]


def test_killing_a_node_loses_no_documents_and_the_node_rejoins(three_node_cluster):
    cluster = three_node_cluster
    first = cluster.client(1)
    first.indices.create(
        index="failover",
        settings={
            "number_of_shards": 3,
            "number_of_replicas": 1,
            # Leave the lost copies unassigned (yellow) while the test looks,
            # rather than rebuilt on the two survivors after the default minute.
            "index.unassigned.node_left.delayed_timeout": "10m",
        },
    )
    ids = {f"listing-{n}" for n in range(40)}
    operations = []
    for doc_id in sorted(ids):
        operations += [{"index": {"_index": "failover", "_id": doc_id}}, {"name": doc_id}]
    assert not first.bulk(operations=operations, refresh=True)["errors"]
    health = first.cluster.health(index="failover", wait_for_status="green", timeout="60s")
    assert health["status"] == "green", health
    assert health["number_of_nodes"] == CLUSTER_NODES

    # Crash the elected master: the two survivors must also elect a new one.
    master = first.cat.master(format="json")[0]["node"]
    victim = int(master.rsplit("-", 1)[1])
    survivors = [node for node in range(1, CLUSTER_NODES + 1) if node != victim]
    cluster.script("kill-node", str(victim))
    assert victim not in cluster.answering()

    survivor = cluster.client(survivors[0])
    health = survivor.cluster.health(
        wait_for_nodes=str(CLUSTER_NODES - 1), wait_for_status="yellow", timeout="60s"
    )
    assert not health["timed_out"], health
    assert health["status"] == "yellow", health
    assert health["number_of_nodes"] == CLUSTER_NODES - 1
    assert health["unassigned_shards"] > 0
    assert survivor.cat.master(format="json")[0]["node"] != master

    for node in survivors:
        result = cluster.client(node).search(index="failover", query={"match_all": {}}, size=100)
        assert result["_shards"]["failed"] == 0, result["_shards"]
        assert result["hits"]["total"]["value"] == len(ids)
        assert {hit["_id"] for hit in result["hits"]["hits"]} == ids

    # Writes still land, on the promoted primaries.
    survivor.index(index="failover", id="after-the-crash", document={"name": "x"}, refresh=True)
    assert survivor.count(index="failover")["count"] == len(ids) + 1

    cluster.script("start-node", str(victim))
    health = survivor.cluster.health(
        wait_for_nodes=str(CLUSTER_NODES), wait_for_status="green", timeout="120s"
    )
    assert health["status"] == "green", health
    returned = cluster.client(victim).count(index="failover")["count"]
    assert returned == len(ids) + 1
