"""Typo-forgiving words: which words of the vocabulary a misspelt one may mean.

The same rule as Elasticsearch's `fuzziness: AUTO` with `prefix_length: 1`:
the first letter must be right; one edit is allowed in words of three to
five letters, two in longer ones, none in shorter ones; swapping two
neighbouring letters counts as one edit. The vocabulary (SearchWord) holds
every word the documents have held, so candidates are found with an index
range on the first letter and the length, then checked here.
"""

from django.db.models.functions import Length

from search.models import SearchWord

# At most this many words stand in for one misspelt word, the closest first.
MAX_EXPANSIONS = 20


def allowed_edits(word):
    if len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


def edit_distance(a, b, limit):
    """Optimal string alignment distance, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def similar_words(word):
    """Vocabulary words within the allowed edits of `word`, closest first (itself excluded)."""
    edits = allowed_edits(word)
    if not edits:
        return []
    first = word[0]
    candidates = (
        SearchWord.objects.annotate(length=Length("word"))
        .filter(
            word__gte=first,
            word__lt=chr(ord(first) + 1),
            length__gte=len(word) - edits,
            length__lte=len(word) + edits,
        )
        .exclude(word=word)
        .values_list("word", flat=True)
    )
    scored = sorted(
        (distance, candidate)
        for candidate in candidates
        if (distance := edit_distance(word, candidate, edits)) <= edits
    )
    return [candidate for _distance, candidate in scored[:MAX_EXPANSIONS]]
