"""Where the engines' documents differ from what they should hold, compared by content.

The database's documents should be exactly the live listings (they are
written in the same transaction as each change, so they differ only if
something wrote listings behind search's back, like generate_directory).
Elasticsearch should hold exactly the database's documents: each carries the
database's content hash, so a document that arrived stale differs even when
every count agrees.
"""

from dataclasses import dataclass, field

from search import es_index
from search.models import SearchDocument


@dataclass
class Drift:
    missing: list = field(default_factory=list)  # should be there and is not
    extra: list = field(default_factory=list)  # is there and should not be
    different: list = field(default_factory=list)  # is there with other content

    def __bool__(self):
        return bool(self.missing or self.extra or self.different)

    @property
    def ids(self):
        return sorted({*self.missing, *self.extra, *self.different})


def database_drift():
    """Live listings without a document, and documents of listings not live."""
    from directory.models import ListingPage

    live = set(ListingPage.objects.in_directory().values_list("pk", flat=True))
    stored = set(SearchDocument.objects.values_list("listing_id", flat=True))
    return Drift(missing=sorted(live - stored), extra=sorted(stored - live))


def index_drift(client=None):
    """Elasticsearch's documents against the database's, by content hash."""
    stored = dict(SearchDocument.objects.values_list("listing_id", "content_hash"))
    indexed = es_index.indexed_hashes(client)
    return Drift(
        missing=sorted(stored.keys() - indexed.keys()),
        extra=sorted(indexed.keys() - stored.keys()),
        different=sorted(i for i in stored.keys() & indexed.keys() if stored[i] != indexed[i]),
    )
