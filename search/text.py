"""Word matching for the database engine: plain words, plurals, synonyms and typos.

A query becomes a list of terms that must all match. A term is a set of
alternative phrases (what was typed and its synonyms), and each word of a
phrase matches any word that begins with it once a plural "s" is dropped, so
"meetings" finds "meeting" and "meetings". Documents and queries are folded
the same way (lower case, no accents) and split into the same words, so the
databases' text indexes see nothing but these words (search.engines.text_search
writes the expressions).

Elasticsearch does more (stemming); this finds what a plain word search
would, and the forgiving retry (search.fuzzy) catches typos.
"""

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
# Little words a person types that say nothing about what they are looking
# for: the forgiving retry of both engines leaves them out.
STOP_WORDS = frozenset(
    ["a", "an", "and", "at", "for", "in", "me", "my", "near", "of", "on", "or", "the", "to", "with"]
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


def stem(word):
    """The start a word must have: a plural "s" dropped ("meetings" → "meeting")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def terms(query, synonym_rules):
    """The query as a list of terms: each a sorted list of phrases any of which may match.

    A phrase is a tuple of stems that must follow each other in the text.
    """
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
    phrases = [
        sorted({tuple(stem(word) for word in phrase.split()) for phrase in term if phrase})
        for term in result
    ]
    return [term for term in phrases if term]


def forgiving_words(query):
    """The words the forgiving retry matches one by one, typos allowed."""
    return [word for word in words(query) if word not in STOP_WORDS][:FORGIVING_WORDS]
