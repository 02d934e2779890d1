"""The database engine's words agree with the index's analysis, in each language.

The database engine matches a word by its stem as a prefix; Elasticsearch
matches stems. For the two to find the same listings, the database engine's
stems must be the index's stems, proven here against the real server's
analyzers (the index's own settings, created for the test).
"""

import uuid

import pytest

from search import es_index
from search.text import SPANISH_STOP_WORDS, analysed_rules, query_words, stem, terms

WORDS = """reunión reuniones mujer mujeres niño niños niña niñas transporte transportes
abierta abiertas cerrada cerradas español españoles grupo grupos familia familias clase
clases veces luces meses paz gente joven jóvenes apoyo apoyos hombres oración sábado""".split()  # noqa: SIM905


@pytest.fixture
def analysed(es_client):
    name = f"test-text-{uuid.uuid4().hex[:8]}"
    es_client.indices.create(
        index=name, settings=es_index.index_settings({}), mappings=es_index.MAPPING
    )
    yield lambda analyzer, text: [
        token["token"]
        for token in es_client.indices.analyze(index=name, analyzer=analyzer, text=text)["tokens"]
    ]
    es_client.indices.delete(index=name)


@pytest.mark.elasticsearch
def test_spanish_stems_are_the_index_stems(analysed):
    for word in WORDS:
        assert analysed("text_es", word) == [stem(w, "es") for w in query_words(word, "es")], word


@pytest.mark.elasticsearch
def test_spanish_little_words_are_left_out_as_the_index_leaves_them(analysed):
    sentence = "una reunión de mujeres para los niños en el centro con su familia y amigos"
    assert analysed("text_es", sentence) == [
        stem(word, "es") for word in query_words(sentence, "es")
    ]
    assert analysed("text_es", " ".join(sorted(SPANISH_STOP_WORDS))) == []


def test_a_spanish_query_drops_little_words_and_endings():
    assert terms("Reuniones de MUJERES en español", [], "es") == [
        [("reunion",)],
        [("mujer",)],
        [("espanol",)],
    ]
    # In English every word counts, and only a plural "s" goes.
    assert terms("reuniones de mujeres", [], "en") == [
        [("reunione",)],
        [("de",)],
        [("mujere",)],
    ]


def test_synonym_rules_are_written_as_the_analysis_sees_them():
    rules = ["reunión en español, hispanohablante, Español", "de, del"]
    assert analysed_rules(rules, "es") == ["reunion espanol, hispanohablante, espanol"]
    assert analysed_rules(["Al-Anon, alanon"], "en") == ["al anon, alanon"]
    assert terms("reunión en español", rules, "es") == [
        [("espanol",), ("hispanohablant",), ("reunion", "espanol")]
    ]
