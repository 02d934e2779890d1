"""Word matching for the database engine: plain words, plurals, synonyms and typos.

A query becomes a list of terms that must all match. A term is a set of
alternative phrases (what was typed and its synonyms), and each word of a
phrase matches any word that begins with it once its ending is dropped, so
"meetings" finds "meeting" and "meetings". Documents and queries are folded
the same way (lower case, no accents) and split into the same words, so the
databases' text indexes see nothing but these words (search.engines.text_search
writes the expressions).

A search is made in a language (DirectoryQuery.lang). In English only a plural
"s" is dropped; in Spanish the endings the light Spanish stemmer drops
("mujeres" → "mujer", "reuniones" → "reunion") and the little words of the
language ("de", "para", "en") are left out, as Elasticsearch's Spanish fields
do with the same list (search.es_index). Elasticsearch does more (stemming);
this finds what a plain word search would, and the forgiving retry
(search.fuzzy) catches typos.
"""

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
# Little words a person types that say nothing about what they are looking
# for: the forgiving retry of both engines leaves them out.
STOP_WORDS = frozenset(
    ["a", "an", "and", "at", "for", "in", "me", "my", "near", "of", "on", "or", "the", "to", "with"]
)
# Spanish words that say nothing about what is looked for, folded. Searches in
# Spanish leave them out on both engines (the index's Spanish fields use this list).
SPANISH_STOP_WORDS = frozenset(
    """a al ante con contra de del desde e el en entre hacia hasta la las lo los mi mis o
    para por que se sin sobre su sus tu tus u un una unas uno unos y""".split()  # noqa: SIM905
)
# The forgiving retry looks at no more words than this.
FORGIVING_WORDS = 12


def fold(text):
    """Lower-case and strip accents, as the index's asciifolding filter does."""
    if text.isascii():
        return text.lower()
    normal = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in normal if not unicodedata.combining(ch))


def words(text):
    return WORD.findall(fold(text))


def stem(word, language="en"):
    """The start a folded word must have to match."""
    if language == "es":
        return _spanish_stem(word)
    # English: a plural "s" dropped ("meetings" → "meeting").
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _spanish_stem(word):
    """Savoy's light Spanish stemmer, the one Elasticsearch's "light_spanish" runs:
    a final vowel, or a plural ending, is dropped from words of five letters or more."""
    if len(word) < 5:
        return word
    if word[-1] in "aeo":
        return word[:-1]
    if word[-1] == "s":
        if word.endswith("eses"):
            return word[:-2]  # "meses" → "mes"
        if word.endswith("ces"):
            return word[:-3] + "z"  # "veces" → "vez"
        if word[-2] in "aeo":
            return word[:-2]
    return word


def query_words(query, language="en"):
    """The folded words of a query, without the little words of its language."""
    found = words(query)
    if language == "es":
        return [word for word in found if word not in SPANISH_STOP_WORDS]
    return found


def analysed_rules(synonym_rules, language="en"):
    """Synonym rules written as the search's analysis sees words: folded, without the
    language's little words. Elasticsearch is given them so, which keeps "reunión en
    español" one rule however a cluster would parse it, and as the database engine
    reads them."""
    analysed = []
    for rule in synonym_rules:
        phrases = [" ".join(query_words(phrase, language)) for phrase in rule.split(",")]
        phrases = list(dict.fromkeys(phrase for phrase in phrases if phrase))
        if len(phrases) > 1:
            analysed.append(", ".join(phrases))
    return analysed


def terms(query, synonym_rules, language="en"):
    """The query as a list of terms: each a sorted list of phrases any of which may match.

    A phrase is a tuple of stems that must follow each other in the text.
    """
    groups = [tuple(rule.split(", ")) for rule in analysed_rules(synonym_rules, language)]
    tokens = query_words(query, language)
    result, i = [], 0
    while i < len(tokens):
        for length in range(min(4, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + length])
            group = next((g for g in groups if phrase in g), None)
            if group is not None:
                result.append(set(group))
                i += length
                break
        else:
            result.append({tokens[i]})
            i += 1
    phrases = [
        sorted(
            {tuple(stem(word, language) for word in phrase.split()) for phrase in term if phrase}
        )
        for term in result
    ]
    return [term for term in phrases if term]


def stop_words(language="en"):
    """The words the forgiving retry of both engines leaves out."""
    return STOP_WORDS | SPANISH_STOP_WORDS if language == "es" else STOP_WORDS


def forgiving_words(query, language="en"):
    """The words the forgiving retry matches one by one, typos allowed."""
    skipped = stop_words(language)
    return [word for word in words(query) if word not in skipped][:FORGIVING_WORDS]
