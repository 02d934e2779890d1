"""Word matching for the database engine: plain words, plurals and synonyms.

Elasticsearch does more (stemming, typo tolerance); this finds what a plain
word search would, so the site keeps answering when the cluster is away.
"""

import re
import unicodedata
from functools import cache

WORD = re.compile(r"[a-z0-9]+")


def fold(text):
    """Lower-case and strip accents, as the index's asciifolding filter does."""
    normal = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in normal if not unicodedata.combining(ch))


def words(text):
    return WORD.findall(fold(text))


def _stem(word):
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@cache
def _phrase_pattern(phrase):
    parts = [re.escape(_stem(w)) + r"\w*" for w in phrase.split()]
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b")


def terms(query, synonym_rules):
    """The query as a list of alternatives: each a set of phrases any of which may match."""
    groups = [tuple(" ".join(words(term)) for term in rule.split(",")) for rule in synonym_rules]
    tokens = words(query)
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
    return result


def score(document_text, title, query_terms):
    """0 when some term is missing; otherwise more for terms found in the title."""
    total = 0
    title = fold(title)
    for alternatives in query_terms:
        patterns = [_phrase_pattern(phrase) for phrase in alternatives if phrase]
        if not any(p.search(document_text) for p in patterns):
            return 0
        total += 3 if any(p.search(title) for p in patterns) else 1
    return total
